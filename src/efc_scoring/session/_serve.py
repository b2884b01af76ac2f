"""Serving a session: the address, the links of the committee, uvicorn, the browser.

By default the session listens on 127.0.0.1 only (this computer) and gives one
link, the chair's, opened in the default browser. With ``lan=True`` it listens
on every interface of the computer so that the committee's laptops on the same
local network can follow, and gives one link per evaluator (reading only)
beside the chair's (the only one that records). Stopping the server (Ctrl+C,
SIGTERM) lets the requests in progress finish: a decision being written is
written whole, and the ledger stays verifiable.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from efc_scoring.errors import ParameterError
from efc_scoring.session._meeting import Meeting
from efc_scoring.session._security import Access

__all__ = ["DEFAULT_PORT", "Links", "serve"]

#: The port tried first when none is given.
DEFAULT_PORT = 8765


@dataclass(frozen=True)
class Links:
    """Where the session listens and the link of each member of the committee."""

    host: str
    port: int
    chair: str
    evaluators: tuple[tuple[str, str], ...]  # (evaluator's name, link)


def _bind(host: str, port: int | None) -> socket.socket:
    """A listening socket; the default port falls back on a free one, a chosen port does not."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, DEFAULT_PORT if port is None else port))
    except OSError:
        if port is not None:
            sock.close()
            raise ParameterError(
                f"le port {port} est déjà utilisé sur cet ordinateur : choisir un autre port "
                "avec --port (ou --port 0 pour un port libre)"
            ) from None
        sock.bind((host, 0))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def _lan_address() -> str:
    """This computer's address on the local network, as its name resolves (no traffic sent)."""
    name = socket.gethostname()
    try:
        addresses = socket.gethostbyname_ex(name)[2]
    except OSError:
        addresses = []
    found = [a for a in addresses if not a.startswith("127.")]
    return found[0] if found else name


def serve(
    tender: str | os.PathLike[str],
    *,
    port: int | None = None,
    lan: bool = False,
    open_browser: bool = True,
    announce: Callable[[Links], None] | None = None,
    documents: dict[str, Any] | None = None,
    **meeting_options: Any,
) -> None:
    """Open a committee session on ``tender`` and serve it until interrupted.

    Parameters
    ----------
    tender
        The tender folder.
    port
        The port to listen on; by default 8765, or a free one when it is taken.
        0 picks a free port.
    lan
        Serve the committee's laptops on the local network (one link per
        evaluator, reading only) instead of this computer only.
    open_browser
        Open the chair's link in the default browser.
    announce
        Called with the :class:`Links` once the session listens (default: print them).
    documents
        Options of :meth:`Meeting.produce_documents` (``draws``...).
    meeting_options
        Options of :class:`~efc_scoring.session.Meeting` (``marks``, ``ledger``,
        ``by``, ``blind``, ``evidence``, ``out``).
    """
    import uvicorn

    from efc_scoring.session._app import create_app

    meeting = Meeting(tender, **meeting_options)
    tender_model = meeting.state().tender
    access = Access.new([e.id for e in tender_model.evaluators] if lan else ())
    host = "0.0.0.0" if lan else "127.0.0.1"
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    shown = _lan_address() if lan else "127.0.0.1"
    base = f"http://{shown}:{bound}"
    links = Links(
        host=host,
        port=bound,
        chair=f"{base}/entrer?jeton={access.chair}",
        evaluators=tuple(
            (meeting.evaluator_name(ev), f"{base}/entrer?jeton={token}")
            for ev, token in access.evaluators.items()
        ),
    )
    allowed = None if lan else [f"127.0.0.1:{bound}", f"localhost:{bound}"]
    app = create_app(meeting, access, allowed_hosts=allowed, documents=documents)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=30,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    (announce or _print_links)(links)
    if open_browser:
        threading.Timer(0.5, _open, args=(links.chair,)).start()
    server.run(sockets=[sock])


def _open(url: str) -> None:
    import webbrowser

    webbrowser.open(url)


def _print_links(links: Links) -> None:
    print(f"Séance ouverte : {links.chair}", flush=True)
    for name, link in links.evaluators:
        print(f"  {name} : {link}", flush=True)
    print("Arrêter la séance : Ctrl+C", flush=True)
