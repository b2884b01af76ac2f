"""The ``efc-scoring`` command line. Thin: every command calls the public API.

Exit codes: 0 success; 1 an input the library refuses (an :class:`~efc_scoring.errors.EfcError`,
one French line) or a file the system cannot read or write; 2 a usage error; 70 a bug of
efc_scoring (its traceback, then one French line asking to report it).
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
    procedure,
    report,
    session,
)
from efc_scoring.cli._app import app
from efc_scoring.cli.cache import cache_app
from efc_scoring.cli.corpus import corpus_app
from efc_scoring.cli.plan import plan_app
from efc_scoring.cli.procedure import procedure_app
from efc_scoring.cli.publication import export_app
from efc_scoring.cli.report import ocds_app

app.add_typer(plan_app, name="plan")
app.add_typer(ocds_app, name="ocds")
app.add_typer(cache_app, name="cache")
app.add_typer(corpus_app, name="corpus")
app.add_typer(procedure_app, name="procedure")
app.add_typer(export_app, name="export")

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``efc-scoring`` script.

    An :class:`~efc_scoring.errors.EfcError` that escapes a command (an unknown id,
    a value out of range) is reported in one French line with exit code 1; so is an
    ``OSError`` (a file that cannot be read or written). Anything else is a bug: its
    traceback is shown, then one French line asking to report it (exit code 70).
    """
    import warnings

    from efc_scoring.cli._app import (
        BUG_EXIT,
        bug_notice,
        error_line,
        is_user_error,
        show_warning,
        terminal_safe,
    )

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show_warning
            return app(args=argv, standalone_mode=True)
    except SystemExit as exc:
        if argv is None:
            raise
        return exc.code
    except Exception as exc:
        if is_user_error(exc):
            print(terminal_safe(error_line(exc)), file=sys.stderr)
            code = 1
        else:
            import traceback

            traceback.print_exc()
            print(bug_notice(exc), file=sys.stderr)
            code = BUG_EXIT
        if argv is None:
            raise SystemExit(code) from None
        return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
