"""Offers given as one table (CSV or XLSX): trade names declared there reach the detector of
letters and blind grids as those of YAML offers do, and an XLSX table goes through the
grids' bounded preflight (a hostile one refused before any parser, within a memory bound)."""

from __future__ import annotations

import csv
import importlib.util
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from efc_scoring import load_tender
from efc_scoring.committee.mentions import BidderMentions
from efc_scoring.errors import TenderError
from efc_scoring.io.offers_table import read_offers_table
from tender_factories import MINIMAL_TENDER_YAML

_spec = importlib.util.spec_from_file_location(
    "make_hostile", Path(__file__).parents[1] / "excel" / "data" / "make_hostile.py"
)
make_hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_hostile)

HEADER = ["id", "bidder", "lot", "price", "values.delai", "trade_names"]
ROWS = [
    ["O1", "Hygiène Rhône", "L1", 41250, 3, "PurEclat; Vertiflor\nBrillance Max"],
    ["O2", "Net Services", "L1", 39000, 5, ""],
]
#: The grids' bound (tests/excel/test_excel_bounded.py).
MEMORY_BASE = 8 * 1024 * 1024


def _folder(tmp_path: Path, suffix: str, rows: list[list[object]] = ROWS) -> Path:
    folder = tmp_path / "marche"
    folder.mkdir()
    (folder / "tender.yaml").write_text(MINIMAL_TENDER_YAML, encoding="utf-8")
    path = folder / f"offers{suffix}"
    if suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([HEADER, *rows])
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        for row in [HEADER, *rows]:
            ws.append(row)
        wb.save(path)
    return folder


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_trade_names_of_a_table_are_never_told_to_another_bidder(tmp_path, suffix):
    tender = load_tender(_folder(tmp_path, suffix))
    assert tender.offer("O1").trade_names == ("PurEclat", "Vertiflor", "Brillance Max")
    assert tender.offer("O2").trade_names == ()
    assert tender.offer("O1").price == 41250 and str(tender.offer("O1").price) == "41250"
    mentions = BidderMentions(tender)
    found = mentions.find("La gamme brillance max et PurEclat sont mieux notées.", reader="O2")
    assert [(m.offer, m.kind) for m in found] == [("O1", "trade_name"), ("O1", "trade_name")]
    assert mentions.find("La gamme PurEclat est la nôtre.", reader="O1") == ()


def test_a_numeric_id_of_an_xlsx_table_is_read_as_typed(tmp_path):
    folder = _folder(tmp_path, ".xlsx", [[1, "A", "L1", 100, 3, None], [2, "B", "L1", 90, 4, None]])
    offers, _, problems = read_offers_table(folder / "offers.xlsx")
    assert problems == [] and [o["id"] for o in offers] == ["1", "2"]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    """A genuine offers table, with a second sheet so that the hostile files keep their parts."""
    path = tmp_path_factory.mktemp("t") / "offers.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [HEADER, *ROWS]:
        ws.append(row)
    wb.create_sheet("Notes").append(["x"])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def hostile(table, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    files = make_hostile.bounded(table, out)
    files["billion_laughs"] = make_hostile.billion_laughs(table, out / "entites.xlsx")
    files["far_cell"] = make_hostile.far_cell(table, out / "xfd.xlsx")
    files["macro_bin"] = make_hostile.with_part(table, out / "vba.xlsx", "xl/vbaProject.bin")
    files["encrypted"] = make_hostile.encrypted(out / "chiffre.xlsx")
    return files


def test_the_genuine_table_is_read(table):
    offers, _, problems = read_offers_table(table)
    assert problems == [] and [o["id"] for o in offers] == ["O1", "O2"]


@pytest.mark.parametrize(
    "name",
    [
        "guide_iv100000",
        "single_quotes",
        "prefixed",
        "escaped_reference",
        "no_reference",
        "doctype_spaces",
        "shared_strings_count",
        "billion_laughs",
        "far_cell",
        "macro_bin",
        "encrypted",
    ],
)
def test_a_hostile_xlsx_offers_table_is_refused_within_a_memory_bound(tmp_path, hostile, name):
    read_offers_table(hostile["encrypted"])  # imports outside the measure
    path = hostile[name]
    tracemalloc.start()
    offers, _, problems = read_offers_table(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert offers == [] and problems, name
    assert not any("grille" in p.fix for p in problems), problems  # the table's own words
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            largest = max(i.file_size for i in zf.infolist())
    else:
        largest = path.stat().st_size
    assert peak < MEMORY_BASE + 3 * largest, f"{name}: {peak / 2**20:.1f} MiB"
    folder = tmp_path / "marche"
    folder.mkdir()
    (folder / "tender.yaml").write_text(MINIMAL_TENDER_YAML, encoding="utf-8")
    (folder / "offers.xlsx").write_bytes(path.read_bytes())
    with pytest.raises(TenderError) as info:
        load_tender(folder)
    assert all(p.file == "offers.xlsx" for p in info.value.problems)
