"""The bounded reader of sheet XML: the preflight's bypasses refused, each within a memory
bound (tracemalloc) and a CPU bound (resource limits in a child process), and the two
paths of the scan (byte searches, streaming parser) agreeing."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import textwrap
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from excel_tenders import small_tender
from hypothesis import given
from hypothesis import strategies as st

from efc_scoring.excel import (
    DEFAULT_LIMITS,
    GridError,
    Limits,
    inspect_workbook,
    read_grids,
    write_grids,
)
from efc_scoring.excel._xmlscan import (
    Refused,
    _exact,
    _fast,
    check_shared_strings,
    col_index,
    col_letters,
    letters_upto,
    numbers_upto,
    scan_sheet,
    shared_formulas,
)

_spec = importlib.util.spec_from_file_location(
    "make_hostile", Path(__file__).parent / "data" / "make_hostile.py"
)
make_hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_hostile)

EXPECTED = {  # file -> (code, what the message names)
    "guide_iv100000": ("used_range", "colonne 256 (IV)"),
    "single_quotes": ("used_range", "ligne 300\u202f000"),
    "prefixed": ("used_range", "colonne 16\u202f384 (XFD)"),
    "second_reference": ("unreadable", "duplicate attribute"),
    "escaped_reference": ("used_range", "colonne 16\u202f384 (XFD)"),
    "no_reference": ("cell_reference", "sans référence"),
    "doctype_spaces": ("doctype", "DOCTYPE"),
    "shared_strings_count": ("used_range", "4000000000"),
}
#: Bounds of one refusal, stated in the docs (docs/grids.md): Python allocations
#: (tracemalloc) under 8 MiB plus three times the largest part once inflated (a part is
#: read whole, and parts are at most ``max_part_bytes``), and the CPU time of a whole
#: child process, imports included (RLIMIT_CPU).
MEMORY_BASE = 8 * 1024 * 1024
CPU_SECONDS = 20


@pytest.fixture(scope="module")
def tender():
    return small_tender(3)


@pytest.fixture(scope="module")
def grid(tender, tmp_path_factory):
    [path] = write_grids(tender, tmp_path_factory.mktemp("g"), evaluators=["E1"], propose=False)
    return path


@pytest.fixture(scope="module")
def hostile(grid, tmp_path_factory):
    return make_hostile.bounded(grid, tmp_path_factory.mktemp("bounded"))


def test_the_hostile_grids_are_small(hostile):
    assert hostile["guide_iv100000"].stat().st_size < 15_000
    assert hostile["doctype_spaces"].stat().st_size < 100_000


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_refused_before_any_parser_within_a_memory_bound(tender, hostile, name):
    with pytest.raises(GridError):  # imports outside the measure
        read_grids(tender, [hostile["no_reference"]])
    tracemalloc.start()
    with pytest.raises(GridError) as info:
        read_grids(tender, [hostile[name]])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    code, words = EXPECTED[name]
    cases = info.value.failure_cases
    assert list(cases.code) == [code], cases.to_string()
    assert words in cases.message.iloc[0]
    with zipfile.ZipFile(hostile[name]) as zf:
        largest = max(i.file_size for i in zf.infolist())
    assert peak < MEMORY_BASE + 3 * largest, f"{name}: {peak / 2**20:.1f} MiB"
    data, scan, problems = inspect_workbook(hostile[name])
    assert data is None and scan is None and problems  # a reader never gets the bytes


def test_a_15_kb_grid_is_refused_within_a_cpu_and_address_space_limit(tender, hostile, tmp_path):
    """The grid that took 95-146 s and 5.9 GB: in a child process allowed 20 s of CPU and
    3 GiB of address space (the earlier reader was killed by either)."""
    script = tmp_path / "child.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, resource, sys
            resource.setrlimit(resource.RLIMIT_CPU, ({CPU_SECONDS}, {CPU_SECONDS}))
            resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
            sys.path.insert(0, {str(Path(__file__).parent)!r})
            from excel_tenders import small_tender
            from efc_scoring.excel import GridError, read_grids
            try:
                read_grids(small_tender(3), [{str(hostile["guide_iv100000"])!r}])
            except GridError as exc:
                codes = sorted(set(exc.failure_cases.code))
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(json.dumps({{"codes": codes, "cpu": usage.ru_utime + usage.ru_stime}}))
            """
        )
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["codes"] == ["used_range"]
    assert report["cpu"] < CPU_SECONDS


def test_limits_are_configurable_and_stated(tender, grid, tmp_path):
    small = Limits(max_rows=5)
    with pytest.raises(GridError) as info:
        read_grids(tender, [grid], limits=small)
    assert "au plus 5 lignes" in str(info.value)
    assert DEFAULT_LIMITS.max_cells == 1_048_576 and DEFAULT_LIMITS.max_cols == 256


def test_a_cell_beyond_the_last_is_found_whatever_its_place(tender, grid, tmp_path):
    """The extent comes from every reference, not from the last cell nor <dimension>."""
    with zipfile.ZipFile(grid) as zf:
        sheet = zf.read(make_hostile.GRID)
    early = sheet.replace(b"<sheetData>", b'<sheetData><row r="1"><c r="AZ1"><v>1</v></c></row>', 1)
    scan = scan_sheet(early, "p", max_rows=10**6, max_cols=10**5, max_cells=10**9)
    assert scan.max_col == col_index("AZ") and scan.max_row == 10
    rows = b"".join(
        f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'.encode() for r in range(9000, 10, -1)
    )
    adversarial = sheet.replace(b"</sheetData>", rows + b"</sheetData>")
    scan = scan_sheet(adversarial, "p", max_rows=10**6, max_cols=10**5, max_cells=10**9)
    assert scan.max_row == 9000


def test_both_paths_of_the_scan_agree_on_a_grid_and_its_libreoffice_copy(tender, tmp_path):
    [path] = write_grids(tender, tmp_path / "g", evaluators=["E2"], propose=False)
    wb = openpyxl.load_workbook(path)
    ws = wb["Grille"]
    ws["J5"], ws["K5"], ws["J6"], ws["K6"] = "=2+2", "=1/0", "#N/A", "texte"
    ws.merge_cells("J7:K7")
    wb.save(path)
    parts = [path]
    from efc_scoring.excel.libreoffice import convert, find_soffice

    if find_soffice() is not None:
        parts += convert([path], tmp_path / "lo", "xlsx")
    for book in parts:
        with zipfile.ZipFile(book) as zf:
            for name in zf.namelist():
                if not name.startswith("xl/worksheets/sheet"):
                    continue
                data = zf.read(name)
                fast = _fast(data, name)
                exact = _exact(data, name, 10**6, 10**5, 10**9)
                assert fast is not None, f"{book.name} {name}: not canonical"
                for field in ("max_row", "max_col", "formulas", "errors", "protected"):
                    assert getattr(fast, field) == getattr(exact, field), (book.name, name, field)
                assert sorted(fast.merged) == sorted(exact.merged)
    with zipfile.ZipFile(path) as zf:
        scan = _fast(zf.read(make_hostile.GRID), "g")
    assert scan.formulas[(5, 10)] == "=2+2" and scan.errors[(6, 10)] == "#N/A"
    assert scan.merged == ["J7:K7"] and scan.protected


_TAGS = {
    "plain": '<c r="{ref}"{t}>',
    "styled": '<c r="{ref}" s="3"{t}>',
    "single_quotes": "<c r='{ref}'{t}>",
    "other_attribute": '<c r="{ref}" x="1"{t}>',
    "reference_last": '<c s="1" r="{ref}"{t}>',
    "prefixed": '<x:c r="{ref}"{t}>',
}


@given(
    st.lists(
        st.tuples(
            st.integers(1, 3000),
            st.integers(1, 60),
            st.sampled_from(["value", "formula", "error", "formula_error", "text"]),
            st.sampled_from(sorted(_TAGS)),
        ),
        min_size=0,
        max_size=40,
    )
)
def test_the_fast_scan_agrees_with_the_exact_one_or_steps_aside(cells):
    """Bounds, formulas and error values of the byte searches equal the XML parser's on any
    order of cells (the last one need not be the farthest); a tag not in canonical form
    always sends the part to the exact path."""
    body = []
    for row, col, kind, style in cells:
        t = {"error": ' t="e"', "formula_error": ' t="e"', "text": ' t="inlineStr"'}.get(kind, "")
        inner = {
            "value": "<v>1</v>",
            "formula": "<f>SUM(A1:B2)&amp;&quot;x&quot;</f><v>2</v>",
            "error": "<v>#N/A</v>",
            "formula_error": "<f>1/0</f><v>#DIV/0!</v>",
            "text": '<is><t>&lt;c r="ZZZ9999999" t="e"&gt; x</t></is>',
        }[kind]
        tag = _TAGS[style].format(ref=f"{col_letters(col)}{row}", t=t)
        close = "</x:c>" if style == "prefixed" else "</c>"
        body.append(f'<row r="{row}">{tag}{inner}{close}</row>')
    data = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main"><sheetData>{"".join(body)}</sheetData></worksheet>'
    ).encode()
    fast = _fast(data, "p")
    exact = _exact(data, "p", 10**6, 10**5, 10**9)
    if any(style not in ("plain", "styled") for *_, style in cells):
        assert fast is None
        return
    assert fast is not None
    for field in ("cells", "max_row", "max_col", "formulas", "errors"):
        assert getattr(fast, field) == getattr(exact, field), field


@given(st.integers(0, 10**7), st.integers(1, 10**7))
def test_the_regex_of_numbers_up_to_n(n, m):
    assert bool(numbers_upto(n).match(str(m))) == (m <= n)


@given(st.integers(0, 20_000), st.integers(1, 20_000))
def test_the_regex_of_columns_up_to_n(n, m):
    assert col_index(col_letters(m)) == m
    assert bool(letters_upto(n).match(col_letters(m))) == (m <= n)


def test_streamed_writing_keeps_the_row_heights_and_flat_memory(tmp_path):
    """constant_memory: rows go to disk one by one and the heights XlsxWriter would keep for
    every row are dropped once written (the guide's rows too); the heights are in the file
    all the same, and the peak grows by under 1 KB a row (measured: 0.74 KB; 1.0 KB while
    the guide's digest entries were held until the end), against about 6 KB a row when
    every row was held (issue 15: +72 MiB for 12,000 rows)."""
    short, long = small_tender(60), small_tender(240)
    [path] = write_grids(long, tmp_path / "h", evaluators=["E1"], propose=False)
    ws = openpyxl.load_workbook(path)["Grille"]
    heights = [ws.row_dimensions[r].height for r in range(5, 5 + 480)]
    assert all(h is not None and h >= 17 for h in heights)
    guide = openpyxl.load_workbook(path)["Consignes"]
    offers = [r for r in range(1, guide.max_row + 1) if guide.cell(r, 1).value in {"O1", "O240"}]
    assert len(offers) == 2 and all(guide.row_dimensions[r].height for r in offers)
    peaks = []
    for tender in (short, long):
        write_grids(tender, tmp_path / "warm", evaluators=["E1"], propose=False)
        tracemalloc.start()
        write_grids(tender, tmp_path / f"m{len(tender.offers)}", evaluators=["E1"], propose=False)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peaks.append(top)
    assert (peaks[1] - peaks[0]) / (480 - 120) < 1024, [p / 2**20 for p in peaks]


def test_the_reader_gets_the_checked_parts_stored_once_each(grid, tmp_path):
    """inspect_workbook hands the reader a new archive of the XML parts it checked, stored
    uncompressed (nothing inflated twice), with their verified CRC-32; a name repeated in
    the file's archive appears once, as the preflight read it."""
    data, scan, problems = inspect_workbook(grid)
    assert problems == [] and data is not None and scan is not None
    with zipfile.ZipFile(grid) as original, zipfile.ZipFile(io.BytesIO(data)) as checked:
        assert checked.testzip() is None
        xml = [i for i in original.infolist() if i.filename.endswith((".xml", ".rels"))]
        assert sorted(checked.namelist()) == sorted(i.filename for i in xml)
        for info in checked.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
            assert checked.read(info) == original.read(info.filename)
        sheet = original.read(make_hostile.GRID)
    twice = tmp_path / "deux-fois.xlsx"
    with zipfile.ZipFile(grid) as src, zipfile.ZipFile(twice, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with pytest.warns(UserWarning, match="Duplicate name"):
            dst.writestr(make_hostile.GRID, sheet + b"\n")  # read last: what zipfile reads
    data, _, problems = inspect_workbook(twice)
    assert problems == [] and data is not None
    with zipfile.ZipFile(io.BytesIO(data)) as checked:
        assert checked.namelist().count(make_hostile.GRID) == 1
        assert checked.read(make_hostile.GRID) == sheet + b"\n"


@given(
    st.lists(st.tuples(st.text(max_size=5), st.text(max_size=30)), max_size=12),
    st.lists(st.lists(st.text(max_size=8), min_size=2, max_size=3), max_size=4),
    st.one_of(st.none(), st.binary(min_size=1, max_size=16)),
)
def test_the_streamed_digest_hashes_the_payload_the_reader_rebuilds(guide, rows, key):
    """The writer feeds rows and guide entries one by one and never holds the guide's part
    of the payload; its hashes are those of the payload the reader builds whole."""
    import hashlib
    import hmac

    from efc_scoring.excel._template import TemplateDigest, digest_payload, rows_json

    meta = {"format": "f", "tender_id": "é"}
    digest = TemplateDigest(meta, key)
    digest.update(rows_json(rows))
    sha, mac = digest.finish(guide)
    payload = digest_payload(meta, rows, guide)
    assert sha == hashlib.sha256(payload).hexdigest()
    assert mac == (None if key is None else hmac.new(key, payload, hashlib.sha256).hexdigest())


def test_formulas_shared_between_sheets_are_those_of_each_sheet():
    """Within one read, a sheet holding byte for byte the formulas of the sheet scanned
    before reuses their reading; any other sheet is read on its own, and only the last
    reading is kept (memory does not grow with the number of files)."""
    from efc_scoring.excel import _xmlscan

    def sheet(formulas: list[tuple[str, str]]) -> bytes:
        cells = "".join(f'<c r="{ref}"><f>{text}</f><v>0</v></c>' for ref, text in formulas)
        return f"<worksheet><sheetData><row>{cells}</row></sheetData></worksheet>".encode()

    a = sheet([("L5", "Consignes!$D$10"), ("M5", "IF(J5&gt;0,1,0)")])
    b = sheet([("L5", "Consignes!$D$11"), ("M5", "IF(J5&gt;0,1,0)")])
    moved = sheet([("L6", "Consignes!$D$10"), ("M5", "IF(J5&gt;0,1,0)")])
    alone = {name: _fast(data, "p").formulas for name, data in (("a", a), ("b", b), ("m", moved))}
    assert alone["a"] == {(5, 12): "=Consignes!$D$10", (5, 13): "=IF(J5>0,1,0)"}
    with shared_formulas():
        for name, data in (("a", a), ("a", a), ("b", b), ("a", a), ("m", moved), ("m", moved)):
            scan = _fast(data, "p")
            assert scan.formulas == alone[name]
            scan.formulas[(1, 1)] = "=changed"  # a reading handed out is the caller's own
            assert len(_xmlscan._FORMULAS.get()) == 1
    assert _xmlscan._FORMULAS.get() is None


@pytest.mark.parametrize("item", ["<si><t>a</t></si>", "<si/>", "<x:si/>"])
def test_a_shared_strings_table_holding_too_many_strings_is_refused(item):
    """Counted whatever the count it announces; a table too short to hold more items than
    allowed (each takes at least 3 bytes) is not counted."""
    table = f'<sst count="1" uniqueCount="1">{item * 40}</sst>'.encode()
    with pytest.raises(Refused, match="contient 40 textes"):
        check_shared_strings(table, "xl/sharedStrings.xml", 39)
    check_shared_strings(table, "xl/sharedStrings.xml", 40)
    check_shared_strings(table, "xl/sharedStrings.xml", len(table) // 3)
