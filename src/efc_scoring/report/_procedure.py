"""The report's account of the procedure: admissibility, abnormally low offers, rounds, PSE.

Each function returns blocks or sections for :func:`~efc_scoring.report.build_report`
from the procedure's records (:func:`efc_scoring.procedure.read_records`) and
the evaluation; ``view`` says which offers the version of the report may
detail (:class:`~efc_scoring.report._versions.View`).

References
----------
Code de la commande publique, art. L. 2152-1 to L. 2152-4 and R. 2152-1,
R. 2152-2 (offers eliminated, regularisation), L. 2152-5, L. 2152-6, R. 2152-3
to R. 2152-5 and R. 2184-1 (abnormally low offers, stated in the report),
R. 2161-17 to R. 2161-20 (rounds of negotiation); DAJ, fiche « L'examen des
offres » (the same PSE for every offer).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from efc_scoring import present
from efc_scoring.report._doc import Bullets, Note, Para, Section, Table

__all__ = [
    "abnormal_procedure_blocks",
    "admissibility_section",
    "options_section",
    "rounds_section",
]


def admissibility_section(
    received: Any, evaluation: Any, records: Any, key: Any, view: Any
) -> Section | None:
    """« Recevabilité des offres »: statuses, regularisation, offers set aside with reasons."""
    from efc_scoring.procedure import OfferStatus, statuses

    recorded = [s for s in records.statuses if s.round == key]
    if not recorded and not evaluation.set_aside:
        return None
    blocks: list[Any] = [
        Para(
            "Les offres irrégulières, inacceptables ou inappropriées sont éliminées (code de la "
            "commande publique, art. L. 2152-1 à L. 2152-4) ; une offre rejetée comme "
            "anormalement basse l'est aussi (art. R. 2152-4). Une offre écartée n'est ni notée "
            "ni classée, et le motif en est donné à son candidat."
        )
    ]
    found = statuses(received, records, key)
    rows = []
    hidden = 0
    for offer in received.offers:
        status, reason = found[offer.id]
        if offer.id in evaluation.set_aside:
            state = "écartée"
            why = evaluation.set_aside[offer.id]
        else:
            state = "classée"
            why = reason if status is OfferStatus.COMPLIANT and reason else ""
        if not view.sees(offer.id):
            hidden += offer.id in evaluation.set_aside
            continue
        rows.append((offer.id, offer.bidder, status.label, state, why))
    blocks.append(
        Table(
            ("Offre", "Candidat", "Statut", "Suite", "Motif"),
            tuple(rows),
            caption="Recevabilité des offres" + ("" if view.full else " (extrait)"),
        )
    )
    if hidden:
        blocks.append(
            Para(
                f"{present.count(hidden, 'offre écartée', 'offres écartées')} non détaillée"
                f"{'s' if hidden > 1 else ''} ici : "
                "le motif n'est communiqué qu'au candidat concerné."
            )
        )
    request = records.request(key)
    if request is not None:
        invited = [o for o in request.offers if view.sees(o)]
        who = (
            present.join(invited)
            if view.full
            else present.count(len(request.offers), "offre irrégulière", "offres irrégulières")
        )
        text = (
            f"Invitation à régulariser (art. R. 2152-2) adressée le "
            f"{present.long_date(request.sent_on or request.at.date())} à toutes les offres "
            f"irrégulières ({who}), "
            f"dans le même délai, jusqu'au {present.long_date(request.deadline)} : "
            f"{request.reason}"
        )
        items = [text]
        for done in records.regularised:
            if done.round == key and view.sees(done.offer):
                items.append(
                    f"Offre {done.offer} régularisée le {present.long_date(done.received_on)} : "
                    f"{done.received}"
                )
        blocks.append(Bullets(tuple(items)))
    return Section("Recevabilité des offres", tuple(blocks), level=3, anchor="recevabilite")


def abnormal_procedure_blocks(received: Any, records: Any, key: Any, view: Any) -> list[Any]:
    """The abnormally-low-offer procedure of each offer: request, explanation, decision."""
    out: list[Any] = []
    offers = sorted({s.offer for s in records.abnormal if s.round == key})
    for offer_id in offers:
        if not view.sees(offer_id):
            continue
        steps = records.abnormal_steps(key, offer_id)
        offer = received.offer(offer_id)
        items = []
        for s in steps:
            if s.step == "request":
                figures = s.figures
                why = ""
                if "gap" in figures and "corrected_mean" in figures and view.full:
                    price = present.money(Fraction(figures["price"]), received.currency)
                    mean = present.money(Fraction(figures["corrected_mean"]), received.currency)
                    gap = present.percent(-Fraction(figures["gap"]))
                    why = f" : prix {price}, inférieur de {gap} à la moyenne corrigée ({mean})"
                if "below" in figures:
                    why += f", seuil de détection {present.percent(Fraction(figures['below']))}"
                if figures.get("suspicion"):
                    why += f" ; motif de la demande : {figures['suspicion']}"
                items.append(
                    f"Demande écrite de précisions et justifications (art. R. 2152-3) envoyée le "
                    f"{present.long_date(s.sent_on)}, réponse attendue au plus tard le "
                    f"{present.long_date(s.deadline)}{why}."
                )
            elif s.step == "explanation":
                items.append(
                    f"Justifications reçues le {present.long_date(s.received_on)} : {s.summary}"
                )
            else:
                verdict = (
                    "offre retenue, le prix est justifié"
                    if s.kept
                    else "offre rejetée comme anormalement basse (art. R. 2152-4)"
                )
                items.append(
                    f"Décision du {present.long_date(s.at.date())} ({s.by}) : {verdict} — "
                    f"{s.reason}"
                )
        if not any(s.step == "decision" for s in steps):
            items.append("Décision à prendre : aucune offre n'est rejetée sans décision motivée.")
        out.append(Para(f"Procédure de l'offre {offer_id} ({offer.bidder}) :"))
        out.append(Bullets(tuple(items)))
    return out


def rounds_section(received: Any, ledger: Any, view: Any) -> Section | None:
    """« Déroulement de la négociation »: each offer's total and rank per round, admissions."""
    from efc_scoring.procedure import trace

    if not received.rounds:
        return None
    through = trace(received, ledger)
    if not through.rows:
        return None
    titles = {r.id: r.title for r in received.round_list}
    names = {o.id: o.bidder for o in received.offers}
    rows = []
    by_offer: dict[str, list[dict[str, Any]]] = {}
    for row in through.rows:
        names.setdefault(row["offer"], row["bidder"])
        if row["bidder"] and not names[row["offer"]]:
            names[row["offer"]] = row["bidder"]
        by_offer.setdefault(row["offer"], []).append(row)
        if not view.sees(row["offer"]):
            continue
        admitted = {None: "", True: "admise", False: "non admise"}[row["admitted"]]
        rows.append(
            (
                titles.get(row["round"], row["round"]),
                row["offer"],
                names.get(row["offer"], ""),
                "—" if row["total"] is None else present.points(row["total"]),
                "—" if row["rank"] is None else str(row["rank"]),
                admitted,
                row["reason"],
            )
        )
    blocks: list[Any] = [
        Para(
            "Les offres sont notées à chaque tour par les critères d'attribution ; chaque "
            "admission au tour suivant, ou non, est motivée (art. R. 2161-17 à R. 2161-20 : "
            "égalité de traitement des candidats). Chaque tour clos est figé : empreintes de "
            "ses fichiers, totaux et rangs au journal de la commission."
        ),
        Table(
            ("Tour", "Offre", "Candidat", "Total /100", "Rang", "Tour suivant", "Motif"),
            tuple(rows),
            caption="Trace des offres d'un tour à l'autre",
            numeric=(3, 4),
        ),
    ]
    changes = []
    for offer_id, steps in by_offer.items():
        scored = [s for s in steps if s["total"] is not None]
        if len(scored) < 2 or not view.sees(offer_id):
            continue
        first, last = scored[0], scored[-1]
        diff = last["total"] - first["total"]
        sign = "+" if diff >= 0 else "−"
        changes.append(
            f"Offre {offer_id} ({names.get(offer_id, '')}) : {present.points(first['total'])} pts "
            f"(rang {first['rank']}) aux {titles[first['round']].lower()}, "
            f"{present.points(last['total'])} pts (rang {last['rank']}) aux "
            f"{titles[last['round']].lower()} ({sign}{present.points(abs(diff))} pts)."
        )
    if changes:
        blocks += [Para("Avant et après la négociation :"), Bullets(tuple(changes))]
    return Section("Déroulement de la négociation", tuple(blocks), level=3, anchor="tours")


def options_section(
    received: Any, evaluation: Any, records: Any, key: Any, marks: Any, view: Any
) -> Section | None:
    """« Prestations supplémentaires éventuelles »: the combinations ranked, the PSE retained."""
    from efc_scoring.model.procedure import OptionKind
    from efc_scoring.procedure import rank_combinations
    from efc_scoring.scoring.evaluate import take_out

    lots = [lot for lot in received.lots if received.options_of(lot.id, OptionKind.PSE)]
    if not lots:
        return None
    ids = {o.id for o in received.offers}
    gone = {o: why for o, why in evaluation.set_aside.items() if o in ids}
    base = take_out(received, gone)[0] if gone else received
    blocks: list[Any] = [
        Para(
            "Les offres sont comparées sur l'offre de base, les tranches optionnelles et les "
            "prestations supplémentaires éventuelles (PSE) retenues, les mêmes pour toutes les "
            "offres (DAJ, fiche « L'examen des offres » ; TA Pau, 2025, n° 2500008). Avant le "
            "choix, les offres ont été classées pour chaque combinaison des PSE obligatoires."
        )
    ]
    names = {o.id: o.bidder for o in received.offers}
    for lot in lots:
        if base.priced_options is None and base.offers_in(lot.id):
            ranking = rank_combinations(base, lot.id, marks=marks)
            rows = []
            for c in ranking.combinations:
                winners = [w for w in c.winners]
                shown = (
                    ", ".join(f"{w} ({names.get(w, '')})" for w in winners)
                    if all(view.sees(w) for w in winners)
                    else "une autre offre"
                )
                rows.append((c.label, shown))
            blocks.append(
                Table(
                    ("Combinaison", "Offre classée première"),
                    tuple(rows),
                    caption=f"Lot {lot.id} : {lot.label}",
                )
            )
            blocks.append(Para(ranking.sentences()[-1]))
        chosen = records.retained(key, lot.id)
        if chosen is None:
            blocks.append(
                Note(
                    f"Lot {lot.id} : aucun choix de PSE consigné ; les offres sont comparées sans "
                    "PSE (efc-scoring procedure pse --retenir ou --aucune)."
                )
            )
        else:
            pse = (
                present.join(f"{p} « {received.option(p).label} »" for p in chosen.pse)
                or "aucune PSE"
            )
            blocks.append(
                Para(
                    f"Lot {lot.id} : retenu pour toutes les offres, {pse} — décision du "
                    f"{present.long_date(chosen.at.date())} ({chosen.by}) : {chosen.reason}"
                )
            )
    return Section("Prestations supplémentaires éventuelles", tuple(blocks), level=3, anchor="pse")
