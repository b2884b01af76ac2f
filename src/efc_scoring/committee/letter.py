"""The letter to a rejected bidder: its marks and their reasons, the winner, the appeal routes.

The buyer must tell every rejected bidder why its offer was rejected and, once
the contract is awarded, the name of the winner, the reasons for choosing its
offer and the date from which the contract may be signed (Code de la commande
publique, articles R. 2181-1 and R. 2181-3); the characteristics and relative
advantages of the winning offer are due on request (R. 2181-4) and are given
here at once, as points per criterion. The contract is not signed before
eleven days from the sending of the letter by electronic means, sixteen
otherwise (R. 2182-1), counted from date to date. The letter states the appeal
routes open to the bidder and their deadlines.

The letter says nothing else of any other bidder: every justification or reason
that names another bidder (the winner included), quotes its answer or gives its
price has its sentence replaced (:class:`~efc_scoring.committee.mentions.BidderMentions`);
the winner appears only through its name, its points and the criteria on which
it scores higher. Bidder-controlled text is escaped in every format.

While items of the committee's agenda are unsettled, the letter is refused,
unless it is asked for as provisional: each page then says « PROVISOIRE ».
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from efc_scoring import present
from efc_scoring._deprecation import renamed_keywords
from efc_scoring.committee._agenda import unsettled_items
from efc_scoring.committee._consolidate import Consolidation, consolidate
from efc_scoring.committee._render import Block, data, to_html, to_markdown, to_text
from efc_scoring.committee.mentions import NEUTRAL, BidderMentions
from efc_scoring.errors import LetterError
from efc_scoring.model.criteria import NumericScoring, PriceScoring, RubricScoring
from efc_scoring.model.tender import Tender
from efc_scoring.scoring.price import FORMULA_TEXT

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from efc_scoring.committee._consolidate import Item
    from efc_scoring.model.offer import Offer
    from efc_scoring.model.tender import Lot
    from efc_scoring.scoring.evaluate import Evaluation

__all__ = [
    "STANDSTILL_DAYS",
    "Letter",
    "LetterError",
    "LetterRow",
    "disclosure_letter",
    "earliest_signature",
]

LEGAL_BASIS = "articles R. 2181-1 à R. 2181-4 du code de la commande publique"
#: Days between the sending of the letters and the signature (R. 2182-1): by electronic
#: means, otherwise.
STANDSTILL_DAYS = {True: 11, False: 16}
PROVISIONAL = "PROVISOIRE"


def earliest_signature(sent: date, electronic: bool = True) -> date:
    """The first day the contract may be signed: 11 days after an electronic sending, else 16.

    The period runs from date to date from the day of sending (article
    R. 2182-1 of the code de la commande publique).

    Examples
    --------
    >>> earliest_signature(date(2027, 6, 15)), earliest_signature(date(2027, 6, 15), False)
    (datetime.date(2027, 6, 26), datetime.date(2027, 7, 1))
    """
    return sent + timedelta(days=STANDSTILL_DAYS[bool(electronic)])


@dataclass(frozen=True)
class LetterRow:
    """One criterion of the letter: the bidder's points and level, the winner's points, reasons.

    ``settled`` holds the date of the committee's decision when the mark is one. The
    winner's points and mark are None in the letter to a bidder not admitted to a
    later round of a negotiation (its marks are those of an earlier round).
    """

    criterion: str
    label: str
    weight: Fraction
    points: Fraction
    mark: Fraction | None
    winner_points: Fraction | None
    winner_mark: Fraction | None
    reasons: tuple[str, ...]
    settled: date | None = None
    redacted: int = 0


@dataclass(frozen=True)
class Letter:
    """A disclosure letter to one bidder, in Markdown, plain text and HTML (French).

    ``warnings`` are for the buyer, never printed in the letter: a signature
    date earlier than the standstill allows, sentences replaced because they
    named another bidder.

    Examples
    --------
    >>> from datetime import date
    >>> from efc_scoring import disclosure_letter, load_tender, sample_path, score
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> letter = disclosure_letter(tender, score(tender), "O2", sent=date(2027, 3, 16),
    ...                            provisional=True)
    >>> letter.bidder, letter.winner, letter.signature_date, letter.provisional
    ('Propreté Bugey Distribution', 'O1', datetime.date(2027, 3, 27), True)
    """

    offer: str
    bidder: str
    winner: str
    markdown: str
    text: str
    rows: tuple[LetterRow, ...]
    html: str = ""
    signature_date: date | None = None
    sent: date | None = None
    provisional: bool = False
    warnings: tuple[str, ...] = field(default=())
    #: Why the offer was set aside without being ranked (irregular, unacceptable,
    #: inappropriate, abnormally low), as the letter states it; empty for a ranked offer.
    set_aside: str = ""
    #: The round the offer left the procedure at (« Offres initiales »), for a bidder not
    #: admitted to a later round of a negotiation or set aside in an earlier round; empty
    #: for an offer of the round the letter is written from.
    stage: str = ""

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the letter atomically: Markdown for ``.md``, HTML for ``.html``, text otherwise."""
        from efc_scoring.io._atomic import write_text_atomic

        target = Path(path)
        suffix = target.suffix.lower()
        if suffix in (".md", ".markdown"):
            body = self.markdown
        elif suffix in (".html", ".htm"):
            body = self.html
        else:
            body = self.text
        return write_text_atomic(target, body)

    def to_frame(self) -> pd.DataFrame:
        """One row per criterion: weight, the bidder's and the winner's points, reasons."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "criterion": r.criterion,
                    "label": r.label,
                    "weight": float(r.weight),
                    "points": float(r.points),
                    "mark": None if r.mark is None else float(r.mark),
                    "winner_points": None if r.winner_points is None else float(r.winner_points),
                    "winner_mark": None if r.winner_mark is None else float(r.winner_mark),
                    "reasons": " ; ".join(r.reasons),
                    "settled": r.settled,
                }
                for r in self.rows
            ]
        )

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        from html import escape

        return f"<pre>{escape(self.text)}</pre>"


@renamed_keywords(offer_id="offer")
def disclosure_letter(
    tender: Tender,
    evaluation: Evaluation,
    offer: str,
    consolidation: Consolidation | None = None,
    *,
    winner: str | None = None,
    sent: date | None = None,
    electronic: bool = True,
    signature_date: date | None = None,
    provisional: bool = False,
    signatory: str | None = None,
    court: str | None = None,
    mentions: BidderMentions | None = None,
) -> Letter:
    """What the buyer must tell a rejected bidder, and nothing of the other bidders.

    Parameters
    ----------
    tender
        The tender.
    evaluation
        The scored offers, with the marks the committee settled
        (``consolidation.evaluate()``).
    offer
        The rejected offer the letter is for.
    consolidation
        Where the reasons come from: the committee's decision on each settled
        item (``consolidate(tender, method="consensus", consensus=decisions)``)
        and the evaluators' justifications elsewhere (default:
        ``consolidate(tender)``, with no decision).
    winner
        The winning offer, needed only when several offers tie for first place.
    sent
        The date the letter is sent (default: today); it is the letter's date.
    electronic
        Whether it is sent by electronic means (standstill of 11 days, else 16).
    signature_date
        The date from which the contract may be signed; by default the end of
        the standstill. An earlier date is kept but raises a warning.
    provisional
        Write the letter although agenda items are unsettled: each page then
        says « PROVISOIRE ».
    signatory
        Who signs, with their title (« Marie Durand, directrice de la commande
        publique »); by default the buyer's representative.
    court
        The administrative court that hears appeals (« tribunal administratif
        de Lyon »); by default the competent one, unnamed.
    mentions
        The detector of mentions of other bidders (built from ``tender`` by default).

    Raises
    ------
    LetterError
        An unknown offer, the winning offer itself, a tie for first place
        without ``winner``, or unsettled agenda items of the lot without
        ``provisional`` (the items are named).

    References
    ----------
    Code de la commande publique, articles R. 2181-1 (notification of the
    rejection), R. 2181-3 (reasons, name of the winner and reasons for its
    choice, signature date), R. 2181-4 (characteristics and advantages of the
    winning offer) and R. 2182-1 (standstill period). Code de justice
    administrative, articles L. 551-1 (référé précontractuel), L. 551-13 and
    R. 551-7 (référé contractuel). Conseil d'État, Ass., 4 avril 2014,
    Département de Tarn-et-Garonne, n° 358994 (recours en contestation de la
    validité du contrat).

    Examples
    --------
    >>> from datetime import date
    >>> from efc_scoring import load_tender, sample_path, score
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> disclosure_letter(tender, score(tender), "O3")
    Traceback (most recent call last):
    ...
    efc_scoring.errors.LetterError: lettre refusée : 2 points de l'ordre du jour du lot L1 ...
    >>> letter = disclosure_letter(tender, score(tender), "O3", provisional=True,
    ...                            sent=date(2027, 3, 16))
    >>> letter.winner, "Hygiène Pro Centre-Est" in letter.text, "Distri-Clean" in letter.text
    ('O1', True, False)
    >>> letter.signature_date, "PROVISOIRE" in letter.text
    (datetime.date(2027, 3, 27), True)
    """
    try:
        the_offer = tender.offer(offer)
    except KeyError:
        try:  # an offer set aside, when the tender given is the one scored
            the_offer = evaluation.offers_received.offer(offer)
        except KeyError as exc:
            raise LetterError(str(exc.args[0])) from None
    winners = evaluation.winners(the_offer.lot)
    if winner is None:
        if len(winners) != 1:
            shown = present.join(winners) or "aucune"
            raise LetterError(
                f"le lot {the_offer.lot} n'a pas une seule offre classée première ({shown}) : "
                "départager les offres ex aequo puis indiquer l'offre retenue (--winner)"
            )
        winner = winners[0]
    try:
        won = tender.offer(winner)
    except KeyError as exc:
        raise LetterError(str(exc.args[0])) from None
    if won.lot != the_offer.lot:
        raise LetterError(
            f"l'offre retenue {winner} est sur le lot {won.lot}, pas sur le lot {the_offer.lot} de "
            f"l'offre {offer}"
        )
    if offer == winner:
        raise LetterError(
            f"l'offre {offer} est l'offre retenue : elle ne reçoit pas de lettre de rejet"
        )
    consolidation = consolidation or consolidate(tender)
    pending = unsettled_items(consolidation, lot=the_offer.lot)
    if pending and not provisional:
        raise LetterError(
            f"lettre refusée : {present.count(len(pending), 'point')} de l'ordre du jour du lot "
            f"{the_offer.lot} {'restent' if len(pending) > 1 else 'reste'} à trancher ("
            + _items(tender, pending)
            + ") : enregistrer la décision de la commission (efc-scoring consensus ou "
            "import-consensus), ou demander une lettre provisoire (--provisoire)"
        )
    sent = sent or date.today()
    earliest = earliest_signature(sent, electronic)
    warnings: list[str] = list(dated_before_award(tender, sent))
    if signature_date is None:
        signature_date = earliest
    elif signature_date < earliest:
        warnings.append(
            f"la date de signature du {present.long_date(signature_date)} ne respecte pas le "
            f"délai de suspension : envoi le {present.long_date(sent)} "
            f"{'par voie électronique' if electronic else 'hors voie électronique'}, "
            f"signature possible au plus tôt le {present.long_date(earliest)} (article "
            "R. 2182-1 du code de la commande publique)"
        )
    mentions = mentions or BidderMentions(evaluation.offers_received)
    context = _Context(
        tender, evaluation, offer, winner, sent, electronic, signature_date, signatory, court
    )
    rows: list[LetterRow] = []
    reason = ""
    if offer in evaluation.set_aside:
        # the kind and article (before « : ») are the library's; the buyer's reason after it
        kind, sep, why = evaluation.set_aside[offer].partition(" : ")
        if not sep:
            kind, why = "", kind
        cleared = mentions.redact(why, reader=offer)
        reason = f"{kind}{sep}{cleared.text}"
        if cleared.replaced:
            warnings.append(
                "motif de rejet cité en partie : il nommait un autre candidat, sa réponse ou "
                "son prix"
            )
        blocks = _set_aside_blocks(context, reason, pending if provisional else ())
    else:
        rows = _rows(tender, evaluation, consolidation, offer, winner, mentions)
        replaced = sum(r.redacted for r in rows)
        if replaced:
            warnings.append(
                f"{present.count(replaced, 'phrase')} de justification "
                f"{'remplacées' if replaced > 1 else 'remplacée'} : elles citaient un autre "
                "candidat, sa réponse ou son prix"
            )
        blocks = _blocks(context, rows, pending if provisional else ())
    title = f"Information sur le rejet de votre offre — {data(the_offer.bidder)}"
    return Letter(
        offer,
        the_offer.bidder,
        winner,
        to_markdown(blocks),
        to_text(blocks),
        tuple(rows),
        html=to_html(blocks, title, PROVISIONAL if provisional else ""),
        signature_date=signature_date,
        sent=sent,
        provisional=bool(pending) and provisional,
        warnings=tuple(warnings),
        set_aside=reason,
    )


@dataclass(frozen=True)
class _Context:
    tender: Tender
    evaluation: Evaluation
    offer: str
    winner: str
    sent: date
    electronic: bool
    signature_date: date
    signatory: str | None
    court: str | None


def dated_before_award(tender: Tender, sent: date) -> tuple[str, ...]:
    """The warning of a letter that announces the award, dated before the tender file's
    ``award_date``: it tells a decision not yet taken, before the report that grounds it."""
    if tender.award_date is None or sent >= tender.award_date:
        return ()
    return (
        f"la lettre est datée du {present.long_date(sent)}, avant la date d'attribution du "
        f"marché ({present.long_date(tender.award_date)}, award_date du fichier de marché) : "
        "elle annonce une attribution qui n'est pas encore décidée ; dater la lettre de son "
        "envoi, après la décision d'attribution, ou corriger award_date",
    )


def _options_compared(tender: Tender, offer_id: str) -> str:
    """« (offre de base et PSE1 « … », retenue pour toutes les offres) » when the price
    compared adds options to the base offer (:func:`~efc_scoring.procedure.price_options`):
    the bidder never wrote that sum, the letter says what it adds up."""
    lot = tender.offer(offer_id).lot
    included = [
        option for option in map(tender.option, tender.priced_options or ()) if option.lot == lot
    ]
    if not included:
        return ""
    names = present.join([f"{o.id} « {o.label} »" for o in included])
    agreed = "retenue" if len(included) == 1 else "retenues"
    return f" (offre de base et {names}, {agreed} pour toutes les offres)"


def _rows(tender, evaluation, consolidation, offer_id, winner, mentions) -> list[LetterRow]:  # type: ignore[no-untyped-def]
    """The letter's rows of ``offer_id``; ``winner`` None: no comparison with a winner."""
    lines = {(ln.offer, ln.criterion): ln for ln in evaluation.lines}
    items = {(it.offer, it.criterion): it for it in consolidation.items}
    rows = []
    for leaf in tender.leaves:
        mine = lines[(offer_id, leaf.id)]
        theirs = None if winner is None else lines[(winner, leaf.id)]
        scoring = leaf.scoring
        mark = winner_mark = None
        settled = None
        redacted = 0
        if isinstance(scoring, PriceScoring):
            reasons = [
                f"votre prix de {present.money(Decimal(mine.input), tender.currency)} HT"
                f"{_options_compared(evaluation.tender, offer_id)}, noté selon la formule "
                f"{FORMULA_TEXT[scoring.formula]} (Pmin : prix le plus bas des offres, P : "
                "votre prix)"
            ]
        elif isinstance(scoring, NumericScoring):
            value = Decimal(mine.input)
            unit = f" {present.unit(value, scoring.unit)}" if scoring.unit else ""
            reasons = [f"valeur déclarée : {present.number(value, up_to=None)}{unit}"]
        else:
            assert isinstance(scoring, RubricScoring)
            scale = scoring.scale
            low, span = Fraction(scale.min), Fraction(scale.max) - Fraction(scale.min)
            mark = low + Fraction(mine.share) * span
            winner_mark = None if theirs is None else low + Fraction(theirs.share) * span
            item = items.get((offer_id, leaf.id))
            texts: list[str] = []
            if item is not None and item.consensus is not None and item.method == "consensus":
                settled = item.consensus.at.date()
                texts = [item.consensus.justification]
            elif item is not None:
                texts = list(dict.fromkeys(j.strip() for _, j in item.justifications if j.strip()))
            reasons = []
            for text in texts:
                cleared = mentions.redact(text, reader=offer_id)
                redacted += len(cleared.replaced)
                if cleared.text and cleared.text not in reasons:
                    reasons.append(cleared.text)
            if reasons and all(r == NEUTRAL for r in reasons):
                reasons = [NEUTRAL]
        rows.append(
            LetterRow(
                leaf.id,
                _path_label(tender, leaf.id),
                Fraction(leaf.weight),
                mine.points,
                mark,
                None if theirs is None else theirs.points,
                winner_mark,
                tuple(reasons),
                settled,
                redacted,
            )
        )
    return rows


def _path_label(tender: Tender, criterion: str) -> str:
    node, parents = tender.nodes[criterion]
    labels = [tender.criterion(p).label for p in parents] + [node.label]
    return " — ".join(labels)


def _level(tender: Tender, criterion: str, mark: Fraction) -> str:
    scale = tender.criterion(criterion).scoring.scale  # type: ignore[union-attr]
    text = f"niveau {present.mark(mark)} sur {present.mark(scale.max)}"
    if mark.denominator == 1:
        text += f" ({data(scale.label_of(mark.numerator))})"
    return text


def _heading(ctx: _Context, offer: Offer, lot: Lot, pending: Sequence[Item]) -> list[Block]:
    return letter_heading(ctx.tender, ctx.sent, offer, lot, pending)


def letter_heading(
    tender: Tender, sent: date, offer: Offer, lot: Lot, pending: Sequence[Item]
) -> list[Block]:
    """The letter's head, the same for every rejected offer (at the award or at a round of
    a negotiation): the banner of a provisional letter, the buyer and the date, the title,
    the contract and the addressee."""
    blocks: list[Block] = [_banner(tender, pending, offer.id)] if pending else []
    return [
        *blocks,
        Block("p", text=f"{data(tender.buyer)}\nLe {present.long_date(sent)}"),
        Block(
            "h1",
            text="Information sur le rejet de votre offre"
            + (f" ({PROVISIONAL.lower()})" if pending else ""),
        ),
        Block(
            "p",
            text=f"**Marché :** {data(tender.title)}\n**Acheteur :** {data(tender.buyer)}\n"
            f"**Procédure :** {data(tender.procedure)}\n**Lot :** {data(lot.label)}\n"
            f"**Destinataire :** {data(offer.bidder)} (offre {data(offer.id)})",
        ),
        Block("p", text="Madame, Monsieur,"),
    ]


def _blocks(ctx: _Context, rows: list[LetterRow], pending) -> list[Block]:  # type: ignore[no-untyped-def]
    tender, evaluation = ctx.tender, ctx.evaluation
    offer, won = tender.offer(ctx.offer), tender.offer(ctx.winner)
    lot = tender.lot(offer.lot)
    blocks = _heading(ctx, offer, lot, pending)
    blocks += [
        Block(
            "p",
            text="Nous avons le regret de vous informer que votre offre n'a pas été "
            f"retenue. Conformément aux {LEGAL_BASIS}, nous vous communiquons les "
            "motifs de ce rejet, le nom de l'attributaire, les motifs qui ont conduit au "
            "choix de son offre et ses avantages relatifs, ainsi que la date à partir de "
            "laquelle le marché pourra être signé.",
        ),
        Block("h2", text="Votre offre"),
    ]
    total = evaluation.totals[ctx.offer]
    if ctx.offer in evaluation.eliminated:
        verdict = f"mais a été éliminée : {data(evaluation.eliminated[ctx.offer])}."
    else:
        place = evaluation.ranks[ctx.offer]
        assert place is not None  # an offer not eliminated has a rank
        rank = present.ordinal(place)
        verdict = f"et se classe au **{rank} rang**."
    blocks.append(
        Block("p", text=f"Votre offre obtient **{present.points(total)} points sur 100** {verdict}")
    )
    blocks.append(
        Block(
            "table",
            header=(
                "Critère",
                "Pondération",
                "Votre note",
                "Vos points",
                "Points de l'offre retenue",
            ),
            rows=tuple(
                (
                    data(r.label),
                    f"{present.mark(r.weight)} pts",
                    present.mark(r.mark),
                    present.points(r.points),
                    present.points(r.winner_points),
                )
                for r in rows
            ),
        )
    )
    blocks += [
        Block("h2", text="Motifs de vos notes"),
        Block("ul", items=reason_items(tender, rows)),
    ]
    advantages = []
    for r in rows:
        if r.winner_points is not None and r.winner_points > r.points:
            text = (
                f"**{data(r.label)}** ({present.mark(r.weight)} pts) : l'offre retenue obtient "
                f"{present.points(r.winner_points)} pts contre {present.points(r.points)} pour la "
                f"vôtre (+{present.points(r.winner_points - r.points)} pts)"
            )
            if r.mark is not None and r.winner_mark is not None:
                text += f", {_level(tender, r.criterion, r.winner_mark)} contre "
                text += present.mark(r.mark)
            advantages.append(text)
    blocks += [
        Block("h2", text="L'offre retenue"),
        Block(
            "p",
            text=f"Le marché est attribué à **{data(won.bidder)}**, dont l'offre obtient "
            f"**{present.points(evaluation.totals[ctx.winner])} points sur 100** et se classe "
            "au 1er rang. Ses avantages relatifs par rapport à votre offre :",
        ),
        Block("ul", items=tuple(advantages) or ("aucun critère où elle obtient plus de points",)),
    ]
    blocks += signature_blocks(ctx.sent, ctx.electronic, ctx.signature_date)
    blocks += appeal_blocks(ctx.court)
    blocks += closing_blocks(tender.buyer, ctx.signatory)
    if pending:
        blocks.append(_banner(tender, pending, ctx.offer))
    return blocks


def reason_items(tender: Tender, rows: Sequence[LetterRow]) -> tuple[str, ...]:
    """« Motifs de vos notes »: per criterion, the level and the reasons of the bidder's mark."""
    reasons = []
    for r in rows:
        level = f" ({_level(tender, r.criterion, r.mark)})" if r.mark is not None else ""
        why = " / ".join(data(x) for x in r.reasons) or "sans motif écrit"
        if r.settled is not None:
            why = f"décision de la commission du {present.long_date(r.settled)} : {why}"
        reasons.append(f"**{data(r.label)}**{level} : {why}")
    return tuple(reasons)


#: Why the code eliminates an offer set aside, by the kind of reason.
_ELIMINATED = (
    "Conformément à l'article L. 2152-1 du code de la commande publique, les offres "
    "irrégulières, inacceptables ou inappropriées sont éliminées : votre offre n'a donc été ni "
    "notée ni classée."
)
_ABNORMAL = (
    "Conformément aux articles L. 2152-5, L. 2152-6 et R. 2152-3 à R. 2152-5 du code de la "
    "commande publique, l'acheteur rejette une offre dont le prix ou les coûts restent "
    "anormalement bas au vu des précisions et justifications demandées par écrit au candidat : "
    "votre offre n'a donc pas été classée."
)


def _set_aside_blocks(ctx: _Context, reason: str, pending) -> list[Block]:  # type: ignore[no-untyped-def]
    """The letter to a bidder whose offer was set aside before the ranking.

    It states the reason and the article (L. 2152-1 to L. 2152-4, or R. 2152-3
    to R. 2152-5 for an abnormally low offer), the winner's name and the
    reasons for its choice (its points per criterion), the signature date and
    the appeal routes (R. 2181-1, R. 2181-3). The characteristics and relative
    advantages of the winning offer (R. 2181-4) are due only to a bidder whose
    offer was neither irregular, nor unacceptable, nor inappropriate: they are
    not compared with an offer that was not scored.
    """
    tender, evaluation = ctx.tender, ctx.evaluation
    offer, won = evaluation.offers_received.offer(ctx.offer), tender.offer(ctx.winner)
    lot = tender.lot(offer.lot)
    abnormal = "anormalement basse" in reason
    blocks = _heading(ctx, offer, lot, pending)
    blocks += [
        Block(
            "p",
            text="Nous avons le regret de vous informer que votre offre a été écartée"
            + (" comme anormalement basse" if abnormal else "")
            + ". Conformément aux articles R. 2181-1 et R. 2181-3 du code de la commande "
            "publique, nous vous communiquons le motif de ce rejet, le nom de l'attributaire et "
            "les motifs qui ont conduit au choix de son offre, ainsi que la date à partir de "
            "laquelle le marché pourra être signé.",
        ),
        Block("h2", text="Motif du rejet de votre offre"),
        Block("p", text=f"**Motif :** {data(reason[:1].upper() + reason[1:].rstrip('. '))}."),
        Block("p", text=_ABNORMAL if abnormal else _ELIMINATED),
        Block("h2", text="L'offre retenue"),
        Block(
            "p",
            text=f"Le marché est attribué à **{data(won.bidder)}**, dont l'offre obtient "
            f"**{present.points(evaluation.totals[ctx.winner])} points sur 100** et se classe "
            "au 1er rang. Ses points, critère par critère :",
        ),
        Block(
            "table",
            header=("Critère", "Pondération", "Points de l'offre retenue"),
            rows=tuple(
                (
                    data(_path_label(tender, ln.criterion)),
                    f"{present.mark(ln.weight)} pts",
                    present.points(ln.points),
                )
                for ln in evaluation.lines
                if ln.offer == ctx.winner
            ),
        ),
    ]
    blocks += signature_blocks(ctx.sent, ctx.electronic, ctx.signature_date)
    blocks += appeal_blocks(ctx.court)
    blocks += closing_blocks(tender.buyer, ctx.signatory)
    if pending:
        blocks.append(_banner(tender, pending, ctx.offer))
    return blocks


def signature_blocks(sent: date, electronic: bool, signature_date: date) -> list[Block]:
    """« Signature du marché »: the date before which the contract is not signed (R. 2182-1)."""
    days = STANDSTILL_DAYS[bool(electronic)]
    means = "par voie électronique" if electronic else "par une autre voie qu'électronique"
    return [
        Block("h2", text="Signature du marché"),
        Block(
            "p",
            text=f"Le marché ne sera pas signé avant le **{present.long_date(signature_date)}**"
            f" : la présente lettre vous est envoyée {means} le {present.long_date(sent)}, "
            f"et un délai d'au moins {days} jours sépare cet envoi de la signature (article "
            "R. 2182-1 du code de la commande publique).",
        ),
    ]


def appeal_blocks(court: str | None) -> list[Block]:
    """« Voies et délais de recours »: the appeal routes open to a rejected bidder."""
    if court:
        article = "" if court.strip().lower().startswith(("le ", "la ", "l'", "l’")) else "le "
        where = article + data(court)
    else:
        where = "le tribunal administratif territorialement compétent"
    return [
        Block("h2", text="Voies et délais de recours"),
        Block("p", text=f"Vous pouvez contester cette décision devant {where} :"),
        Block(
            "ul",
            items=(
                "**référé précontractuel** (articles L. 551-1 et suivants du code de justice "
                "administrative) : jusqu'à la signature du marché ; sa saisine suspend la "
                "signature jusqu'à la décision du juge (article L. 551-4) ;",
                "**référé contractuel** (articles L. 551-13 et suivants du même code) : après la "
                "signature, dans les 31 jours suivant la publication de l'avis d'attribution, "
                "ou à défaut dans les six mois suivant la conclusion du marché (article "
                "R. 551-7) ;",
                "**recours en contestation de la validité du contrat** (Conseil d'État, "
                "4 avril 2014, Département de Tarn-et-Garonne, n° 358994) : dans les deux mois "
                "suivant la publication de l'avis d'attribution.",
            ),
        ),
    ]


def closing_blocks(buyer: str, signatory: str | None) -> list[Block]:
    """The courtesy formula and the signature block of the buyer."""
    signer = data(signatory) if signatory else "Le représentant du pouvoir adjudicateur"
    return [
        Block(
            "p",
            text="Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos "
            "salutations distinguées.",
        ),
        Block(
            "p",
            text=f"Pour {data(present.with_article(buyer))},\n{signer}\n\nSignature :\n\n"
            "________________________________",
        ),
    ]


def _items(tender: Tender, items) -> str:  # type: ignore[no-untyped-def]
    return " ; ".join(
        f"offre {it.offer}, critère {it.criterion} « {tender.criterion(it.criterion).label} »"
        for it in items
    )


def _banner(tender: Tender, pending, addressee: str) -> Block:  # type: ignore[no-untyped-def]
    """The provisional letter's banner: the unsettled items of the addressee's own offer
    are named, those of other offers only counted (a working copy sent by mistake must not
    tell a bidder which competitors' marks are disputed)."""
    own = [it for it in pending if it.offer == addressee]
    others = len(pending) - len(own)
    named = [data(_items(tender, own))] if own else []
    if others and own:
        named.append(f"{present.count(others, 'point')} sur d'autres offres du lot")
    elif others:
        named.append("sur d'autres offres du lot")
    return Block(
        "banner",
        text=f"{PROVISIONAL} — document de travail à ne pas envoyer : "
        f"{present.count(len(pending), 'point')} de l'ordre du jour "
        f"{'restent' if len(pending) > 1 else 'reste'} à trancher (" + " ; ".join(named) + ").",
    )
