"""What the grid's own checks can and cannot prove: the HMAC with the buyer's key, the
unkeyed SHA-256 (accidents only), and edits of protected cells located at their cell."""

from __future__ import annotations

import hashlib
import json
import shutil

import openpyxl
import pytest
from excel_tenders import small_tender

from efc_scoring.excel import GridError, read_grids, write_grids

LEVEL, WHY = 10, 11


@pytest.fixture(scope="module")
def tender():
    return small_tender(3)


def fill(src, dst, edit=None):
    wb = openpyxl.load_workbook(src)
    ws = wb["Grille"]
    for i, row in enumerate(ws.iter_rows(min_row=5)):
        row[LEVEL - 1].value, row[WHY - 1].value = i % 6, f"Motif {i}."
    if edit is not None:
        edit(wb, ws)
    wb.save(dst)
    return dst


def _payload(wb) -> bytes:
    """The digest payload of a grid as openpyxl sees it (the grid is left as written)."""
    from efc_scoring.excel._template import DIGEST_META_KEYS, canon, digest_payload

    meta = {str(r[0]): str(r[1] or "") for r in wb["_meta"].iter_rows(values_only=True)}
    rows = [
        [canon(c.value) for i, c in enumerate(r) if i in (0, 1, 2, 3, 4, 5, 6, 7, 8, 11)]
        for r in wb["Grille"].iter_rows(min_row=5)
    ]
    guide = [
        (c.coordinate, canon(c.value))
        for r in wb["Consignes"].iter_rows()
        for c in r
        if c.value is not None and canon(c.value) != ""
    ]
    return digest_payload({k: meta.get(k, "") for k in DIGEST_META_KEYS}, rows, guide)


def _impersonate(drop_signature: bool):
    """An evaluator rewrites evaluator_id in the hidden sheet and recomputes the SHA-256
    (anyone can: the hash has no key), keeping or dropping the HMAC row."""

    def edit(wb, ws):
        meta = wb["_meta"]
        for row in meta.iter_rows():
            if row[0].value == "evaluator_id":
                row[1].value = "E2"
        payload = _payload(wb)
        for row in list(meta.iter_rows()):
            if row[0].value == "template_sha256":
                row[1].value = hashlib.sha256(payload).hexdigest()
            if drop_signature and row[0].value == "template_hmac_sha256":
                row[0].value = row[1].value = None

    return edit


def test_the_unkeyed_hash_is_recomputed_by_anyone(tender, tmp_path):
    """Without a signature, an impersonation with a recomputed SHA-256 is accepted: the hash
    only detects accidents (documented)."""
    [path] = write_grids(tender, tmp_path / "g", evaluators=["E1"], propose=False)
    forged = fill(path, tmp_path / "grille.xlsx", _impersonate(drop_signature=False))
    marks = read_grids(tender, [forged])
    assert set(marks.evaluator) == {"E2"}  # E1's grid now counts as E2's


def test_a_signed_grid_read_without_the_key_is_refused(tender, tmp_path):
    [path] = write_grids(tender, tmp_path / "g", evaluators=["E1"], propose=False, key="clé")
    filled = fill(path, tmp_path / "grille-E1.xlsx")
    with pytest.raises(GridError) as info:
        read_grids(tender, [filled])
    cases = info.value.failure_cases
    assert list(cases.code) == ["hmac_unverified"]
    assert "--key-file" in cases.fix.iloc[0] and "--key-env" in cases.fix.iloc[0]
    assert len(read_grids(tender, [filled], key="clé")) == 6


def test_an_evaluator_impersonating_another_is_caught_with_the_key(tender, tmp_path):
    [path] = write_grids(tender, tmp_path / "g", evaluators=["E1"], propose=False, key=b"k3y")
    forged = fill(path, tmp_path / "grille.xlsx", _impersonate(drop_signature=False))
    with pytest.raises(GridError) as info:
        read_grids(tender, [forged], key=b"k3y")
    assert set(info.value.failure_cases.code) == {"hmac_mismatch"}
    with pytest.raises(GridError) as info:  # and without the key, the signature stops it
        read_grids(tender, [forged])
    assert set(info.value.failure_cases.code) == {"hmac_unverified"}
    dropped = fill(path, tmp_path / "grille-2.xlsx", _impersonate(drop_signature=True))
    with pytest.raises(GridError) as info:  # removing the signature does not help
        read_grids(tender, [dropped], key=b"k3y")
    assert set(info.value.failure_cases.code) == {"hmac_missing"}


def test_protection_removed_and_protected_cells_overwritten_are_reported_at_their_cell(
    tender, tmp_path
):
    [path] = write_grids(tender, tmp_path / "g", evaluators=["E1"])

    def edit(wb, ws):
        ws.protection.sheet = False
        ws["H6"] = 5  # the proposed level
        ws["I7"] = "Très bonne réponse."  # the proposed justification
        ws["G8"] = "Réponse réécrite"  # the bidder's answer
        ws["L9"] = 25  # a weight

    edited = fill(path, tmp_path / "grille-E1.xlsx", edit)
    with pytest.raises(GridError) as info:
        read_grids(tender, [edited])
    cases = info.value.failure_cases
    located = {(c.code, c.cell) for c in cases.itertuples()}
    assert {
        ("proposal_changed", "H6"),
        ("proposal_changed", "I7"),
        ("template_changed", "G8"),
        ("weight_changed", "L9"),
    } <= located, cases.to_string()
    assert "protection_removed" in set(cases.code)
    row = cases[(cases.code == "proposal_changed") & (cases.cell == "H6")].iloc[0]
    assert row.offer == "O1" and row.criterion == "env" and "« 5 »" in row.message


def test_grids_of_the_previous_release_still_read(tender, tmp_path):
    """Grids written before the proposals were kept in the metadata sheet: no proposal row,
    the digest unchanged."""
    [path] = write_grids(tender, tmp_path / "g", evaluators=["E1"], propose=False)
    old = tmp_path / "old" / "grille-E1.xlsx"
    old.parent.mkdir()
    shutil.copy(path, old)

    def edit(wb, ws):
        meta = wb["_meta"]
        for row in list(meta.iter_rows()):
            if str(row[0].value).startswith("proposition "):
                meta.delete_rows(row[0].row)

    older = fill(old, tmp_path / "grille-E1.xlsx", edit)
    wb = openpyxl.load_workbook(older)
    assert not [r for r in wb["_meta"].iter_rows(values_only=True) if "proposition" in str(r[0])]
    assert len(read_grids(tender, [older])) == 6
    assert json.loads(_payload(wb))["meta"]["format_version"] == "1"
