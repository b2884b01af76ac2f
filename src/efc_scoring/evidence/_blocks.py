"""The layout of an answer: headings, paragraphs, list items and table rows.

Bidders answer in memoirs as often as in sentences: numbered headings (« 4.1
Livraison sans carton »), titles in capitals, bullet lists, tables flattened with
``|`` or tabs. The reading grid treats these parts differently: a heading is never
a commitment, a table is read row by row (its first row names the columns), and a
section inherits the subject of its heading (« 3. Énergie » is about energy
whatever words its sentences use).

:func:`split_blocks` cuts the text into :class:`Block` objects, one per non-empty
line, with the heading each one stands under. It reads characters only; the
decision whether a short line without a verb is a title is left to
:func:`mark_titles`, which looks at the parsed tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Block", "block_of_tokens", "mark_titles", "split_blocks"]

#: "4.", "4.1", "4.1.2", "A.", "B)", "IV.", "Chapitre 2 –", "Question 3 :", "Partie 4 –"
_NUMBERED = re.compile(
    r"^(?P<num>(?:\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2}[.)]|[A-H][.)]|[IVX]{1,4}[.)]))\s+(?=\S)"
)
_WORD_NUMBERED = re.compile(
    r"^(?P<num>(?:chapitre|partie|question|section|article|titre|lot|annexe)\s+[\dIVXA-H]{1,4})"
    r"\s*(?:[:–—.-]\s*)?",
    re.IGNORECASE,
)
#: The title line of a memoir (« Mémoire technique – Question 6 : accompagnement … »,
#: « Offre technique – Location de véhicules »): a heading (style ``document``) that names
#: the contract or the question, never a section on another subject.
_DOC_TITLE = re.compile(
    r"^(?:m[ée]moire\s+technique|cadre\s+de\s+r[ée]ponse|r[ée]ponse\s+(?:[àa]\s+la\s+)?question"
    r"|offre\s+technique|note\s+m[ée]thodologique|m[ée]moire\s+justificatif)\b",
    re.IGNORECASE,
)
_CELL_SPLIT = re.compile(r"\s*\|\s*|\t+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DIGIT = re.compile(r"\d")
_MAX_HEADING_WORDS = 12
_MAX_TITLE_WORDS = 8
_MAX_QUESTION_TITLE_WORDS = 5


@dataclass(frozen=True)
class Block:
    """One line of an answer, read for its role in the layout.

    ``kind`` is ``heading``, ``header`` (the first row of a table), ``row``,
    ``item`` (a bullet or numbered list item), ``paragraph`` or ``lead`` (a line
    ending with a colon that introduces the lines below). ``start``/``end`` are
    character offsets of the line's content; ``parent`` is the index of the
    heading the block stands under (-1: none); ``level`` is a heading's depth.
    """

    kind: str
    start: int
    end: int
    level: int = 0
    parent: int = -1
    style: str = ""

    @property
    def is_heading(self) -> bool:
        return self.kind in {"heading", "header"}


def _bullet(line: str) -> int:
    """Length of a leading bullet ("- ", "• ", "✅ ", "1) "), 0 when there is none."""
    m = re.match(r"^(?:\d{1,2}|[a-z])\)\s+", line)
    if m:
        return m.end()
    k = 0
    while k < len(line) and not line[k].isalnum() and not line[k].isspace():
        cat = unicodedata.category(line[k])
        if line[k] in "«\"'(“[" or cat in {"Ps", "Pi"}:
            return 0
        k += 1
    if k == 0 or k > 4:
        return 0
    while k < len(line) and line[k].isspace():
        k += 1
    return k


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _cells(line: str) -> list[str]:
    return [c for c in _CELL_SPLIT.split(line.strip().strip("|")) if c.strip()]


def split_blocks(text: str) -> list[Block]:
    """Blocks of ``text``, one per non-empty line, with their headings.

    Examples
    --------
    >>> text = "4. Emballages\\n4.1 Livraison\\nLe mobilier est livré.\\n| A | B |\\n| x | 40 % |"
    >>> [(b.kind, text[b.start:b.end], b.parent) for b in split_blocks(text)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('heading', 'Emballages', -1), ('heading', 'Livraison', 0),
     ('paragraph', 'Le mobilier est livré.', 1), ('header', '| A | B |', 1),
     ('row', '| x | 40 % |', 1)]
    """
    raw: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        raw.append((pos, pos + len(line)))
        pos += len(line) + 1
    lines = [(a, b) for a, b in raw if text[a:b].strip()]
    blocks: list[Block] = []
    in_table = False
    for k, (a, b) in enumerate(lines):
        line = text[a:b]
        lead_ws = len(line) - len(line.lstrip())
        a, line = a + lead_ws, line.strip()
        b = a + len(line)
        nxt = text[lines[k + 1][0] : lines[k + 1][1]].strip() if k + 1 < len(lines) else ""
        if len(_cells(line)) >= 2 and ("|" in line or "\t" in text[a:b]):
            header = (
                not in_table and len(_cells(nxt)) >= 2 and not _DIGIT.search(_YEAR.sub("", line))
            )
            blocks.append(Block("header" if header else "row", a, b))
            in_table = True
            continue
        in_table = False
        if (
            _DOC_TITLE.match(line)
            and len(line.split()) <= _MAX_HEADING_WORDS + 4
            and not line.endswith((".", ";", ","))
        ):
            blocks.append(Block("heading", a, b, style="document"))
            continue
        m = _WORD_NUMBERED.match(line) or _NUMBERED.match(line)
        if m:
            rest = line[m.end() :]
            words = rest.split()
            if (
                rest
                and len(words) <= _MAX_HEADING_WORDS
                and not rest.rstrip().endswith((".", ";", ","))
            ):
                num = m.group("num").rstrip(".)")
                blocks.append(Block("heading", a + m.end(), b, style=_style(num)))
                continue
            if not rest:  # "1." alone on its line: the title follows
                continue
            blocks.append(Block("item", a + m.end(), b))
            continue
        skip = _bullet(line)
        if skip:
            blocks.append(Block("item", a + skip, b))
            continue
        words = line.split()
        if (
            _is_caps(line)
            and len(words) <= _MAX_HEADING_WORDS
            and not line.endswith((".", ";", ","))
            and nxt
        ):
            blocks.append(Block("heading", a, b, style="caps"))
            continue
        if line.endswith(":") and len(words) <= _MAX_HEADING_WORDS and nxt:
            blocks.append(Block("lead", a, b))
            continue
        blocks.append(Block("paragraph", a, b))
    return _nest(_numbered_titles(text, blocks))


def _numbered_titles(text: str, blocks: list[Block]) -> list[Block]:
    """A line that follows a lone number ("1.\\nPrésentation") is that number's title."""
    out = list(blocks)
    for k, block in enumerate(out):
        if block.kind != "paragraph":
            continue
        before = text[: block.start].rstrip(" \t")
        if not before.endswith("\n"):
            continue
        prev_line = before[:-1].rsplit("\n", 1)[-1].strip()
        m = _NUMBERED.match(prev_line + " x")
        words = text[block.start : block.end].split()
        if (
            m
            and m.end() == len(prev_line) + 1
            and len(words) <= _MAX_HEADING_WORDS
            and not text[block.start : block.end].endswith((".", ";", ","))
        ):
            out[k] = replace(block, kind="heading", style=_style(m.group("num").rstrip(".)")))
    return out


def _style(num: str) -> str:
    if re.fullmatch(r"\d+(?:\.\d+)*", num):
        return f"arabic{num.count('.') + 1}"
    if re.fullmatch(r"[IVX]+", num):
        return "roman"
    if re.fullmatch(r"[A-H]", num):
        return "letter"
    return "word"


def _nest(blocks: list[Block]) -> list[Block]:
    """Heading levels by order of first appearance of each numbering style; parents."""
    order: dict[str, int] = {}
    for b in blocks:
        if b.kind == "heading" and b.style not in order:
            order[b.style] = len(order) + 1
    # deeper arabic numbers always sit under shallower ones
    arabic = sorted(s for s in order if s.startswith("arabic"))
    for s in arabic:
        depth = int(s[6:])
        shallower = [order[t] for t in arabic if int(t[6:]) < depth]
        if shallower and order[s] <= max(shallower):
            order[s] = max(shallower) + 0.5  # type: ignore[assignment]
    out: list[Block] = []
    stack: list[tuple[float, int]] = []  # (level, index) of open headings
    for k, b in enumerate(blocks):
        if b.kind == "heading":
            level = order[b.style]
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else -1
            out.append(replace(b, level=int(level * 2), parent=parent))
            stack.append((level, k))
        else:
            out.append(replace(b, parent=stack[-1][1] if stack else -1))
    return out


def mark_titles(doc: Doc, text: str, blocks: list[Block]) -> list[Block]:
    """Short verbless lines standing above a longer line become titles.

    "Présentation", "Notre approche de la coopération", "Qualifications et
    références": at most eight words, no final punctuation, no verb, no number,
    followed by a list, a table or a line at least twice as long. A question of
    at most five words (« Qui sommes-nous ? ») is a title too. A run of short
    verbless lines ("Palettes consignées" / "Vrac") is a list, not titles.
    """
    out = list(blocks)
    for k, block in enumerate(blocks):
        if block.kind != "paragraph" or k + 1 >= len(blocks):
            continue
        line = text[block.start : block.end]
        words = line.split()
        nxt = blocks[k + 1]
        nxt_words = text[nxt.start : nxt.end].split()
        # a short question standing as a title (« Qui sommes-nous ? »)
        asked = line.endswith("?") and len(words) <= _MAX_QUESTION_TITLE_WORDS
        if (
            len(words) > _MAX_TITLE_WORDS
            or (line.endswith((".", ";", ",", "!", "?")) and not asked)
            or _DIGIT.search(line)
            or not line[:1].isupper()
        ):
            continue
        follows = nxt.kind in {"item", "row", "header", "lead"} or (
            len(nxt_words) >= 2 * len(words) and len(nxt_words) >= 8
        )
        if not follows:
            continue
        span = doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None or (not asked and any(t.pos_ in {"VERB", "AUX"} for t in span)):
            continue
        out[k] = replace(block, kind="heading", style="title")
    return _nest(out) if out != blocks else blocks


def block_of_tokens(doc: Doc, blocks: list[Block]) -> list[int]:
    """The index of the block of each token (-1 for tokens between blocks)."""
    of = [-1] * len(doc)
    text = doc.text  # spaCy joins every token on each access: read it once
    k = 0
    for tok in doc:
        while k < len(blocks) and blocks[k].end <= tok.idx:
            k += 1
        if k < len(blocks) and blocks[k].start <= tok.idx < blocks[k].end:
            of[tok.i] = k
        elif k < len(blocks) and tok.idx < blocks[k].start:
            # bullets and numbers before a block's content belong to it
            line_start = text.rfind("\n", 0, blocks[k].start) + 1
            if tok.idx >= line_start:
                of[tok.i] = k
    return of
