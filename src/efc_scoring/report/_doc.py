"""A small document model shared by the HTML, Markdown and Word renderers.

A report is a title, some metadata lines and sections; a section holds blocks:
paragraphs, bullet lists, tables, figures, notes and highlighted answers.
Every string here is plain text (bidder text included): each renderer escapes
it for its own format, so no renderer trusts any text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Answer", "Bullets", "Figure", "Note", "Para", "Section", "Table"]


@dataclass(frozen=True)
class Para:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Note:
    """A remark set apart (an omitted section, a warning)."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bullet list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of plain-text cells; ``numeric`` marks right-aligned columns."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A PNG picture with its caption; ``name`` is the file name in Markdown output."""

    name: str
    png: bytes
    caption: str


@dataclass(frozen=True)
class Answer:
    """A bidder's answer with the engine's quoted spans ``(start, end, code)``."""

    title: str
    text: str
    spans: tuple[tuple[int, int, str], ...] = ()
    footer: str = ""


Block = Para | Note | Bullets | Table | Figure | Answer


@dataclass(frozen=True)
class Section:
    """A titled section; ``level`` 2 for chapters, 3 and 4 below."""

    title: str
    blocks: tuple[Block, ...] = ()
    level: int = 2
    anchor: str = ""
    children: tuple[Section, ...] = field(default=())
