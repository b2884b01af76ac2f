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

from efc_scoring._lazy import lazy_exports

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
