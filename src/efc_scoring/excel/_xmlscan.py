"""The bounded reader of a workbook's XML parts, behind the preflight.

Every XML part of a returned ``.xlsx`` is read here as bytes, before any XML
parser or spreadsheet reader sees it. Nothing is ever laid out as a grid of
cells: a sheet is described by counts and maxima, and by the few cells that a
value reader does not report (formulas, error values), keyed by position.

What a part must satisfy:

- no markup declaration at all (``<!`` followed by a name, with or without
  spaces in between: ``DOCTYPE``, ``ENTITY``...), wherever it is in the part;
  comments and CDATA sections are allowed;
- in a sheet, every cell carries a plain reference (``r="J7"``). Positions are
  read from those references whatever the namespace prefix of the element
  (``<x:c>``) and whichever quotes hold the attribute (``r='ZZ30'``). A cell
  without a reference, with an escaped one (``r="&#88;FD1"``) or with two
  (python-calamine takes the last one) is refused;
- a sheet stays within ``max_rows`` rows and ``max_cols`` columns, and the
  rectangle from A1 to its last cell holds at most ``max_cells`` cells (a
  value reader lays that rectangle out in memory), and so do all sheets
  together;
- the shared-strings table announces and holds at most ``max_cells`` strings.

Two paths give the same answer. The fast one is a handful of byte searches
that only applies when every cell tag has the canonical form written by Excel,
LibreOffice, openpyxl and XlsxWriter (``<c r="J7" s="3" t="s">``: ``r`` first,
double quotes, single spaces, no other attribute than ``s``, ``t``, ``cm``,
``vm``, ``ph``) and every formula is the first child of its cell. Anything else
(prefixes, single quotes, other attributes, a formula after the value) goes to
the exact path: a streaming expat parser of the part, which refuses any
declaration and stops at the first limit crossed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any
from xml.parsers import expat

from efc_scoring.present import number as _n

# A tag's attributes, each value in either quotes (a value holds no "<").
_ATTRS = rb"""(?:\s+[^\s=/>"'<]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*"""
_ATTR = re.compile(rb"""([^\s=/>"'<]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
_NAME = re.compile(rb"[A-Za-z_][\w.\-]*")
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_REF_BYTES = re.compile(rb"([A-Z]{1,3})([1-9][0-9]{0,6})")
_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})(?::\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6}))?")
# "<!" (a declaration, comment or CDATA section) and "<?" (a processing instruction);
# and a declaration (DOCTYPE, ENTITY, ELEMENT, ATTLIST, NOTATION), whatever spaces
# follow "<!".
_OPENINGS = {b"!": re.compile(rb"<!"), b"?": re.compile(rb"<\?")}
_DECLARATION = re.compile(rb"<!\s*[A-Za-z]")

# -- the fast path -----------------------------------------------------------------
_CANON = b'<c r="'
# The attributes of a canonical cell after its reference (no ">" inside a value). The
# quantifiers are possessive: nothing they gave back could let the rest match, and not
# keeping backtracking points makes the pass over every cell tag a third faster.
_CANON_ATTRS = rb'(?: (?:s|t|cm|vm|ph)="[^"<>]*+")*+'
# A cell tag that is not canonical (another form, a second r, single quotes...).
_NOT_CANON = re.compile(rb'<c(?! r="[A-Z]{1,3}+[1-9][0-9]{0,6}+"' + _CANON_ATTRS + rb"/?>)[\s/>]")
_COLON_CF = re.compile(rb":[cf][\s/>]")
# A canonical cell, not self-closing, whose first child is a formula (a canonical tag
# holds no ">" but its end, and no "<"), up to the formula's text; the formula's tag
# holds no "<" either, nor its text: a match holds no "<" but the two tags' own.
# _FORMULA_CELL matches it whole; _CELL_F the same, in groups: column, row, the
# formula's attributes, self-closing mark, text.
_CELL_F = re.compile(  # the lookahead, without groups, turns down the other cells sooner
    rb'<c r="(?=[^>]*+(?<!/)>\s*+<f)([A-Z]{1,3})([1-9][0-9]{0,6})"[^>]*+(?<!/)>'
    rb"\s*+<f(\s[^<>]*?)?(/?)>([^<]*+)"
)
# _FORMULA_CELL: _CELL_F with its groups dropped (one pattern: the two cannot drift apart)
_FORMULA_CELL = re.compile(re.sub(rb"\((?!\?)", rb"(?:", _CELL_F.pattern))
# A canonical cell holding an error value: column, row, self-closing mark, value.
_CELL_E = re.compile(
    rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: (?:s|cm|vm|ph)="[^"<>]*")* t="e"'
    rb'(?: (?:s|cm|vm|ph)="[^"<>]*")*(/?)>(?:\s*<v>([^<]*)</v>)?'
)
_ERROR_TYPE = re.compile(rb' t="e"')  # a regex finds it faster than bytes.find here
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?mergeCell(" + _ATTRS + rb")\s*/?>")
_PROTECTION = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sheetProtection(" + _ATTRS + rb")\s*/?>")
_SST = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sst(" + _ATTRS + rb")\s*/?>")
_COLON_SI = re.compile(rb":si[\s/>]")  # a prefixed string item (<x:si>)
_ENTITY = re.compile(r"&(?:#(\d+)|#x([0-9A-Fa-f]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_GALLOP = 4
# The groups of a _CELL_F match: column, row, formula attributes, self-closing mark, text.
_FIRST, _ROW, _FATTRS, _CLOSED, _RAW = (itemgetter(i) for i in range(5))
_ALL_REFS = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
# Formulas already read in this block of :func:`shared_formulas`, by their matches' bytes.
_FORMULAS: ContextVar[dict[bytes, dict[tuple[int, int], str]] | None] = ContextVar(
    "_FORMULAS", default=None
)


class Refused(Exception):
    """A part must not be read further: a code of :class:`~efc_scoring.errors.ErrorCode`,
    a French message and a fix."""

    def __init__(self, code: str, message: str, fix: str = "renvoyer la grille générée") -> None:
        super().__init__(message)
        self.code, self.message, self.fix = code, message, fix


@dataclass
class SheetScan:
    """What the scan of one sheet part found (positions are 1-based ``(row, column)``)."""

    part: str
    cells: int = 0
    max_row: int = 0
    max_col: int = 0
    #: Formula cells -> the formula as a spreadsheet shows it (``=SUM(A1:A3)``).
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    #: Cells holding an error value (``#DIV/0!``) that is not a formula's result.
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    protected: bool = False
    exact: bool = False  # read by the exact path

    @property
    def area(self) -> int:
        """Cells of the rectangle from A1 to the last cell (what a value reader lays out)."""
        return self.max_row * self.max_col


# ------------------------------------------------------------------------- helpers
def col_index(letters: str) -> int:
    """1-based index of column letters (``A`` -> 1, ``XFD`` -> 16384).

    Examples
    --------
    >>> col_index("A"), col_index("Z"), col_index("AA"), col_index("XFD")
    (1, 26, 27, 16384)
    """
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(index: int) -> str:
    """Column letters of a 1-based index (the inverse of :func:`col_index`).

    Examples
    --------
    >>> col_letters(1), col_letters(26), col_letters(27), col_letters(16384)
    ('A', 'Z', 'AA', 'XFD')
    """
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def unescape(raw: bytes) -> str:
    """The text of raw XML character data: UTF-8 decoded, the five entities and
    character references replaced (no other entity exists without a DTD)."""
    text = raw.decode("utf-8", "replace")
    if "&" not in text:
        return text

    def sub(m: re.Match[str]) -> str:
        if m.group(3):
            return _NAMED[m.group(3)]
        code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"

    return _ENTITY.sub(sub, text)


def _text(raw: bytes) -> str:
    """:func:`unescape`, fast for the usual texts of a formula."""
    if b"&" not in raw:
        return raw.decode("utf-8", "replace")
    if b"&#" not in raw:
        raw = raw.replace(b"&lt;", b"<").replace(b"&gt;", b">").replace(b"&quot;", b'"')
        return raw.replace(b"&apos;", b"'").replace(b"&amp;", b"&").decode("utf-8", "replace")
    return unescape(raw)


def attributes(raw: bytes) -> dict[str, str]:
    """The attributes of a tag (``raw`` is the text between the name and ``>``);
    for a repeated name, the last value wins."""
    return {
        m.group(1).decode("utf-8", "replace"): unescape(
            m.group(2) if m.group(2) is not None else m.group(3)
        )
        for m in _ATTR.finditer(raw)
    }


def _digits_upto(n: int) -> str:
    """A regex of the decimal numbers from 1 to ``n`` (no leading zero; none when n < 1)."""
    if n < 1:
        return "(?!)"
    d = str(n)
    alts = [f"[1-9][0-9]{{0,{len(d) - 2}}}+"] if len(d) > 1 else []
    for i, ch in enumerate(d):
        low = 1 if i == 0 else 0
        if int(ch) > low:
            rest = len(d) - i - 1
            alts.append(d[:i] + f"[{low}-{int(ch) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join([*alts, d]) + ")"


def _letters_upto(n: int) -> str:
    """A regex of the column letters from column 1 to column ``n`` (none when n < 1)."""
    if n < 1:
        return "(?!)"
    s = col_letters(n)
    alts = [f"[A-Z]{{1,{len(s) - 1}}}+"] if len(s) > 1 else []
    for i, ch in enumerate(s):
        if ch != "A":
            rest = len(s) - i - 1
            alts.append(s[:i] + f"[A-{chr(ord(ch) - 1)}]" + (f"[A-Z]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join([*alts, s]) + ")"


@lru_cache(maxsize=256)
def _outside(row: int, col: int) -> re.Pattern[bytes]:
    """A cell tag that is not canonical, or whose reference lies beyond row ``row`` or
    column ``col``: the look at every cell tag, in one pass that keeps no backtracking
    point inside a canonical tag. Which of the two a hit is, :data:`_NOT_CANON` says."""
    return re.compile(
        rb'<c(?! r="'
        + _letters_upto(col).encode()
        + _digits_upto(row).encode()
        + b'"'
        + _CANON_ATTRS
        + rb"/?>)[\s/>]"
    )


@lru_cache(maxsize=256)
def _tags(row: int, col: int) -> re.Pattern[bytes]:
    """Every cell tag, one match each: a canonical tag within row ``row`` and column ``col``
    and without an error value (``t="e"``) leaves the group empty; any other tag fills it
    with the byte after ``<c`` (an atomic group: a tag read as canonical is not read again)."""
    return re.compile(
        rb'<c(?> r="'
        + _letters_upto(col).encode()
        + _digits_upto(row).encode()
        + rb'"(?: (?:s|cm|vm|ph|t(?!="e"))="[^"<>]*+")*+/?>|([\s/>]))'
    )


def numbers_upto(n: int) -> re.Pattern[str]:
    """The compiled regex of :func:`_digits_upto`, anchored (for tests)."""
    return re.compile(_digits_upto(n) + r"\Z")


def letters_upto(n: int) -> re.Pattern[str]:
    """The compiled regex of :func:`_letters_upto`, anchored (for tests)."""
    return re.compile(_letters_upto(n) + r"\Z")


# ----------------------------------------------------------------------- one part
def markup(data: bytes, part: str) -> bool:
    """Refuse a part holding a markup declaration (DOCTYPE, ENTITY...), whatever spaces
    follow ``<!``; return whether it holds a comment, CDATA section or processing
    instruction other than the XML declaration. One pass over the part."""
    other = False
    for at in _openings(data, b"!"):
        if _DECLARATION.match(data, at):
            raise Refused(
                "doctype",
                f"la partie {part} contient une déclaration DOCTYPE ou ENTITY "
                "(entités XML : « billion laughs », XXE)",
            )
        other = True  # a comment or a CDATA section
    for at in _openings(data, b"?"):
        if not (at <= 3 and data.startswith(b"<?xml", at)):
            return True
    return other


def _openings(data: bytes, mark: bytes) -> Iterator[int]:
    """The positions of ``<`` followed by ``mark`` (``!`` or ``?``), in order.

    ``bytes.find`` of a byte rare in a part skips to each of its occurrences ten times
    faster than a regex search for the pair, which stops at every ``<``; once the
    mark proves frequent (one every 128 bytes so far), the regex search goes on."""
    budget = len(data) >> 7
    at = data.find(mark)
    while at >= 0:
        if budget <= 0:
            yield from (m.start() for m in _OPENINGS[mark].finditer(data, max(at - 1, 0)))
            return
        budget -= 1
        if at and data[at - 1] == 0x3C:  # "<"
            yield at - 1
        at = data.find(mark, at + 1)


def check_shared_strings(data: bytes, part: str, max_strings: int) -> None:
    """Refuse a shared-strings table announcing or holding more than ``max_strings``
    strings (a reader reserves memory for the announced count)."""
    m = _SST.search(data)
    if m is not None:
        for name, value in attributes(m.group(1)).items():
            if name in ("count", "uniqueCount") and (
                not value.isascii() or not value.isdigit() or int(value) > max_strings
            ):
                raise Refused(
                    "used_range",
                    f"la table des textes ({part}) annonce {value[:20]!r} textes "
                    f"(au plus {_n(max_strings)})",
                )
    if len(data) // 3 <= max_strings:
        return  # each item counted below takes 3 bytes of its own: too few to count
    held = data.count(b"<si")
    if _COLON_SI.search(data):  # a prefixed item is rare (a regex finds a colon fastest)
        held += len(_COLON_SI.findall(data))
    if held > max_strings:
        raise Refused(
            "used_range",
            f"la table des textes ({part}) contient {_n(held)} textes (au plus {_n(max_strings)})",
        )


def scan_sheet(
    data: bytes, part: str, *, max_rows: int, max_cols: int, max_cells: int
) -> SheetScan:
    """Bounds, formulas, error values, merged cells and protection of a sheet part.

    Raises :class:`Refused` when the sheet holds a markup declaration, crosses a
    limit, or holds a cell without a plain reference.
    """
    scan = None if markup(data, part) else _fast(data, part)
    if scan is None:
        scan = _exact(data, part, max_rows, max_cols, max_cells)
    _check_bounds(scan, max_rows, max_cols, max_cells)
    return scan


def _check_bounds(scan: SheetScan, max_rows: int, max_cols: int, max_cells: int) -> None:
    if (
        scan.max_row > max_rows
        or scan.max_col > max_cols
        or scan.cells > max_cells
        or scan.area > max_cells
    ):
        raise Refused(
            "used_range",
            f"la feuille {scan.part} s'étend jusqu'à la ligne {_n(scan.max_row)}, "
            f"colonne {_n(scan.max_col)} ({col_letters(scan.max_col) or '-'}) : "
            f"{_n(scan.area)} cellules de A1 à la dernière, {_n(scan.cells)} écrites ; au plus "
            f"{_n(max_rows)} lignes, {max_cols} colonnes et {_n(max_cells)} cellules",
            "supprimer les cellules éloignées du tableau ou renvoyer la grille générée",
        )


def _fast(data: bytes, part: str) -> SheetScan | None:
    """The scan by byte searches, or None when the part is not in canonical form.

    The caller has checked that the part holds no comment, CDATA section nor
    processing instruction (:func:`markup`): between a cell's tag and its
    formula there can only be spaces. A formula elsewhere than first in its
    cell is not looked for: python-calamine then reads the cell as empty.
    """
    for m in _COLON_CF.finditer(data):  # a prefixed cell: <x:c>, <x:f>
        lt = data.rfind(b"<", 0, m.start())
        if lt >= 0 and _NAME.fullmatch(data, lt + 1, m.start()):
            return None
    scan = SheetScan(part)
    last = data.rfind(_CANON)
    ref = _REF_BYTES.match(data, last + len(_CANON)) if last >= 0 else None
    guess = (int(ref.group(2)), col_index(ref.group(1).decode())) if ref is not None else (0, 0)
    # the usual case, in one pass: every tag canonical, within the last cell's reference and
    # holding no error value; each is then one match (an empty group), and counts a cell
    tags = _tags(*guess).findall(data)
    if any(tags):  # otherwise the extent is searched for, the cells counted, errors looked for
        scan.cells = data.count(_CANON)
        extent = _extent(data, *guess)
        if extent is None:
            return None  # the exact path reads it, and says why when it must be refused
        hit = _ERROR_TYPE.search(data)
    else:
        scan.cells, extent, hit = len(tags), guess, None
    del tags
    scan.max_row, scan.max_col = extent
    scan.formulas = _formulas(data, part)
    at = hit.start() if hit is not None else -1
    while at >= 0:  # error values are few: each read from its own tag
        start = data.rfind(_CANON, 0, at)
        tag = _CELL_E.match(data, start) if start >= 0 else None
        if tag is not None and tag.end(3) > at:
            pos = (int(tag.group(2)), col_index(tag.group(1).decode()))
            if pos not in scan.formulas:
                scan.errors[pos] = "" if tag.group(3) else unescape(tag.group(4) or b"")
        at = data.find(b' t="e"', at + 6)
    tail = max(data.rfind(b"</sheetData>"), 0)
    scan.merged = [attributes(m.group(1)).get("ref", "") for m in _MERGE.finditer(data, tail)]
    tag = _PROTECTION.search(data, tail)
    if tag is not None:
        scan.protected = attributes(tag.group(1)).get("sheet", "0").strip() in ("1", "true")
    return scan


def _formulas(data: bytes, part: str) -> dict[tuple[int, int], str]:
    """The formulas of a sheet part whose cell tags are all canonical.

    The formula cells are found whole, without groups (making each match's five
    groups took as long as finding them). Their bytes joined are the key of
    :func:`shared_formulas`: cells seen byte for byte in the sheet scanned last (the
    grids of one tender hold the same formulas) are read once. Otherwise the groups
    are read from the joined matches alone, each of which starts with the only ``<c``
    it holds. Only that last sheet's reading is kept: memory does not grow with the
    number of files read."""
    cells = _FORMULA_CELL.findall(data)
    if not cells:
        return {}
    key = b"".join(cells)
    memo = _FORMULAS.get()
    known = memo.get(key) if memo is not None else None
    if known is not None:
        return dict(known)
    found = _CELL_F.findall(key)
    if b"t=" not in b"".join(map(_FATTRS, found)) and b"/" not in b"".join(map(_CLOSED, found)):
        formulas = _plain_formulas(found)
    else:
        scan = SheetScan(part)
        shared: dict[str, tuple[int, int, str]] = {}
        dependents: list[tuple[int, int, str]] = []
        cols: dict[bytes, int] = {}
        for letters, row, fattrs, closed, raw in found:
            col = cols.get(letters)
            if col is None:
                col = cols[letters] = col_index(letters.decode())
            pos = (int(row), col)
            if b"t=" in fattrs:  # shared or array formula: its attributes matter
                text = "" if closed else _text(raw)
                _formula(scan, pos, attributes(fattrs), text, shared, dependents)
            else:
                scan.formulas[pos] = "=" + ("" if closed else _text(raw))
        _resolve_shared(scan, shared, dependents)
        formulas = scan.formulas
    if memo is not None:
        memo.clear()
        memo[key] = dict(formulas)
    return formulas


def _plain_formulas(found: list[tuple[bytes, ...]]) -> dict[tuple[int, int], str]:
    """The formulas of :data:`_CELL_F`'s matches when none is shared nor an array (the usual
    case): read together, their texts unescaped in one pass."""
    raw = b"\x00=".join(map(_RAW, found))
    if raw.count(b"\x00") == len(found) - 1:
        texts = ("=" + _text(raw)).split("\x00")
    else:  # a NUL in a formula (not XML, but read as it is)
        texts = ["=" + _text(r) for r in map(_RAW, found)]
    letters = list(map(_FIRST, found))
    cols = {c: col_index(c.decode()) for c in set(letters)}
    positions = zip(map(int, map(_ROW, found)), map(cols.__getitem__, letters), strict=True)
    return dict(zip(positions, texts, strict=True))


@contextmanager
def shared_formulas() -> Iterator[None]:
    """Within this block, a sheet holding byte for byte the formulas of the sheet scanned
    just before shares its reading (the memory is dropped at the end of the block)."""
    token = _FORMULAS.set({})
    try:
        yield
    finally:
        _FORMULAS.reset(token)


def _extent(data: bytes, row: int, col: int) -> tuple[int, int] | None:
    """The largest row and column of the cell references, from a guess (the last cell's);
    None as soon as a cell tag is not canonical.

    A search for a tag that is not canonical or lies beyond the guess, resumed from each
    hit (nothing before it is beyond a guess that only grows) a few times, then a full
    read of every reference (cells in an adversarial order)."""
    at = 0
    for _ in range(_GALLOP):
        hit = _outside(row, col).search(data, at)
        if hit is None:
            return row, col
        at = hit.start()
        ref = None if _NOT_CANON.match(data, at) else _REF_BYTES.match(data, at + len(_CANON))
        if ref is None:
            return None
        row, col = max(row, int(ref.group(2))), max(col, col_index(ref.group(1).decode()))
    if _NOT_CANON.search(data, at):
        return None
    found = _ALL_REFS.findall(data)
    return max(int(r) for r in {r for _, r in found}), max(
        col_index(c.decode()) for c in {c for c, _ in found}
    )


def _formula(
    scan: SheetScan,
    pos: tuple[int, int],
    fattrs: dict[str, str],
    text: str,
    shared: dict[str, tuple[int, int, str]],
    dependents: list[tuple[int, int, str]],
) -> None:
    if fattrs.get("t") == "shared" and "si" in fattrs:
        si = fattrs["si"]
        if text and "ref" in fattrs:
            shared[si] = (pos[0], pos[1], text)
        elif not text:
            dependents.append((pos[0], pos[1], si))
            scan.formulas[pos] = "="  # resolved below when the master is known
            return
    scan.formulas[pos] = "=" + text


def _resolve_shared(
    scan: SheetScan,
    shared: dict[str, tuple[int, int, str]],
    dependents: list[tuple[int, int, str]],
) -> None:
    """Give each cell of a shared formula its own text, as the spreadsheet shows it."""
    if not dependents:
        return
    from openpyxl.formula.translate import Translator  # only files that share formulas

    for row, col, si in dependents:
        master = shared.get(si)
        if master is None:
            continue  # a dependent without its master: the formula stays « = »
        origin = f"{col_letters(master[1])}{master[0]}"
        try:
            text = Translator("=" + master[2], origin=origin).translate_formula(
                f"{col_letters(col)}{row}"
            )
        except Exception:  # an untranslatable formula is still a formula
            text = "=" + master[2]
        scan.formulas[(row, col)] = text


# ---------------------------------------------------------------------- exact path
class _Stop(Exception):
    pass


def _exact(data: bytes, part: str, max_rows: int, max_cols: int, max_cells: int) -> SheetScan:
    """The scan by a streaming XML parser (any prefix, quote or attribute order)."""
    scan = SheetScan(part, exact=True)
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[str] = []
    state: dict[str, Any] = {"cell": None, "t": None, "depth": 0, "text": None}
    shared: dict[str, tuple[int, int, str]] = {}
    dependents: list[tuple[int, int, str]] = []
    pending: dict[str, str] = {}
    in_data = [False]

    def local(name: str) -> str:
        return name.rsplit(" ", 1)[-1]

    def refuse_declaration(*_: object) -> None:
        raise Refused(
            "doctype",
            f"la partie {part} contient une déclaration DOCTYPE ou ENTITY "
            "(entités XML : « billion laughs », XXE)",
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        stack.append(tag)
        if tag == "sheetData":
            in_data[0] = True
        elif in_data[0] and tag == "c":
            ref = attrs.get("r")
            m = _REF.fullmatch(ref) if ref is not None else None
            if m is None:
                raise Refused(
                    "cell_reference",
                    f"la feuille {part} contient une cellule sans référence lisible "
                    f"({'aucune' if ref is None else repr(ref[:20])}) : le classeur n'a pas été "
                    "enregistré par un tableur",
                    "ouvrir la grille dans le tableur et l'enregistrer, ou renvoyer la grille "
                    "générée",
                )
            row, col = int(m.group(2)), col_index(m.group(1))
            scan.cells += 1
            scan.max_row, scan.max_col = max(scan.max_row, row), max(scan.max_col, col)
            if (
                row > max_rows
                or col > max_cols
                or scan.cells > max_cells
                or scan.max_row * scan.max_col > max_cells
            ):
                raise _Stop
            state["cell"], state["t"], state["depth"] = (row, col), attrs.get("t"), len(stack)
        elif in_data[0] and state["cell"] is not None and len(stack) == state["depth"] + 1:
            if tag == "f":
                pending.clear()
                pending.update(attrs)
                state["text"] = ["f"]
            elif tag == "v" and state["t"] == "e":
                state["text"] = ["v"]
        elif not in_data[0] and tag == "mergeCell":
            scan.merged.append(attrs.get("ref", ""))
        elif not in_data[0] and tag == "sheetProtection":
            scan.protected = attrs.get("sheet", "0").strip() in ("1", "true")

    def end(name: str) -> None:
        tag = stack.pop()
        text = state["text"]
        if isinstance(text, list) and tag in ("f", "v") and text[0] == tag:
            pos = state["cell"]
            assert isinstance(pos, tuple)
            value = "".join(text[1:])
            if tag == "f":
                _formula(scan, pos, dict(pending), value, shared, dependents)
                scan.errors.pop(pos, None)
            elif pos not in scan.formulas:
                scan.errors[pos] = value
            state["text"] = None
        if tag == "c" and len(stack) + 1 == state["depth"]:
            state["cell"] = None
        elif tag == "sheetData":
            in_data[0] = False

    def chars(text: str) -> None:
        buf = state["text"]
        if isinstance(buf, list):
            buf.append(text)

    parser.StartDoctypeDeclHandler = refuse_declaration
    parser.EntityDeclHandler = refuse_declaration
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except _Stop:
        return scan  # over a limit: the caller refuses it with the figures found so far
    except expat.ExpatError as exc:
        raise Refused(
            "unreadable",
            f"la partie {part} n'est pas du XML bien formé (ligne {exc.lineno}, "
            f"colonne {exc.offset}) : {expat.ErrorString(exc.code)}",
        ) from None
    _resolve_shared(scan, shared, dependents)
    return scan


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """``J5:K6`` -> (5, 10, 6, 11); ``J5`` -> (5, 10, 5, 10); None when unreadable."""
    m = _RANGE.fullmatch(ref.strip())
    if m is None:
        return None
    r1, c1 = int(m.group(2)), col_index(m.group(1))
    if m.group(3) is None:
        return r1, c1, r1, c1
    return r1, c1, int(m.group(4)), col_index(m.group(3))
