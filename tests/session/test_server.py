"""The session as the committee runs it (``efc-scoring session`` in its own process):
recordings from several clients at once, then the server stopped mid-write."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest

from efc_scoring.committee.ledger import Ledger
from efc_scoring.session import Meeting

pytestmark = pytest.mark.slow


def _start(folder, *extra):
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
            "--no-evidence",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    link = None
    lines = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"(http://\S+/entrer\?jeton=\S+)", line)
        if found and "présidence" in line:
            link = found.group(1)
            break
    assert link, "".join(lines) + process.stderr.read()
    return process, link, lines


class Client:
    """A chair's browser reduced to what a form post needs (cookie, CSRF token)."""

    def __init__(self, link):
        parts = urlsplit(link)
        self.host, self.port = parts.hostname, parts.port
        response = self.request("GET", f"{parts.path}?{parts.query}")
        self.cookie = response.getheader("set-cookie").split(";")[0]
        page = self.request("GET", "/point/O2/coop").read().decode()
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"cookie": getattr(self, "cookie", "")}
        if body is not None:
            headers["content-type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        return connection.getresponse()

    def decide(self, offer, criterion, level, reason):
        body = urlencode({"csrf": self.csrf, "niveau": level, "motif": reason})
        return self.request("POST", f"/point/{offer}/{criterion}/decision", body).status


def _hammer(client, n, outcomes, stop):
    items = [("O2", "coop", "3"), ("O5", "env.transport", "2")]
    for i in range(n):
        if stop.is_set():
            return
        offer, criterion, level = items[i % 2]
        try:
            status = client.decide(offer, criterion, level, f"Décision n° {i} de {id(client)}.")
        except (OSError, http.client.HTTPException):
            outcomes.append("coupé")
            continue
        outcomes.append(status)


def _consensus_entries(folder):
    lines = (folder / "journal-commission.jsonl").read_bytes().splitlines()
    return [json.loads(x) for x in lines if x.strip() and json.loads(x)["kind"] == "consensus"]


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_the_server_while_clients_record_leaves_a_verifiable_ledger(folder, stop_with):
    Meeting(folder, evidence=False).reveal()
    process, link, _ = _start(folder)
    try:
        clients = [Client(link) for _ in range(4)]
        outcomes: list = []
        stop = threading.Event()
        threads = [threading.Thread(target=_hammer, args=(c, 200, outcomes, stop)) for c in clients]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while sum(o == 303 for o in outcomes) < 12 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(process.pid, stop_with)  # mid-write: requests are in flight
        process.wait(timeout=60)
        stop.set()
        for t in threads:
            t.join(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
    recorded = sum(o == 303 for o in outcomes)
    assert recorded >= 12
    ledger = Ledger(folder / "journal-commission.jsonl")
    report = ledger.verify()
    if not report.ok:  # only a kill -9 may cut a line; the repair puts it aside, noted
        assert stop_with == signal.SIGKILL
        assert [p.code for p in report.problems] == ["truncated"]
        ledger.repair(who="test")
        assert ledger.verify().ok
    # every decision a client was told was recorded is in the ledger, none lost
    assert len(_consensus_entries(folder)) >= recorded
    if stop_with == signal.SIGTERM:  # graceful: in-flight requests finished, then the signal
        assert report.ok and process.returncode in (0, -signal.SIGTERM)


def test_two_processes_record_into_one_ledger(folder):
    """The session and the command line at once: the ledger serialises their writes."""
    from efc_scoring.cli import main

    Meeting(folder, evidence=False).reveal()
    process, link, _ = _start(folder)
    try:
        client = Client(link)
        outcomes: list = []
        stop = threading.Event()
        thread = threading.Thread(target=_hammer, args=(client, 30, outcomes, stop))
        thread.start()
        for i in range(5):
            main(
                [
                    "consensus",
                    str(folder),
                    "--offer",
                    "O1",
                    "--criterion",
                    "coop",
                    "--level",
                    "5",
                    "--reason",
                    f"Ligne de commande n° {i}.",
                ]
            )
        thread.join(timeout=120)
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert Ledger(folder / "journal-commission.jsonl").verify().ok
    entries = _consensus_entries(folder)
    assert sum(e["what"]["offer"] == "O1" for e in entries) == 5
    assert sum(e["what"]["offer"] != "O1" for e in entries) == sum(o == 303 for o in outcomes)


def test_the_chosen_port_taken_is_a_clear_french_error(folder):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    port = sock.getsockname()[1]
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from efc_scoring.cli import main; sys.exit(main())",
                "session",
                str(folder),
                "--port",
                str(port),
                "--no-browser",
                "--no-evidence",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        sock.close()
    assert done.returncode == 1
    assert f"le port {port} est déjà utilisé" in done.stderr
    assert "Traceback" not in done.stderr


def test_lan_gives_one_link_per_member_and_only_the_chair_records(folder):
    Meeting(folder, evidence=False).reveal()
    process, link, lines = _start(folder, "--lan")
    try:
        deadline = time.monotonic() + 30
        while len(lines) < 6 and time.monotonic() < deadline:
            lines.append(process.stdout.readline())
        text = "".join(lines)
        assert "sur le réseau local" in text
        members = re.findall(r"Lien de (.+) \(lecture seule\) : (http://\S+)", text)
        assert [name for name, _ in members] == [
            "Claire Morel, acheteuse (direction de la commande publique)",
            "Karim Benali, technicien du service propreté des bâtiments",
            "Sandrine Lopes, agente d'entretien (groupe scolaire)",
        ]
        port = urlsplit(link).port
        # reached here through the loopback interface (the session listens on all of them)
        chair = Client(link.replace(urlsplit(link).hostname, "127.0.0.1", 1))
        member_link = members[2][1].replace(urlsplit(members[2][1]).hostname, "127.0.0.1", 1)
        member = Client.__new__(Client)
        member.host, member.port = "127.0.0.1", port
        entry = urlsplit(member_link)
        response = member.request("GET", f"{entry.path}?{entry.query}")
        member.cookie = response.getheader("set-cookie").split(";")[0]
        page = member.request("GET", "/point/O2/coop").read().decode()
        assert "Seule la présidence enregistre les décisions" in page
        member.csrf = chair.csrf  # even with a valid token of the chair's forms
        assert member.decide("O2", "coop", "3", "Tentative d'un membre.") == 403
        assert chair.decide("O2", "coop", "3", "Bilan annuel sans les agents.") == 303
    finally:
        process.terminate()
        process.wait(timeout=60)
    entries = _consensus_entries(folder)
    assert [e["justification"] for e in entries] == ["Bilan annuel sans les agents."]
