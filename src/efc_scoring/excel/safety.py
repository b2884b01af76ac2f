"""Untrusted text into spreadsheets and CSV files: it stays text, whole and visible.

Bidders write the answers, evaluators write the justifications: every such
string goes through :func:`safe_text` before it reaches a workbook, and through
:func:`csv_escape` before it reaches a CSV file.

What :func:`safe_text` does, and why
------------------------------------
- It **never truncates**. A cell holds at most 32,767 characters (counted in
  UTF-16 code units, as spreadsheet programs count them); a longer text is
  refused with :class:`TextTooLongError`, which names the offer and question,
  so that the buyer decides (attach the answer as a document, split it).
- Control characters C0 other than tab and line feed (``\\x00``-``\\x08``,
  ``\\x0b``, ``\\x0c``, ``\\x0e``-``\\x1f``, common in text copied from PDF files)
  are **replaced by their visible Unicode « control pictures »** (U+2400 +
  code: ``\\x0c`` becomes ``␌``), not refused and not dropped: refusing would
  block a whole grid for an invisible character the bidder never saw, dropping
  would silently change the text. The picture shows where the character was.
- Line ends are normalised to ``\\n`` (``\\r\\n`` and a lone ``\\r``), the form in
  which spreadsheet programs store line breaks in a cell; openpyxl would read
  a raw ``\\r`` back as ``\\n`` anyway.
- Code points that XML cannot carry (lone surrogates, U+FFFE, U+FFFF) become
  U+FFFD « � », visibly.
- It does not touch leading ``=``, ``+``, ``-``, ``@`` nor ``#N/A``: the writer
  keeps the text as text (XlsxWriter ``write_string``), which is the only
  reliable defence; a leading apostrophe would be shown as a character.

So a string read back from a grid equals ``safe_text(original)``, and equals
the original whenever it holds no control character, no ``\\r`` and no
non-character code point.
"""

from __future__ import annotations

import re

from efc_scoring.errors import MAX_CELL_CHARS, TextTooLongError
from efc_scoring.io._csv import csv_escape

__all__ = ["MAX_CELL_CHARS", "TextTooLongError", "csv_escape", "safe_text", "sheet_title"]

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NONCHARS = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Anything clean_text changes: one search over a clean text, instead of three passes.
_UNCLEAN = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _picture(match: re.Match[str]) -> str:
    return chr(0x2400 + ord(match.group(0)))


def clean_text(value: object) -> str:
    """The text of ``value`` with line ends, control characters and non-characters made safe.

    Unlike :func:`safe_text`, the length is not checked (used for fragments of
    a text whose whole length is checked once).

    Examples
    --------
    >>> clean_text("a\\r\\nb\\x0cc")
    'a\\nb␌c'
    """
    text = "" if value is None else str(value)
    if not _UNCLEAN.search(text):
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub(_picture, text)
    return _NONCHARS.sub("\ufffd", text)


def utf16_len(text: str) -> int:
    """Length of ``text`` as spreadsheet programs count it (UTF-16 code units).

    Examples
    --------
    >>> utf16_len("abc"), utf16_len("a𝟒")
    (3, 3)
    """
    if text.isascii() or max(text, default=" ") < "\U00010000":
        return len(text)  # one unit a character
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def safe_text(value: object, *, where: str = "") -> str:
    """Return ``value`` as text that a spreadsheet keeps whole and shows as written.

    Parameters
    ----------
    value
        Any value; ``None`` gives ``""``.
    where
        What the text is, for the error message (« offre O2, question q_emballages »).

    Raises
    ------
    TextTooLongError
        When the text exceeds 32,767 characters: it is refused, never truncated.

    Examples
    --------
    >>> safe_text("=HYPERLINK(\\"http://x\\")")  # unchanged: the writer keeps it as text
    '=HYPERLINK("http://x")'
    >>> safe_text("page 1\\x0cpage 2\\r\\nfin")
    'page 1␌page 2\\nfin'
    >>> safe_text("x" * 40_000, where="offre O1, question q1")
    Traceback (most recent call last):
    ...
    efc_scoring.errors.TextTooLongError: texte de 40000 caractères (offre O1, question q1) ...
    """
    text = clean_text(value)
    length = utf16_len(text)
    if length > MAX_CELL_CHARS:
        raise TextTooLongError(length, where)
    return text


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_title(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique worksheet title from any text (31 characters, no ``[]:*?/\\``).

    Examples
    --------
    >>> sheet_title("Lot 1 : beurre/œufs")
    'Lot 1 _ beurre_œufs'
    >>> sheet_title("x" * 40, {"x" * 31})
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx~2'
    """
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "Feuille"
    base = base[:31]
    taken = taken if taken is not None else set()
    title, n = base, 1
    while title.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f"~{n}"
        title = base[: 31 - len(suffix)] + suffix
    return title
