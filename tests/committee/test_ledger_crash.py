"""A crash during an append: the ledger is whole or its torn last line is moved aside, on record."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from efc_scoring.cli import app
from efc_scoring.committee.ledger import Ledger, LedgerError, verify_ledger

WRITER = Path(__file__).parent / "data" / "ledger_writer.py"


def _torn(path: Path) -> bytes:
    data = path.read_bytes()
    return data[data.rfind(b"\n") + 1 :]


def _check_then_repair(path: Path) -> bool:
    """The ledger is whole, or only its last line is cut and repair() makes it whole."""
    report = verify_ledger(path)
    if report.ok:
        return False
    last = report.n_entries
    assert {p.line for p in report.problems} == {last}
    assert {p.code for p in report.problems} <= {"truncated", "malformed"}
    torn = _torn(path)
    ledger = Ledger(path)
    with pytest.raises(LedgerError, match="verify-ledger --repair"):
        ledger.append("note", {"après": "crash"}, who="E1")
    repair = ledger.repair(who="Claire Morel")
    assert repair is not None and repair.moved_to.read_bytes() == torn
    assert repair.sha256 == hashlib.sha256(torn).hexdigest()
    after = verify_ledger(path)
    assert after.ok, after.message()
    note = ledger.entries()[-1]
    assert note["kind"] == "note" and note["what"]["fichier"] == repair.moved_to.name
    assert note["what"]["octets"] == len(torn) and note["who"] == "Claire Morel"
    return True


@pytest.mark.parametrize("cut", ["none", "half", "end", "all"])
@pytest.mark.parametrize("size", [100, 200_000])
def test_killing_a_writer_mid_append_never_leaves_a_silent_tear(tmp_path, cut, size):
    """The writer dies (SIGKILL) during the write of its third entry, at a chosen byte: the
    ledger is then whole (nothing or the whole line written) or its torn last line is found
    and moved aside on record; appends work again."""
    path = tmp_path / "journal.jsonl"
    done = subprocess.run(
        [sys.executable, str(WRITER), str(path), str(size), "3", cut],
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    entries_before = path.read_bytes().count(b"\n")
    torn = _check_then_repair(path)
    assert torn == (cut in ("half", "end"))
    assert entries_before == (3 if cut == "all" else 2)
    Ledger(path).append("note", {"reprise": cut}, who="E1")  # appends work again
    assert verify_ledger(path).ok


@pytest.mark.parametrize("cut", [1, 17, 60])
def test_a_torn_tail_is_moved_aside_and_recorded(tmp_path, cut):
    path = tmp_path / "journal.jsonl"
    ledger = Ledger(path, key="secret")
    for i in range(3):
        ledger.append("note", {"i": i}, who="E1")
    whole = path.read_bytes()
    line = ledger.entries()[-1]
    path.write_bytes(whole[: len(whole) - cut])  # what a crash mid-append leaves
    assert not verify_ledger(path, key="secret").ok
    repair = ledger.repair(who="E1")
    assert repair is not None
    assert verify_ledger(path, key="secret").ok
    entries = ledger.entries()
    assert [e["seq"] for e in entries] == [1, 2, 3]  # the torn entry 3 is replaced by the note
    assert entries[-1]["what"]["réparation"] == "dernière ligne coupée mise de côté"
    assert line["hash"] not in path.read_text(encoding="utf-8")
    assert ledger.repair() is None  # nothing left to repair


def test_repair_refuses_a_ledger_with_other_problems(tmp_path):
    path = tmp_path / "journal.jsonl"
    ledger = Ledger(path)
    for i in range(3):
        ledger.append("note", {"i": i}, who="E1")
    data = path.read_bytes().replace(b'"i":0', b'"i":9')
    path.write_bytes(data + b'{"alg":"sha')
    before = path.read_bytes()
    with pytest.raises(LedgerError, match="autres problèmes"):
        ledger.repair()
    assert path.read_bytes() == before and not list(tmp_path.glob("*.torn-*"))


def test_verify_ledger_repair_on_the_command_line(tmp_path):
    path = tmp_path / "journal.jsonl"
    ledger = Ledger(path)
    ledger.append("note", {"i": 1}, who="E1")
    with open(path, "ab") as fh:
        fh.write(b'{"alg":"sha256","at":')
    runner = CliRunner()
    result = runner.invoke(app, ["verify-ledger", str(path)])
    assert result.exit_code == 1 and "fin de ligne" in result.output
    result = runner.invoke(app, ["verify-ledger", str(path), "--repair", "--who", "Claire"])
    assert result.exit_code == 0, result.output
    assert "mise de côté" in result.output and "chaîne intacte" in result.output
    assert Ledger(path).entries()[-1]["who"] == "Claire"
