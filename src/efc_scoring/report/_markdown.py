"""Markdown rendering of a report; pictures are separate PNG files beside it.

Bidder text is escaped for Markdown and for the HTML that Markdown lets through:
``<``, ``>`` and ``&`` become entities and the characters that make emphasis,
links, headings or table cells are backslash-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from efc_scoring import present
from efc_scoring.report._doc import Answer, Bullets, Figure, Note, Para, Section, Table

__all__ = ["md_escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_escape(text: str) -> str:
    r"""Escape plain text for Markdown (one line: newlines become spaces).

    Examples
    --------
    >>> md_escape("<script>x</script> *gras* | a")
    '&lt;script&gt;x&lt;/script&gt; \\*gras\\* \\| a'
    """
    flat = present.one_line(text)
    return _SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _blocks(blocks: Iterable[object], figures_dir: str) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(md_escape(block.text))
        elif isinstance(block, Note):
            out.append("> **Note** : " + md_escape(block.text))
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {md_escape(i)}" for i in block.items))
        elif isinstance(block, Table):
            lines = []
            if block.caption:
                lines.append(f"*{md_escape(block.caption)}*\n")
            lines.append("| " + " | ".join(md_escape(h) for h in block.headers) + " |")
            lines.append(
                "| "
                + " | ".join(
                    "---:" if i in block.numeric else "---" for i in range(len(block.headers))
                )
                + " |"
            )
            lines += [
                "| " + " | ".join(md_escape(c) or " " for c in row) + " |" for row in block.rows
            ]
            out.append("\n".join(lines))
        elif isinstance(block, Figure):
            out.append(f"![{md_escape(block.caption)}]({figures_dir}/{block.name})")
        elif isinstance(block, Answer):
            text = "\n".join(
                "> " + md_escape(line) for line in block.text.splitlines() if line.strip()
            )
            codes = ", ".join(f"{c} « {md_escape(block.text[a:b])} »" for a, b, c in block.spans)
            parts = [f"**{md_escape(block.title)}**", text or "> (pas de réponse)"]
            if codes:
                parts.append("Passages relevés : " + codes)
            if block.footer:
                parts.append("*" + md_escape(block.footer) + "*")
            out.append("\n\n".join(parts))
    return out


def _section(section: Section, figures_dir: str) -> list[str]:
    out = ["#" * min(max(section.level, 2), 6) + " " + md_escape(section.title)]
    out += _blocks(section.blocks, figures_dir)
    for child in section.children:
        out += _section(child, figures_dir)
    return out


def render_markdown(
    title: str,
    meta: tuple[str, ...],
    sections: tuple[Section, ...],
    figures_dir: str = "figures",
    watermark: str = "",
) -> str:
    """The whole report as Markdown text; ``watermark`` opens and closes it."""
    banner = [f"> **{md_escape(watermark)}**"] if watermark else []
    parts = ["# " + md_escape(title), *banner, *(md_escape(m) for m in meta)]
    for section in sections:
        parts += _section(section, figures_dir)
    parts += banner
    return "\n\n".join(parts) + "\n"
