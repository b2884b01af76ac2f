"""The offers-analysis report (rapport d'analyse des offres), in French, ready to file.

:func:`build_report` is the computation: it gathers the procedure, the criteria
and weights, the price formula and its caveats, each offer's marks with the
committee's justifications and the engine's quoted evidence, the
abnormally-low-offer checks, the ranking per lot, the robustness findings and
the committee's agreement into an :class:`OffersReport`. The report renders to
HTML (one self-contained page, plots inlined), Markdown (plots beside it) and
Word (with python-docx). :func:`write_report` writes the files.

Reports are reproducible: the same inputs give byte-identical files. The date
is the tender's award date unless one is given; sensitivity draws are seeded;
plots are saved without metadata.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.errors import ParameterError
from efc_scoring.mcda import DEFAULT_DRAWS
from efc_scoring.report._doc import Section
from efc_scoring.report._versions import ReportVersion

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring._typing import AssessmentsArg
    from efc_scoring.committee._consolidate import Consolidation
    from efc_scoring.committee.ledger import Ledger
    from efc_scoring.mcda._robustness import RobustnessReport
    from efc_scoring.model.tender import Tender
    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["FORMATS", "OffersReport", "ReportVersion", "build_report", "write_report"]

#: Output formats of :func:`write_report`.
FORMATS = ("html", "md", "docx")


@dataclass(frozen=True)
class OffersReport:
    """A built report: title, metadata lines, sections, pictures and notes.

    ``notes`` lists the sections or analyses left out (a module not installed,
    an analysis impossible on a lot).

    Examples
    --------
    >>> from efc_scoring import build_report, load_tender, sample_path
    >>> report = build_report(load_tender(sample_path("nettoyage")), evidence=False,
    ...                       provisional=True, robustness=False)
    >>> [section.title for section in report.sections][:3]
    ['1. La procédure', '2. Les critères et leur pondération', '3. La formule de prix']
    """

    title: str
    meta: tuple[str, ...]
    sections: tuple[Section, ...]
    figures: tuple[tuple[str, bytes], ...]
    notes: tuple[str, ...]
    date: date | None
    has_evidence: bool = field(default=False)
    watermark: str = ""

    @property
    def provisional(self) -> bool:
        """Whether the report was written while agenda items were unsettled."""
        return bool(self.watermark)

    def to_html(self) -> str:
        """One self-contained HTML page (pictures inlined as base64)."""
        from efc_scoring.report._html import render_html

        return render_html(
            self.title, self.meta, self.sections, legend=self.has_evidence, watermark=self.watermark
        )

    def to_markdown(self, figures_dir: str = "figures") -> str:
        """Markdown text; pictures are linked as ``figures_dir/NAME.png``."""
        from efc_scoring.report._markdown import render_markdown

        return render_markdown(self.title, self.meta, self.sections, figures_dir, self.watermark)

    def to_docx(self) -> bytes:
        """The bytes of a Word document (needs python-docx)."""
        from efc_scoring.report._docx import render_docx

        return render_docx(self.title, self.meta, self.sections, self.date, self.watermark)

    def to_frame(self) -> pd.DataFrame:
        """One row per section and subsection: level, anchor, title, number of blocks."""
        import pandas as pd

        rows: list[dict[str, Any]] = []

        def visit(section: Section) -> None:
            rows.append(
                {
                    "level": section.level,
                    "anchor": section.anchor,
                    "title": section.title,
                    "blocks": len(section.blocks),
                }
            )
            for child in section.children:
                visit(child)

        for section in self.sections:
            visit(section)
        return pd.DataFrame(rows, columns=["level", "anchor", "title", "blocks"])

    def _repr_html_(self) -> str:
        from efc_scoring.report._html import CSS, render_blocks

        titles = "".join(f"<li>{_esc(s.title)}</li>" for s in self.sections)
        notes = render_blocks([]) + "".join(f"<p><em>{_esc(n)}</em></p>" for n in self.notes)
        return f"<style>{CSS}</style><h3>{_esc(self.title)}</h3><ol>{titles}</ol>{notes}"


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def build_report(
    tender: Tender,
    evaluation: Evaluation | None = None,
    *,
    assessments: AssessmentsArg = None,
    evidence: bool = True,
    robustness: bool = True,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    when: date | None = None,
    plots: bool = True,
    consolidation: Consolidation | None = None,
    provisional: bool = False,
    computed: Sequence[RobustnessReport] = (),
    ledger: Ledger | str | os.PathLike[str] | None = None,
    round: str | None = None,
    version: ReportVersion | str = "internal",
    bidder: str | None = None,
) -> OffersReport:
    """Gather every section of the offers-analysis report.

    Parameters
    ----------
    tender
        The tender with its offers and the committee's marks.
    evaluation
        The scored tender (default: :func:`efc_scoring.score` of ``tender``).
    assessments
        The evidence engine's assessments (``efc_scoring.evidence.assess(tender)``
        or a mapping ``{(offer, question): assessment}``).
    evidence
        When ``assessments`` is not given, run the evidence engine (if it is
        installed) to quote the spans behind each proposed level.
    robustness
        Add the robustness findings (:mod:`efc_scoring.mcda`).
    draws, seed
        Number of weight draws of the sensitivity analysis and its seed.
    when
        Date printed on the report; by default the tender's award date (never
        the clock, so that the report is reproducible).
    plots
        Draw the plots (matplotlib).
    consolidation
        The committee's marks with its decisions on the disputed items
        (``consolidate(tender, method="consensus", consensus=decisions)``);
        by default the means of the individual marks, with no decision.
    provisional
        Write the report although agenda items are unsettled: every page then
        says « PROVISOIRE » and names them.
    computed
        Robustness reports of this evaluation already computed
        (``efc_scoring.robustness(evaluation, lot, n=draws, seed=seed)``), reused
        for their lots instead of being computed a second time.
    ledger, round
        The committee's ledger and the round reported (None: the initial one):
        the report then states the procedure it records (admissibility and
        regularisation, the offers set aside and why, the abnormally-low-offer
        procedure, the rounds' before/after and admissions, the PSE retained)
        and, without ``consolidation``, scores the round as
        :func:`efc_scoring.procedure.round_consolidation` gives it.
    version
        ``"internal"`` (everything), ``"public"`` (the method, the ranking, the
        winner's marks and comments; nothing of the other offers) or
        ``"bidder"`` (for the rejected offer ``bidder``: its own marks,
        comments and answers, the winner's marks and comments, the ranking
        with the other offers unnamed). See :class:`ReportVersion`.
    bidder
        The rejected offer whose version is written (``version="bidder"``).

    Raises
    ------
    ReportError
        Agenda items are unsettled (they are named) and ``provisional`` is false.
    ParameterError
        A report of ``computed`` was drawn with other draws, seed or method, or
        names other winners than ``evaluation``; an unknown version, or a
        bidder's version without a rejected offer.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> report = build_report(load_tender(sample_path("nettoyage")), evidence=False,
    ...                       robustness=False, plots=False, provisional=True)
    >>> report.watermark.split(" — ")[0]
    'PROVISOIRE'
    >>> [s.anchor for s in report.sections]
    ['procedure', 'criteres', 'prix', 'offres', 'oab', 'classement', 'methode']
    """
    from efc_scoring.committee._agenda import unsettled_items
    from efc_scoring.committee._consolidate import consolidate
    from efc_scoring.report import _procedure as proc
    from efc_scoring.report import _sections as sec
    from efc_scoring.report._analyses import agreement_section, optional, robustness_section
    from efc_scoring.report._doc import Bullets
    from efc_scoring.report._versions import view_for

    records = key = None
    if ledger is not None:
        from efc_scoring.procedure import read_records
        from efc_scoring.procedure._rounds_key import round_key

        key = round_key(tender, round)
        records = read_records(ledger)
    if consolidation is None:
        if ledger is not None:
            from efc_scoring.procedure import round_consolidation

            consolidation = round_consolidation(tender, ledger, round)
        else:
            consolidation = consolidate(tender)
    if evaluation is None:
        evaluation = consolidation.evaluate()
    view = view_for(evaluation, version, bidder)
    given = tender  # as given: its prices before the PSE retained are added
    received = evaluation.offers_received
    tender = evaluation.tender  # the offers ranked (none set aside), on the prices compared
    if not view.full:
        robustness = plots = False
    pending = unsettled_items(consolidation)
    watermark = ""
    if pending:
        listed = " ; ".join(
            f"offre {it.offer}, {tender.criterion(it.criterion).label}" for it in pending
        )
        if not provisional:
            from efc_scoring.errors import ReportError

            raise ReportError(
                f"rapport refusé : {present.count(len(pending), 'point')} de l'ordre du jour "
                f"{'restent' if len(pending) > 1 else 'reste'} à trancher ({listed}) : "
                "enregistrer la décision de la commission (efc-scoring consensus ou "
                "import-consensus), ou demander un rapport provisoire (--provisoire)"
            )
        watermark = (
            f"PROVISOIRE — document de travail : {present.count(len(pending), 'point')} de "
            f"l'ordre du jour {'restent' if len(pending) > 1 else 'reste'} à trancher"
            + (f" ({listed})" if view.full else "")
        )
    notes: list[str] = []
    if assessments is None and evidence and tender.questions:
        assess = optional("efc_scoring.evidence", "assess")
        if assess is None:
            notes.append(
                "Passages cités par le moteur d'analyse omis : le module "
                "efc_scoring.evidence n'est pas disponible."
            )
        else:
            assessments = assess(tender)
    figures: dict[str, bytes] = {}
    if plots:
        from efc_scoring.report.plots import png_bytes, points_figure

        for lot in tender.lots:
            if tender.offers_in(lot.id):
                figures[f"points-{lot.id}.png"] = png_bytes(points_figure(evaluation, lot.id))
    day = when or tender.award_date
    steps: tuple[Section | None, ...] = ()
    abnormal_steps: list[Any] = []
    justified: frozenset[str] = frozenset()
    if records is not None:
        justified = records.justified_low(key)
        steps = (
            proc.admissibility_section(received, evaluation, records, key, view),
            proc.rounds_section(received, ledger, view),
            proc.options_section(given, evaluation, records, key, consolidation.marks(), view),
        )
        abnormal_steps = proc.abnormal_procedure_blocks(received, records, key, view)
    elif evaluation.set_aside:  # offers set aside by the caller, without a ledger
        from efc_scoring.procedure._records import ProcedureRecords

        steps = (proc.admissibility_section(received, evaluation, ProcedureRecords(), None, view),)
    initial = records.closure(None) if records is not None and key is not None else None
    sections = [
        sec.procedure_section(
            received,
            day,
            tuple(s for s in steps if s is not None),
            received=len(initial.bidders) if initial is not None and initial.bidders else None,
        ),
        sec.criteria_section(tender),
        sec.price_section(tender, evaluation, robustness=bool(robustness)),
        sec.offers_section(tender, evaluation, assessments, consolidation, view),
        sec.abnormal_section(tender, evaluation, view, tuple(abnormal_steps)),
        sec.ranking_section(tender, evaluation, figures, view, justified),
    ]
    if robustness:
        sections.append(
            robustness_section(
                evaluation,
                draws=draws,
                seed=seed,
                notes=notes,
                figures=figures if plots else None,
                computed=_computed(evaluation, computed, draws, seed),
            )
        )
        sections.append(agreement_section(tender, notes, consolidation))
    from efc_scoring import __version__

    method = [
        f"Rapport établi avec efc_scoring {__version__}. Mêmes données, même rapport : les "
        "calculs sont exacts (fractions), les tirages aléatoires ont une graine fixée "
        f"({seed}) et la date est celle du marché.",
        f"Notes retenues : {evaluation.marks_source}.",
    ]
    if robustness:
        method.append(f"Analyse de sensibilité : {present.number(draws)} tirages de pondérations.")
    method += notes
    sections.append(Section("Annexe : méthode", (Bullets(tuple(method)),), anchor="methode"))
    meta: tuple[str, ...] = (
        f"{tender.buyer} — {tender.procedure}",
        "Date : " + (present.long_date(day) if day else "non précisée"),
    )
    if records is not None and tender.rounds:
        from efc_scoring.procedure._rounds_key import round_title

        meta += (f"Tour : {round_title(tender, key)}",)
    title_end = ""
    if not view.full:
        label = view.version.label
        meta += (label[0].upper() + label[1:], _ACCESS[view.version.value])
        if view.reader is not None:
            title_end = f" — version pour {received.offer(view.reader).bidder}"
        else:
            title_end = " — version publique"
    if not plots:
        figures = {}
    return OffersReport(
        title=f"Rapport d'analyse des offres — {tender.title}"
        + title_end
        + (" (provisoire)" if watermark else ""),
        meta=meta,
        sections=tuple(sections),
        figures=tuple(sorted(figures.items())),
        notes=tuple(notes),
        date=day,
        has_evidence=assessments is not None,
        watermark=watermark,
    )


#: What each version of the report may be given to, and why it holds what it holds.
_ACCESS = {
    "public": "Communicable à toute personne qui le demande : la méthode, le classement, les "
    "notes et appréciations de l'offre retenue ; rien du détail des autres offres (secret des "
    "affaires, code des relations entre le public et l'administration, art. L. 311-6).",
    "bidder": "Destinée au seul candidat nommé : ses propres notes et appréciations, celles de "
    "l'offre retenue et le classement ; les autres offres n'y sont pas détaillées (art. "
    "L. 311-6 du code des relations entre le public et l'administration).",
}


def write_report(
    tender: Tender,
    out_dir: str | os.PathLike[str],
    evaluation: Evaluation | None = None,
    formats: tuple[str, ...] | list[str] = ("html", "md"),
    *,
    stem: str = "rapport-analyse-offres",
    **kwargs: Any,
) -> list[Path]:
    """Write the report in each format as the folder ``out_dir``; return the paths written.

    ``formats`` takes ``"html"``, ``"md"`` (with its pictures in
    ``out_dir/figures/``) and ``"docx"`` (needs python-docx). Other keyword
    arguments go to :func:`build_report`.

    The folder is written as a whole (:func:`efc_scoring.io._atomic.replace_folder`):
    the files go to a temporary folder that then replaces ``out_dir`` in one
    step, so that a crash leaves either the previous complete report or the new
    one, and a run with fewer formats leaves no file of an earlier run beside
    the new ones. ``out_dir`` must be empty, new, or a report folder: a folder
    holding other files is refused (they would be lost).

    Examples
    --------
    >>> import tempfile
    >>> from efc_scoring import load_tender, sample_path
    >>> out = tempfile.mkdtemp()
    >>> paths = write_report(load_tender(sample_path("nettoyage")), out, formats=["html"],
    ...                      evidence=False, robustness=False, provisional=True)
    >>> [p.name for p in paths]
    ['rapport-analyse-offres.html']
    """
    import re

    from efc_scoring.io._atomic import replace_folder

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ParameterError(
            f"format de rapport inconnu : {', '.join(map(repr, unknown))} ; "
            f"formats possibles : {', '.join(FORMATS)}"
        )
    report = build_report(tender, evaluation, **kwargs)
    files: dict[str, bytes] = {}
    for fmt in dict.fromkeys(formats):
        if fmt == "html":
            files[f"{stem}.html"] = report.to_html().encode("utf-8")
        elif fmt == "md":
            for name, png in report.figures:
                files[f"figures/{name}"] = png
            files[f"{stem}.md"] = report.to_markdown("figures").encode("utf-8")
        else:
            files[f"{stem}.docx"] = report.to_docx()
    ours = re.compile(rf"{re.escape(stem)}\.(html|md|docx)|figures/[^/]+\.png")
    return replace_folder(out_dir, files, owned=lambda name: ours.fullmatch(name) is not None)


def _computed(
    evaluation: Evaluation, reports: Sequence[RobustnessReport], draws: int, seed: int
) -> dict[str, RobustnessReport]:
    """The robustness reports given to :func:`build_report`, by lot, once checked."""
    by_lot: dict[str, RobustnessReport] = {}
    for r in reports:
        drawn = r.sensitivity
        if (drawn.n, drawn.seed, drawn.method) != (draws, seed, "weighted_sum"):
            raise ParameterError(
                f"rapport de robustesse du lot {r.lot} calculé avec {drawn.n} tirages, graine "
                f"{drawn.seed} et la méthode {drawn.method} ; le rapport en demande {draws}, "
                f"graine {seed}, somme pondérée : le recalculer avec ces réglages ou ne pas le "
                "passer (computed=)"
            )
        if tuple(r.winners) != tuple(evaluation.winners(r.lot)):
            raise ParameterError(
                f"rapport de robustesse du lot {r.lot} calculé sur une autre évaluation "
                f"(lauréat {', '.join(r.winners)}) : le recalculer sur celle du rapport"
            )
        by_lot[r.lot] = r
    return by_lot
