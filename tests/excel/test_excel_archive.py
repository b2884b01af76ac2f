"""The preflight's own reading of the archive and of markup: a part is inflated to at most
its stated size, a damaged archive is refused as zipfile refuses it, and the search for
``<!`` and ``<?`` finds every one whatever the number of ``!`` and ``?`` around."""

from __future__ import annotations

import io
import re
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from excel_tenders import small_tender
from hypothesis import given
from hypothesis import strategies as st

from efc_scoring.excel import inspect_workbook, read_grids, write_grids
from efc_scoring.excel._xmlscan import Refused, markup


@pytest.fixture(scope="module")
def tender():
    return small_tender(2)


@pytest.fixture(scope="module")
def grid(tender, tmp_path_factory):
    [path] = write_grids(tender, tmp_path_factory.mktemp("grid"), evaluators=["E1"], propose=False)
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return bytearray(buf.getvalue())


def _state_size(archive: bytearray, real: int, stated: int) -> None:
    """Write ``stated`` for the uncompressed size ``real`` in the local and central headers."""
    changed = 0
    for magic, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = archive.find(magic)
        while at >= 0:
            if struct.unpack_from("<L", archive, at + offset)[0] == real:
                struct.pack_into("<L", archive, at + offset, stated)
                changed += 1
            at = archive.find(magic, at + 4)
    assert changed == 2


def test_a_part_lying_about_its_size_is_refused_before_it_is_inflated(grid, tmp_path):
    """300 MiB of spaces stated as 1,000 bytes, in a file of 0.3 MB: within every limit of
    the directory. zipfile inflates such a part whole before it checks the CRC (600 MiB of
    Python allocations); the preflight stops one byte past the stated size."""
    parts = _parts(grid)
    big = b"<sst>" + b" " * (300 * 2**20) + b"</sst>"
    archive = _zip({**parts, "xl/sharedStrings.xml": big})
    _state_size(archive, len(big), 1000)
    path = tmp_path / "grille-E1.xlsx"
    path.write_bytes(bytes(archive))
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    data, scan, problems = inspect_workbook(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert data is None and scan is None
    assert [p.code for p in problems] == ["corrupt"]
    assert "plus longue que sa taille annoncée" in problems[0].message
    assert peak < 16 * 2**20, f"peak {peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_part_shorter_than_stated_or_with_a_wrong_crc_is_refused(grid, tmp_path, method):
    parts = _parts(grid)
    sheet = parts["xl/worksheets/sheet2.xml"]
    archive = _zip(parts, method)
    _state_size(archive, len(sheet), len(sheet) + 10)
    short = tmp_path / "short.xlsx"
    short.write_bytes(bytes(archive))
    assert [p.code for p in inspect_workbook(short)[2]] == ["corrupt"]
    with zipfile.ZipFile(io.BytesIO(bytes(_zip(parts, method)))) as zf:
        info = zf.getinfo("xl/worksheets/sheet2.xml")
    archive = _zip(parts, method)
    at = archive.find(b"PK\x01\x02")
    while struct.unpack_from("<L", archive, at + 16)[0] != info.CRC:
        at = archive.find(b"PK\x01\x02", at + 4)
    struct.pack_into("<L", archive, at + 16, info.CRC ^ 1)  # the directory's CRC-32
    crc = tmp_path / "crc.xlsx"
    crc.write_bytes(bytes(archive))
    problems = inspect_workbook(crc)[2]
    assert [p.code for p in problems] == ["corrupt"]
    assert "CRC-32" in problems[0].message


def test_a_stored_archive_reads_as_its_deflated_copy(tender, grid, tmp_path):
    """The parts of a grid stored uncompressed (some programs write them so) read the same."""
    import openpyxl

    wb = openpyxl.load_workbook(grid)
    rows = list(wb["Grille"].iter_rows(min_row=5))
    for i, row in enumerate(rows):
        row[9].value, row[10].value = i % 6, f"Motif {i}"
    filled = tmp_path / "deflated" / grid.name
    filled.parent.mkdir()
    wb.save(filled)
    stored = tmp_path / "stored" / grid.name
    stored.parent.mkdir()
    stored.write_bytes(bytes(_zip(_parts(filled), zipfile.ZIP_STORED)))
    with zipfile.ZipFile(stored) as zf:
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
    a, b = read_grids(tender, [filled]), read_grids(tender, [stored])
    assert len(a) == len(rows) > 0
    columns = ["evaluator", "offer", "criterion", "value", "justification", "cell"]
    assert a[columns].equals(b[columns])


def test_a_renamed_local_header_or_a_method_not_supported_is_refused(grid, tmp_path):
    parts = _parts(grid)
    archive = _zip(parts)
    at = archive.find(b"PK\x03\x04")  # the first local header: its name changed
    n = struct.unpack_from("<H", archive, at + 26)[0]
    archive[at + 30 : at + 30 + n] = b"Z" * n
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(bytes(archive))
    assert [p.code for p in inspect_workbook(renamed)[2]] == ["corrupt"]
    archive = _zip(parts)
    at = archive.find(b"PK\x01\x02")
    struct.pack_into("<H", archive, at + 10, 14)  # LZMA, in the directory
    lzma = tmp_path / "lzma.xlsx"
    lzma.write_bytes(bytes(archive))
    problems = inspect_workbook(lzma)[2]
    assert [p.code for p in problems] == ["corrupt"]


_ALL = re.compile(rb"<[!?]")
_DECLARATION = re.compile(rb"<!\s*[A-Za-z]")


def _by_regex(data: bytes) -> bool | str:
    """What markup() answers, by one regex search of every ``<!`` and ``<?``."""
    other = False
    for m in _ALL.finditer(data):
        if _DECLARATION.match(data, m.start()):
            return "refused"
        if not (m.start() <= 3 and data.startswith(b"<?xml", m.start())):
            other = True
    return other


@given(
    st.lists(
        st.sampled_from([b"<", b"!", b"?", b"x", b" ", b"<?xml ?>", b"<!-- -->", b"<!E", b"\n"]),
        max_size=60,
    ),
    st.integers(0, 3000),
    st.integers(0, 3000),
)
def test_markup_finds_every_declaration_however_many_marks_surround_it(pieces, before, after):
    """``!`` or ``?`` frequent (the search then goes on by regex) or rare, at any place."""
    data = b"!" * before + b"".join(pieces) + b"?" * after
    try:
        found: bool | str = markup(data, "p")
    except Refused:
        found = "refused"
    assert found == _by_regex(data)


def test_markup_refuses_a_declaration_after_many_exclamation_marks():
    data = b'<?xml version="1.0"?><a>' + b"!" * 100_000 + b"<! DOCTYPE a></a>"
    with pytest.raises(Refused):
        markup(data, "p")
    assert markup(b'\xef\xbb\xbf<?xml version="1.0"?><a>!?</a>', "p") is False
    assert markup(b'<?xml version="1.0"?><a><?pi x?></a>', "p") is True
