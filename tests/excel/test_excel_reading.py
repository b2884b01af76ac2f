"""Reading returned grids: the round trip, and each evaluator mistake with its code and cell."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from excel_tenders import small_tender
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efc_scoring import load_marks, score
from efc_scoring.errors import InputError
from efc_scoring.excel import (
    GridError,
    marks_to_scores,
    read_grids,
    tender_with_marks,
    write_grids,
    write_scores_csv,
)

LEVEL, WHY = 10, 11  # columns J and K (1-based)


@pytest.fixture(scope="module")
def tender():
    return small_tender(3)


@pytest.fixture(scope="module")
def blank_grids(tender, tmp_path_factory):
    return write_grids(tender, tmp_path_factory.mktemp("blank"), propose=False)


def fill(src, dst, values=None, edit=None):
    """Fill every input cell of the grid ``src`` (level i % 6, a justification) into ``dst``."""
    wb = openpyxl.load_workbook(src)
    ws = wb["Grille"]
    filled = {}
    for i, row in enumerate(ws.iter_rows(min_row=5)):
        level, why = (values or {}).get(
            i, (i % 6, f"Motif n° {i} : réponse {'ferme' if i % 2 else 'vague'}.")
        )
        row[LEVEL - 1].value, row[WHY - 1].value = level, why
        filled[(row[0].value, row[1].value)] = (level, why)
    if edit is not None:
        edit(wb, ws)
    wb.save(dst)
    return filled


@pytest.fixture
def filled(blank_grids, tmp_path):
    out = []
    for path in blank_grids:
        dst = tmp_path / path.name
        fill(path, dst)
        out.append(dst)
    return out


def test_round_trip_gives_back_exactly_what_was_filled(tender, blank_grids, tmp_path):
    expected = {}
    paths = []
    for path in blank_grids:
        dst = tmp_path / path.name
        evaluator = path.stem.removeprefix("grille-")
        for key, (level, why) in fill(path, dst).items():
            expected[(evaluator, *key)] = (Decimal(level), why)
        paths.append(dst)
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    marks = read_grids(tender, paths)
    got = {
        (r.evaluator, r.offer, r.criterion): (r.value, r.justification) for r in marks.itertuples()
    }
    assert got == expected
    assert set(marks.columns) >= {
        "evaluator",
        "offer",
        "criterion",
        "value",
        "justification",
        "file",
        "sheet",
        "cell",
    }
    assert marks.loc[0, "cell"] == "J5" and marks.loc[0, "sheet"] == "Grille"
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths] == before  # untouched


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_round_trip_property(tender, blank_grids, tmp_path_factory, data):
    text = st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60
    ).filter(
        lambda t: (
            t.strip() and not t.startswith("=") and "x005F_" not in t and not t.startswith("#")
        )
    )
    values = {
        i: (data.draw(st.sampled_from([0, 1, 2, 3, 4, 5])), data.draw(text)) for i in range(6)
    }
    dst = tmp_path_factory.mktemp("p") / blank_grids[1].name
    filled = fill(blank_grids[1], dst, values)
    marks = read_grids(tender, [dst])
    got = {(r.offer, r.criterion): (int(r.value), r.justification) for r in marks.itertuples()}
    assert got == filled


def test_sorted_rows_and_an_inserted_blank_row_are_read_by_key(tender, blank_grids, tmp_path):
    dst = tmp_path / blank_grids[0].name

    def shuffle(wb, ws):
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
        for i, values in enumerate(reversed(rows)):
            for j, v in enumerate(values):
                ws.cell(5 + i, j + 1).value = v
        ws.insert_rows(7)

    filled = fill(blank_grids[0], dst, edit=shuffle)
    marks = read_grids(tender, [dst])
    got = {(r.offer, r.criterion): (int(r.value), r.justification) for r in marks.itertuples()}
    assert got == filled


def _mistake(wb, ws, what):
    if what == "decimal_comma":
        ws["J5"] = "4,5"
    elif what == "nc":
        ws["J5"] = "NC"
    elif what == "dash":
        ws["J5"] = "-"
    elif what == "blank":
        ws["J5"] = None
    elif what == "off_scale":
        ws["J5"] = 7
    elif what == "formula":
        ws["J5"] = "=2+2"
    elif what == "date":
        ws["J5"] = datetime(2027, 5, 4)
    elif what == "fullwidth_digits":
        ws["J5"] = "４"
    elif what == "number_as_text":
        ws["J5"] = "4"
    elif what == "missing_justification":
        ws["K5"] = None
    elif what == "merged_cells":
        ws.merge_cells("J5:K5")
    elif what == "inserted_row":
        ws.insert_rows(5)
        ws["K5"] = "Remarque générale"
    elif what == "missing_row":
        ws.delete_rows(5)
    elif what == "sheet_renamed":
        ws.title = "Ma grille"
    elif what == "weight_changed":
        ws["L5"] = 25
    elif what == "template_changed":
        ws["G6"] = "Réponse réécrite"
    elif what == "template_hash":
        ws["H6"] = 5  # the proposed level: only the digest covers it
    elif what == "protection_removed":
        ws.protection.sheet = False
    elif what == "guide_weight":
        wb["Consignes"]["D40"] = 50


CASES = [  # mistake -> (code, cell or None)
    ("decimal_comma", "decimal_comma", "J5"),
    ("nc", "nc", "J5"),
    ("dash", "dash", "J5"),
    ("blank", "blank", "J5"),
    ("off_scale", "off_scale", "J5"),
    ("formula", "formula", "J5"),
    ("date", "date", "J5"),
    ("fullwidth_digits", "fullwidth_digits", "J5"),
    ("number_as_text", "number_as_text", "J5"),
    ("missing_justification", "missing_justification", "K5"),
    ("merged_cells", "merged_cells", "J5:K5"),
    ("inserted_row", "inserted_row", "A5"),
    ("missing_row", "missing_row", None),
    ("sheet_renamed", "sheet_renamed", None),
    ("weight_changed", "weight_changed", "L5"),
    ("guide_weight", "weight_changed", "D40"),
    ("template_changed", "template_changed", "G6"),
    ("template_hash", "template_hash", None),
    ("protection_removed", "protection_removed", None),
]


@pytest.mark.parametrize(("what", "code", "cell"), CASES, ids=[c[0] for c in CASES])
def test_each_mistake_has_its_code_and_cell(tender, blank_grids, tmp_path, what, code, cell):
    dst = tmp_path / blank_grids[0].name
    fill(blank_grids[0], dst, edit=lambda wb, ws: _mistake(wb, ws, what))
    with pytest.raises(GridError) as info:
        read_grids(tender, [dst])
    cases = info.value.failure_cases
    assert list(cases.columns[:7]) == [
        "file",
        "sheet",
        "cell",
        "offer",
        "criterion",
        "code",
        "message",
    ]
    hits = cases[cases.code == code]
    assert len(hits) >= 1, cases.to_string()
    if cell is not None:
        assert cell in set(hits.cell), hits.to_string()
    if what not in (
        "sheet_renamed",
        "protection_removed",
        "template_hash",
        "merged_cells",
        "inserted_row",
        "guide_weight",
    ):
        row = hits.iloc[0]
        assert row.offer in {o.id for o in tender.offers} and row.criterion in {"tech.q", "env"}
    assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)


def test_no_mistake_is_coerced(tender, blank_grids, tmp_path):
    """A blank is never 0, `4,5` never 4.5: those rows give no mark at all."""
    dst = tmp_path / blank_grids[0].name
    fill(blank_grids[0], dst, values={0: (None, "à voir"), 1: ("4,5", "entre deux")})
    with pytest.raises(GridError) as info:
        read_grids(tender, [dst])
    assert set(info.value.failure_cases.code) == {"blank", "decimal_comma"}


def test_every_problem_of_every_file_at_once(tender, blank_grids, tmp_path):
    other = small_tender(3, tender_id="AUTRE-MARCHE")
    [foreign] = write_grids(other, tmp_path / "other", evaluators=["E2"], propose=False)
    paths = []
    for i, path in enumerate(blank_grids):
        dst = tmp_path / path.name
        fill(path, dst, values={i: ("NC", "")})
        paths.append(dst)
    copy = tmp_path / "copie" / "grille-E2.xlsx"  # E1's grid sent back under E2's name
    copy.parent.mkdir()
    shutil.copy(paths[0], copy)
    foreign_filled = tmp_path / "grille-etrangere.xlsx"
    fill(foreign, foreign_filled)
    with pytest.raises(GridError) as info:
        read_grids(tender, [*paths, copy, foreign_filled])
    cases = info.value.failure_cases
    assert set(cases.file) == {p.name for p in paths} | {"grille-E2.xlsx", "grille-etrangere.xlsx"}
    assert (cases.code == "nc").sum() == 4 and (cases.code == "missing_justification").sum() == 4
    assert {"wrong_evaluator", "duplicate_evaluator", "wrong_tender"} <= set(cases.code)
    assert "grille-etrangere.xlsx" in str(info.value)


def test_hmac_with_the_buyers_key(tender, tmp_path):
    [path] = write_grids(tender, tmp_path / "k", evaluators=["E1"], propose=False, key="secret")
    dst = tmp_path / "grille-E1.xlsx"
    fill(path, dst)
    assert len(read_grids(tender, [dst], key="secret")) == 6
    with pytest.raises(GridError, match="HMAC"):
        read_grids(tender, [dst], key="another")

    def forge(wb, ws):  # change a proposed level and recompute the SHA-256: the HMAC still fails
        ws["H6"] = 5

    forged = tmp_path / "forged" / "grille-E1.xlsx"
    forged.parent.mkdir()
    fill(path, forged, edit=forge)
    with pytest.raises(GridError) as info:
        read_grids(tender, [forged], key="secret")
    assert {"template_hash", "hmac_mismatch"} <= set(info.value.failure_cases.code)


def test_marks_become_scores_a_tender_and_a_csv(tender, filled, tmp_path):
    marks = read_grids(tender, filled)
    scores = marks_to_scores(marks)
    assert len(scores) == 18 and all(s.timestamp is not None for s in scores)
    updated = tender_with_marks(tender, marks)
    assert len(updated.marks) == 18
    evaluation = score(updated)
    assert set(evaluation.totals) == {o.id for o in tender.offers}
    path = write_scores_csv(marks, tmp_path / "scores.csv")
    again = load_marks(path, tender)
    assert {(s.evaluator, s.offer, s.criterion, s.value, s.justification) for s in again.marks} == {
        (s.evaluator, s.offer, s.criterion, s.value, s.justification) for s in updated.marks
    }


def test_csv_export_escapes_formulas(tender, blank_grids, tmp_path):
    dst = tmp_path / blank_grids[0].name
    fill(blank_grids[0], dst, values={0: (3, "-pas de reprise des bidons"), 1: (2, "@voir annexe")})
    marks = read_grids(tender, [dst])
    text = write_scores_csv(marks, tmp_path / "s.csv").read_text(encoding="utf-8")
    assert "'-pas de reprise" in text and "'@voir annexe" in text
    assert "\n-" not in text and ",-" not in text and ",@" not in text
