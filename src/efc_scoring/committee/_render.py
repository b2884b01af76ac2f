"""Render a small document (headings, paragraphs, lists, tables) as Markdown, plain text or HTML.

Text of a block is written by the library, with ``**bold**`` allowed; any value
that comes from outside (a bidder's name, a justification, a label of the
tender file) is wrapped with :func:`data` and then escaped by each renderer
for its own format: Markdown punctuation and HTML are shown as typed, never
interpreted (no ``<script>``, no image, no link), and control characters
(terminal escape sequences) never reach the output.
"""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Block", "data", "to_html", "to_markdown", "to_text"]

_OPEN, _CLOSE = "\ue000", "\ue001"
_DATA = re.compile(f"{_OPEN}(.*?){_CLOSE}", re.DOTALL)


def _clean(value: object) -> str:
    """Printable text on one line: controls, format characters and our markers removed."""
    text = str(value).replace(_OPEN, "").replace(_CLOSE, "")
    out = []
    for ch in text:
        if ch in "\n\r\t\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and ch not in "\u00ad":
            continue
        else:
            out.append(ch)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def data(value: object) -> str:
    """Mark ``value`` as outside text: each renderer escapes it.

    >>> to_markdown([Block("p", text="Candidat : " + data("<img src=x onerror=alert(1)>"))])
    'Candidat : \\\\<img src=x onerror=alert(1)\\\\>\\n'
    """
    return f"{_OPEN}{_clean(value)}{_CLOSE}"


@dataclass(frozen=True)
class Block:
    """``kind`` is ``h1``, ``h2``, ``p``, ``ul``, ``table`` or ``banner``; ``**bold**`` is
    allowed in text, outside values go through :func:`data`."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _parts(text: str) -> Iterator[tuple[bool, str]]:
    """``(is_data, piece)`` in order."""
    pos = 0
    for m in _DATA.finditer(text):
        if m.start() > pos:
            yield False, text[pos : m.start()]
        yield True, m.group(1)
        pos = m.end()
    if pos < len(text):
        yield False, text[pos:]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~#{}])")


def _md_escape(value: str) -> str:
    out = _MD_SPECIAL.sub(r"\\\1", value)
    out = re.sub(r"&(?=#?\w+;)", r"\\&", out)
    out = out.replace("://", r":\/\/").replace("www.", r"www\.")
    out = re.sub(r"^(\d+)([.)])", r"\1\\\2", out)
    return re.sub(r"^([-+=])", r"\\\1", out)


def _md(text: str) -> str:
    return "".join(_md_escape(piece) if is_data else piece for is_data, piece in _parts(text))


def _cell(text: str) -> str:
    return _md(text).replace("\n", " ").replace(" | ", " \\| ")


def to_markdown(blocks: Sequence[Block]) -> str:
    """The document in Markdown (CommonMark with tables)."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "h1":
            out.append(f"# {_md(b.text)}")
        elif b.kind == "h2":
            out.append(f"## {_md(b.text)}")
        elif b.kind == "p":
            out.append(_md(b.text).replace("\n", "  \n"))  # a hard line break
        elif b.kind == "banner":
            out.append(f"> **{_md(b.text)}**")
        elif b.kind == "ul":
            out.append("\n".join(f"- {_md(item)}" for item in b.items))
        else:
            lines = [
                "| " + " | ".join(_cell(h) for h in b.header) + " |",
                "|" + "|".join(" --- " for _ in b.header) + "|",
            ]
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in b.rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _plain(text: str) -> str:
    return "".join(piece if is_data else piece.replace("**", "") for is_data, piece in _parts(text))


def to_text(blocks: Sequence[Block], width: int = 88) -> str:
    """The document in plain text, wrapped at ``width`` columns."""
    out: list[str] = []
    for b in blocks:
        if b.kind in ("h1", "h2"):
            title = _plain(b.text)
            out.append(title + "\n" + ("=" if b.kind == "h1" else "-") * len(title))
        elif b.kind == "banner":
            line = "*" * min(width, len(_plain(b.text)) + 4)
            out.append(f"{line}\n  {_plain(b.text)}\n{line}")
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


_BOLD = "\ue002"


def _html(text: str) -> str:
    """HTML of a text: ``**`` of the library's own text (not of outside values) makes bold,
    across outside values (``**{data(name)}**``)."""
    out = []
    for is_data, piece in _parts(text):
        if is_data:
            out.append(html.escape(piece))
        else:
            out.append(html.escape(piece.replace("**", _BOLD)).replace("\n", "<br>"))
    joined = "".join(out)
    joined = re.sub(f"{_BOLD}(.*?){_BOLD}", r"<strong>\1</strong>", joined, flags=re.DOTALL)
    return joined.replace(_BOLD, "**")


_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.45;
       max-width: 46em; margin: 2em auto; color: #111; }
h1 { font-size: 15pt; } h2 { font-size: 12.5pt; margin-top: 1.4em; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #999; padding: .25em .5em; vertical-align: top; }
th { background: #eee; } td.n { text-align: right; }
.banner { border: 2px solid #b00; color: #b00; font-weight: bold; padding: .4em .8em; }
.watermark { position: fixed; top: 0; right: 0; color: #b00; font-weight: bold;
             font-size: 10pt; padding: .3em .6em; border: 1px solid #b00; background: #fff; }
@media print { body { margin: 0; max-width: none; } }
"""


def to_html(blocks: Sequence[Block], title: str = "", watermark: str = "") -> str:
    """One self-contained HTML page; ``watermark`` is repeated on every printed page."""
    body: list[str] = []
    if watermark:
        body.append(f'<div class="watermark">{_html(watermark)}</div>')
    for b in blocks:
        if b.kind in ("h1", "h2"):
            body.append(f"<{b.kind}>{_html(b.text)}</{b.kind}>")
        elif b.kind == "banner":
            body.append(f'<p class="banner">{_html(b.text)}</p>')
        elif b.kind == "p":
            body.append(f"<p>{_html(b.text)}</p>")
        elif b.kind == "ul":
            body.append("<ul>" + "".join(f"<li>{_html(i)}</li>" for i in b.items) + "</ul>")
        else:
            head = "".join(f"<th>{_html(h)}</th>" for h in b.header)
            rows = "".join(
                "<tr>"
                + "".join(
                    f'<td class="n">{_html(c)}</td>' if i else f"<td>{_html(c)}</td>"
                    for i, c in enumerate(row)
                )
                + "</tr>"
                for row in b.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{_html(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
