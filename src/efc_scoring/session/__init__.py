"""The committee's meeting in a browser: ``efc-scoring session``.

A local web application walks the committee through the disputed items of the
agenda, one per page, and records its decisions in the committee's ledger
through the same function as ``efc-scoring consensus``:

- :class:`Meeting`: where the meeting stands (a frozen :class:`Snapshot`:
  returned grids, reveal, decisions, ranking, agenda ordered as today) and
  what it records (:meth:`Meeting.record`, :meth:`Meeting.withdraw`,
  :meth:`Meeting.reveal`, :meth:`Meeting.produce_documents`); no web here;
- :func:`create_app`: the Starlette application of the pages (Jinja2 with
  autoescape, link tokens, CSRF, nothing loaded from outside);
- :func:`serve`: listen on 127.0.0.1 (or the local network with ``lan=True``),
  print the links, open the browser.

Starlette, Jinja2 and uvicorn are imported only by :func:`create_app` and
:func:`serve`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring._lazy import lazy_exports

if TYPE_CHECKING:  # the real types for a type checker; at run time each name loads on first use
    from efc_scoring.session._app import create_app as create_app
    from efc_scoring.session._documents import Documents as Documents
    from efc_scoring.session._meeting import DEFAULT_CHAIR as DEFAULT_CHAIR
    from efc_scoring.session._meeting import Meeting as Meeting
    from efc_scoring.session._meeting import Return as Return
    from efc_scoring.session._meeting import Snapshot as Snapshot
    from efc_scoring.session._security import Access as Access
    from efc_scoring.session._serve import DEFAULT_PORT as DEFAULT_PORT
    from efc_scoring.session._serve import Links as Links
    from efc_scoring.session._serve import serve as serve


_EXPORTS: dict[str, str] = {
    "Access": "efc_scoring.session._security",
    "DEFAULT_CHAIR": "efc_scoring.session._meeting",
    "DEFAULT_PORT": "efc_scoring.session._serve",
    "Documents": "efc_scoring.session._documents",
    "Links": "efc_scoring.session._serve",
    "Meeting": "efc_scoring.session._meeting",
    "Return": "efc_scoring.session._meeting",
    "Snapshot": "efc_scoring.session._meeting",
    "create_app": "efc_scoring.session._app",
    "serve": "efc_scoring.session._serve",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
