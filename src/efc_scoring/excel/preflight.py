"""Checks a returned workbook before any XML parser touches it.

A grid comes back from outside: it may be mangled, or built to harm. Before
openpyxl opens it, :func:`preflight` looks at the file as bytes and as a zip
archive, with fixed budgets of size and time:

- the file size, and the extension (``.xlsm`` and other macro formats are refused);
- an OLE2 container (an encrypted workbook, or an old ``.xls``) is refused;
- the number of parts, the uncompressed size of each and of all, and the
  compression ratio (a zip bomb inflates a small file into a huge sheet), read
  from the zip directory, which is reliable (a part lying about its size fails
  its CRC when read);
- macros (``vbaProject.bin``), ActiveX controls, embedded OLE objects, external
  links and data connections;
- a ``<!DOCTYPE`` or ``<!ENTITY`` in any XML part (billion laughs, XXE);
- the real used range of every sheet, from the cell references themselves (the
  ``<dimension>`` element can lie), and the number of cells.

Parts are streamed in chunks, so memory stays flat whatever the file holds.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from efc_scoring.errors import DefusedXmlMissingError
from efc_scoring.excel.problems import GridProblem, UnsafeFileError

__all__ = [
    "DEFAULT_LIMITS",
    "DefusedXmlMissingError",
    "Limits",
    "check_defusedxml",
    "preflight",
    "preflight_problems",
]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CELL_REF = re.compile(rb"<c\b[^>]*?\br=\"([A-Z]{1,4})([0-9]{1,8})\"")
_ROW_REF = re.compile(rb"<row\b[^>]*?\br=\"([0-9]{1,8})\"")
_CELL_TAG = re.compile(rb"<c[\s>/]")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Budgets of a returned grid; a file over any of them is refused."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_parts: int = 400
    max_part_bytes: int = 60 * 1024 * 1024
    max_total_bytes: int = 150 * 1024 * 1024
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1024 * 1024  # ratios of smaller parts do not matter
    max_rows: int = 100_000
    max_cols: int = 256
    max_cells: int = 2_000_000


DEFAULT_LIMITS = Limits()


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
    path = Path(path)
    name = path.name

    def bad(code: str, message: str, fix: str) -> list[GridProblem]:
        return [GridProblem(name, "", message, fix, code=code)]

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
    if size > limits.max_file_bytes:
        return bad(
            "too_large",
            f"fichier de {size:,} octets (au plus {limits.max_file_bytes:,})",
            "renvoyer la grille générée, sans images ni pièces jointes",
        )
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE2:
        return bad(
            "encrypted",
            "fichier chiffré (protégé par mot de passe à l'ouverture) ou ancien format .xls",
            "enregistrer en .xlsx sans mot de passe à l'ouverture",
        )
    if not head.startswith(b"PK"):
        return bad(
            "not_xlsx",
            "ce n'est pas un classeur .xlsx (pas une archive zip)",
            "renvoyer le fichier .xlsx de la grille",
        )
    try:
        with zipfile.ZipFile(path) as zf:
            return _check_zip(zf, name, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        return bad("corrupt", f"archive illisible ({exc})", "renvoyer le fichier d'origine")


def _check_zip(zf: zipfile.ZipFile, name: str, limits: Limits) -> list[GridProblem]:
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
                f"la partie {info.filename} fait {info.file_size:,} octets une "
                f"fois décompressée (au plus {limits.max_part_bytes:,})",
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
            f"l'archive se décompresse en {total:,} octets (au plus {limits.max_total_bytes:,})",
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
    if "[content_types].xml" in lower:
        types = zf.read(names[lower.index("[content_types].xml")])[: 1 << 20]
        if b"macroenabled" in types.lower() and not any(p.code == "macro" for p in out):
            add(
                "macro",
                "le classeur est déclaré « avec macros »",
                "enregistrer en .xlsx (« Classeur Excel »)",
            )
    for info in infos:
        low = info.filename.lower()
        if low.endswith((".xml", ".rels", ".vml")):
            out += _scan_part(zf, info, name, limits, low.startswith("xl/worksheets/"))
    return out


def _scan_part(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Limits, sheet: bool
) -> list[GridProblem]:
    max_row = max_col = cells = 0
    carry = b""
    doctype = False
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            buf = carry + chunk
            cut = buf.rfind(b">") + 1
            if cut == 0:
                carry = buf[-4096:]
                continue
            body, carry = buf[:cut], buf[cut:][-4096:]
            if _DOCTYPE.search(body):
                doctype = True
                break
            if sheet:
                cells += len(_CELL_TAG.findall(body))
                for m in _ROW_REF.finditer(body):
                    max_row = max(max_row, int(m.group(1)))
                for m in _CELL_REF.finditer(body):
                    max_col = max(max_col, _col_index(m.group(1)))
                    max_row = max(max_row, int(m.group(2)))
                if (
                    cells > limits.max_cells
                    or max_row > limits.max_rows
                    or max_col > limits.max_cols
                ):
                    break
        if not doctype and _DOCTYPE.search(carry):
            doctype = True
    part = info.filename
    if doctype:
        return [
            GridProblem(
                name,
                part,
                f"la partie {part} contient une déclaration DOCTYPE ou "
                "ENTITY (entités XML : « billion laughs », XXE)",
                "renvoyer la grille générée",
                code="doctype",
            )
        ]
    if cells > limits.max_cells or max_row > limits.max_rows or max_col > limits.max_cols:
        return [
            GridProblem(
                name,
                part,
                f"la feuille {part} s'étend jusqu'à la ligne {max_row:,}, "
                f"colonne {max_col:,} ({cells:,} cellules ou plus) ; au plus "
                f"{limits.max_rows:,} lignes, {limits.max_cols} colonnes, "
                f"{limits.max_cells:,} cellules",
                "supprimer les cellules éloignées du tableau ou renvoyer la grille générée",
                code="used_range",
            )
        ]
    return []


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n
