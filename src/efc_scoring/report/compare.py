"""Side by side: every offer's answer to one question, for committee meetings.

:func:`compare_answers` lines up the answers of all offers (of one lot, or of
the whole tender) to one open question, with the evidence engine's proposed
level, its feature codes and its quoted spans, and the committee's marks on the
criterion the question feeds. The :class:`AnswerComparison` renders to an HTML
page (spans highlighted, one colour per code) and to an Excel sheet (spans
highlighted as rich text; bidder text always written as text, never as a
formula).
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring._deprecation import renamed_keywords
from efc_scoring.errors import ParameterError
from efc_scoring.report._evidence import assessment_of, shown, spans_of

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring._typing import AssessmentsArg
    from efc_scoring.model.tender import Tender

__all__ = ["AnswerComparison", "ComparedAnswer", "compare_answers"]


@dataclass(frozen=True)
class ComparedAnswer:
    """One offer's column: its answer, the engine's reading and the committee's marks."""

    offer: str
    bidder: str
    lot: str
    text: str
    level: int | None
    label: str
    features: tuple[str, ...]
    spans: tuple[tuple[int, int, str], ...]
    justification: str
    marks: tuple[tuple[str, str], ...]  # (evaluator name, mark)
    proposal: str = "—"  # as shown: « 3 (Satisfaisant) », « à relire », « — » without engine


@dataclass(frozen=True)
class AnswerComparison:
    """The answers of several offers to one question, side by side.

    Examples
    --------
    >>> from efc_scoring import compare_answers, load_tender, sample_path
    >>> side_by_side = compare_answers(load_tender(sample_path("nettoyage")), "q_emballages",
    ...                                evidence=False)
    >>> frame = side_by_side.to_frame()
    >>> len(frame), list(frame.columns[:4])
    (5, ['lot', 'offer', 'bidder', 'level'])
    """

    question: str
    question_text: str
    criterion: str
    lot: str | None
    answers: tuple[ComparedAnswer, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per offer: lot, offer, bidder, level, label, codes, answer, justification."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "lot": a.lot,
                    "offer": a.offer,
                    "bidder": a.bidder,
                    "level": a.level,
                    "label": a.label,
                    "proposal": a.proposal,
                    "features": " ".join(a.features),
                    "answer": a.text,
                    "justification": a.justification,
                }
                for a in self.answers
            ],
            columns=[
                "lot",
                "offer",
                "bidder",
                "level",
                "label",
                "proposal",
                "features",
                "answer",
                "justification",
            ],
        ).astype({"level": "Int64"})

    def _title(self) -> str:
        where = f" — lot {self.lot}" if self.lot else ""
        return f"Question « {self.question_text} »{where}"

    def _table_html(self) -> str:
        from efc_scoring.evidence.highlight import highlight

        e = html.escape
        head = "".join(f"<th>{e(a.offer)}<br>{e(a.bidder)}</th>" for a in self.answers)

        def row(title: str, cells: list[str]) -> str:
            return f"<tr><th>{e(title)}</th>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

        rows = [
            row(
                "Niveau proposé",
                [e(a.proposal) for a in self.answers],
            ),
            row("Indices", [e(" ".join(a.features) or "—") for a in self.answers]),
            row(
                "Notes de la commission",
                ["<br>".join(e(f"{n} : {m}") for n, m in a.marks) or "—" for a in self.answers],
            ),
            row(
                "Réponse",
                [
                    highlight(
                        a.text, [SimpleNamespace(start=s, end=t, code=c) for s, t, c in a.spans]
                    )
                    or "—"
                    for a in self.answers
                ],
            ),
            row("Justification du moteur", [e(a.justification) or "—" for a in self.answers]),
        ]
        return (
            f'<table class="compare"><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def to_html(self) -> str:
        """A self-contained HTML page, one column per offer."""
        from efc_scoring.evidence.highlight import legend
        from efc_scoring.report._html import CSS

        width = max(len(self.answers), 1)
        style = (
            CSS + f".compare td{{width:{100 // width}%}}body{{max-width:none}}"
            ".compare td{line-height:1.5}"
        )
        return (
            '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(self._title())}</title>\n<style>{style}</style>\n</head>\n"
            f"<body>\n<h1>{html.escape(self._title())}</h1>\n{legend()}\n{self._table_html()}\n"
            "</body>\n</html>\n"
        )

    def _repr_html_(self) -> str:
        from efc_scoring.evidence.highlight import legend

        return f"<h4>{html.escape(self._title())}</h4>{legend()}{self._table_html()}"

    def write_html(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_html` atomically and return the path."""
        from efc_scoring.io._atomic import write_text_atomic

        return write_text_atomic(path, self.to_html())

    def write_xlsx(self, path: str | os.PathLike[str]) -> Path:
        """Write an Excel workbook with one sheet, one column per offer."""
        from efc_scoring.io._atomic import atomic_path
        from efc_scoring.report._xlsx import write_comparison_sheet

        with atomic_path(path) as tmp:
            write_comparison_sheet(self, tmp)
        return Path(path)

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write HTML or Excel, chosen by the suffix (``.html`` or ``.xlsx``)."""
        suffix = Path(path).suffix.lower()
        if suffix in (".html", ".htm"):
            return self.write_html(path)
        if suffix == ".xlsx":
            return self.write_xlsx(path)
        raise ParameterError(
            f"une comparaison s'écrit en .html ou .xlsx, pas {suffix or 'sans extension'!r}"
        )


@renamed_keywords(question_id="question")
def compare_answers(
    tender: Tender,
    question: str,
    lot: str | None = None,
    *,
    assessments: AssessmentsArg = None,
    evidence: bool = True,
) -> AnswerComparison:
    """All offers' answers to one question, side by side, with the engine's reading.

    Parameters
    ----------
    tender
        The tender with its offers (and the committee's marks, shown when present).
    question
        The id of the open question.
    lot
        Only the offers of this lot (default: every offer).
    assessments
        The evidence engine's assessments; by default the engine is run on the
        answers when ``evidence`` is true and the engine is installed.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> cmp = compare_answers(load_tender(sample_path("nettoyage")), "q_transport", evidence=False)
    >>> [a.offer for a in cmp.answers]
    ['O1', 'O2', 'O3', 'O4', 'O5']
    >>> "<table" in cmp.to_html()
    True
    """
    the_question = tender.question(question)
    if lot is not None:
        tender.lot(lot)
    offers = tender.offers_in(lot) if lot is not None else tender.offers
    if assessments is None and evidence:
        from efc_scoring.report._analyses import optional

        assess_offer_answers = optional("efc_scoring.evidence.batch", "assess_offer_answers")
        if assess_offer_answers is not None:
            found = assess_offer_answers(
                tender, [(o, the_question) for o in offers], axes=[the_question.axis] * len(offers)
            )
            assessments = {(o.id, the_question.id): a for o, a in zip(offers, found, strict=True)}
    names = {e.id: e.name for e in tender.evaluators}
    columns = []
    for offer in offers:
        text = offer.answers.get(the_question.id, "")
        a = assessment_of(assessments, offer.id, the_question.id)
        marks = tuple(
            (names.get(s.evaluator, s.evaluator), present.mark(s.value))
            for s in tender.marks
            if s.offer == offer.id and s.criterion == the_question.criterion
        )
        columns.append(
            ComparedAnswer(
                offer=offer.id,
                bidder=offer.bidder,
                lot=offer.lot,
                text=text,
                level=None if a is None or a.level is None else int(a.level),
                label="" if a is None else str(getattr(a, "label", "")),
                features=() if a is None else _ordered(getattr(a, "features", ())),
                spans=() if a is None else tuple((s, e, c) for s, e, c, _ in spans_of(a)),
                justification="" if a is None else str(getattr(a, "justification", "")),
                marks=marks,
                proposal="—" if a is None else shown(a),
            )
        )
    return AnswerComparison(
        the_question.id, the_question.text, the_question.criterion, lot, tuple(columns)
    )


def _ordered(codes: Any) -> tuple[str, ...]:
    order = "RMFQTICPN"
    return tuple(sorted((str(c) for c in codes), key=lambda c: (order.find(c), c)))
