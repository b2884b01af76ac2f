"""Render a small document (headings, paragraphs, lists, tables) as Markdown or plain text."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Block", "to_markdown", "to_text"]


@dataclass(frozen=True)
class Block:
    """``kind`` is ``h1``, ``h2``, ``p``, ``ul`` or ``table``; ``**bold**`` is allowed in text."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind == "h1":
            out.append(f"# {b.text}")
        elif b.kind == "h2":
            out.append(f"## {b.text}")
        elif b.kind == "p":
            out.append(b.text.replace("\n", "  \n"))  # a hard line break
        elif b.kind == "ul":
            out.append("\n".join(f"- {item}" for item in b.items))
        else:
            lines = [
                "| " + " | ".join(_cell(h) for h in b.header) + " |",
                "|" + "|".join(" --- " for _ in b.header) + "|",
            ]
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in b.rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _plain(text: str) -> str:
    return text.replace("**", "")


def to_text(blocks: Sequence[Block], width: int = 88) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind in ("h1", "h2"):
            title = _plain(b.text)
            out.append(title + "\n" + ("=" if b.kind == "h1" else "-") * len(title))
        elif b.kind == "p":
            out.append("\n".join(textwrap.fill(line, width) for line in _plain(b.text).split("\n")))
        elif b.kind == "ul":
            out.append(
                "\n".join(
                    textwrap.fill(
                        _plain(item), width, initial_indent="  - ", subsequent_indent="    "
                    )
                    for item in b.items
                )
            )
        else:
            table = [
                tuple(_plain(c) for c in b.header),
                *(tuple(_plain(c) for c in r) for r in b.rows),
            ]
            widths = [max(len(row[i]) for row in table) for i in range(len(b.header))]
            lines = [
                "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                for row in table
            ]
            lines.insert(1, "  ".join("-" * w for w in widths))
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
