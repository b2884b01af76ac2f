"""Write one evaluation grid (``.xlsx``) per evaluator, in French.

Each grid has a « Consignes » sheet (how to fill it, the scale with its
descriptors, the legend of the highlighted passages, the weights, the offers),
a protected « Grille » sheet with one row per offer and rubric criterion, and a
``veryHidden`` metadata sheet with the tender and evaluator ids, the format
version and a SHA-256 of every template-owned cell. XlsxWriter writes them, so
that every formula carries its computed value; bidder text is written with
``write_string``/``write_rich_string`` after :func:`~efc_scoring.excel.safety.safe_text`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring._deprecation import renamed_keywords
from efc_scoring.errors import GridWriteError
from efc_scoring.excel._grid_sheets import write_grid_file, write_rows_json
from efc_scoring.excel._proposals import collect_proposals, proposal_note, proposed_level
from efc_scoring.excel._template import BLIND_MASK, GridRow, guide_layout, iter_grid_rows
from efc_scoring.io._atomic import atomic_path
from efc_scoring.model.committee import Evaluator
from efc_scoring.model.tender import Tender

if TYPE_CHECKING:
    from efc_scoring._typing import AssessmentsArg

__all__ = ["GridWriteError", "grid_filename", "write_grids"]


@renamed_keywords(evaluator_id="evaluator")
def grid_filename(evaluator: str) -> str:
    """File name of an evaluator's grid.

    Examples
    --------
    >>> grid_filename("acheteuse")
    'grille-acheteuse.xlsx'
    """
    return f"grille-{evaluator}.xlsx"


def write_grids(
    tender: Tender,
    out_dir: str | os.PathLike[str],
    evaluators: Iterable[str] | None = None,
    blind: bool = False,
    assessments: AssessmentsArg = None,
    *,
    propose: bool = True,
    key: bytes | str | None = None,
    password: str | None = None,
) -> list[Path]:
    """Write one evaluation grid per evaluator into ``out_dir``; return their paths.

    Parameters
    ----------
    tender
        The tender, with its evaluators, rubric criteria, questions and offers.
    out_dir
        Folder of the grids (created if needed); files are ``grille-<id>.xlsx``,
        each written atomically.
    evaluators
        Ids of the evaluators to write a grid for; all of the tender's by default.
    blind
        Hide bidder names (offers become « Offre A », « Offre B »...) and prices; in each
        answer, the bidder's own name, any distinctive word or acronym of it, its trade names
        and its offer id become « [candidat] », and so do the telephone numbers, e-mail and
        web addresses and SIRET that would identify it
        (:class:`~efc_scoring.committee.mentions.BidderMentions`).
    assessments
        The evidence engine's proposals, looked up by ``(offer id, question id)``
        (objects with ``level``, ``justification`` and ``evidence`` spans with
        ``code``, ``start``, ``end``). By default :func:`efc_scoring.evidence.assess`
        is called when it is available and ``propose`` is true.
    propose
        Set to False to leave the proposed level and justification empty.
    key
        A secret kept by the buyer: the metadata then carries an HMAC of the
        template cells, which :func:`~efc_scoring.excel.reading.read_grids` checks
        when given the same key.
    password
        Optional password of the sheet protection (a 16-bit hash: it prevents
        accidents, not forgery).

    Raises
    ------
    GridWriteError
        An unknown evaluator id, a tender without evaluators or rubric criteria.
    TextTooLongError
        A bidder's answer longer than a cell can hold (never truncated).

    Examples
    --------
    >>> import tempfile
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> paths = write_grids(tender, tempfile.mkdtemp(), evaluators=["agente"], propose=False)
    >>> [p.name for p in paths]
    ['grille-agente.xlsx']
    """
    chosen = _evaluators(tender, evaluators)
    spans, proposals = collect_proposals(tender, assessments, propose)
    mentions = None
    if blind:  # the engine's justification quotes the answer: mask the bidder there too
        from efc_scoring.committee.mentions import BidderMentions

        mentions = BidderMentions(tender)

    def rows(digest_order: bool = False) -> Iterator[GridRow]:
        # streamed: a grid never holds all its rows
        for row in iter_grid_rows(tender, blind, spans, digest_order=digest_order):
            row = _with_proposal(row, proposals)
            if mentions is not None and row.proposed_why:
                masked = mentions.mask(row.proposed_why, row.offer_id, BLIND_MASK)
                row = replace(row, proposed_why=masked)
            yield row

    from efc_scoring.io._paths import output_path

    # every name is checked before the first file is written
    paths = [output_path(out_dir, grid_filename(ev.id)) for ev in chosen]
    with tempfile.TemporaryFile() as rows_json:
        # the rows' digest entries, once for every grid; refuses oversize texts before any file
        # (the guide's positions do not depend on the evaluator; each grid lays out its own)
        positions = guide_layout(tender, chosen[0], blind)
        n_rows = write_rows_json(rows(digest_order=True), positions, rows_json)
        del positions
        if not n_rows:
            raise GridWriteError(
                "le marché n'a aucun critère noté par la commission (méthode « rubric ») ni "
                "aucune offre : il n'y a pas de grille à remplir"
            )
        for ev, path in zip(chosen, paths, strict=True):
            with atomic_path(path) as tmp:
                write_grid_file(tmp, tender, ev, rows(), n_rows, rows_json, blind, key, password)
    return paths


def _with_proposal(row: GridRow, found: dict[tuple[str, str], Any]) -> GridRow:
    level, why = proposed_level(row.offer_id, row.question_ids, found, row.scale)
    note = proposal_note(row.offer_id, row.question_ids, found)
    if level is None and not why:
        return row
    return replace(row, proposed=level, proposed_why=why, proposed_note=note)


def _evaluators(tender: Tender, ids: Iterable[str] | None) -> list[Evaluator]:
    if not tender.evaluators:
        raise GridWriteError("le marché ne déclare aucun évaluateur (clé `evaluators`)")
    if ids is None:
        return list(tender.evaluators)
    known = {e.id: e for e in tender.evaluators}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise GridWriteError(
            f"évaluateur(s) inconnu(s) : {', '.join(unknown)} (connus : {', '.join(known)})"
        )
    return [known[i] for i in dict.fromkeys(ids)]
