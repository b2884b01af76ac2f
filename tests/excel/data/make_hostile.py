"""Build hostile and broken workbooks for the grid reader's tests (and for manual checks).

Nothing binary is committed: every file is generated from a genuine grid (or from
nothing) by the functions below. Run ``python tests/excel/data/make_hostile.py OUT_DIR
GRID.xlsx`` to write them all into OUT_DIR.
"""

from __future__ import annotations

import random
import sys
import zipfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol9;</t></si></sst>
"""


def rezip(
    src: Path,
    dst: Path,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """Copy the zip ``src`` to ``dst``, replacing and adding parts."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def billion_laughs(grid: Path, dst: Path) -> Path:
    """Entities in the shared strings (added when the grid writes its strings inline)."""
    with zipfile.ZipFile(grid) as zin:
        present = "xl/sharedStrings.xml" in zin.namelist()
    if present:
        return rezip(grid, dst, replace={"xl/sharedStrings.xml": BILLION_LAUGHS})
    with zipfile.ZipFile(grid) as zin:  # declare the part, so that every reader opens it
        types = zin.read("[Content_Types].xml").replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        rels = zin.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>",
            b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            b"</Relationships>",
        )
    return rezip(
        grid,
        dst,
        replace={"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
        add={"xl/sharedStrings.xml": BILLION_LAUGHS},
    )


def zip_bomb(grid: Path, dst: Path, megabytes: int = 200) -> Path:
    """A sheet part inflating to ``megabytes`` MB (a few hundred KB on disk)."""
    row = b'<row r="5"><c r="J5" t="s"><v>0</v></c></row>' * 2000
    with (
        zipfile.ZipFile(grid) as zin,
        zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout,
    ):
        for info in zin.infolist():
            if info.filename == "xl/worksheets/sheet2.xml":
                with zout.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                    for _ in range(megabytes * 1024 * 1024 // len(row)):
                        fh.write(row)
                    fh.write(b"</sheetData></worksheet>")
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    return dst


def far_cell(grid: Path, dst: Path) -> Path:
    """The grid with one more cell at XFD1048576 (the last cell of a sheet)."""
    with zipfile.ZipFile(grid) as zin:
        sheet = zin.read("xl/worksheets/sheet2.xml")
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    return rezip(
        grid, dst, replace={"xl/worksheets/sheet2.xml": sheet.replace(b"</sheetData>", far)}
    )


def _sheet_with(grid: Path, dst: Path, sheet: str, cells: bytes) -> Path:
    """The grid with ``cells`` (a ``<row>``) added at the end of the sheet part ``sheet``."""
    with zipfile.ZipFile(grid) as zin:
        data = zin.read(sheet)
    return rezip(grid, dst, replace={sheet: data.replace(b"</sheetData>", cells + b"</sheetData>")})


GUIDE = "xl/worksheets/sheet1.xml"  # « Consignes »
GRID = "xl/worksheets/sheet2.xml"  # « Grille »


def guide_iv100000(grid: Path, dst: Path) -> Path:
    """A cell at IV100000 on the instructions sheet: within 100,000 rows and 256 columns,
    but 25.6 million cells from A1 that a value reader would lay out."""
    return _sheet_with(grid, dst, GUIDE, b'<row r="100000"><c r="IV100000"><v>1</v></c></row>')


def single_quotes(grid: Path, dst: Path) -> Path:
    """A far cell whose reference is in single quotes (r='ZZ300000')."""
    return _sheet_with(grid, dst, GRID, b"<row r='300000'><c r='ZZ300000'><v>1</v></c></row>")


def prefixed(grid: Path, dst: Path) -> Path:
    """A far cell under a namespace prefix (<x:c r="XFD1048576">)."""
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return _sheet_with(
        grid,
        dst,
        GRID,
        b'<x:row xmlns:x="' + ns + b'" r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
    )


def second_reference(grid: Path, dst: Path) -> Path:
    """A cell with two references: python-calamine takes the last one."""
    return _sheet_with(grid, dst, GRID, b'<row r="20"><c r="A20" r="XFD20"><v>1</v></c></row>')


def escaped_reference(grid: Path, dst: Path) -> Path:
    """A reference written with a character reference (r="&#88;FD20", that is XFD20)."""
    return _sheet_with(grid, dst, GRID, b'<row r="20"><c r="&#88;FD20"><v>1</v></c></row>')


def no_reference(grid: Path, dst: Path, cells: int = 20_000) -> Path:
    """A row of cells without references: each takes the next column."""
    return _sheet_with(grid, dst, GRID, b'<row r="20">' + b"<c><v>1</v></c>" * cells + b"</row>")


def doctype_spaces(grid: Path, dst: Path, spaces: int = 3 * 1024 * 1024) -> Path:
    """A DOCTYPE declaration whose name comes after 3 MiB of spaces (a 3 KB file)."""
    with zipfile.ZipFile(grid) as zin:
        data = zin.read(GRID)
    head, _, rest = data.partition(b"?>")
    # random text in a comment keeps the compression ratio under the zip-bomb check
    filler = b"<!-- " + random.Random(0).randbytes(48_000).hex().encode() + b" -->"
    doctype = b"<!" + b" " * spaces + b'DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    return rezip(grid, dst, replace={GRID: head + b"?>\n" + doctype + filler + rest})


def shared_strings_count(grid: Path, dst: Path) -> Path:
    """A shared-strings table announcing 4 billion strings (python-calamine reserves memory
    for them and aborts the process)."""
    sst = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>'
    )
    with zipfile.ZipFile(grid) as zin:
        names = zin.namelist()
    if "xl/sharedStrings.xml" in names:
        return rezip(grid, dst, replace={"xl/sharedStrings.xml": sst})
    return rezip(grid, dst, add={"xl/sharedStrings.xml": sst})


def bounded(grid: Path, out: Path) -> dict[str, Path]:
    """The files that bypassed the earlier preflight, and their cousins, by name."""
    out.mkdir(parents=True, exist_ok=True)
    return {
        "guide_iv100000": guide_iv100000(grid, out / "grille-iv100000.xlsx"),
        "single_quotes": single_quotes(grid, out / "grille-apostrophes.xlsx"),
        "prefixed": prefixed(grid, out / "grille-prefixe.xlsx"),
        "second_reference": second_reference(grid, out / "grille-double-ref.xlsx"),
        "escaped_reference": escaped_reference(grid, out / "grille-ref-echappee.xlsx"),
        "no_reference": no_reference(grid, out / "grille-sans-ref.xlsx"),
        "doctype_spaces": doctype_spaces(grid, out / "grille-doctype-espaces.xlsx"),
        "shared_strings_count": shared_strings_count(grid, out / "grille-sst.xlsx"),
    }


def with_part(grid: Path, dst: Path, name: str, data: bytes = b"\x00" * 64) -> Path:
    return rezip(grid, dst, add={name: data})


def encrypted(dst: Path) -> Path:
    dst.write_bytes(OLE2 + b"\x00" * 4088)
    return dst


def build_all(grid: Path, out: Path) -> dict[str, Path]:
    """Every hostile file, by name."""
    out.mkdir(parents=True, exist_ok=True)
    macro_xlsm = out / "grille-macro.xlsm"
    macro_xlsm.write_bytes(grid.read_bytes())
    return {
        "billion_laughs": billion_laughs(grid, out / "grille-entites.xlsx"),
        "zip_bomb": zip_bomb(grid, out / "grille-bombe.xlsx"),
        "ratio_bomb": zip_bomb(grid, out / "grille-bombe-20.xlsx", megabytes=20),
        "far_cell": far_cell(grid, out / "grille-xfd.xlsx"),
        "macro_xlsm": macro_xlsm,
        "macro_bin": with_part(grid, out / "grille-vba.xlsx", "xl/vbaProject.bin"),
        "activex": with_part(
            grid, out / "grille-activex.xlsx", "xl/activeX/activeX1.xml", b"<ax/>"
        ),
        "ole_object": with_part(grid, out / "grille-ole.xlsx", "xl/embeddings/oleObject1.bin"),
        "external_link": with_part(
            grid,
            out / "grille-liaison.xlsx",
            "xl/externalLinks/externalLink1.xml",
            b"<externalLink/>",
        ),
        "data_connection": with_part(
            grid, out / "grille-connexion.xlsx", "xl/connections.xml", b"<connections/>"
        ),
        "encrypted": encrypted(out / "grille-chiffree.xlsx"),
    }


if __name__ == "__main__":  # pragma: no cover
    files = {**build_all(Path(sys.argv[2]), Path(sys.argv[1]))}
    files.update(bounded(Path(sys.argv[2]), Path(sys.argv[1])))
    for name, path in files.items():
        print(f"{name}: {path} ({path.stat().st_size:,} bytes)")
