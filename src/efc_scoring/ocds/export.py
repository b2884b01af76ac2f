"""Export a tender and its evaluation as an OCDS 1.1 release package.

The package follows the Open Contracting Data Standard 1.1 with three community
extensions: lots (``tender.lots``, ``relatedLots``), bids (``bids.details``
with tenderers and value) and the award criteria breakdown
(``tender.lots[].awardCriteria.criteria`` with their weights in points). The
marks of the committee, the points, the ranks and the engine's levels travel in
``efcScoring`` objects, documented in ``docs/ocds-extension.md`` and described
by the JSON Schema :func:`efc_scoring.ocds.extension_schema`.

The format is meant for open-data publication, so by default the package
carries **no bidder answer, no justification, no price of a losing offer and
nothing of its evaluation**: the bidders' free-text answers, the evaluators'
justifications, the engine's quotes and justifications, the prices of the
offers that are not awarded (bid values, price inputs and details,
abnormally-low checks, which quote prices) are left out, and so are the
total, rank, points and marks of the bids not awarded (the public sees the
winner's marks alone, as in the report's public version); the winner's price
points and total are given to 2 decimals, without their exact fractions,
which with its price would give the lowest price back. ``include_bids=True``
(``--include-bids`` on the command line, which warns) puts them in, for an
exchange between trusted systems.

Evaluators appear by id and role only: their names are personal data that an
open-data publication does not need.

References
----------
Open Contracting Partnership, *Open Contracting Data Standard 1.1*, release and
release package schemas; extensions ``ocds_lots_extension``,
``ocds_bid_extension`` and ``ocds_awardCriteriaBreakdown_extension``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.model.criteria import PriceScoring
from efc_scoring.ocds._common import (
    EXTENSION_URLS,
    METHOD_OF_PROCEDURE,
    TYPE_OF_KIND,
    iso_datetime,
    slug,
)
from efc_scoring.report._evidence import assessment_of, assessment_record

if TYPE_CHECKING:
    from efc_scoring._typing import AssessmentsArg
    from efc_scoring.model.tender import Tender
    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["ocds_json", "to_ocds", "write_ocds"]

#: Version of the ``efcScoring`` extension written by this module.
EXTENSION_VERSION = "1.0"


def to_ocds(
    tender: Tender,
    evaluation: Evaluation | None = None,
    *,
    assessments: AssessmentsArg = None,
    published: date | datetime | None = None,
    ocid_prefix: str = "ocds-efc000",
    uri: str | None = None,
    include_bids: bool = False,
) -> dict[str, Any]:
    """An OCDS 1.1 release package describing the tender, its bids and their evaluation.

    Parameters
    ----------
    tender
        The tender, with its offers and the committee's marks.
    evaluation
        The result of :func:`efc_scoring.score`. With it the release carries the
        points, ranks, eliminations and the proposed awards (status
        ``pending``) of each lot; without it, only the tender and the bids.
    assessments
        The evidence engine's assessments (``assess(tender)`` or a mapping
        ``{(offer, question): assessment}``); their levels, codes and quoted
        spans are added to each bid's ``efcScoring``.
    published
        Date of the package and the release. By default the tender's award
        date, so that the same inputs give the same file; the current time
        only when the tender has none.
    ocid_prefix
        The publisher's OCDS prefix (``ocds-`` and six characters), registered
        with the Open Contracting Partnership for a real publication.
    uri
        Where the package will be published; by default a URN built on the
        tender's id.
    include_bids
        Also carry what must not be published as open data: the bidders'
        free-text answers (``efcScoring.answers``), the evaluators'
        justifications, the engine's quotes and justifications, the prices
        of the offers that are not awarded, and the evaluation (total, rank,
        points, marks) of every bid, with exact fractions. Off by default.

    Returns
    -------
    dict
        A release package: ``uri``, ``version`` (``"1.1"``), ``extensions``,
        ``publishedDate``, ``publisher`` and one release.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> package = to_ocds(tender, score(tender))
    >>> release = package["releases"][0]
    >>> release["ocid"], release["tag"]
    ('ocds-efc000-nettoyage-2027', ['tender', 'award'])
    >>> [(c["name"], c["numbers"][0]["number"])
    ...  for c in release["tender"]["lots"][0]["awardCriteria"]["criteria"]][:2]
    [('Prix', 40), ('Valeur technique — Efficacité et adaptation des produits aux usages', 20)]
    >>> [a["suppliers"][0]["name"] for a in release["awards"]]
    ['EcoNet Rhône SAS']
    """
    when = published if published is not None else tender.award_date
    stamp = iso_datetime(when if when is not None else datetime.now(UTC))
    parties, party_of = _parties(tender, evaluation)
    release: dict[str, Any] = {
        "ocid": f"{ocid_prefix}-{tender.id}",
        "id": f"{tender.id}-{'award' if evaluation is not None else 'tender'}",
        "date": stamp,
        "tag": ["tender", "award"] if evaluation is not None else ["tender"],
        "initiationType": "tender",
        "language": "fr",
        "parties": parties,
        "buyer": {"id": "buyer", "name": tender.buyer},
        "tender": _tender(tender, evaluation),
        "bids": {
            "statistics": [
                {
                    "id": f"{lot.id}-bids",
                    "measure": "bids",
                    "value": len(tender.offers_in(lot.id)),
                    "relatedLot": lot.id,
                }
                for lot in tender.lots
            ],
            "details": [
                _bid(tender, offer, evaluation, assessments, party_of, include_bids)
                for offer in tender.offers
            ],
        },
    }
    if evaluation is not None:
        release["awards"] = _awards(tender, evaluation, party_of, stamp, include_bids)
    return {
        "uri": uri or f"urn:efc-scoring:{tender.id}",
        "version": "1.1",
        "extensions": list(EXTENSION_URLS),
        "publishedDate": stamp,
        "publisher": {"name": tender.buyer},
        "releases": [release],
    }


def ocds_json(package: dict[str, Any]) -> str:
    """The package as indented UTF-8 JSON text with a final newline (stable key order)."""
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def write_ocds(
    tender: Tender,
    path: str | os.PathLike[str],
    evaluation: Evaluation | None = None,
    **kwargs: Any,
) -> Path:
    """Write :func:`to_ocds` of the tender to ``path`` atomically and return the path.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from efc_scoring import load_tender, read_ocds, sample_path
    >>> out = Path(tempfile.mkdtemp()) / "ocds.json"
    >>> written = write_ocds(load_tender(sample_path("nettoyage")), out)
    >>> back = read_ocds(written)
    >>> back["id"], [c["id"] for c in back["criteria"]]
    ('nettoyage-2027', ['prix', 'tech', 'env', 'coop'])
    """
    from efc_scoring.io._atomic import write_text_atomic

    return write_text_atomic(path, ocds_json(to_ocds(tender, evaluation, **kwargs)))


# ---------------------------------------------------------------------- parts
def _parties(
    tender: Tender, evaluation: Evaluation | None
) -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    winners: set[str] = set()
    if evaluation is not None:
        for lot in tender.lots:
            winners.update(tender.offer(o).bidder for o in evaluation.winners(lot.id))
    parties: list[dict[str, Any]] = [{"id": "buyer", "name": tender.buyer, "roles": ["buyer"]}]
    party_of: dict[str, dict[str, str]] = {}
    used = {"buyer"}
    for offer in tender.offers:
        if offer.bidder in party_of:
            continue
        base = "tenderer-" + slug(offer.bidder, fallback=offer.id)
        pid, n = base, 2
        while pid in used:
            pid, n = f"{base}-{n}", n + 1
        used.add(pid)
        party_of[offer.bidder] = {"id": pid, "name": offer.bidder}
        roles = ["tenderer", "supplier"] if offer.bidder in winners else ["tenderer"]
        parties.append({"id": pid, "name": offer.bidder, "roles": roles})
    return parties, party_of


def _tender(tender: Tender, evaluation: Evaluation | None) -> dict[str, Any]:
    lowered = tender.procedure.lower()
    method = next((m for words, m in METHOD_OF_PROCEDURE if words in lowered), None)
    only_price = all(isinstance(c.scoring, PriceScoring) for c in tender.leaves)
    status = "complete" if evaluation is not None else "active"
    out: dict[str, Any] = {
        "id": tender.id,
        "title": tender.title,
        "status": status,
        "procurementMethodDetails": tender.procedure,
        "awardCriteria": "priceOnly" if only_price else "ratedCriteria",
        "awardCriteriaDetails": _weighting_text(tender),
    }
    if tender.description:
        out["description"] = tender.description
    if method is not None:
        out["procurementMethod"] = method
    criteria = [_award_criterion(tender, leaf) for leaf in tender.leaves]
    out["lots"] = [
        {
            "id": lot.id,
            "title": lot.label,
            **({"description": lot.description} if lot.description else {}),
            "status": status,
            "awardCriteria": {
                "weightingDescription": _weighting_text(tender),
                "criteria": criteria,
            },
            "efcScoring": {"progressPlan": lot.progress_plan},
        }
        for lot in tender.lots
    ]
    out["efcScoring"] = {
        "version": EXTENSION_VERSION,
        "criteria": [_criterion_json(c) for c in tender.criteria],
        "questions": [q.model_dump(mode="json") for q in tender.questions],
        "axes": [a.model_dump(mode="json", exclude_defaults=True) for a in tender.axes],
        "evaluators": [{"id": e.id, "role": e.role.value} for e in tender.evaluators],
    }
    if evaluation is not None:
        out["efcScoring"]["marksSource"] = evaluation.marks_source
    return out


def _criterion_json(criterion: Any) -> dict[str, Any]:
    """The criterion as in a tender file: no empty fields, the default scale left out."""
    from efc_scoring.model.scale import DEFAULT_SCALE

    default_scale = DEFAULT_SCALE.model_dump(mode="json")

    def clean(node: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in node.items() if v not in (None, "", [], ())}
        scoring = out.get("scoring")
        if scoring is not None and scoring.get("scale") == default_scale:
            out["scoring"] = {k: v for k, v in scoring.items() if k != "scale"}
        if "children" in out:
            out["children"] = [clean(c) for c in out["children"]]
        return out

    return clean(criterion.model_dump(mode="json", exclude_none=True))


def _award_criterion(tender: Tender, leaf: Any) -> dict[str, Any]:
    parents = tender.nodes[leaf.id][1]
    name = " — ".join([*(tender.criterion(p).label for p in parents), leaf.label])
    numbers: list[dict[str, Any]] = [{"number": _number(leaf.weight), "weight": "pointsExact"}]
    if leaf.threshold is not None:
        numbers.append({"number": _number(leaf.threshold), "threshold": "minimumScore"})
    out: dict[str, Any] = {
        "type": TYPE_OF_KIND.get(leaf.kind.value, "quality"),
        "name": name,
        "numbers": numbers,
        "efcScoring": {
            "criterion": leaf.id,
            "parents": list(parents),
            "kind": leaf.kind.value,
            "method": leaf.scoring.method,
        },
    }
    if leaf.description:
        out["description"] = leaf.description
    if isinstance(leaf.scoring, PriceScoring):
        from efc_scoring.scoring.price import FORMULA_TEXT

        out["efcScoring"]["formula"] = FORMULA_TEXT[leaf.scoring.formula]
    return out


def _weighting_text(tender: Tender) -> str:
    parts = []
    for top in tender.criteria:
        text = f"{top.label} : {_number(top.weight)} points"
        if top.threshold is not None:
            text += f" (seuil d'élimination : {_number(top.threshold)} points)"
        if top.children:
            text += " = " + " + ".join(f"{c.label} ({_number(c.weight)})" for c in top.children)
        parts.append(text)
    return "Pondération sur 100 points. " + " ; ".join(parts) + "."


def _bid(tender, offer, evaluation, assessments, party_of, include_bids) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    gone = evaluation is not None and offer.id in evaluation.set_aside  # not scored
    eliminated = evaluation is not None and (offer.id in evaluation.eliminated or gone)
    awarded = evaluation is not None and offer.id in evaluation.winners(offer.lot)
    show_price = include_bids or awarded
    bid: dict[str, Any] = {
        "id": offer.id,
        "status": "disqualified" if eliminated else "valid",
        "tenderers": [party_of[offer.bidder]],
        "relatedLots": [offer.lot],
    }
    if offer.total_price is not None and show_price:
        bid["value"] = {"amount": _number(offer.total_price), "currency": tender.currency}
    ext: dict[str, Any] = {"offer": offer.id}
    if evaluation is not None and not (include_bids or awarded):
        # open data: the public sees the winner's marks, never another bid's (CADA, as the
        # report's public version); its points, rank or flag beside its name would tell them,
        # and its price points would give its price back through the winner's
        ext["criteria"] = [{"criterion": leaf.id} for leaf in tender.leaves]
        bid["efcScoring"] = ext
        return bid
    if gone:  # set aside before the ranking (L. 2152-1): no points, no rank
        ext.update(rank=None, eliminated=True)
        if include_bids:
            ext["eliminationReason"] = evaluation.set_aside[offer.id]
    elif evaluation is not None:
        total = evaluation.totals[offer.id]
        ext.update(
            total=_rounded(total) if include_bids else _published(total),
            rank=evaluation.ranks.get(offer.id),
            eliminated=eliminated,
        )
        if include_bids:  # the exact total less the other points gives the price points
            ext["totalExact"] = _exact(total)
        if eliminated:
            ext["eliminationReason"] = evaluation.eliminated[offer.id]
        check = next(
            (c for c in evaluation.abnormal.get(offer.lot, ()) if c.offer == offer.id), None
        )
        if check is not None:
            ext["abnormallyLow"] = {"flagged": check.flagged}
            if include_bids:  # the gap and the reason give the price
                ext["abnormallyLow"].update(gap=_rounded(check.gap), reason=check.reason)
    lines = (
        {ln.criterion: ln for ln in evaluation.lines if ln.offer == offer.id} if evaluation else {}
    )
    criteria = []
    for leaf in tender.leaves:
        entry: dict[str, Any] = {"criterion": leaf.id}
        line = lines.get(leaf.id)
        if line is not None and (include_bids or not isinstance(leaf.scoring, PriceScoring)):
            entry.update(
                points=_rounded(line.points),
                pointsExact=_exact(line.points),
                share=_rounded(line.share),
                input=line.input,
                detail=line.detail,  # a price's detail gives all prices: not in open data
            )
        elif line is not None:  # open data: the price points as the report gives them
            entry["points"] = _published(line.points)
        marks = [
            {
                "evaluator": s.evaluator,
                "role": tender.evaluator(s.evaluator).role.value,
                "value": _number(s.value),
                **({"justification": s.justification} if include_bids else {}),
            }
            for s in tender.marks
            if s.offer == offer.id and s.criterion == leaf.id
        ]
        if marks:
            entry["marks"] = marks
        found = []
        for q in tender.questions_for(leaf.id):
            a = assessment_of(assessments, offer.id, q.id)
            if a is not None:
                record = assessment_record(a)
                if not include_bids:  # quotes and justification repeat the answer
                    record.pop("evidence")
                    record.pop("justification")
                found.append({"question": q.id, **record})
        if found:
            entry["assessments"] = found
        criteria.append(entry)
    ext["criteria"] = criteria
    if include_bids and offer.answers:
        ext["answers"] = [{"question": q, "text": offer.answers[q]} for q in sorted(offer.answers)]
    if offer.values:
        ext["values"] = {k: _number(v) for k, v in sorted(offer.values.items())}
    bid["efcScoring"] = ext
    return bid


def _awards(
    tender: Tender,
    evaluation: Evaluation,
    party_of: dict[str, dict[str, str]],
    stamp: str,
    include_bids: bool,
) -> list[dict[str, Any]]:
    awards = []
    for lot in tender.lots:
        for oid in evaluation.winners(lot.id):
            offer = tender.offer(oid)
            award: dict[str, Any] = {
                "id": f"{lot.id}-{oid}",
                "title": f"Attribution proposée du lot {lot.id} : {lot.label}",
                "status": "pending",
                "date": stamp,
                "suppliers": [party_of[offer.bidder]],
                "relatedLots": [lot.id],
                "relatedBids": [oid],
                "efcScoring": {
                    "rank": 1,
                    "total": (_rounded if include_bids else _published)(evaluation.totals[oid]),
                    "tied": len(evaluation.winners(lot.id)) > 1,
                },
            }
            if offer.total_price is not None:
                award["value"] = {"amount": _number(offer.total_price), "currency": tender.currency}
            awards.append(award)
    return awards


def _number(value: Any) -> int | float:
    """A JSON number: an int when whole, else a float."""
    f = Fraction(value) if not isinstance(value, Fraction) else value
    return f.numerator if f.denominator == 1 else float(f)


def _rounded(value: Fraction) -> float:
    return round(float(value), 6)


def _published(value: Fraction) -> float:
    """Points as the report prints them (2 decimals): finer ones, with the winner's price,
    give the lowest price back (40 × Pmin / P)."""
    return round(float(value), 2)


def _exact(value: Fraction) -> str:
    return str(value)
