"""The letter to a rejected bidder: its marks and their reasons, its rank, the winner's advantages.

The buyer must tell every rejected bidder why its offer was rejected and,
once the contract is awarded, the name of the winner and the reasons for
choosing its offer (Code de la commande publique, articles R. 2181-1 and
R. 2181-3); on request, the characteristics and relative advantages of the
winning offer (article R. 2181-4). The letter says nothing else of any other
bidder: no other name, no price, no answer, and the winner's own price and
answers are not disclosed either (business secrecy); the winner appears only
through its name, its points and the criteria on which it scores higher.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from efc_scoring import present
from efc_scoring.committee._render import Block, to_markdown, to_text
from efc_scoring.committee.consolidate import Consolidation, consolidate
from efc_scoring.errors import LetterError
from efc_scoring.model.criteria import NumericScoring, PriceScoring, RubricScoring
from efc_scoring.model.tender import Tender
from efc_scoring.scoring.price import FORMULA_TEXT

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["Letter", "LetterError", "LetterRow", "disclosure_letter"]

LEGAL_BASIS = "articles R. 2181-1 à R. 2181-4 du code de la commande publique"
REDACTED = "[autre candidat]"


@dataclass(frozen=True)
class LetterRow:
    """One criterion of the letter: the bidder's points and level, the winner's points, reasons."""

    criterion: str
    label: str
    weight: Fraction
    points: Fraction
    mark: Fraction | None
    winner_points: Fraction
    winner_mark: Fraction | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Letter:
    """A disclosure letter to one bidder, in Markdown and in plain text (French)."""

    offer: str
    bidder: str
    winner: str
    markdown: str
    text: str
    rows: tuple[LetterRow, ...]

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the letter atomically: Markdown for ``.md``, plain text otherwise."""
        from efc_scoring.io._atomic import write_text_atomic

        target = Path(path)
        body = self.markdown if target.suffix.lower() in (".md", ".markdown") else self.text
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
                    "winner_points": float(r.winner_points),
                    "winner_mark": None if r.winner_mark is None else float(r.winner_mark),
                    "reasons": " ; ".join(r.reasons),
                }
                for r in self.rows
            ]
        )

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        from html import escape

        return f"<pre>{escape(self.text)}</pre>"


def _redactor(tender: Tender, keep: set[str]) -> re.Pattern[str] | None:
    words = {o.bidder for o in tender.offers if o.id not in keep}
    words |= {o.id for o in tender.offers if o.id not in keep}
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def disclosure_letter(
    tender: Tender,
    evaluation: Evaluation,
    offer_id: str,
    consolidation: Consolidation | None = None,
    *,
    winner: str | None = None,
    signature_date: date | None = None,
) -> Letter:
    """What the buyer must tell a rejected bidder, and nothing of the other bidders.

    Parameters
    ----------
    tender
        The tender.
    evaluation
        The scored offers (:func:`efc_scoring.score`).
    offer_id
        The rejected offer the letter is for.
    consolidation
        Where the reasons come from: the committee's justifications of each
        mark, or its consensus (default: ``consolidate(tender)``).
    winner
        The winning offer, needed only when several offers tie for first place.
    signature_date
        The date from which the contract may be signed (article R. 2182-1).

    Raises
    ------
    LetterError
        An unknown offer, the winning offer itself, or a tie for first place
        without ``winner``.

    References
    ----------
    Code de la commande publique, articles R. 2181-1 (notification of the
    rejection), R. 2181-3 (reasons, name of the winner and reasons for its
    choice, signature date), R. 2181-4 (characteristics and advantages of the
    winning offer, on request) and R. 2182-1 (standstill period).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> letter = disclosure_letter(tender, score(tender), "O3")
    >>> letter.winner, "Hygiène Pro Centre-Est" in letter.text, "Distri-Clean" in letter.text
    ('O1', True, False)
    """
    try:
        offer = tender.offer(offer_id)
    except KeyError as exc:
        raise LetterError(str(exc.args[0])) from None
    winners = evaluation.winners(offer.lot)
    if winner is None:
        if len(winners) != 1:
            shown = ", ".join(winners) or "aucune"
            raise LetterError(
                f"lot {offer.lot!r} has no single winner (first place: {shown}); settle the tie "
                "and pass `winner=`"
            )
        winner = winners[0]
    won = tender.offer(winner)
    if won.lot != offer.lot:
        raise LetterError(f"the winner {winner!r} is not on the lot {offer.lot!r} of {offer_id!r}")
    if offer_id == winner:
        raise LetterError(f"offer {offer_id!r} is the winning offer: it gets no rejection letter")
    consolidation = consolidation or consolidate(tender)
    redact = _redactor(tender, {offer_id, winner})
    rows = _rows(tender, evaluation, consolidation, offer_id, winner, redact)
    blocks = _blocks(tender, evaluation, offer_id, winner, rows, signature_date)
    return Letter(offer_id, offer.bidder, winner, to_markdown(blocks), to_text(blocks), tuple(rows))


def _rows(tender, evaluation, consolidation, offer_id, winner, redact):  # type: ignore[no-untyped-def]
    lines = {(ln.offer, ln.criterion): ln for ln in evaluation.lines}
    items = {(it.offer, it.criterion): it for it in consolidation.items}
    rows = []
    for leaf in tender.leaves:
        mine, theirs = lines[(offer_id, leaf.id)], lines[(winner, leaf.id)]
        scoring = leaf.scoring
        mark = winner_mark = None
        if isinstance(scoring, PriceScoring):
            reasons = [
                f"votre prix de {present.money(Decimal(mine.input), tender.currency)} HT, "
                f"noté selon la formule {FORMULA_TEXT[scoring.formula]} "
                "(Pmin : prix le plus bas des offres, P : votre prix)"
            ]
        elif isinstance(scoring, NumericScoring):
            unit = f" {scoring.unit}" if scoring.unit else ""
            reasons = [f"valeur déclarée : {mine.input.replace('.', ',')}{unit}"]
        else:
            assert isinstance(scoring, RubricScoring)
            mark, winner_mark = Fraction(mine.share), Fraction(theirs.share)
            scale = scoring.scale
            mark = Fraction(scale.min) + mark * (Fraction(scale.max) - Fraction(scale.min))
            winner_mark = Fraction(scale.min) + winner_mark * (
                Fraction(scale.max) - Fraction(scale.min)
            )
            item = items.get((offer_id, leaf.id))
            if item is None:
                reasons = []
            elif item.consensus is not None and item.method == "consensus":
                reasons = [item.consensus.justification]
            else:
                reasons = list(
                    dict.fromkeys(j.strip() for _, j in item.justifications if j.strip())
                )
        if redact is not None:
            reasons = [redact.sub(REDACTED, r) for r in reasons]
        rows.append(
            LetterRow(
                leaf.id,
                _path_label(tender, leaf.id),
                Fraction(leaf.weight),
                mine.points,
                mark,
                theirs.points,
                winner_mark,
                tuple(reasons),
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
        text += f" ({scale.label_of(mark.numerator)})"
    return text


def _blocks(tender, evaluation, offer_id, winner, rows, signature_date) -> list[Block]:  # type: ignore[no-untyped-def]
    offer, won = tender.offer(offer_id), tender.offer(winner)
    lot = tender.lot(offer.lot)
    blocks = [
        Block("h1", text="Information sur le rejet de votre offre"),
        Block(
            "p",
            text=f"**Marché :** {tender.title}\n**Acheteur :** {tender.buyer}\n"
            f"**Procédure :** {tender.procedure}\n**Lot :** {lot.label}\n"
            f"**Destinataire :** {offer.bidder} (offre {offer.id})",
        ),
        Block("p", text="Madame, Monsieur,"),
        Block(
            "p",
            text="Nous avons le regret de vous informer que votre offre n'a pas été "
            f"retenue. Conformément aux {LEGAL_BASIS}, nous vous communiquons les "
            "motifs de ce rejet, le nom de l'attributaire et les motifs qui ont "
            "conduit au choix de son offre.",
        ),
        Block("h2", text="Votre offre"),
    ]
    total = evaluation.totals[offer_id]
    if offer_id in evaluation.eliminated:
        blocks.append(
            Block(
                "p",
                text=f"Votre offre obtient **{present.points(total)} points sur 100** "
                f"mais a été éliminée : {evaluation.eliminated[offer_id]}.",
            )
        )
    else:
        blocks.append(
            Block(
                "p",
                text=f"Votre offre obtient **{present.points(total)} points sur 100** "
                f"et se classe au **{present.ordinal(evaluation.ranks[offer_id])} rang**.",
            )
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
                    r.label,
                    f"{present.mark(r.weight)} pts",
                    present.mark(r.mark) if r.mark is not None else "—",
                    present.points(r.points),
                    present.points(r.winner_points),
                )
                for r in rows
            ),
        )
    )
    reasons = []
    for r in rows:
        level = f" ({_level(tender, r.criterion, r.mark)})" if r.mark is not None else ""
        reasons.append(f"**{r.label}**{level} : " + (" / ".join(r.reasons) or "sans motif écrit"))
    blocks += [Block("h2", text="Motifs de vos notes"), Block("ul", items=tuple(reasons))]
    advantages = []
    for r in rows:
        if r.winner_points > r.points:
            text = (
                f"**{r.label}** ({present.mark(r.weight)} pts) : l'offre retenue obtient "
                f"{present.points(r.winner_points)} pts contre {present.points(r.points)} "
                "pour la vôtre "
                f"(+{present.points(r.winner_points - r.points)} pts)"
            )
            if r.mark is not None and r.winner_mark is not None:
                text += (
                    f", {_level(tender, r.criterion, r.winner_mark)} contre {present.mark(r.mark)}"
                )
            advantages.append(text)
    blocks += [
        Block("h2", text="L'offre retenue"),
        Block(
            "p",
            text=f"Le marché est attribué à **{won.bidder}**, dont l'offre obtient "
            f"**{present.points(evaluation.totals[winner])} points sur 100** et se classe "
            "au 1er rang. Ses avantages relatifs par rapport à votre offre :",
        ),
        Block("ul", items=tuple(advantages) or ("aucun critère où elle obtient plus de points",)),
    ]
    if signature_date is not None:
        blocks.append(
            Block(
                "p",
                text="Le marché ne sera pas signé avant le "
                f"{present.long_date(signature_date)} (article R. 2182-1 "
                "du code de la commande publique).",
            )
        )
    blocks += [
        Block(
            "p",
            text="Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos "
            "salutations distinguées.",
        ),
        Block("p", text=tender.buyer),
    ]
    return blocks
