"""A session served in a thread of the test process, and Debian's chromium driven by Playwright.

Import with ``from browser import ...`` (the tests' folder is on the path). The
browser is the system's ``/usr/bin/chromium`` (``.ci/run`` installs it with apt);
Playwright's own browser builds are never downloaded. Tests that need it skip,
saying why, only when chromium is absent.
"""

from __future__ import annotations

import shutil
import socket
import struct
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Flags for a closed network: no background traffic, no first-run, no sandbox as root.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium absent (Debian package `chromium`, installed by .ci/run): browser test "
    "not run",
)


@contextmanager
def served(meeting, *, evaluators=(), documents=None):
    """Serve ``meeting`` on 127.0.0.1 (a free port) in a thread; yield (base URL, access)."""
    import uvicorn

    from efc_scoring.session import Access, create_app

    access = Access.new(evaluators)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    app = create_app(
        meeting,
        access,
        allowed_hosts=[f"127.0.0.1:{port}", f"localhost:{port}"],
        documents=documents,
    )
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", access
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@contextmanager
def chromium():
    """A headless chromium (fresh profile) driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])
