"""Hostile workbooks are refused before any parser, fast, with flat memory."""

from __future__ import annotations

import importlib.util
import time
import tracemalloc
from pathlib import Path

import openpyxl.xml
import pytest
from excel_tenders import small_tender

from efc_scoring.excel import GridError, UnsafeFileError, preflight, read_grids, write_grids

_spec = importlib.util.spec_from_file_location(
    "make_hostile", Path(__file__).parent / "data" / "make_hostile.py"
)
make_hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_hostile)

EXPECTED = {
    "billion_laughs": "doctype",
    "zip_bomb": "part_too_large",
    "ratio_bomb": "zip_bomb",
    "far_cell": "used_range",
    "macro_xlsm": "macro_file",
    "macro_bin": "macro",
    "activex": "activex",
    "ole_object": "ole_object",
    "external_link": "external_link",
    "data_connection": "data_connection",
    "encrypted": "encrypted",
}


@pytest.fixture(scope="module")
def tender():
    return small_tender(3)


@pytest.fixture(scope="module")
def hostile(tender, tmp_path_factory):
    [grid] = write_grids(tender, tmp_path_factory.mktemp("grid"), evaluators=["E1"], propose=False)
    files = make_hostile.build_all(grid, tmp_path_factory.mktemp("hostile"))
    with pytest.raises(GridError):  # warm up: import pandas and openpyxl outside the timings
        read_grids(tender, [grid])
    return files


def test_defusedxml_is_active():
    assert openpyxl.xml.DEFUSEDXML is True


def test_the_bomb_is_small_on_disk(hostile):
    assert hostile["zip_bomb"].stat().st_size < 2_000_000
    assert hostile["far_cell"].stat().st_size < 100_000


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_refused_fast_with_flat_memory(tender, hostile, name):
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(GridError) as info:
        read_grids(tender, [hostile[name]])
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    codes = set(info.value.failure_cases.code)
    assert EXPECTED[name] in codes, info.value.failure_cases.to_string()
    assert elapsed < 1.0, f"{name}: {elapsed:.2f} s"
    assert peak < 32 * 1024 * 1024, f"{name}: peak {peak / 2**20:.0f} MiB"
    assert hostile[name].name in str(info.value)


def test_preflight_alone_raises_unsafe_file_error(hostile):
    with pytest.raises(UnsafeFileError, match="chiffré"):
        preflight(hostile["encrypted"])
    with pytest.raises(UnsafeFileError, match="colonne 16\u202f384"):
        preflight(hostile["far_cell"])


def test_a_hostile_file_does_not_hide_the_problems_of_the_others(tender, hostile, tmp_path):
    [good] = write_grids(tender, tmp_path, evaluators=["E2"], propose=False)  # left blank
    with pytest.raises(GridError) as info:
        read_grids(tender, [hostile["billion_laughs"], good])
    cases = info.value.failure_cases
    assert "doctype" in set(cases.code) and "blank" in set(cases.code)


def test_openpyxl_itself_refuses_entities_when_preflight_is_bypassed(hostile):
    """Defence in depth: defusedxml stops the parser even if the preflight had missed it."""
    from defusedxml import DefusedXmlException

    with pytest.raises(ValueError, match="could not read strings") as info:
        openpyxl.load_workbook(hostile["billion_laughs"])
    assert isinstance(info.value.__cause__, DefusedXmlException)
