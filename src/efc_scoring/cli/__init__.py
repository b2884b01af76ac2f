"""The ``efc-scoring`` command line. Thin: every command calls the public API.

Exit codes: 0 success, 1 invalid input, 2 usage error.
"""

from __future__ import annotations

import sys
from typing import Any

from efc_scoring.cli import (  # noqa: F401
    committee,
    core,
    decisions,
    excel,
    mcda,
    report,
)
from efc_scoring.cli._app import app
from efc_scoring.cli.cache import cache_app
from efc_scoring.cli.plan import plan_app
from efc_scoring.cli.report import ocds_app

app.add_typer(plan_app, name="plan")
app.add_typer(ocds_app, name="ocds")
app.add_typer(cache_app, name="cache")

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``efc-scoring`` script.

    An input problem that escapes a command (an unknown id, a value out of range)
    is reported in one line with exit code 1, never as a traceback.
    """
    import warnings

    from efc_scoring.cli._app import USER_ERRORS, show_warning, terminal_safe, user_message
    from efc_scoring.errors import EfcError

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show_warning
            return app(args=argv, standalone_mode=True)
    except SystemExit as exc:
        if argv is None:
            raise
        return exc.code
    except (EfcError, *USER_ERRORS) as exc:
        print(f"Erreur : {terminal_safe(user_message(exc))}", file=sys.stderr)
        if argv is None:
            raise SystemExit(1) from None
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
