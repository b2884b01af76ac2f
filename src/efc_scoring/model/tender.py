"""The tender: lots, criteria, open questions, committee, offers and marks.

A :class:`Tender` checks its own consistency when it is built: weights that add
up, unique ids, answers to existing questions, offers on existing lots, marks on
the scale, priced options and variants that the tender declares, rounds in
their order, and, for a consultation launched from 21 August 2026, the
environmental criterion rule (:mod:`efc_scoring.model.environment`). Every
problem is reported with the path of the faulty field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator

from efc_scoring.errors import ErrorCode, NotFoundError
from efc_scoring.model._errors import ModelRuleError
from efc_scoring.model._ids import Id
from efc_scoring.model.axis import AxisLexicon
from efc_scoring.model.committee import Evaluator, Mark
from efc_scoring.model.criteria import (
    Criterion,
    NumericScoring,
    PriceScoring,
    RubricScoring,
    weight_total_problem,
)
from efc_scoring.model.environment import ENVIRONMENTAL_RULE_FROM, rule_problem
from efc_scoring.model.offer import Offer
from efc_scoring.model.procedure import (
    Governance,
    Marking,
    OptionKind,
    PricedOption,
    Round,
    RoundKind,
    Variants,
)
from efc_scoring.model.publication import Publication

__all__ = ["ENVIRONMENTAL_CRITERION_FROM", "Lot", "OpenQuestion", "Tender"]

#: Consultations launched (or notices sent for publication) from this date must take the
#: environmental characteristics of the offers into account (décret n° 2022-767).
ENVIRONMENTAL_CRITERION_FROM = ENVIRONMENTAL_RULE_FROM


class Lot(BaseModel):
    """A lot of the contract, awarded separately.

    Examples
    --------
    >>> Lot(id="L1", label="Produits d'entretien", progress_plan=True).progress_plan
    True
    """

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

    Examples
    --------
    >>> question = OpenQuestion(id="q-emb", text="Comment réduisez-vous les emballages ?",
    ...                         axis="packaging", criterion="env.emballages")
    >>> question.axis, question.criterion
    ('packaging', 'env.emballages')
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
    consultation_date: date | None = Field(
        default=None,
        description="Date the consultation was launched or the contract notice sent for "
        "publication (it decides the environmental criterion rule of 21 August 2026).",
    )
    defence_or_security: bool = Field(
        default=False, description="A defence or security contract (art. L. 1113-1)."
    )
    lots: tuple[Lot, ...] = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    questions: tuple[OpenQuestion, ...] = ()
    evaluators: tuple[Evaluator, ...] = ()
    axes: tuple[AxisLexicon, ...] = ()
    rounds: tuple[Round, ...] = Field(
        default=(),
        description="Rounds of a procedure with negotiation (initial, negotiation..., final); "
        "none: one initial round.",
    )
    options: tuple[PricedOption, ...] = Field(
        default=(), description="PSE and optional tranches of the lots."
    )
    variants: Variants = Field(default_factory=Variants)
    marking: Marking = Field(default_factory=Marking)
    governance: Governance = Field(default_factory=Governance)
    publication: Publication | None = None
    priced_options: tuple[Id, ...] | None = Field(
        default=None,
        description="Set by the library: the options included in the offers' prices "
        "(`efc_scoring.procedure.price_options`); not written in a tender file.",
    )
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

    _environment_checked: bool = PrivateAttr(default=True)

    # ------------------------------------------------------------------ lookups
    @cached_property
    def nodes(self) -> dict[str, tuple[Criterion, tuple[str, ...]]]:
        """Every criterion of the tree by id, with the ids of its ancestors."""
        return {node.id: (node, parents) for top in self.criteria for node, parents in top.walk()}

    @cached_property
    def leaves(self) -> tuple[Criterion, ...]:
        """The leaf criteria, in the tree's order."""
        return tuple(leaf for top in self.criteria for leaf in top.leaves())

    def criterion(self, criterion: str) -> Criterion:
        """The criterion with this id (any depth)."""
        try:
            return self.nodes[criterion][0]
        except KeyError:
            raise NotFoundError(_unknown("criterion", criterion, self.nodes)) from None

    def question(self, question: str) -> OpenQuestion:
        """The open question with this id."""
        for q in self.questions:
            if q.id == question:
                return q
        raise NotFoundError(_unknown("question", question, [q.id for q in self.questions]))

    def offer(self, offer: str) -> Offer:
        """The offer with this id."""
        for o in self.offers:
            if o.id == offer:
                return o
        raise NotFoundError(_unknown("offer", offer, [o.id for o in self.offers]))

    def evaluator(self, evaluator: str) -> Evaluator:
        """The evaluator with this id."""
        for e in self.evaluators:
            if e.id == evaluator:
                return e
        raise NotFoundError(_unknown("evaluator", evaluator, [e.id for e in self.evaluators]))

    def lot(self, lot: str) -> Lot:
        """The lot with this id."""
        for found in self.lots:
            if found.id == lot:
                return found
        raise NotFoundError(_unknown("lot", lot, [x.id for x in self.lots]))

    def offers_in(self, lot: str) -> tuple[Offer, ...]:
        """The offers on one lot, in file order."""
        return tuple(o for o in self.offers if o.lot == lot)

    def options_of(
        self, lot: str, kind: OptionKind | str | None = None
    ) -> tuple[PricedOption, ...]:
        """The PSE and optional tranches of a lot (of one kind when given)."""
        wanted = None if kind is None else OptionKind(kind)
        return tuple(
            o for o in self.options if o.lot == lot and (wanted is None or o.kind is wanted)
        )

    def option(self, option: str) -> PricedOption:
        """The PSE or optional tranche with this id."""
        for o in self.options:
            if o.id == option:
                return o
        raise KeyError(_unknown("option", option, [o.id for o in self.options]))

    @property
    def round_list(self) -> tuple[Round, ...]:
        """The rounds of the procedure; one initial round when the tender declares none."""
        return self.rounds or (Round(id="initiale", kind=RoundKind.INITIAL),)

    def questions_for(self, criterion: str) -> tuple[OpenQuestion, ...]:
        """The open questions that feed a leaf criterion."""
        return tuple(q for q in self.questions if q.criterion == criterion)

    # --------------------------------------------------------------- validation
    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Tender:
        context = info.context if isinstance(info.context, dict) else {}
        self._environment_checked = not context.get("defer_environment", False)
        error = self.consistency_error()
        if error is not None:
            raise error
        return self

    def consistency_error(self) -> ModelRuleError | None:
        """Every cross-field rule the tender breaks, as one error (None when it keeps them all).

        Run when the tender is built; the loaders also run it on a tender made of
        the parts that are valid and stand-ins for the others, so that every
        problem is reported at once (an unknown lot is not hidden by a price
        that does not add up).
        """
        problems: list[tuple[str, str, str]] = []
        problems += _duplicates("lots", [lot.id for lot in self.lots], "lot")
        problems += _duplicates("questions", [q.id for q in self.questions], "question")
        problems += _duplicates("evaluators", [e.id for e in self.evaluators], "evaluator")
        problems += _duplicates("offers", [o.id for o in self.offers], "offer")
        problems += _duplicates("rounds", [r.id for r in self.rounds], "round")
        problems += _duplicates("options", [o.id for o in self.options], "option")
        related: dict[str, list[tuple[str, str]]] = {}
        problems += self._check_criteria(related)
        problems += self._check_questions()
        problems += self._check_procedure()
        problems += self._check_offers()
        problems += self._check_scores()
        if not problems:
            return None
        codes = dict.fromkeys(related, ErrorCode.WEIGHTS)
        for path, message, _fix in problems:
            if isinstance(message, _IdMessage):
                codes.setdefault(path, message.code)
        return ModelRuleError(problems, related=related, codes=codes)

    def _check_criteria(
        self, related: dict[str, list[tuple[str, str]]]
    ) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        found = weight_total_problem(
            "criteria",
            "le marché",
            Decimal(100),
            [(f"criteria[{i}].weight", c.id, c.weight) for i, c in enumerate(self.criteria)],
        )
        if found is not None:
            problems.append(found[0])
            related["criteria"] = found[1]
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
        broken = rule_problem(self) if self._environment_checked else None
        if broken is not None:
            problems.append(broken)
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

    def _check_procedure(self) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        lots = {lot.id for lot in self.lots}
        for i, option in enumerate(self.options):
            if option.lot not in lots:
                problems.append(
                    (
                        f"options[{i}].lot",
                        _unknown("lot", option.lot, lots),
                        "indiquer le lot de la PSE ou de la tranche",
                    )
                )
            if option.compulsory and option.kind is OptionKind.TRANCHE:
                problems.append(
                    (
                        f"options[{i}].compulsory",
                        f"« compulsory » vaut pour une PSE, pas pour la tranche {option.id!r} : "
                        "chaque tranche optionnelle est chiffrée par tous les candidats",
                        "retirer `compulsory` de la tranche",
                    )
                )
        kinds = [r.kind for r in self.rounds]
        if kinds:
            where = f"rounds[{len(kinds) - 1}].kind"
            if kinds[0] is not RoundKind.INITIAL or kinds.count(RoundKind.INITIAL) != 1:
                problems.append(
                    (
                        "rounds[0].kind",
                        "le premier tour est celui des offres initiales, et lui seul "
                        f"(tours déclarés : {', '.join(k.value for k in kinds)})",
                        "commencer par `kind: initial` et ne le donner qu'une fois",
                    )
                )
            if len(kinds) > 1 and (
                kinds[-1] is not RoundKind.FINAL or kinds.count(RoundKind.FINAL) != 1
            ):
                problems.append(
                    (
                        where,
                        "une procédure en plusieurs tours se termine par les offres finales, "
                        "une seule fois",
                        "finir par `kind: final` (les tours intermédiaires sont "
                        "`kind: negotiation`)",
                    )
                )
        return problems

    def _check_offers(self) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        lots = {lot.id for lot in self.lots}
        by_id = {o.id: o for o in self.offers}
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
            problems += self._check_offer_options(i, offer)
            if offer.variant_of is not None:
                base = by_id.get(offer.variant_of)
                if not self.variants.allowed:
                    problems.append(
                        (
                            f"offers[{i}].variant_of",
                            f"l'offre {offer.id!r} est une variante, mais le marché n'autorise pas "
                            "les variantes",
                            "déclarer `variants: {allowed: true}` si le règlement de la "
                            "consultation les autorise, sinon écarter la variante",
                        )
                    )
                if base is None:
                    problems.append(
                        (
                            f"offers[{i}].variant_of",
                            f"la variante {offer.id!r} se rapporte à une "
                            f"{_unknown('offer', offer.variant_of, list(by_id))}",
                            "indiquer l'identifiant de l'offre de base du même candidat",
                        )
                    )
                elif base.lot != offer.lot or base.bidder != offer.bidder:
                    problems.append(
                        (
                            f"offers[{i}].variant_of",
                            f"la variante {offer.id!r} ({offer.bidder}, lot {offer.lot}) ne se "
                            f"rapporte pas à une offre du même candidat sur le même lot "
                            f"({base.id} : {base.bidder}, lot {base.lot})",
                            "indiquer l'offre de base du même candidat sur le même lot",
                        )
                    )
                elif base.variant_of is not None:
                    problems.append(
                        (
                            f"offers[{i}].variant_of",
                            f"l'offre {base.id!r} est elle-même une variante",
                            "rattacher la variante à l'offre de base",
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

    def _check_offer_options(self, i: int, offer: Offer) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        mine = {o.id: o for o in self.options_of(offer.lot)}
        for option_id in offer.options:
            if option_id not in mine:
                problems.append(
                    (
                        f"offers[{i}].options.{option_id}",
                        f"l'offre {offer.id!r} chiffre une "
                        f"{_unknown('option', option_id, list(mine))} du lot {offer.lot}",
                        "utiliser l'identifiant d'une PSE ou d'une tranche optionnelle du lot "
                        "(clé `options` du marché)",
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


class _IdMessage(str):
    """A problem's message that also carries its code (an unknown or a repeated id)."""

    code: ErrorCode

    def __new__(cls, text: str, code: ErrorCode = ErrorCode.RULE) -> _IdMessage:
        message = super().__new__(cls, text)
        message.code = code
        return message


def _duplicates(field: str, ids: list[str], what: str) -> list[tuple[str, str, str]]:
    counts = Counter(ids)
    problems: list[tuple[str, str, str]] = []
    for i, value in enumerate(ids):
        if counts[value] > 1 and ids.index(value) != i:
            problems.append(
                (
                    f"{field}[{i}].id",
                    _IdMessage(
                        f"l'identifiant {value!r} ({_FR.get(what, what)}) "
                        "est utilisé plusieurs fois",
                        ErrorCode.DUPLICATE_ID,
                    ),
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
    "round": "tour",
    "option": "option",
}


def _unknown(what: str, value: str, known: Iterable[str]) -> str:
    names = sorted(known) if not isinstance(known, list) else list(known)
    shown = ", ".join(repr(n) for n in names[:12]) + (" ..." if len(names) > 12 else "")
    feminine = what in ("question", "offer", "option")
    return _IdMessage(
        f"{_FR.get(what, what)} inconnu{'e' if feminine else ''} {value!r} "
        f"(connu{'e' if feminine else ''}s : {shown or 'aucun'})",
        ErrorCode.UNKNOWN_ID,
    )
