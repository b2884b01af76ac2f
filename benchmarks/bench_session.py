"""Benchmark of the committee's session in a browser: page response on a 50-offer lot, start time.

Prints, on a copy of the cleaning tender grown to 50 offers (``_big_tender.py``:
three evaluators, about one item in six disputed), with the answers already
read into the assessment cache (a temporary folder, never the user's):

- the response time of the pages over real HTTP (uvicorn on 127.0.0.1, medians
  of ``--repeat`` requests): the overview, a disputed item (its what-if table
  re-scores the lot at each level of the scale), the answers of the 50 offers
  to one question, and a decision recorded (the post and the next page),
  beside a static file served by the same server (the HTTP floor); target:
  < 200 ms per page;
- the what-if of one item done with 6 full scorings of the lot (``score()``),
  as it would cost without :meth:`Evaluation.with_marks`, for scale;
- the session's start time with a warm cache (``efc-scoring session`` in a
  fresh process, until it prints the chair's link), beside a fresh process
  that only loads the tender (the floor); target: a few seconds (< 5 s).

Ratios matter more than seconds: the machines are shared and noisy.
Run: ``.venv/bin/python benchmarks/bench_session.py [--offers 50 --repeat 15]``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CACHE = tempfile.mkdtemp(prefix="efc-bench-session-cache-")
os.environ["EFC_SCORING_CACHE_DIR"] = CACHE


def _get(port: int, path: str, cookie: str, body: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"cookie": cookie, "host": f"127.0.0.1:{port}"}
    if body is None:
        conn.request("GET", path, headers=headers)
    else:
        headers["content-type"] = "application/x-www-form-urlencoded"
        conn.request("POST", path, body=urlencode(body), headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def _median_ms(port: int, path: str, cookie: str, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response, _ = _get(port, path, cookie)
        runs.append((time.perf_counter() - t0) * 1000)
        assert response.status == 200, (path, response.status)
    return statistics.median(runs)


def _start_time(folder: Path, repeat: int) -> tuple[float, float]:
    """Median seconds until ``efc-scoring session`` prints its link; and loading the tender."""
    session, floor = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from efc_scoring.cli import main; sys.exit(main())",
                "session",
                str(folder),
                "--port",
                "0",
                "--no-browser",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:
            if "entrer?jeton=" in line:
                break
        session.append(time.perf_counter() - t0)
        process.terminate()
        process.wait(timeout=60)
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", f"import efc_scoring as e; e.load_tender({str(folder)!r})"],
            check=True,
        )
        floor.append(time.perf_counter() - t0)
    return statistics.median(session), statistics.median(floor)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    import uvicorn
    from _big_tender import build_big_tender

    import efc_scoring as efc
    from efc_scoring.session import Access, Meeting, create_app

    folder = build_big_tender(Path(tempfile.mkdtemp()) / "marche", n_offers=args.offers)
    t0 = time.perf_counter()
    efc.assess(efc.load_tender(folder))
    print(f"answers read once into the cache (spaCy included): {time.perf_counter() - t0:.1f} s")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    meeting = Meeting(folder)
    meeting.reveal()
    state = meeting.state()
    print(
        f"lot of {args.offers} offers, {len(state.disputed)} disputed items, "
        f"{len(state.tender.evaluators)} evaluators"
    )
    access = Access.new()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    app = create_app(meeting, access, documents={"draws": 200})
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    response, _ = _get(port, f"/entrer?jeton={access.chair}", "")
    cookie = response.getheader("set-cookie").split(";")[0]
    first = state.agenda.items[0]
    item = f"/point/{first.offer}/{first.criterion}"
    question = state.tender.questions_for(first.criterion)[0].id
    pages = {
        "static file (HTTP floor)": "/static/session.css",
        "overview": "/",
        "disputed item (with its what-if)": item,
        f"answers of the {args.offers} offers to one question": f"/question/{question}?lot=L1",
    }
    for path in pages.values():
        _median_ms(port, path, cookie, 2)  # warm
    floor = _median_ms(port, pages["static file (HTTP floor)"], cookie, args.repeat)
    print(f"\npage response, median of {args.repeat} (target < 200 ms per page):")
    for name, path in pages.items():
        ms = floor if path == "/static/session.css" else _median_ms(port, path, cookie, args.repeat)
        print(f"  {name:<42} {ms:8.1f} ms   {ms / floor:6.1f}x the floor")
    _, html = _get(port, item, cookie)
    csrf = re.search(rb'name="csrf" value="([^"]+)"', html).group(1).decode()
    decisions = []
    for it in list(state.agenda.items)[: min(5, len(state.agenda))]:
        low = int(it.low)
        t0 = time.perf_counter()
        response, _ = _get(
            port,
            f"/point/{it.offer}/{it.criterion}/decision",
            cookie,
            {"csrf": csrf, "niveau": str(low), "motif": "Motif du banc d'essai."},
        )
        assert response.status == 303, response.status
        _get(port, response.getheader("location"), cookie)
        decisions.append((time.perf_counter() - t0) * 1000)
    print(
        f"  {'decision recorded + next page (median of ' + str(len(decisions)) + ')':<42} "
        f"{statistics.median(decisions):8.1f} ms   (the ledger fsynced, agenda re-ordered)"
    )
    server.should_exit = True
    thread.join(timeout=30)

    tender = state.tender
    marks = state.consolidation.marks()
    t0 = time.perf_counter()
    for level in range(6):
        efc.score(tender, {**marks, (first.offer, first.criterion): level})
    full = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    for level in range(6):
        state.evaluation.with_marks({(first.offer, first.criterion): level})
    fast = (time.perf_counter() - t0) * 1000
    print(
        f"\nwhat-if of one item, 6 levels: 6 full scorings {full:.0f} ms, with_marks {fast:.1f} ms "
        f"({full / fast:.0f}x)"
    )

    session_s, floor_s = _start_time(folder, 3)
    print(
        f"\nsession start with a warm cache (median of 3 fresh processes): {session_s:.2f} s "
        f"(target < 5 s); loading the tender alone: {floor_s:.2f} s ({session_s / floor_s:.1f}x)"
    )


if __name__ == "__main__":
    main()
