"""A tiny document model written once, rendered as Markdown and as HTML.

Blocks are ``("h1"|"h2"|"h3"|"p", text)``, ``("ul", [items])`` and
``("table", header, rows)``. Every text is escaped for its target: bidder and
committee text never becomes markup.
"""

from __future__ import annotations

import html
import re
from typing import Any

from efc_scoring import present

__all__ = ["Block", "to_html", "to_markdown"]

Block = tuple[Any, ...]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", present.one_line(str(text)))


def to_markdown(blocks: list[Block]) -> str:
    """Markdown text of the blocks."""
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            out.append("#" * int(kind[1]) + " " + _md(block[1]))
        elif kind == "p":
            out.append(_md(block[1]))
        elif kind == "ul":
            out.append(
                "\n".join(f"- {_md(item)}" for item in block[1]) if block[1] else "- (aucun)"
            )
        elif kind == "table":
            header, rows = block[1], block[2]
            lines = [
                "| " + " | ".join(_md(h) for h in header) + " |",
                "|" + "|".join(" --- " for _ in header) + "|",
            ]
            lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.45}"
    "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #999;padding:.25rem .5rem;"
    "vertical-align:top}th{background:#eee}"
)


def to_html(blocks: list[Block], title: str) -> str:
    """A standalone French HTML page of the blocks."""
    e = html.escape
    body: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3", "p"):
            body.append(f"<{kind}>{e(str(block[1]))}</{kind}>")
        elif kind == "ul":
            items = "".join(f"<li>{e(str(i))}</li>" for i in block[1]) or "<li>(aucun)</li>"
            body.append(f"<ul>{items}</ul>")
        elif kind == "table":
            head = "".join(f"<th>{e(str(h))}</th>" for h in block[1])
            rows = "".join(
                "<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in block[2]
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
