"""The phases of the committee's work that the session follows, read from and written to the ledger.

Before every evaluator has returned a grid the session shows who has returned,
never a mark; once they all have, the chair reveals the individual marks, and
the reveal is an entry of the committee's ledger (kind ``phase``, phase
``revealed``), as the procedure's governance records it: a session started
later, or another command, sees that the marks were revealed and when.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from efc_scoring.committee.ledger import Ledger

__all__ = ["REVEALED", "record_reveal", "revealed_at"]

#: The phase recorded when the individual marks are revealed to the committee.
REVEALED = "revealed"


def revealed_at(entries: list[dict[str, Any]], round: str | None = None) -> datetime | None:
    """When the marks of ``round`` were revealed (the last such entry), None if never."""
    found = None
    for entry in entries:
        what = entry.get("what") or {}
        if (
            entry.get("kind") == "phase"
            and what.get("phase") == REVEALED
            and what.get("round") == round
        ):
            found = datetime.fromisoformat(str(entry["at"]))
    return found


def record_reveal(ledger: Ledger, *, by: str, detail: str, round: str | None = None) -> datetime:
    """Append the reveal of the individual marks to the ledger; return its time."""
    what: dict[str, Any] = {"phase": REVEALED, "detail": detail}
    if round is not None:
        what["round"] = round
    entry = ledger.append("phase", what, who=by, justification=detail)
    return datetime.fromisoformat(str(entry["at"]))
