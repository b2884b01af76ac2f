"""The hash-chained ledger: appends, refusals, and detection of every kind of tampering."""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efc_scoring import Mark, load_tender, sample_path
from efc_scoring.committee import record_consensus
from efc_scoring.committee.ledger import (
    GENESIS,
    Ledger,
    LedgerError,
    canonical_json,
    verify_ledger,
)

WHEN = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def fill(path, n=5, key=None) -> Ledger:
    ledger = Ledger(path, key=key)
    for i in range(1, n + 1):
        ledger.append(
            "score",
            {"evaluator": "E1", "offer": f"O{i}", "criterion": "coop", "value": str(i % 6)},
            who="Claire Morel",
            justification=f"Motif numéro {i} — « réponse »",
            at=WHEN,
        )
    return ledger


def lines_of(path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def codes(report) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in report.problems]


def test_entries_chain_their_hashes(tmp_path):
    path = tmp_path / "journal.jsonl"
    ledger = fill(path, 3)
    entries = ledger.entries()
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev"] == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after["prev"] == before["hash"]
    body = {k: v for k, v in entries[1].items() if k != "hash"}
    assert entries[1]["hash"] == hashlib.sha256(canonical_json(body)).hexdigest()
    for raw in lines_of(path):  # canonical JSON, one entry a line
        assert raw.endswith(b"\n") and b", " not in raw and b'": ' not in raw
    report = verify_ledger(path)
    assert report.ok and bool(report) and report.n_entries == 3
    assert report.head == entries[-1]["hash"]
    assert "chaîne intacte" in report.message() and "chain intact" in report.message("en")


def test_appending_never_rewrites(tmp_path):
    path = tmp_path / "journal.jsonl"
    ledger = fill(path, 2)
    before = path.read_bytes()
    ledger.append("note", {"text": "séance levée"}, who="Présidente")
    assert path.read_bytes().startswith(before)
    assert verify_ledger(path).ok


@pytest.mark.parametrize("kind", ["score", "change", "consensus"])
def test_a_mark_without_justification_is_refused(tmp_path, kind):
    with pytest.raises(LedgerError, match="justification"):
        Ledger(tmp_path / "j.jsonl").append(kind, {"offer": "O1"}, who="E1", justification=" ")
    assert not (tmp_path / "j.jsonl").exists()


def test_bad_appends_are_refused(tmp_path):
    ledger = Ledger(tmp_path / "j.jsonl")
    with pytest.raises(LedgerError, match="kind"):
        ledger.append("vote", {}, who="E1", justification="x")
    with pytest.raises(LedgerError, match="author"):
        ledger.append("note", {}, who="")
    with pytest.raises(LedgerError, match="cannot record"):
        ledger.append("note", {"x": object()}, who="E1")
    with pytest.raises(LedgerError, match="empty"):
        Ledger(tmp_path / "k.jsonl", key="")


def test_record_score_change_import_and_consensus(tmp_path):
    path = tmp_path / "journal.jsonl"
    ledger = Ledger(path, key=b"cle-secrete")
    first = Mark(evaluator="E1", offer="O1", criterion="coop", value=3, justification="Ferme.")
    second = Mark(
        evaluator="E1",
        offer="O1",
        criterion="coop",
        value=4,
        justification="Ferme, avec un bilan semestriel.",
    )
    assert ledger.record_score(first)["kind"] == "score"
    change = ledger.record_score(second, previous=first)
    assert change["kind"] == "change" and change["previous"] == {
        "value": "3",
        "justification": "Ferme.",
    }
    scores_csv = sample_path("nettoyage") / "scores.csv"
    imported = ledger.record_import(scores_csv, who="Claire Morel", count=60)
    assert imported["what"]["sha256"] == hashlib.sha256(scores_csv.read_bytes()).hexdigest()
    tender = load_tender(sample_path("nettoyage"))
    record_consensus(
        tender,
        "O5",
        "env.transport",
        2,
        "Bio-GNV seulement envisagé.",
        by="Présidente",
        ledger=ledger,
    )
    kinds = [e["kind"] for e in ledger.entries()]
    assert kinds == ["score", "change", "import", "consensus"]
    assert ledger.entries()[-1]["what"]["marks"] == {
        "acheteuse": "2",
        "agente": "2",
        "technicien": "4",
    }
    assert ledger.verify().ok


def test_an_edited_entry_is_found(tmp_path):
    path = tmp_path / "journal.jsonl"
    fill(path)
    lines = lines_of(path)
    lines[2] = lines[2].replace(b'"value":"3"', b'"value":"5"')
    path.write_bytes(b"".join(lines))
    report = verify_ledger(path)
    assert codes(report) == [(3, "edited")]
    assert "ligne 3" in report.problems[0].message_fr
    assert "line 3" in report.problems[0].message_en
    assert list(report.to_frame()["line"]) == [3]


def test_a_removed_entry_is_found(tmp_path):
    path = tmp_path / "journal.jsonl"
    fill(path)
    lines = lines_of(path)
    del lines[1]
    path.write_bytes(b"".join(lines))
    report = verify_ledger(path)
    assert codes(report) == [(2, "removed")]
    assert "entrée 2" in report.problems[0].message_fr


def test_removing_the_first_entries_is_found(tmp_path):
    path = tmp_path / "journal.jsonl"
    fill(path)
    path.write_bytes(b"".join(lines_of(path)[2:]))
    assert codes(verify_ledger(path)) == [(1, "removed")]


def test_reordered_entries_are_found(tmp_path):
    path = tmp_path / "journal.jsonl"
    fill(path)
    lines = lines_of(path)
    lines[1], lines[3] = lines[3], lines[1]
    path.write_bytes(b"".join(lines))
    found = codes(verify_ledger(path))
    assert (2, "reordered") in found and (4, "reordered") in found
    assert {code for _, code in found} <= {"reordered", "chain"}


def test_an_inserted_entry_is_found(tmp_path):
    path = tmp_path / "journal.jsonl"
    fill(path)
    lines = lines_of(path)
    lines.insert(3, lines[1])  # a copy of entry 2 slipped in after entry 3
    path.write_bytes(b"".join(lines))
    found = codes(verify_ledger(path))
    assert (4, "inserted") in found


def test_a_forged_entry_with_a_recomputed_hash_breaks_the_chain(tmp_path):
    path = tmp_path / "journal.jsonl"
    fill(path)
    lines = lines_of(path)
    entry = json.loads(lines[1])
    entry["what"]["value"] = "5"
    body = {k: v for k, v in entry.items() if k != "hash"}
    entry["hash"] = hashlib.sha256(canonical_json(body)).hexdigest()
    lines[1] = canonical_json(entry) + b"\n"
    path.write_bytes(b"".join(lines))
    assert codes(verify_ledger(path)) == [(3, "chain")]


def test_hmac_key_makes_forgery_detectable(tmp_path):
    path = tmp_path / "journal.jsonl"
    fill(path, key="cle")
    assert verify_ledger(path, key="cle").ok
    assert {code for _, code in codes(verify_ledger(path))} == {"key"}
    assert {code for _, code in codes(verify_ledger(path, key="autre"))} == {"edited"}
    # a forger without the key recomputes plain SHA-256 hashes: refused under the key
    lines = lines_of(path)
    entry = json.loads(lines[-1])
    entry["alg"] = "sha256"
    entry["hash"] = hashlib.sha256(
        canonical_json({k: v for k, v in entry.items() if k != "hash"})
    ).hexdigest()
    lines[-1] = canonical_json(entry) + b"\n"
    path.write_bytes(b"".join(lines))
    assert codes(verify_ledger(path, key="cle")) == [(5, "key")]


def test_truncation_at_the_end_is_found_with_the_noted_head(tmp_path):
    path = tmp_path / "journal.jsonl"
    head = fill(path).verify().head
    path.write_bytes(b"".join(lines_of(path)[:-1]))
    assert verify_ledger(path).ok  # a chain alone cannot see it
    assert codes(verify_ledger(path, head=head)) == [(4, "head")]


def test_a_cut_last_line_is_found_and_blocks_appends(tmp_path):
    path = tmp_path / "journal.jsonl"
    ledger = fill(path)
    path.write_bytes(path.read_bytes()[:-1])
    assert (5, "truncated") in codes(verify_ledger(path))
    with pytest.raises(LedgerError, match="incomplète"):
        ledger.append("note", {}, who="E1")
    path.write_bytes(path.read_bytes()[:-5] + b"\n")
    with pytest.raises(LedgerError, match="unreadable"):
        ledger.append("note", {}, who="E1")


def test_appending_after_an_edited_last_entry_is_refused(tmp_path):
    path = tmp_path / "journal.jsonl"
    ledger = fill(path, 2)
    path.write_bytes(path.read_bytes().replace("numéro 2".encode(), "numéro 9".encode()))
    with pytest.raises(LedgerError, match="does not match"):
        ledger.append("note", {}, who="E1")


def test_an_empty_or_missing_ledger_is_valid(tmp_path):
    report = verify_ledger(tmp_path / "absent.jsonl")
    assert report.ok and report.n_entries == 0 and report.head == GENESIS


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    path = tmp_path_factory.mktemp("ledger") / "journal.jsonl"
    fill(path, 4)
    fill(path.with_name("keyed.jsonl"), 4, key="cle")
    return path.read_bytes(), path.with_name("keyed.jsonl").read_bytes()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), byte=st.integers(0, 255), keyed=st.booleans())
def test_any_single_byte_change_fails_verification(pristine, tmp_path, position, byte, keyed):
    data = pristine[1] if keyed else pristine[0]
    position %= len(data)
    if data[position] == byte:
        byte = (byte + 1) % 256
    changed = data[:position] + bytes([byte]) + data[position + 1 :]
    path = tmp_path / f"changed-{keyed}.jsonl"
    path.write_bytes(changed)
    report = verify_ledger(path, key="cle" if keyed else None)
    assert not report.ok
    assert report.problems[0].line >= 1
