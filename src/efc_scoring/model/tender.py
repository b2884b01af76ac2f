"""The tender: lots, criteria, open questions, committee, offers and marks.

A :class:`Tender` checks its own consistency when it is built: weights that add
up, unique ids, answers to existing questions, offers on existing lots, marks on
the scale, and, for an award on or after 22 August 2026, at least one
environmental criterion (loi n° 2021-1104 du 22 août 2021 « Climat et
résilience », art. 35, codified at article L. 2152-7 of the Code de la commande
publique). Every problem is reported with the path of the faulty field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from efc_scoring.errors import NotFoundError
from efc_scoring.model._errors import ModelRuleError
from efc_scoring.model._ids import Id
from efc_scoring.model.axis import AxisLexicon
from efc_scoring.model.committee import Evaluator, Mark
from efc_scoring.model.criteria import (
    Criterion,
    CriterionKind,
    NumericScoring,
    PriceScoring,
    RubricScoring,
)
from efc_scoring.model.offer import Offer

__all__ = ["ENVIRONMENTAL_CRITERION_FROM", "Lot", "OpenQuestion", "Tender"]

#: Awards from this date must use at least one criterion on the environmental
#: characteristics of the offer (loi Climat et résilience, art. 35).
ENVIRONMENTAL_CRITERION_FROM = date(2026, 8, 22)


class Lot(BaseModel):
    """A lot of the contract, awarded separately."""

    # ``marks`` is written ``scores`` in tender files: read under both names, dumped as ``scores``
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True
    )

    id: Id
    label: str = Field(min_length=1)
    description: str = ""
    progress_plan: bool = Field(
        default=False, description="Whether the contract of this lot carries a progress plan."
    )


class OpenQuestion(BaseModel):
    """An open question bidders answer in free text.

    ``axis`` tells the evidence engine what counts as relevant and as a concrete
    measure (``packaging``, ``transport``, ``waste``, ``egalim``,
    ``cooperation`` or an axis the tender defines); ``criterion`` is the rubric
    leaf criterion the answer feeds.
    """

    # ``marks`` is written ``scores`` in tender files: read under both names, dumped as ``scores``
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True
    )

    id: Id
    text: str = Field(min_length=1)
    axis: str = Field(min_length=1, max_length=64)
    criterion: Id


class Tender(BaseModel):
    """A call for tenders with its criteria, questions, committee, offers and marks.

    Examples
    --------
    >>> tender = Tender(
    ...     id="T1", title="Produits d'entretien", buyer="Ville", procedure="appel d'offres ouvert",
    ...     lots=[{"id": "L1", "label": "Lot unique"}],
    ...     criteria=[
    ...         {"id": "prix", "label": "Prix", "kind": "price", "weight": 60,
    ...          "scoring": {"method": "price"}},
    ...         {"id": "env", "label": "Emballages", "kind": "environment", "weight": 40,
    ...          "scoring": {"method": "rubric"}},
    ...     ],
    ... )
    >>> [c.id for c in tender.leaves]
    ['prix', 'env']
    """

    # ``marks`` is written ``scores`` in tender files: read under both names, dumped as ``scores``
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True
    )

    id: Id
    title: str = Field(min_length=1)
    buyer: str = Field(min_length=1)
    procedure: str = Field(min_length=1, description="e.g. « appel d'offres ouvert ».")
    description: str = ""
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    award_date: date | None = None
    lots: tuple[Lot, ...] = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    questions: tuple[OpenQuestion, ...] = ()
    evaluators: tuple[Evaluator, ...] = ()
    axes: tuple[AxisLexicon, ...] = ()
    offers: tuple[Offer, ...] = ()
    marks: tuple[Mark, ...] = Field(
        default=(),
        alias="scores",
        description="The committee's marks (usually read from scores.csv beside the file).",
    )

    @property
    def scores(self) -> tuple[Mark, ...]:
        """Deprecated name of :attr:`marks`."""
        from efc_scoring._deprecation import warn

        warn("Tender.scores", "Tender.marks")
        return self.marks

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Tender:
        """A copy with some fields changed (``scores`` in ``update`` means ``marks``)."""
        if update and "scores" in update:
            from efc_scoring._deprecation import warn

            warn("model_copy(update={'scores': ...})", "model_copy(update={'marks': ...})")
            update = {("marks" if k == "scores" else k): v for k, v in update.items()}
        return super().model_copy(update=update, deep=deep)

    # ------------------------------------------------------------------ lookups
    @cached_property
    def nodes(self) -> dict[str, tuple[Criterion, tuple[str, ...]]]:
        """Every criterion of the tree by id, with the ids of its ancestors."""
        return {node.id: (node, parents) for top in self.criteria for node, parents in top.walk()}

    @cached_property
    def leaves(self) -> tuple[Criterion, ...]:
        """The leaf criteria, in the tree's order."""
        return tuple(leaf for top in self.criteria for leaf in top.leaves())

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id (any depth)."""
        try:
            return self.nodes[criterion_id][0]
        except KeyError:
            raise NotFoundError(_unknown("criterion", criterion_id, self.nodes)) from None

    def question(self, question_id: str) -> OpenQuestion:
        """The open question with this id."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise NotFoundError(_unknown("question", question_id, [q.id for q in self.questions]))

    def offer(self, offer_id: str) -> Offer:
        """The offer with this id."""
        for o in self.offers:
            if o.id == offer_id:
                return o
        raise NotFoundError(_unknown("offer", offer_id, [o.id for o in self.offers]))

    def evaluator(self, evaluator_id: str) -> Evaluator:
        """The evaluator with this id."""
        for e in self.evaluators:
            if e.id == evaluator_id:
                return e
        raise NotFoundError(_unknown("evaluator", evaluator_id, [e.id for e in self.evaluators]))

    def lot(self, lot_id: str) -> Lot:
        """The lot with this id."""
        for lot in self.lots:
            if lot.id == lot_id:
                return lot
        raise NotFoundError(_unknown("lot", lot_id, [lot.id for lot in self.lots]))

    def offers_in(self, lot_id: str) -> tuple[Offer, ...]:
        """The offers on one lot, in file order."""
        return tuple(o for o in self.offers if o.lot == lot_id)

    def questions_for(self, criterion_id: str) -> tuple[OpenQuestion, ...]:
        """The open questions that feed a leaf criterion."""
        return tuple(q for q in self.questions if q.criterion == criterion_id)

    # --------------------------------------------------------------- validation
    @model_validator(mode="after")
    def _consistent(self) -> Tender:
        problems: list[tuple[str, str, str]] = []
        problems += _duplicates("lots", [lot.id for lot in self.lots], "lot")
        problems += _duplicates("questions", [q.id for q in self.questions], "question")
        problems += _duplicates("evaluators", [e.id for e in self.evaluators], "evaluator")
        problems += _duplicates("offers", [o.id for o in self.offers], "offer")
        problems += self._check_criteria()
        problems += self._check_questions()
        problems += self._check_offers()
        problems += self._check_scores()
        if problems:
            raise ModelRuleError(problems)
        return self

    def _check_criteria(self) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        total = sum((c.weight for c in self.criteria), Decimal(0))
        if total != 100:
            terms = " + ".join(format(c.weight.normalize(), "f") for c in self.criteria)
            problems.append(
                (
                    f"criteria[{len(self.criteria) - 1}].weight",
                    f"les pondérations des critères principaux totalisent {total.normalize():f} "
                    f"points ({terms}), au lieu de 100",
                    "corriger les pondérations pour qu'elles totalisent 100 points",
                )
            )
        seen: Counter[str] = Counter()
        for i, top in enumerate(self.criteria):
            for node, _ in top.walk():
                seen[node.id] += 1
                if seen[node.id] == 2:
                    problems.append(
                        (
                            f"criteria[{i}]",
                            f"l'identifiant de critère {node.id!r} est utilisé deux fois",
                            "donner à chaque critère de l'arbre son propre identifiant",
                        )
                    )
        if self.award_date is not None and self.award_date >= ENVIRONMENTAL_CRITERION_FROM:
            kinds = {node.kind for node, _ in self.nodes.values()}
            if CriterionKind.ENVIRONMENT not in kinds:
                problems.append(
                    (
                        "criteria",
                        f"un marché attribué le {self.award_date.isoformat()} n'a aucun critère "
                        "environnemental ; depuis le 22 août 2026, l'attribution doit prendre en "
                        "compte au moins un critère relatif aux caractéristiques "
                        "environnementales des offres (loi Climat et résilience, art. 35 ; "
                        "code de la commande publique, art. L. 2152-7)",
                        "ajouter un critère avec `kind: environment`",
                    )
                )
        return problems

    def _check_questions(self) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        for i, q in enumerate(self.questions):
            node = self.nodes.get(q.criterion)
            if node is None:
                problems.append(
                    (
                        f"questions[{i}].criterion",
                        _unknown("criterion", q.criterion, self.nodes),
                        "indiquer l'identifiant d'un critère feuille noté avec `method: rubric`",
                    )
                )
            elif not isinstance(node[0].scoring, RubricScoring):
                problems.append(
                    (
                        f"questions[{i}].criterion",
                        f"la question {q.id!r} alimente le critère {q.criterion!r}, qui n'est pas "
                        "un critère feuille noté sur une échelle",
                        "indiquer un critère feuille avec `scoring: {method: rubric}`",
                    )
                )
        return problems

    def _check_offers(self) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        lots = {lot.id for lot in self.lots}
        questions = {q.id for q in self.questions}
        needs_price = any(isinstance(c.scoring, PriceScoring) for c in self.leaves)
        numeric = [c for c in self.leaves if isinstance(c.scoring, NumericScoring)]
        for i, offer in enumerate(self.offers):
            if offer.lot not in lots:
                problems.append(
                    (
                        f"offers[{i}].lot",
                        _unknown("lot", offer.lot, lots),
                        "indiquer l'un des lots du marché",
                    )
                )
            for qid in offer.answers:
                if qid not in questions:
                    problems.append(
                        (
                            f"offers[{i}].answers.{qid}",
                            f"l'offre {offer.id!r} répond à une "
                            f"{_unknown('question', qid, questions)}",
                            "utiliser l'identifiant d'une des questions ouvertes du marché",
                        )
                    )
            if needs_price and offer.total_price is None:
                problems.append(
                    (
                        f"offers[{i}].price",
                        f"l'offre {offer.id!r} n'a pas de prix alors que le marché note le prix",
                        "donner `price` ou des `lines` chiffrées",
                    )
                )
            for c in numeric:
                assert isinstance(c.scoring, NumericScoring)
                if c.scoring.key not in offer.values:
                    problems.append(
                        (
                            f"offers[{i}].values.{c.scoring.key}",
                            f"l'offre {offer.id!r} ne déclare pas {c.scoring.key!r}, nécessaire "
                            f"au critère {c.id!r}",
                            f"ajouter `values: {{{c.scoring.key}: ...}}` à l'offre",
                        )
                    )
        return problems

    def _check_scores(self) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        evaluators = {e.id for e in self.evaluators}
        offers = {o.id for o in self.offers}
        seen: set[tuple[str, str, str]] = set()
        for i, s in enumerate(self.marks):
            where = f"scores[{i}]"
            if s.evaluator not in evaluators:
                problems.append(
                    (
                        f"{where}.evaluator",
                        _unknown("evaluator", s.evaluator, evaluators),
                        "ajouter l'évaluateur au marché ou corriger l'identifiant",
                    )
                )
            if s.offer not in offers:
                problems.append(
                    (
                        f"{where}.offer",
                        _unknown("offer", s.offer, offers),
                        "corriger l'identifiant de l'offre",
                    )
                )
            node = self.nodes.get(s.criterion)
            if node is None:
                problems.append(
                    (
                        f"{where}.criterion",
                        _unknown("criterion", s.criterion, self.nodes),
                        "corriger l'identifiant du critère",
                    )
                )
            elif not isinstance(node[0].scoring, RubricScoring):
                problems.append(
                    (
                        f"{where}.criterion",
                        f"le critère {s.criterion!r} n'est pas noté par les évaluateurs (il est "
                        "calculé à partir des offres)",
                        "ne noter que les critères feuilles notés avec `method: rubric`",
                    )
                )
            else:
                scale = node[0].scoring.scale
                if s.value not in scale.values:
                    allowed = ", ".join(f"{v}" for v in scale.values)
                    problems.append(
                        (
                            f"{where}.value",
                            f"la note {s.value} n'est pas un niveau de l'échelle ({allowed})",
                            "utiliser l'un des niveaux de l'échelle",
                        )
                    )
            key = (s.evaluator, s.offer, s.criterion)
            if key in seen:
                problems.append(
                    (
                        where,
                        f"l'évaluateur {s.evaluator!r} note deux fois l'offre {s.offer!r} sur "
                        f"{s.criterion!r}",
                        "garder une note par évaluateur, offre et critère",
                    )
                )
            seen.add(key)
        return problems


def _duplicates(field: str, ids: list[str], what: str) -> list[tuple[str, str, str]]:
    counts = Counter(ids)
    problems = []
    for i, value in enumerate(ids):
        if counts[value] > 1 and ids.index(value) != i:
            problems.append(
                (
                    f"{field}[{i}].id",
                    f"l'identifiant {value!r} ({_FR.get(what, what)}) est utilisé plusieurs fois",
                    "donner à chaque élément son propre identifiant",
                )
            )
    return problems


_FR = {
    "lot": "lot",
    "question": "question",
    "evaluator": "évaluateur",
    "offer": "offre",
    "criterion": "critère",
}


def _unknown(what: str, value: str, known: object) -> str:
    names = sorted(known) if not isinstance(known, list) else list(known)
    shown = ", ".join(repr(n) for n in names[:12]) + (" ..." if len(names) > 12 else "")
    feminine = what in ("question", "offer")
    return (
        f"{_FR.get(what, what)} inconnu{'e' if feminine else ''} {value!r} "
        f"(connu{'e' if feminine else ''}s : {shown or 'aucun'})"
    )
