"""HTML rendering of a report: one self-contained page, pictures inlined as base64.

Every text of the document model is escaped here, bidder text included: an
answer holding ``<script>`` shows as text. Highlighted answers use the evidence
engine's colours (one colour per feature code).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from types import SimpleNamespace

from efc_scoring.report._doc import Answer, Bullets, Figure, Note, Para, Section, Table

__all__ = ["CSS", "render_blocks", "render_html"]

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1{font-size:1.6rem;border-bottom:2px solid #335;padding-bottom:.3rem}
h2{font-size:1.3rem;margin-top:2rem;color:#335}h3{font-size:1.1rem}h4{font-size:1rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;vertical-align:top;text-align:left}
th{background:#eef}td.n{text-align:right;white-space:nowrap}caption{text-align:left;font-style:italic}
.note{background:#fff6d8;border-left:4px solid #e0b000;padding:.4rem .7rem}
.meta{color:#555}.answer{border:1px solid #ccc;padding:.5rem;margin:.5rem 0}
.answer .foot{font-size:.85rem;color:#333;margin-top:.3rem}
figure{margin:1rem 0}figure img{max-width:100%}figcaption{font-style:italic;font-size:.9rem}
nav ol{columns:2}mark{padding:0 1px}
.watermark{position:fixed;top:0;right:0;color:#b00;font-weight:bold;border:1px solid #b00;
background:#fff;padding:.2rem .6rem;font-size:.85rem}
.banner{border:2px solid #b00;color:#b00;font-weight:bold;padding:.4rem .8rem}
@media print{nav{display:none}h2{page-break-before:auto}}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    from efc_scoring.evidence.highlight import highlight

    return highlight(text, [SimpleNamespace(start=a, end=b, code=c) for a, b, c in spans])


def render_blocks(blocks: Iterable[object]) -> str:
    """HTML of a sequence of blocks."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(f"<p>{_e(block.text)}</p>")
        elif isinstance(block, Note):
            out.append(f'<p class="note">{_e(block.text)}</p>')
        elif isinstance(block, Bullets):
            out.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Figure):
            data = base64.b64encode(block.png).decode("ascii")
            out.append(
                f'<figure><img alt="{_e(block.caption)}" src="data:image/png;base64,{data}">'
                f"<figcaption>{_e(block.caption)}</figcaption></figure>"
            )
        elif isinstance(block, Answer):
            body = (
                _highlight(block.text, block.spans)
                if block.spans
                else _e(block.text).replace("\n", "<br>")
            )
            foot = f'<div class="foot">{_e(block.footer)}</div>' if block.footer else ""
            out.append(
                f'<div class="answer"><div><strong>{_e(block.title)}</strong></div>'
                f"<div>{body}</div>{foot}</div>"
            )
        else:  # pragma: no cover - the model has no other block
            raise TypeError(f"unknown block {type(block).__name__}")
    return "\n".join(out)


def _table(table: Table) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in table.headers)
    rows = []
    for row in table.rows:
        cells = "".join(
            f'<td class="n">{_e(c)}</td>' if i in table.numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        rows.append(f"<tr>{cells}</tr>")
    caption = f"<caption>{_e(table.caption)}</caption>" if table.caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _section(section: Section) -> str:
    level = min(max(section.level, 2), 6)
    anchor = f' id="{_e(section.anchor)}"' if section.anchor else ""
    parts = [
        f"<section{anchor}><h{level}>{_e(section.title)}</h{level}>",
        render_blocks(section.blocks),
    ]
    parts += [_section(child) for child in section.children]
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def render_html(
    title: str,
    meta: tuple[str, ...],
    sections: tuple[Section, ...],
    legend: bool = False,
    watermark: str = "",
) -> str:
    """A complete, self-contained HTML page; ``watermark`` is repeated on every printed page."""
    nav = "".join(
        f'<li><a href="#{_e(s.anchor)}">{_e(s.title)}</a></li>' for s in sections if s.anchor
    )
    legend_html = ""
    if legend:
        from efc_scoring.evidence.highlight import legend as colour_legend

        legend_html = f'<div class="legend">{colour_legend()}</div>'
    body = "\n".join(_section(s) for s in sections)
    meta_html = "".join(f'<p class="meta">{_e(m)}</p>' for m in meta)
    if watermark:
        meta_html = (
            f'<div class="watermark">{_e(watermark.split(" — ")[0])}</div>\n'
            f'<p class="banner">{_e(watermark)}</p>\n{meta_html}'
        )
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n{meta_html}\n<nav><ol>{nav}</ol></nav>\n{legend_html}\n"
        f"{body}\n</body>\n</html>\n"
    )
