"""Word rendering of a report with python-docx (an optional dependency).

The file is reproducible: the document's core properties take the report's
date, and the zip members get a fixed timestamp, so the same report gives the
same bytes. Text that XML cannot hold (control characters pasted from a PDF)
is dropped.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from efc_scoring.present import Feature
from efc_scoring.report._doc import Answer, Bullets, Figure, Note, Para, Section, Table

__all__ = ["render_docx"]

_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Overlapping spans take the colour of the most specific code.
_PRIORITY = tuple(f.value for f in Feature.by_priority())
_HIGHLIGHT = {
    "R": "GRAY_25",
    "M": "TURQUOISE",
    "F": "BRIGHT_GREEN",
    "Q": "YELLOW",
    "T": "YELLOW",
    "I": "TURQUOISE",
    "C": "BRIGHT_GREEN",
    "P": "PINK",
    "N": "RED",
}


def _x(text: str) -> str:
    return _BAD_XML.sub("", text)


def _blocks(doc, blocks: Iterable[object]) -> None:  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Cm

    for block in blocks:
        if isinstance(block, Para):
            doc.add_paragraph(_x(block.text))
        elif isinstance(block, Note):
            p = doc.add_paragraph()
            p.add_run("Note : ").bold = True
            p.add_run(_x(block.text)).italic = True
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(_x(item), style="List Bullet")
        elif isinstance(block, Table):
            if block.caption:
                doc.add_paragraph(_x(block.caption)).runs[0].italic = True
            table = doc.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(_x(text)).bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = _x(text)
        elif isinstance(block, Figure):
            doc.add_picture(io.BytesIO(block.png), width=Cm(16))
            doc.add_paragraph(_x(block.caption)).runs[0].italic = True
        elif isinstance(block, Answer):
            doc.add_paragraph().add_run(_x(block.title)).bold = True
            p = doc.add_paragraph()
            cuts = sorted(
                {
                    0,
                    len(block.text),
                    *(a for a, _, _ in block.spans),
                    *(b for _, b, _ in block.spans),
                }
            )
            for a, b in itertools.pairwise(cuts):
                codes = {c for s, e, c in block.spans if s <= a and b <= e}
                run = p.add_run(_x(block.text[a:b]))
                if codes:
                    top = next(c for c in (*_PRIORITY, *sorted(codes)) if c in codes)
                    run.font.highlight_color = getattr(
                        WD_COLOR_INDEX, _HIGHLIGHT.get(top, "GRAY_25")
                    )
            if block.footer:
                doc.add_paragraph(_x(block.footer)).runs[0].italic = True


def _section(doc, section: Section) -> None:  # type: ignore[no-untyped-def]
    doc.add_heading(_x(section.title), level=min(max(section.level - 1, 1), 4))
    _blocks(doc, section.blocks)
    for child in section.children:
        _section(doc, child)


def render_docx(
    title: str,
    meta: tuple[str, ...],
    sections: tuple[Section, ...],
    when: date | None,
    watermark: str = "",
) -> bytes:
    """The report as the bytes of a .docx file; ``watermark`` is in the header of every page."""
    from docx import Document

    doc = Document()
    stamp = datetime.combine(when or date(2000, 1, 1), time(0, 0), tzinfo=UTC)
    props = doc.core_properties
    props.title = _x(title)[:250]
    props.author = "efc_scoring"
    props.last_modified_by = "efc_scoring"
    props.created = props.modified = stamp
    props.revision = 1
    props.language = "fr-FR"
    if watermark:
        header = doc.sections[0].header.paragraphs[0]
        run = header.add_run(_x(watermark))
        run.bold = True
        doc.add_paragraph().add_run(_x(watermark)).bold = True
    doc.add_heading(_x(title), level=0)
    for line in meta:
        doc.add_paragraph(_x(line))
    for section in sections:
        _section(doc, section)
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member dated 1980-01-01, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
