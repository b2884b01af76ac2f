"""Checks a returned workbook before any XML parser or spreadsheet reader touches it.

A grid comes back from outside: it may be mangled, or built to harm. Before
any reader opens it, :func:`preflight` looks at the file as bytes and as a zip
archive, with fixed budgets (:class:`Limits`):

- the file size, and the extension (``.xlsm`` and other macro formats are refused);
- an OLE2 container (an encrypted workbook, or an old ``.xls``) is refused;
- the number of parts, the uncompressed size of each and of all, and the
  compression ratio (a zip bomb inflates a small file into a huge sheet), read
  from the zip directory; a part is inflated to at most one byte more than its
  stated size, so that one lying about it is refused before it takes more
  memory (it also fails its CRC);
- macros (``vbaProject.bin``), ActiveX controls, embedded OLE objects, external
  links and data connections;
- a markup declaration (``<!DOCTYPE``, ``<!ENTITY``...) anywhere in any XML
  part (billion laughs, XXE), whatever spaces follow ``<!``;
- the sheets the workbook declares, found as a spreadsheet reader finds them
  (``xl/workbook.xml`` and its relationships), each inside ``xl/worksheets/``;
- the real extent of every sheet, read from the cell references themselves
  (the ``<dimension>`` element can lie), whatever their namespace prefix and
  quotes: at most ``max_rows`` rows and ``max_cols`` columns, and at most
  ``max_cells`` cells in the rectangle from A1 to the last cell, per sheet
  and for all sheets together (a value reader lays that rectangle out in
  memory); a cell without a plain reference is refused;
- the shared-strings table: at most ``max_cells`` strings, announced or held.

The same single pass collects what a fast value reader does not report:
formulas, error values, merged cells, sheet protection and the date the file
was last saved (:class:`WorkbookScan`); :func:`~efc_scoring.excel.read_grids`
then reads the values with python-calamine, which is only ever given the
parts that passed: the XML parts as the preflight read them, stored
uncompressed in a new archive, so that nothing is inflated twice and nothing
but what was checked is read. While a file is being checked, memory holds its
parts read so far (each at most ``max_part_bytes``, all at most
``max_total_bytes``), dropped at the first refusal; nothing is laid out cell
by cell.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from efc_scoring.errors import DefusedXmlMissingError, ErrorCode
from efc_scoring.excel._xmlscan import (
    Refused,
    SheetScan,
    attributes,
    check_shared_strings,
    markup,
    scan_sheet,
    unescape,
)
from efc_scoring.excel.problems import GridProblem, UnsafeFileError
from efc_scoring.present import number as _n

__all__ = [
    "DEFAULT_LIMITS",
    "DefusedXmlMissingError",
    "Limits",
    "WorkbookScan",
    "check_defusedxml",
    "inspect_workbook",
    "preflight",
    "preflight_problems",
]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PFX = rb"(?:[A-Za-z_][\w.\-]*:)?"
_ATTRS = rb"""(?:\s+[^\s=/>"'<]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*"""
_SHEET = re.compile(rb"<" + _PFX + rb"sheet(" + _ATTRS + rb")\s*/?>")
_RELATIONSHIP = re.compile(rb"<" + _PFX + rb"Relationship(" + _ATTRS + rb")\s*/?>")
_MODIFIED = re.compile(rb"<" + _PFX + rb"modified(?:" + _ATTRS + rb")\s*>([^<]*)<")
_W3CDTF = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?\s*\Z")
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_SHARED_STRINGS = "xl/sharedStrings.xml"
_CORE = "docProps/core.xml"
# What reading a damaged or unusual archive raises (bad CRC or deflate data, an
# encrypted or unsupported member, a truncated directory).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)


@dataclass(frozen=True)
class Limits:
    """Budgets of a returned grid; a file over any of them is refused.

    ``max_rows`` and ``max_cols`` bound each sheet; ``max_cells`` bounds the
    rectangle from A1 to the last cell of each sheet and of all sheets
    together, the cells written in a sheet, and the strings of the
    shared-strings table. A generated grid of 300 offers and 40 marked
    criteria is 12,004 rows of 13 columns (156,052 cells).
    """

    max_file_bytes: int = 20 * 1024 * 1024
    max_parts: int = 400
    max_part_bytes: int = 40 * 1024 * 1024
    max_total_bytes: int = 150 * 1024 * 1024
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1024 * 1024  # ratios of smaller parts do not matter
    max_rows: int = 100_000
    max_cols: int = 256
    max_cells: int = 1_048_576


DEFAULT_LIMITS = Limits()


@dataclass
class WorkbookScan:
    """What the preflight learnt of a workbook that may be read.

    ``sheets`` maps each worksheet's name, in workbook order, to what its part
    holds beyond values (formulas, error values, merged cells, protection);
    ``modified`` is when the file was last saved (``docProps/core.xml``, UTC).
    """

    sheets: dict[str, SheetScan] = field(default_factory=dict)
    modified: datetime | None = None


def check_defusedxml() -> None:
    """Raise unless openpyxl parses with defusedxml (which refuses entity expansion)."""
    import openpyxl.xml

    if not getattr(openpyxl.xml, "DEFUSEDXML", False):
        raise DefusedXmlMissingError(
            "openpyxl n'utilise pas defusedxml : installer `defusedxml` et ne pas régler "
            "OPENPYXL_DEFUSEDXML=False ; sans lui, aucune grille venue de l'extérieur n'est lue"
        )


def preflight(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise :class:`UnsafeFileError` if the file must not be parsed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "grille.xlsx"
    >>> _ = bad.write_bytes(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(504))
    >>> preflight(bad)
    Traceback (most recent call last):
    ...
    efc_scoring.errors.UnsafeFileError: ...grille.xlsx est refusé avant lecture:
      - grille.xlsx: fichier chiffré (protégé par mot de passe à l'ouverture) ou ancien format .xls
        → enregistrer en .xlsx sans mot de passe à l'ouverture
    """
    problems = preflight_problems(path, limits)
    if problems:
        raise UnsafeFileError(problems, summary=f"{path} est refusé avant lecture")


def preflight_problems(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> list[GridProblem]:
    """The reasons to refuse the file ``path`` (an empty list when it may be parsed)."""
    return inspect_workbook(path, limits)[2]


#: What the fixes of a refusal call the file, per kind of workbook read through the
#: preflight: the phrase for the file as written by efc_scoring, the plain noun, and the
#: noun after « de ».
DOCUMENTS: dict[str, tuple[str, str, str]] = {
    "grid": ("la grille générée", "la grille", "de la grille"),
    "offers": (
        "le tableau des offres d'origine",
        "le tableau des offres",
        "du tableau des offres",
    ),
    "decisions": (
        "le classeur de synthèse écrit par efc-scoring",
        "le classeur de synthèse",
        "du classeur de synthèse",
    ),
}


def inspect_workbook(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, *, document: str = "grid"
) -> tuple[bytes | None, WorkbookScan | None, list[GridProblem]]:
    """Read ``path`` once and check it: the bytes to read, its scan, and the reasons to
    refuse it.

    ``document`` names the kind of workbook (a key of :data:`DOCUMENTS`: ``"grid"``,
    ``"offers"``, ``"decisions"``) so that each fix says what to send back or save
    (« renvoyer le tableau des offres d'origine », not the grid's words).

    The bytes are an archive of the XML parts that were checked, stored
    uncompressed (a value reader inflates nothing again); they and the scan
    are None when the file is refused, and a reader must then not open it.
    Readers use the returned bytes, not the file again, so that what was
    checked is what is read.

    Examples
    --------
    >>> import tempfile
    >>> from efc_scoring import load_tender, sample_path
    >>> from efc_scoring.excel import write_grids
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> [path] = write_grids(tender, tempfile.mkdtemp(), evaluators=["agente"], propose=False)
    >>> data, scan, problems = inspect_workbook(path)
    >>> problems, list(scan.sheets), scan.sheets["Grille"].protected
    ([], ['Consignes', 'Grille', '_meta'], True)
    >>> scan.sheets["Grille"].formulas[(5, 12)]
    '=Consignes!$D$38'
    """
    data, scan, problems = _inspect(Path(path), limits)
    if document == "grid" or not problems:
        return data, scan, problems
    generated, noun, of_noun = DOCUMENTS[document]
    return (
        data,
        scan,
        [
            replace(
                p,
                fix=p.fix.replace("la grille générée", generated)
                .replace("de la grille", of_noun)
                .replace("la grille", noun),
            )
            for p in problems
        ],
    )


def _inspect(
    path: Path, limits: Limits
) -> tuple[bytes | None, WorkbookScan | None, list[GridProblem]]:
    name = path.name

    def bad(code: str, message: str, fix: str) -> tuple[None, None, list[GridProblem]]:
        return None, None, [GridProblem(name, "", message, fix, code=code)]

    if not path.is_file():
        return bad("missing", "fichier introuvable", "vérifier le chemin")
    suffix = path.suffix.lower()
    if suffix in {".xlsm", ".xltm", ".xlam"}:
        return bad(
            "macro_file",
            f"classeur avec macros ({suffix}) refusé",
            "enregistrer la grille au format .xlsx (« Classeur Excel »)",
        )
    if suffix not in {".xlsx", ".xltx"}:
        return bad(
            "format",
            f"format {suffix or 'sans extension'} non pris en charge",
            "enregistrer la grille au format .xlsx (« Classeur Excel »)",
        )
    size = path.stat().st_size
    if size <= limits.max_file_bytes:
        with path.open("rb") as fh:  # at most one byte more than announced: it may grow
            data = fh.read(size + 1)
        size = len(data)
    if size > limits.max_file_bytes:
        return bad(
            "too_large",
            f"fichier de {_n(size)} octets (au plus {_n(limits.max_file_bytes)})",
            "renvoyer la grille générée, sans images ni pièces jointes",
        )
    if data[:8] == _OLE2:
        return bad(
            "encrypted",
            "fichier chiffré (protégé par mot de passe à l'ouverture) ou ancien format .xls",
            "enregistrer en .xlsx sans mot de passe à l'ouverture",
        )
    if not data.startswith(b"PK"):
        return bad(
            "not_xlsx",
            "ce n'est pas un classeur .xlsx (pas une archive zip)",
            "renvoyer le fichier .xlsx de la grille",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            archive = _Archive(zf, data)
            problems = _check_zip(archive, name, limits)
            if problems:
                return None, None, problems
            scan, parts, problems = _scan_parts(archive, name, limits)
    except _ZIP_ERRORS as exc:
        return bad("corrupt", f"archive illisible ({exc})", "renvoyer le fichier d'origine")
    if problems:
        return None, None, problems
    return _stored(parts), scan, []


def _stored(parts: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """A zip archive of the checked ``parts``, stored uncompressed.

    A reader then inflates nothing a second time, and finds nothing but what was
    checked (one entry a name, as the preflight read it). The CRC-32 of each part is
    the one its inflation was verified against (zipfile checks it on reading).
    """
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for info, data in parts:
        name = info.filename.encode("utf-8")
        flags = 0 if name.isascii() else 0x800  # the name in UTF-8
        size = len(data)
        head = struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, flags, 0, 0, 0x21, info.CRC, size, size, len(name), 0
        )
        out += (head, name, data)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                flags,
                0,
                0,
                0x21,
                info.CRC,
                size,
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
        offset += len(head) + len(name) + size
    directory = b"".join(central)
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), offset, 0
    )
    return b"".join([*out, directory, end])


class _Archive:
    """A zip archive held in memory: its directory (``zipfile``) and its parts, each read
    at most once and inflated to at most one byte more than the size the directory
    states (``zipfile`` inflates a part whole, whatever it says, before checking it)."""

    _LOCAL = struct.Struct("<4s5H3L2H")  # a local file header, before its name and extra

    def __init__(self, zf: zipfile.ZipFile, data: bytes) -> None:
        self.zf = zf
        self._data = memoryview(data)

    def infolist(self) -> list[zipfile.ZipInfo]:
        return self.zf.infolist()

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """The part's bytes, checked against the directory: its name, size and CRC-32."""
        at = info.header_offset
        head = self._data[at : at + self._LOCAL.size]
        if len(head) < self._LOCAL.size:
            raise zipfile.BadZipFile(f"en-tête de {info.filename!r} tronqué")
        magic, _, flags, _, _, _, _, _, _, n_name, n_extra = self._LOCAL.unpack(head)
        if magic != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"en-tête de {info.filename!r} invalide")
        if (flags | info.flag_bits) & 0x61:  # encrypted, patched, strongly encrypted
            raise NotImplementedError(f"partie {info.filename!r} chiffrée")
        start = at + self._LOCAL.size
        local = bytes(self._data[start : start + n_name])
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        if local.decode(encoding, "replace") != info.orig_filename:
            raise zipfile.BadZipFile(f"nom de {info.filename!r} différent dans son en-tête")
        start += n_name + n_extra
        packed = self._data[start : start + info.compress_size]
        if len(packed) < info.compress_size:
            raise zipfile.BadZipFile(f"partie {info.filename!r} tronquée")
        if info.compress_type == zipfile.ZIP_STORED:
            out = bytes(packed)
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            inflater = zlib.decompressobj(-15)
            out = inflater.decompress(packed, info.file_size + 1)
            if not inflater.eof:
                raise zipfile.BadZipFile(
                    f"partie {info.filename!r} plus longue que sa taille annoncée, ou tronquée"
                )
        else:
            raise NotImplementedError(f"compression {info.compress_type} non prise en charge")
        if len(out) != info.file_size:
            raise zipfile.BadZipFile(f"partie {info.filename!r} d'une autre taille qu'annoncé")
        if zlib.crc32(out) != info.CRC:
            raise zipfile.BadZipFile(f"CRC-32 faux pour la partie {info.filename!r}")
        return out


def _check_zip(zf: _Archive, name: str, limits: Limits) -> list[GridProblem]:
    """The checks of the zip directory: sizes, ratios, forbidden parts."""
    infos = zf.infolist()
    out: list[GridProblem] = []

    def add(code: str, message: str, fix: str, part: str = "") -> None:
        out.append(GridProblem(name, part, message, fix, code=code))

    if len(infos) > limits.max_parts:
        add(
            "too_many_parts",
            f"{len(infos)} parties dans l'archive (au plus {limits.max_parts})",
            "renvoyer la grille générée",
        )
        return out
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_part_bytes:
            add(
                "part_too_large",
                f"la partie {info.filename} fait {_n(info.file_size)} octets une "
                f"fois décompressée (au plus {_n(limits.max_part_bytes)})",
                "renvoyer la grille générée",
                info.filename,
            )
        elif info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            1, info.compress_size
        ):
            add(
                "zip_bomb",
                f"la partie {info.filename} se décompresse "
                f"{info.file_size // max(1, info.compress_size)} "
                f"fois (au plus {limits.max_ratio:g}) : bombe de décompression probable",
                "renvoyer la grille générée",
                info.filename,
            )
    if total > limits.max_total_bytes:
        add(
            "zip_bomb",
            f"l'archive se décompresse en {_n(total)} octets "
            f"(au plus {_n(limits.max_total_bytes)})",
            "renvoyer la grille générée",
        )
    if out:
        return out
    names = [i.filename for i in infos]
    lower = [n.lower() for n in names]
    for n, low in zip(names, lower, strict=True):
        if low.endswith("vbaproject.bin") or "vbadata" in low:
            add(
                "macro",
                f"le classeur contient des macros ({n})",
                "enregistrer en .xlsx : Excel supprime alors les macros",
                n,
            )
        elif "/activex/" in low or low.startswith("activex/"):
            add(
                "activex",
                f"le classeur contient des contrôles ActiveX ({n})",
                "supprimer les contrôles et enregistrer en .xlsx",
                n,
            )
        elif "/embeddings/" in low or "oleobject" in low:
            add(
                "ole_object",
                f"le classeur contient un objet incorporé ({n})",
                "supprimer l'objet incorporé",
                n,
            )
        elif "/externallinks/" in low:
            add(
                "external_link",
                f"le classeur contient une liaison vers un autre fichier ({n})",
                "supprimer les liaisons (Données > Modifier les liens)",
                n,
            )
        elif (
            low.endswith("connections.xml") or "/querytables/" in low or low.startswith("xl/model/")
        ):
            add(
                "data_connection",
                f"le classeur contient une connexion de données ({n})",
                "supprimer les connexions de données",
                n,
            )
    types = [
        zf.read(i) for i, low in zip(infos, lower, strict=True) if low == "[content_types].xml"
    ]
    if any(b"macroenabled" in t.lower() for t in types) and not any(p.code == "macro" for p in out):
        add(
            "macro",
            "le classeur est déclaré « avec macros »",
            "enregistrer en .xlsx (« Classeur Excel »)",
        )
    return out


def _scan_parts(
    zf: _Archive, name: str, limits: Limits
) -> tuple[WorkbookScan, list[tuple[zipfile.ZipInfo, bytes]], list[GridProblem]]:
    """Every XML part once: declarations, the declared sheets, their extent and contents;
    the parts themselves, kept for the reader while none is refused."""
    infos = {i.filename: i for i in zf.infolist()}
    out: list[GridProblem] = []
    workbook = WorkbookScan()
    kept: list[tuple[zipfile.ZipInfo, bytes]] = []

    def add(refusal: Refused, part: str) -> None:
        out.append(GridProblem(name, part, refusal.message, refusal.fix, code=refusal.code))
        kept.clear()  # a refused file is never read: its parts need not be held

    xml_parts = [n for n in infos if n.lower().endswith((".xml", ".rels", ".vml"))]
    texts: dict[str, bytes] = {}
    for part in (_WORKBOOK, _WORKBOOK_RELS, _CORE):  # small: read first, to find the sheets
        if part in infos:
            texts[part] = zf.read(infos[part])
            try:
                markup(texts[part], part)
            except Refused as refusal:
                add(refusal, part)
    if out:
        return workbook, kept, out
    try:
        declared = _declared_sheets(texts, set(infos))
    except Refused as refusal:
        add(refusal, _WORKBOOK)
        return workbook, kept, out
    sheet_parts = set(declared.values()) | {
        n for n in xml_parts if n.startswith("xl/worksheets/") and n.endswith(".xml")
    }
    scans: dict[str, SheetScan] = {}
    area = 0
    for part in xml_parts:
        if part in texts:
            if not out:
                kept.append((infos[part], texts[part]))
            continue
        data = zf.read(infos[part])
        try:
            if part in sheet_parts:
                scan = scan_sheet(
                    data,
                    part,
                    max_rows=limits.max_rows,
                    max_cols=limits.max_cols,
                    max_cells=limits.max_cells,
                )
                scans[part] = scan
                area += scan.area
            else:
                markup(data, part)
                if part == _SHARED_STRINGS:
                    check_shared_strings(data, part, limits.max_cells)
        except Refused as refusal:
            add(refusal, part)
        if not out:
            kept.append((infos[part], data))
        del data
    if not out and area > limits.max_cells:
        out.append(
            GridProblem(
                name,
                "",
                f"les feuilles réunies s'étendent sur {_n(area)} cellules (de A1 à leur dernière "
                f"cellule ; au plus {_n(limits.max_cells)})",
                "supprimer les cellules éloignées des tableaux ou renvoyer la grille générée",
                code=ErrorCode.USED_RANGE,
            )
        )
    workbook.sheets = {sheet: scans[part] for sheet, part in declared.items() if part in scans}
    workbook.modified = _modified(texts.get(_CORE, b""))
    return workbook, kept, out


def _declared_sheets(texts: dict[str, bytes], parts: set[str]) -> dict[str, str]:
    """Worksheet name -> part, resolved as python-calamine resolves them."""
    if _WORKBOOK not in texts:
        return {}
    targets = {}
    for m in _RELATIONSHIP.finditer(texts.get(_WORKBOOK_RELS, b"")):
        attrs = attributes(m.group(1))
        if "Id" in attrs and "Target" in attrs:
            targets[attrs["Id"]] = attrs["Target"]
    sheets: dict[str, str] = {}
    for m in _SHEET.finditer(texts[_WORKBOOK]):
        attrs = attributes(m.group(1))
        rid = attrs.get("r:id", attrs.get("relationships:id"))
        target = targets.get(rid or "")
        if target is None:
            continue  # the reader cannot open it either
        if target.startswith("/xl/"):
            part = target[1:]
        elif target.startswith("xl/"):
            part = target
        else:
            part = "xl/" + target
        if part.split("/")[1:2] != ["worksheets"]:
            continue  # a chart or dialog sheet: never read
        if part not in parts:
            raise Refused(
                "unreadable",
                f"la feuille « {attrs.get('name', '?')} » renvoie à une partie absente ({part})",
            )
        sheets[attrs.get("name", "")] = part
    return sheets


def _modified(core: bytes) -> datetime | None:
    """When the file was last saved, in UTC without a time zone (as openpyxl gives it)."""
    m = _MODIFIED.search(core)
    if m is None:
        return None
    found = _W3CDTF.match(unescape(m.group(1)).strip())
    if found is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(found.group(i)) for i in range(1, 7))
        when = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    zone = found.group(7)
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        when -= timedelta(minutes=sign * (int(zone[1:3]) * 60 + int(zone[4:6])))
    return when
