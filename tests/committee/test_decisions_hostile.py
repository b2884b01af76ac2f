"""A hostile consolidated workbook given to `import-consensus` gets the grids' preflight and
caps: refused before any parser, within the grids' memory bound (tracemalloc) and, through
the command line, within CPU and address-space limits (resource limits)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender, sample_path
from efc_scoring.cli import app
from efc_scoring.committee.decisions import LEDGER_FILE
from efc_scoring.excel import GridError, Limits, find_soffice
from efc_scoring.excel.decisions import DECISION_HEADERS, read_decisions
from efc_scoring.excel.libreoffice import convert

sys.path.insert(0, str(Path(__file__).parents[1] / "io"))
from bounded import run_cli

_spec = importlib.util.spec_from_file_location(
    "make_hostile", Path(__file__).parents[1] / "excel" / "data" / "make_hostile.py"
)
make_hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_hostile)

runner = CliRunner()
#: The grids' bound (tests/excel/test_excel_bounded.py): 8 MiB plus three times the largest
#: part once inflated.
MEMORY_BASE = 8 * 1024 * 1024


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    target = tmp_path_factory.mktemp("marche") / "nettoyage"
    shutil.copytree(sample_path("nettoyage"), target)
    return target


@pytest.fixture(scope="module")
def workbook(folder):
    path = folder.parent / "synthese.xlsx"
    made = runner.invoke(app, ["agenda", str(folder), "--no-evidence", "--workbook", str(path)])
    assert made.exit_code == 0, made.output
    return path


@pytest.fixture(scope="module")
def hostile(workbook, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    files = make_hostile.bounded(workbook, out)
    files["billion_laughs"] = make_hostile.billion_laughs(workbook, out / "entites.xlsx")
    files["ratio_bomb"] = make_hostile.zip_bomb(workbook, out / "bombe.xlsx", megabytes=20)
    files["far_cell"] = make_hostile.far_cell(workbook, out / "xfd.xlsx")
    files["macro_bin"] = make_hostile.with_part(workbook, out / "vba.xlsx", "xl/vbaProject.bin")
    files["external_link"] = make_hostile.with_part(
        workbook, out / "liaison.xlsx", "xl/externalLinks/externalLink1.xml", b"<externalLink/>"
    )
    files["encrypted"] = make_hostile.encrypted(out / "chiffre.xlsx")
    macro = out / "synthese.xlsm"
    macro.write_bytes(workbook.read_bytes())
    files["macro_xlsm"] = macro
    return files


@pytest.fixture(scope="module")
def tender(folder):
    return load_tender(folder)


HOSTILE = [
    "guide_iv100000",
    "single_quotes",
    "prefixed",
    "second_reference",
    "escaped_reference",
    "no_reference",
    "doctype_spaces",
    "shared_strings_count",
    "billion_laughs",
    "ratio_bomb",
    "far_cell",
    "macro_bin",
    "external_link",
    "encrypted",
    "macro_xlsm",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_consensus_workbook_is_refused_within_the_grids_memory_bound(
    tender, hostile, name
):
    with pytest.raises(GridError):  # imports outside the measure
        read_decisions(tender, hostile["encrypted"])
    path = hostile[name]
    before = path.read_bytes()
    tracemalloc.start()
    with pytest.raises(GridError) as info:
        read_decisions(tender, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.problems, name
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            largest = max(i.file_size for i in zf.infolist())
    else:
        largest = path.stat().st_size
    assert peak < MEMORY_BASE + 3 * largest, f"{name}: {peak / 2**20:.1f} MiB"
    assert path.read_bytes() == before  # input files are never modified
    # the fixes speak of the workbook that was read, not of an evaluator's grid
    assert not any("grille" in p.fix for p in info.value.problems), info.value.problems


def test_the_caps_are_the_grids_and_can_be_given(tender, workbook):
    assert read_decisions(tender, workbook) == []  # a fresh agenda: nothing decided yet
    with pytest.raises(GridError, match=" 5 colonnes et ") as info:
        read_decisions(tender, workbook, limits=Limits(max_cols=5))
    assert "used_range" in set(info.value.failure_cases.code)


def test_a_small_far_cell_consensus_workbook_through_the_command_line_within_resource_limits(
    folder, hostile
):
    """A 22 KB workbook whose one far cell (IV100000) a value reader lays out: refused by
    `import-consensus` in a child allowed 30 s of CPU and 1 GiB of address space."""
    assert hostile["guide_iv100000"].stat().st_size < 30_000
    done = run_cli(
        "import-consensus",
        str(folder),
        str(hostile["guide_iv100000"]),
        cpu_seconds=30,
        memory_mb=1024,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "refusé avant lecture" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not (folder / LEDGER_FILE).exists()


def test_a_formula_or_a_number_form_in_a_decision_cell_is_refused_at_its_cell(
    tender, workbook, tmp_path
):
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Ordre du jour"]
    header = [c.value for c in ws[1]]
    level = header.index(DECISION_HEADERS["level"]) + 1
    ws.cell(2, level, "=2+1")
    ws.cell(2, level + 1, "Motif.")
    ws.cell(3, level, "１")
    ws.cell(3, level + 1, "Motif.")
    path = tmp_path / "formule.xlsx"
    wb.save(path)
    with pytest.raises(GridError) as info:
        read_decisions(tender, path)
    cases = info.value.failure_cases
    letter = openpyxl.utils.get_column_letter(level)
    assert sorted(cases.cell) == [f"{letter}2", f"{letter}3"]
    assert set(cases.code) == {"not_a_number"}


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice absent")
def test_decisions_typed_then_saved_by_libreoffice_are_read(tender, workbook, tmp_path):
    """The secretary types the decisions and saves the workbook in LibreOffice (shared
    strings, its own XML): the bounded reader reads them back by cell."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Ordre du jour"]
    header = [c.value for c in ws[1]]
    level = header.index(DECISION_HEADERS["level"]) + 1
    offer_col = header.index("Offre") + 1
    first = {}
    for r in range(2, ws.max_row + 1):
        first.setdefault(ws.cell(r, offer_col).value, r)
    ws.cell(first["O2"], level, 3)
    ws.cell(first["O2"], level + 1, "Coopération réelle ; agents absents du bilan.")
    typed = tmp_path / "saisi.xlsx"
    wb.save(typed)
    [saved] = convert([typed], tmp_path / "lo", "xlsx")
    [decision] = read_decisions(tender, saved)
    assert (decision.offer, decision.level) == ("O2", 3)
    assert decision.reason == "Coopération réelle ; agents absents du bilan."
    assert decision.cell == f"{openpyxl.utils.get_column_letter(level)}{first['O2']}"
