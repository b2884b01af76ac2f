"""Build hostile and broken workbooks for the grid reader's tests (and for manual checks).

Nothing binary is committed: every file is generated from a genuine grid (or from
nothing) by the functions below. Run ``python tests/excel/data/make_hostile.py OUT_DIR
GRID.xlsx`` to write them all into OUT_DIR.
"""

from __future__ import annotations

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
    return rezip(grid, dst, replace={"xl/sharedStrings.xml": BILLION_LAUGHS})


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
    for name, path in build_all(Path(sys.argv[2]), Path(sys.argv[1])).items():
        print(f"{name}: {path} ({path.stat().st_size:,} bytes)")
