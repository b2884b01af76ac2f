"""The ``efc-scoring`` command line. Thin: every command calls the public API.

Exit codes: 0 success, 1 invalid input, 2 usage error.
"""

from __future__ import annotations

import sys
from typing import Any

from efc_scoring.cli import (  # noqa: F401
    committee,
    core,
    excel,
    mcda,
    report,
)
from efc_scoring.cli._app import app
from efc_scoring.cli.plan import plan_app
from efc_scoring.cli.report import ocds_app

app.add_typer(plan_app, name="plan")
app.add_typer(ocds_app, name="ocds")

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``efc-scoring`` script."""
    try:
        return app(args=argv, standalone_mode=True)
    except SystemExit as exc:
        if argv is None:
            raise
        return exc.code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
