"""Errors of efc_scoring: what went wrong, where, and how to fix it.

Every error derives from :class:`EfcError` and from the matching built-in
(``ValueError``, ``FileNotFoundError``...) so that callers can catch either.
Errors about input files collect *every* problem before raising, and expose
them as ``problems`` and as a ``failure_cases`` DataFrame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EfcError", "InputError", "Problem", "ScoringError", "TenderError"]


class EfcError(Exception):
    """Base class of every error raised by efc_scoring."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where, what, and how to fix it.

    ``path`` is the path of the field inside the file
    (``criteria[2].children[0].weight``); ``line`` the 1-based line of the file
    when known; ``cell`` a spreadsheet cell such as ``Feuil1!C7``.
    """

    file: str
    path: str
    message: str
    fix: str = ""
    line: int | None = None
    cell: str | None = None
    code: str = "invalid"

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.cell:
            where += f" [{self.cell}]"
        text = f"{where}: {self.path + ': ' if self.path else ''}{self.message}"
        if self.fix:
            text += f"\n    → {self.fix}"
        return text


class InputError(EfcError, ValueError):
    """An input file or object is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        head = summary or f"{n} problème{'s' if n != 1 else ''} trouvé{'s' if n != 1 else ''}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))

    @property
    def failure_cases(self) -> pd.DataFrame:
        """The problems as a DataFrame (file, line, cell, path, code, message, fix)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "file": p.file,
                    "line": p.line,
                    "cell": p.cell,
                    "path": p.path,
                    "code": p.code,
                    "message": p.message,
                    "fix": p.fix,
                }
                for p in self.problems
            ],
            columns=["file", "line", "cell", "path", "code", "message", "fix"],
        )


class TenderError(InputError):
    """A tender definition (tender file, offers, scores) is invalid."""


class ScoringError(EfcError, ValueError):
    """Offers cannot be scored as asked (a missing mark, an impossible formula...)."""
