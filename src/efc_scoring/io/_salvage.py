"""Every problem of a tender at once: the cross-field rules also run when some parts fail.

Pydantic runs a model's cross-field rules only once every field is valid, so a
tender whose offer has a price that does not add up never says that another
offer names an unknown lot, and a criterion with a misspelt ``kind`` hides that
its children's weights do not add up. :func:`cross_findings` rebuilds the tender
from the parts that are valid and, for each part that is not, a stand-in that
keeps what the cross-field rules read (identifiers, references, weights that
are numbers, answer and figure keys), runs
:meth:`~efc_scoring.model.tender.Tender.consistency_error` on it, and keeps the
problems that do not come from a stand-in's placeholder.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from efc_scoring.errors import ErrorCode
from efc_scoring.io._problems import Finding, parse_path, suggest
from efc_scoring.model._number import parse_number
from efc_scoring.model.committee import Evaluator, Mark, Role
from efc_scoring.model.criteria import (
    Criterion,
    CriterionKind,
    NumericScoring,
    PriceScoring,
    RubricScoring,
    Scoring,
    weight_total_problem,
)
from efc_scoring.model.offer import Offer
from efc_scoring.model.tender import Lot, OpenQuestion, Tender

__all__ = ["cross_findings"]

#: Stands for an identifier that is not a valid one: problems naming it are dropped.
_NOBODY = "\x00?"


def cross_findings(raw: dict[str, Any]) -> list[Finding]:
    """The cross-field problems of a tender some parts of which are invalid."""
    placeholders: set[str] = set()
    lots = [_part(Lot, x, _lot) for x in _items(raw, "lots")]
    questions = [_part(OpenQuestion, x, _question) for x in _items(raw, "questions")]
    evaluators = [_part(Evaluator, x, _evaluator) for x in _items(raw, "evaluators")]
    offers = [_part(Offer, x, _offer) for x in _items(raw, "offers")]
    scores = []
    for i, x in enumerate(_items(raw, "scores")):
        score = _validated(Mark, x)
        if score is None:
            score = _score(x)
            placeholders.add(f"scores[{i}].value")
        scores.append(score)
    findings: list[Finding] = []
    criteria = []
    for i, x in enumerate(_items(raw, "criteria")):
        node, found = _criterion(x, ("criteria", i))
        criteria.append(node)
        findings += found
    award = _validated_value(TypeAdapter(date | None), raw.get("award_date"))
    # salvage: the fields the file lacks are reported by the validation, not filled in
    tender = Tender.model_construct(  # type: ignore[call-arg]
        id=str(raw.get("id", "")),
        award_date=award,
        lots=tuple(lots),
        criteria=tuple(criteria),
        questions=tuple(questions),
        evaluators=tuple(evaluators),
        axes=(),
        offers=tuple(offers),
        marks=tuple(scores),
    )
    error = tender.consistency_error()
    if error is not None:
        for rel, message, fix in error.problems:
            if _NOBODY in message or rel in placeholders:
                continue
            related = [(parse_path(p), name) for p, name in error.related.get(rel, [])]
            code = error.codes.get(rel, error.code)
            findings.append((parse_path(rel), message, fix, code, related))
    return findings


def _items(raw: dict[str, Any], field: str) -> list[Any]:
    value = raw.get(field)
    return list(value) if isinstance(value, list | tuple) else []


def _validated(model: type[BaseModel], data: Any) -> Any:
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except (ValidationError, ValueError, TypeError):
        return None


def _validated_value(adapter: TypeAdapter[Any], data: Any) -> Any:
    try:
        return adapter.validate_python(data)
    except (ValidationError, ValueError, TypeError):
        return None


def _part(model: type[BaseModel], data: Any, stand_in: Any) -> Any:
    found = _validated(model, data)
    if found is not None:
        return found
    return stand_in(data if isinstance(data, dict) else {})


def _ident(value: Any) -> str:
    """The identifier as typed (even if refused elsewhere: references to it still match)."""
    return value if isinstance(value, str) and value else _NOBODY


def _number(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return parse_number(value)
    except ValueError:
        return None


def _keys(value: Any) -> list[str]:
    return [k for k in value if isinstance(k, str)] if isinstance(value, dict) else []


def _lot(data: dict[str, Any]) -> Lot:
    return Lot.model_construct(id=_ident(data.get("id")), label="", description="")


def _question(data: dict[str, Any]) -> OpenQuestion:
    return OpenQuestion.model_construct(
        id=_ident(data.get("id")), text="", axis="", criterion=_ident(data.get("criterion"))
    )


def _evaluator(data: dict[str, Any]) -> Evaluator:
    return Evaluator.model_construct(id=_ident(data.get("id")), name="", role=Role.BUYER)


def _offer(data: dict[str, Any]) -> Offer:
    priced = data.get("price") is not None or bool(data.get("lines"))
    return Offer.model_construct(
        id=_ident(data.get("id")),
        bidder="",
        lot=_ident(data.get("lot")),
        price=Decimal(1) if priced else None,  # a price was given: the model says what is wrong
        lines=(),
        answers=dict.fromkeys(_keys(data.get("answers")), ""),
        values=dict.fromkeys(_keys(data.get("values")), Decimal(0)),
    )


def _score(data: Any) -> Mark:
    data = data if isinstance(data, dict) else {}
    return Mark.model_construct(
        evaluator=_ident(data.get("evaluator")),
        offer=_ident(data.get("offer")),
        criterion=_ident(data.get("criterion")),
        value=None,  # type: ignore[arg-type]  # salvage: the unreadable value is reported
        justification="",
    )


def _criterion(data: Any, loc: tuple[str | int, ...]) -> tuple[Criterion, list[Finding]]:
    """The criterion, or a stand-in whose own weight rule is checked here (pydantic did not)."""
    found = _validated(Criterion, data)
    if found is not None:
        return found, []
    data = data if isinstance(data, dict) else {}
    findings: list[Finding] = []
    children = []
    for j, raw_child in enumerate(_items(data, "children")):
        child, more = _criterion(raw_child, (*loc, "children", j))
        children.append(child)
        findings += more
    label = str(data.get("label") or data.get("id") or "?")
    weight = _number(data.get("weight"))
    kinds = [k.value for k in CriterionKind]
    raw_kind = data.get("kind")
    kind = raw_kind if raw_kind in kinds else suggest(raw_kind, kinds) or "quality"
    scoring = None
    if not children:
        scoring = _validated_value(TypeAdapter(Scoring), data.get("scoring")) or _scoring(
            data.get("scoring")
        )
    node = Criterion.model_construct(
        id=_ident(data.get("id")),
        label=label,
        kind=CriterionKind(kind),
        weight=weight,  # type: ignore[arg-type]  # salvage: a missing weight is reported below
        description="",
        scoring=scoring,
        threshold=_number(data.get("threshold")),
        children=tuple(children),
    )
    if children and weight is not None:
        result = weight_total_problem(
            "weight",
            f"« {label} »",
            weight,
            [(f"children[{j}].weight", c.id, c.weight) for j, c in enumerate(children)],
        )
        if result is not None:
            (rel, message, fix), involved = result
            findings.append(
                (
                    (*loc, *parse_path(rel)),
                    message,
                    fix,
                    ErrorCode.WEIGHTS,
                    [((*loc, *parse_path(p)), name) for p, name in involved],
                )
            )
    return node, findings


def _scoring(data: Any) -> Any:
    method = data.get("method") if isinstance(data, dict) else None
    if method == "price":
        return PriceScoring()
    if method == "numeric":
        key = data.get("key")
        # salvage: the missing direction is reported by the validation the caller ran first
        return NumericScoring.model_construct(key=key if isinstance(key, str) else _NOBODY)  # type: ignore[call-arg]
    return RubricScoring()
