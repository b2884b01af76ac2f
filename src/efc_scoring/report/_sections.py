"""The sections of the offers-analysis report that need only the tender and its scores."""

from __future__ import annotations

from typing import Any

from efc_scoring import present
from efc_scoring.model.criteria import NumericScoring, PriceScoring, RubricScoring
from efc_scoring.report._doc import Answer, Bullets, Figure, Note, Para, Section, Table
from efc_scoring.report._evidence import assessment_of, shown, spans_of
from efc_scoring.report._text import FORMULA_WHY

__all__ = [
    "abnormal_section",
    "criteria_section",
    "offers_section",
    "price_section",
    "procedure_section",
    "ranking_section",
]


def _method_fr(criterion: Any) -> str:
    scoring = criterion.scoring
    if isinstance(scoring, PriceScoring):
        from efc_scoring.scoring.price import FORMULA_TEXT

        return f"formule de prix : {FORMULA_TEXT[scoring.formula]}"
    if isinstance(scoring, NumericScoring):
        arrow = (
            "plus haut = mieux"
            if scoring.direction.value == "higher_is_better"
            else ("plus bas = mieux")
        )
        unit = f"en {scoring.unit}" if scoring.unit else "sans unité"
        return f"valeur déclarée par le candidat ({unit}, {arrow})"
    if isinstance(scoring, RubricScoring):
        return f"note de la commission sur l'échelle « {scoring.scale.label} »"
    return "somme des sous-critères"


def procedure_section(
    tender: Any, when: Any, children: tuple[Section, ...] = (), received: int | None = None
) -> Section:
    """The procedure's facts; ``received``: the offers received at the start of a procedure
    whose later round ``tender`` holds (the offers of that round are then said apart)."""
    count = f"nombre d'offres reçues : {len(tender.offers)}"
    if received is not None and received != len(tender.offers):
        count = (
            f"nombre d'offres reçues : {received} ({len(tender.offers)} à ce tour de la "
            "négociation)"
        )
    facts = [
        f"Acheteur : {tender.buyer}",
        f"Objet : {tender.title}",
        f"Procédure : {tender.procedure}",
        f"Nombre de lots : {len(tender.lots)} ; {count}",
        "Date d'attribution prévue : "
        + (present.long_date(tender.award_date) if tender.award_date else "non précisée"),
    ]
    blocks: list[Any] = [Bullets(tuple(facts))]
    if tender.description:
        blocks.append(Para(tender.description))
    blocks.append(
        Table(
            ("Lot", "Intitulé", "Offres", "Plan de progrès"),
            tuple(
                (
                    lot.id,
                    lot.label,
                    str(len(tender.offers_in(lot.id))),
                    "oui" if lot.progress_plan else "non",
                )
                for lot in tender.lots
            ),
            caption="Lots de la consultation",
            numeric=(2,),
        )
    )
    if tender.evaluators:
        blocks.append(
            Table(
                ("Membre", "Qualité"),
                tuple((e.name, e.role.label) for e in tender.evaluators),
                caption="Commission d'évaluation",
            )
        )
        if any(e.role.value == "user" for e in tender.evaluators):
            blocks.append(
                Para(
                    "Des usagers du service siègent à la commission : ils connaissent "
                    "le travail réel et la façon dont les propositions le changent."
                )
            )
    return Section("1. La procédure", tuple(blocks), anchor="procedure", children=children)


def criteria_section(tender: Any) -> Section:
    rows = []
    for top in tender.criteria:
        for node, parents in top.walk():
            indent = "\u2003" * len(parents)
            threshold = present.number(node.threshold) if node.threshold is not None else ""
            rows.append(
                (
                    indent + node.label,
                    present.number(node.weight),
                    node.kind.label,
                    _method_fr(node) if node.is_leaf else "somme des sous-critères",
                    threshold,
                )
            )
    blocks: list[Any] = [
        Para(
            "Les pondérations sont exprimées en points sur 100 : les sous-critères d'un critère "
            "totalisent sa pondération, de sorte que chaque pondération se lit comme le nombre de "
            "points qu'elle peut apporter à une offre."
        ),
        Table(
            ("Critère", "Points", "Nature", "Méthode de notation", "Seuil d'élimination"),
            tuple(rows),
            caption="Critères et pondérations",
            numeric=(1, 4),
        ),
    ]
    if tender.questions:
        blocks.append(
            Para(
                "Questions ouvertes posées aux candidats (réponses rédigées librement, "
                "lues selon la grille de lecture EFC) :"
            )
        )
        blocks.append(
            Table(
                ("Question", "Axe", "Critère"),
                tuple(
                    (
                        q.text,
                        present.axis_label(q.axis, {a.id: a.label for a in tender.axes if a.label}),
                        tender.criterion(q.criterion).label,
                    )
                    for q in tender.questions
                ),
            )
        )
    rubric = next((c.scoring for c in tender.leaves if isinstance(c.scoring, RubricScoring)), None)
    if rubric is not None:
        blocks.append(
            Table(
                ("Niveau", "Libellé", "Signification"),
                tuple(
                    (present.number(lv.value), lv.label, lv.descriptor)
                    for lv in rubric.scale.levels
                ),
                caption=rubric.scale.label,
                numeric=(0,),
            )
        )
    return Section("2. Les critères et leur pondération", tuple(blocks), anchor="criteres")


def price_section(tender: Any, evaluation: Any, robustness: bool = True) -> Section:
    """« La formule de prix »; ``robustness``: whether the report has the section it points to."""
    from efc_scoring.scoring.price import FORMULA_TEXT

    blocks: list[Any] = []
    for leaf in tender.leaves:
        if not isinstance(leaf.scoring, PriceScoring):
            continue
        formula = leaf.scoring.formula
        blocks.append(
            Para(
                f"Critère « {leaf.label} » ({present.number(leaf.weight)} points) : "
                f"note = {FORMULA_TEXT[formula]}, où P est le prix de l'offre, Pmin "
                "(et Pmax) le prix le plus bas (le plus haut) des offres du lot et Nmax "
                "la pondération du critère."
            )
        )
        if leaf.description:
            blocks.append(Para(f"Prix retenu : {leaf.description}"))
        blocks.append(Para(FORMULA_WHY[formula.value]))
    if not blocks:
        return Section(
            "3. La formule de prix",
            (Para("Le prix n'est pas noté par une formule dans cette consultation."),),
            anchor="prix",
        )
    blocks.append(
        Para(
            "Réserves : l'acheteur choisit librement sa méthode de notation, mais une méthode est "
            "irrégulière si elle prive de portée un critère ou neutralise sa pondération (Conseil "
            "d'État, 3 novembre 2014, Commune de Belleville-sur-Loire, n° 373362). Toutes ces "
            "formules dépendent des prix des autres offres : l'arrivée ou le retrait d'une offre "
            "peut inverser l'ordre de deux autres"
            + (" (voir la section « Robustesse du classement »)." if robustness else ".")
        )
    )
    return Section("3. La formule de prix", tuple(blocks), anchor="prix")


def offers_section(
    tender: Any, evaluation: Any, assessments: Any, consolidation: Any = None, view: Any = None
) -> Section:
    names = {e.id: f"{e.name} ({e.role.label})" for e in tender.evaluators}
    lines = {(ln.offer, ln.criterion): ln for ln in evaluation.lines}
    full = view is None or view.full
    mentions = None
    if not full:
        from efc_scoring.committee.mentions import BidderMentions

        mentions = BidderMentions(evaluation.offers_received)
    lot_sections = []
    for lot in tender.lots:
        offer_sections = []
        for offer in tender.offers_in(lot.id):
            if not full and not view.sees(offer.id):
                continue
            blocks: list[Any] = [
                Para(
                    f"Candidat : {offer.bidder}. Prix : "
                    + (
                        present.money(offer.total_price, tender.currency)
                        if offer.total_price is not None
                        else "non indiqué"
                    )
                    + f". Total : {present.points(evaluation.totals[offer.id])} points sur 100."
                )
            ]
            blocks.append(
                Table(
                    ("Critère", "Points max.", "Élément noté", "Points", "Détail du calcul"),
                    tuple(
                        (
                            tender.criterion(leaf.id).label,
                            present.number(leaf.weight),
                            _input(lines[(offer.id, leaf.id)], tender.currency),
                            present.points(lines[(offer.id, leaf.id)].points),
                            _detail(lines[(offer.id, leaf.id)], full),
                        )
                        for leaf in tender.leaves
                    ),
                    numeric=(1, 3),
                )
            )
            answers = full or offer.id == view.reader
            for leaf in tender.leaves:
                blocks += _leaf_evidence(
                    tender,
                    offer,
                    leaf,
                    names,
                    assessments,
                    consolidation,
                    answers=answers,
                    mentions=mentions,
                )
            if offer.id in evaluation.eliminated:
                blocks.append(Note(f"Offre éliminée : {evaluation.eliminated[offer.id]}."))
            offer_sections.append(
                Section(f"Offre {offer.id} — {offer.bidder}", tuple(blocks), level=4)
            )
        received = evaluation.offers_received
        for offer_id, why in evaluation.set_aside.items():
            offer = received.offer(offer_id)
            if offer.lot != lot.id or not (full or view.sees(offer_id)):
                continue
            offer_sections.append(
                Section(
                    f"Offre {offer.id} — {offer.bidder} (écartée)",
                    (Note(f"Offre écartée, ni notée ni classée : {why}"),),
                    level=4,
                )
            )
        lot_sections.append(
            Section(f"Lot {lot.id} : {lot.label}", level=3, children=tuple(offer_sections))
        )
    intro = Para(f"Notes retenues : {evaluation.marks_source}. " + _what_offers_show(view))
    return Section("4. Analyse des offres", (intro,), anchor="offres", children=tuple(lot_sections))


def _what_offers_show(view: Any) -> str:
    """What the analysis of each offer holds in this version of the report (the answers of the
    bidders are in the internal version alone, and a bidder's own in its version)."""
    marks = (
        "Pour chaque critère noté par la commission figurent la note et la justification de "
        "chaque membre"
    )
    reading = "les passages relevés par le moteur d'analyse et le niveau qu'il propose"
    if view is None or view.full:
        return (
            f"{marks} ; pour chaque question ouverte, la réponse du candidat avec {reading}, "
            "que la commission confirme ou corrige."
        )
    if view.reader is None:
        return (
            "Pour chaque critère noté par la commission figurent, pour l'offre retenue, la note "
            "et la justification de chaque membre. Les réponses des candidats aux questions "
            "ouvertes ne figurent pas dans cette version (secret des affaires)."
        )
    return (
        f"{marks} ; pour chaque question ouverte, votre réponse avec {reading}. Les réponses "
        "des autres candidats, l'attributaire compris, ne figurent pas dans cette version "
        "(secret des affaires)."
    )


def _detail(line: Any, full: bool) -> str:
    """How a line's points were computed; outside the internal version, a price line gives
    its formula without the lowest and highest prices (other bidders' prices)."""
    if full or line.method != "price":
        return str(line.detail)
    return f"formule {line.formula}"


def _input(line: Any, currency: str) -> str:
    if line.method == "price":
        from decimal import Decimal

        return present.money(Decimal(line.input), currency)
    return line.input


def _leaf_evidence(  # type: ignore[no-untyped-def]
    tender, offer, leaf, names, assessments, consolidation=None, *, answers=True, mentions=None
) -> list[Any]:
    def said(text: str) -> str:  # outside the internal version: no other bidder named
        return text if mentions is None else mentions.redact(text, reader=offer.id).text

    out: list[Any] = []
    marks = [s for s in tender.marks if s.offer == offer.id and s.criterion == leaf.id]
    if marks:
        out.append(Para(f"{leaf.label} — notes et justifications de la commission :"))
        out.append(
            Bullets(
                tuple(
                    f"{names.get(s.evaluator, s.evaluator)} : {present.mark(s.value)} — "
                    f"{said(s.justification)}"
                    for s in marks
                )
            )
        )
    decided = _decision(consolidation, offer.id, leaf.id)
    if decided is not None:
        out.append(
            Note(
                f"Décision de la commission du {present.long_date(decided.at)} : niveau "
                f"{present.mark(decided.mark)} retenu — {said(decided.justification)}"
                + (
                    f" (écart aux notes individuelles : {said(decided.reason)})"
                    if decided.reason
                    else ""
                )
            )
        )
    if not answers:
        return out
    for q in tender.questions_for(leaf.id):
        text = offer.answers.get(q.id, "")
        a = assessment_of(assessments, offer.id, q.id)
        footer = ""
        spans: tuple[tuple[int, int, str], ...] = ()
        if a is not None:
            spans = tuple((s, e, c) for s, e, c, _ in spans_of(a))
            footer = (
                f"Niveau proposé par le moteur : {shown(a)}. {getattr(a, 'justification', '')}"
            ).strip()
        out.append(
            Answer(
                f"Question « {q.text} » — réponse du candidat",
                text or "(pas de réponse)",
                spans if text else (),
                footer,
            )
        )
    return out


def abnormal_section(
    tender: Any, evaluation: Any, view: Any = None, procedure: tuple[Any, ...] = ()
) -> Section:
    full = view is None or view.full
    blocks: list[Any] = [
        Para(
            "Méthode de la moyenne corrigée : moyenne des prix du lot, puis moyenne sans les "
            "offres qui dépassent nettement la première ; une offre trop en dessous de la moyenne "
            "corrigée est signalée"
            + (" (les seuils figurent dans la colonne « Analyse » du tableau)" if full else "")
            + ". Un signalement n'écarte aucune offre : le candidat doit être invité à justifier "
            "son prix (code de la commande publique, art. L. 2152-5, L. 2152-6 et R. 2152-3 à "
            "R. 2152-5)."
        )
    ]
    if evaluation.set_aside:
        blocks.append(
            Para(
                "Les offres écartées (voir « Recevabilité des offres ») ne comptent pas dans "
                "ce calcul."
            )
        )
    for lot in tender.lots:
        checks = evaluation.abnormal.get(lot.id, ())
        if not checks:
            continue
        if not full:  # no other bidder's price, nor a mean that would give it away
            blocks.append(
                Table(
                    ("Offre", "Candidat", "Prix", "Signalée"),
                    tuple(
                        (
                            c.offer,
                            tender.offer(c.offer).bidder,
                            present.money(c.price, tender.currency),
                            "oui" if c.flagged else "non",
                        )
                        for c in checks
                        if view.sees(c.offer)
                    ),
                    caption=f"Lot {lot.id} : {lot.label} (extrait)",
                    numeric=(2,),
                )
            )
            continue
        blocks.append(
            Table(
                ("Offre", "Candidat", "Prix", "Écart à la moyenne corrigée", "Signalée", "Analyse"),
                tuple(
                    (
                        c.offer,
                        tender.offer(c.offer).bidder,
                        present.money(c.price, tender.currency),
                        present.percent(c.gap),
                        "oui" if c.flagged else "non",
                        c.reason,
                    )
                    for c in checks
                ),
                caption=f"Lot {lot.id} : {lot.label}",
                numeric=(2, 3),
            )
        )
        flagged = [c.offer for c in checks if c.flagged]
        if flagged:
            blocks.append(
                Note(
                    f"Lot {lot.id} : offre(s) {', '.join(flagged)} susceptible(s) "
                    "d'être anormalement basse(s) : demander les justifications "
                    "avant toute décision."
                )
            )
    blocks += procedure
    return Section("5. Offres anormalement basses", tuple(blocks), anchor="oab")


def ranking_section(
    tender: Any,
    evaluation: Any,
    figures: dict[str, bytes],
    view: Any = None,
    justified: frozenset[str] = frozenset(),
) -> Section:
    full = view is None or view.full
    children = []
    for lot in tender.lots:
        frame = evaluation.ranking(lot.id)
        if frame.empty:
            continue
        rows = []
        for r in frame.itertuples(index=False):
            if not full and not view.sees(r.offer):
                rank = "—" if r.eliminated or str(r.rank) == "<NA>" else str(r.rank)
                rows.append((rank, "", "offre d'un autre candidat", "", "", ""))
                continue
            notes = present.ranking_remarks(
                eliminated=r.eliminated,
                elimination_reason=r.elimination_reason,
                tied=r.tied,
                abnormally_low=r.abnormally_low,
                justified=r.offer in justified,
            )
            rank = "—" if r.eliminated or str(r.rank) == "<NA>" else str(r.rank)
            price = (
                ""
                if r.price is None or r.price != r.price
                else present.money(r.price, tender.currency)
            )
            rows.append(
                (rank, r.offer, r.bidder, price, present.points(r.total), " ; ".join(notes))
            )
        received = evaluation.offers_received
        hidden = 0
        for offer_id, why in evaluation.set_aside.items():
            o = received.offer(offer_id)
            if o.lot != lot.id:
                continue
            if not full and not view.sees(offer_id):
                hidden += 1
                continue
            price = "" if o.total_price is None else present.money(o.total_price, tender.currency)
            rows.append(("—", o.id, o.bidder, price, "—", f"écartée : {why}"))
        if hidden:
            rows.append(
                ("—", "", present.count(hidden, "offre écartée", "offres écartées"), "", "—", "")
            )
        winners = evaluation.winners(lot.id)
        blocks: list[Any] = [
            Table(
                ("Rang", "Offre", "Candidat", "Prix", "Total /100", "Remarques"),
                tuple(rows),
                numeric=(0, 3, 4),
            )
        ]
        if winners:
            who = ", ".join(f"{w} ({tender.offer(w).bidder})" for w in winners)
            blocks.append(
                Para(
                    f"Offre classée première : {who}."
                    + (
                        " Égalité de points : départager selon le règlement de la consultation."
                        if len(winners) > 1
                        else ""
                    )
                )
            )
        name = f"points-{lot.id}.png"
        if name in figures:
            blocks.append(
                Figure(name, figures[name], f"Lot {lot.id} : points par critère et par offre")
            )
        children.append(Section(f"Lot {lot.id} : {lot.label}", tuple(blocks), level=3))
    return Section("6. Classement des offres", (), anchor="classement", children=tuple(children))


def _decision(consolidation: Any, offer: str, criterion: str) -> Any:
    """The committee's decision in force on an item, or None."""
    if consolidation is None:
        return None
    for it in consolidation.items:
        if it.offer == offer and it.criterion == criterion and it.method == "consensus":
            return it.consensus
    return None
