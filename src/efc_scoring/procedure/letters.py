"""Letters to the bidders of a procedure with negotiation, each bidder once.

A bidder may leave a negotiated procedure before the final round: not admitted
to the next round (the field is narrowed by the award criteria, R. 2161-18), or
its offer set aside in an earlier round. :func:`eliminations` finds them in the
ledger; :func:`stage_letter` writes the letter that tells such a bidder the
round, the reason recorded with the decision and, for an offer not admitted,
its marks and rank at that round; :func:`rejection_letters` gives every letter
due from a round: from the last round, every bidder of the procedure but the
winner gets exactly one (the usual letter to a final-round loser, the letter
of an offer set aside, the stage letter of a bidder eliminated earlier).

References
----------
Code de la commande publique, as read on Legifrance's text reproduced by
marche-public.fr and french-business-law.com (version in force since the
décret n° 2019-259 of 29 March 2019):

- R. 2181-1: the buyer notifies each bidder concerned, without delay, of its
  decision to reject its offer;
- R. 2181-3: the notification states the reasons for the rejection; when it
  comes after the award, also the winner's name and the reasons for choosing
  its offer, and the date from which the contract may be signed (R. 2182-1);
- R. 2181-4: at the request of a bidder whose offer was not rejected as
  irregular, unacceptable or inappropriate, the buyer tells it, as soon as
  possible and within fifteen days of the request, the conduct and progress of
  the negotiations while they go on, the characteristics and advantages of the
  retained offer once the contract is awarded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.errors import LetterError
from efc_scoring.procedure._records import read_records
from efc_scoring.procedure._rounds_key import round_title

if TYPE_CHECKING:
    from efc_scoring.committee._render import Block
    from efc_scoring.committee.letter import Letter, LetterRow
    from efc_scoring.model.tender import Tender

__all__ = ["Elimination", "eliminations", "rejection_letters", "stage_letter"]

#: A ledger or the path of one.
LedgerArg = Any

#: The kinds of reason that close the right of R. 2181-4 (L. 2152-2 to L. 2152-4).
_NO_DISCLOSURE = ("offre irrégulière", "offre inacceptable", "offre inappropriée")


@dataclass(frozen=True)
class Elimination:
    """A bidder that left the procedure at a round before the one a letter is written from.

    ``set_aside`` is True for an offer set aside at that round (irregular,
    unacceptable, inappropriate, rejected as abnormally low: it was not ranked),
    False for an offer not admitted to the next round; then ``total`` and
    ``rank`` are those the round's closure froze (``ranked`` offers ranked).
    """

    offer: str
    bidder: str
    round: str | None
    round_title: str
    reason: str
    set_aside: bool
    decided: datetime | None = None
    to_round: str = ""
    total: Fraction | None = None
    rank: int | None = None
    ranked: int = 0


def _root_and_round(tender_path: str | Path) -> tuple[Path, str | None]:
    from efc_scoring.io.tender import tender_root

    return tender_root(tender_path)


def _round_tenders(tender_path: str | Path, upto: str | None) -> list[tuple[str | None, Tender]]:
    """The tender of every round up to ``upto`` (included) whose folder exists."""
    from efc_scoring import load_tender
    from efc_scoring.io.tender import round_folder

    root, _ = _root_and_round(tender_path)
    first = load_tender(root)
    out: list[tuple[str | None, Tender]] = [(None, first)]
    if upto is None:
        return out
    for r in first.round_list[1:]:
        folder = round_folder(root, r.id)
        if folder.is_dir():
            out.append((r.id, load_tender(folder)))
        if r.id == upto:
            break
    return out


def eliminations(tender_path: str | Path, *, ledger: LedgerArg = None) -> dict[str, Elimination]:
    """The bidders that left the procedure before the round ``tender_path`` designates.

    Every offer of an earlier round absent from this round left at the last
    round it was in: not admitted to the next (:func:`~efc_scoring.procedure.admit`),
    or set aside there. When the round is not the last the tender declares,
    the offers of the round itself that are not admitted to the next, or set
    aside, have left too (the negotiation goes on without them).

    Raises
    ------
    LetterError
        An offer absent from a round without a decision recorded for it at the
        round before (the decision is named), or an offer not admitted to a
        round whose folder still holds it.

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> eliminations(sample_path("nettoyage"), ledger="/nonexistent/journal.jsonl")
    {}
    """
    from efc_scoring.committee.decisions import ledger_path
    from efc_scoring.procedure.admissibility import set_aside

    path = ledger if ledger is not None else ledger_path(tender_path)
    records = read_records(path)
    _, here = _root_and_round(tender_path)
    rounds = _round_tenders(tender_path, here)
    last_declared = rounds[0][1].round_list[-1].id
    is_last = (here or rounds[0][1].round_list[0].id) == last_declared
    out: dict[str, Elimination] = {}
    for n, (key, tender) in enumerate(rounds):
        later = rounds[n + 1][1] if n + 1 < len(rounds) else None
        gone = set_aside(tender, records, key)
        closure = records.closure(key)
        ranks = dict(closure.ranks) if closure is not None else {}
        totals = dict(closure.totals) if closure is not None else {}
        for offer in tender.offers:
            if offer.id in out:
                continue
            at_last = later is None
            if at_last and is_last:
                continue  # the round the letter is written from, the last: usual letters
            admission = records.admission(key, offer.id)
            refused = admission is not None and not admission.admitted
            if later is not None and offer.id in {o.id for o in later.offers}:
                if refused:
                    raise LetterError(
                        f"l'offre {offer.id} n'a pas été admise au tour suivant le tour "
                        f"« {round_title(tender, key)} » mais figure dans ses offres : retirer "
                        "son fichier du dossier du tour, ou enregistrer son admission "
                        "(efc-scoring procedure admit)"
                    )
                continue
            if refused:
                assert admission is not None
                out[offer.id] = Elimination(
                    offer.id,
                    offer.bidder,
                    key,
                    round_title(tender, key),
                    admission.reason,
                    False,
                    admission.at,
                    admission.to_round,
                    Fraction(totals[offer.id]) if offer.id in totals else None,
                    ranks.get(offer.id),
                    sum(1 for r in ranks.values() if r is not None),
                )
            elif offer.id in gone:
                out[offer.id] = Elimination(
                    offer.id, offer.bidder, key, round_title(tender, key), gone[offer.id], True
                )
            elif not at_last:
                follow = round_title(tender, later_key(rounds, n))
                raise LetterError(
                    f"l'offre {offer.id} ({offer.bidder}) du tour « {round_title(tender, key)} » "
                    f"ne figure pas au tour « {follow} », mais le journal n'enregistre ni sa "
                    "non-admission ni son éviction : enregistrer la décision et son motif "
                    f"(efc-scoring procedure admit … {offer.id} --non-admise --motif …)"
                )
    return out


def later_key(rounds: list[tuple[str | None, Tender]], n: int) -> str | None:
    """The key of the round after the n-th of ``rounds``."""
    return rounds[n + 1][0]


def stage_letter(
    tender_path: str | Path,
    offer: str,
    *,
    ledger: LedgerArg = None,
    winner: str | None = None,
    sent: date | None = None,
    electronic: bool = True,
    signature_date: date | None = None,
    provisional: bool = False,
    signatory: str | None = None,
    court: str | None = None,
) -> Letter:
    """The letter to a bidder that left a negotiated procedure at an earlier round.

    ``tender_path`` is the round the letter is written from (``marche/rounds/finale``).
    The letter states the round, the reason recorded with the decision and,
    for an offer not admitted to the next round, its marks per criterion with
    their reasons and its total and rank at that round (the totals and ranks
    frozen when the round was closed). Written from the last round, once the
    ranking designates the winner, it also gives the winner's name and its
    points per criterion (the reasons for choosing it) and the date from which
    the contract may be signed (R. 2181-3); written from an earlier round, it
    says that the negotiation goes on without the bidder. Unless the offer was
    irregular, unacceptable or inappropriate, it tells the bidder its right to
    ask for the characteristics and advantages of the retained offer, or for
    the conduct and progress of the negotiations while they go on (R. 2181-4).

    Raises
    ------
    LetterError
        The offer did not leave the procedure before this round, a tie for
        first place without ``winner``, or unsettled agenda items without
        ``provisional``.
    """
    from efc_scoring import load_tender
    from efc_scoring.committee._agenda import unsettled_items
    from efc_scoring.committee._render import Block, data, to_html, to_markdown, to_text
    from efc_scoring.committee.decisions import ledger_path
    from efc_scoring.committee.letter import (
        PROVISIONAL,
        Letter,
        _banner,
        _path_label,
        _rows,
        appeal_blocks,
        closing_blocks,
        dated_before_award,
        earliest_signature,
        letter_heading,
        signature_blocks,
    )
    from efc_scoring.committee.mentions import BidderMentions
    from efc_scoring.procedure._state import round_consolidation
    from efc_scoring.procedure.rounds import changed_files

    path = ledger if ledger is not None else ledger_path(tender_path)
    gone = eliminations(tender_path, ledger=path)
    here_tender = load_tender(tender_path)
    _, here = _root_and_round(tender_path)
    if offer not in gone:
        raise LetterError(
            f"l'offre {offer} n'a quitté la procédure à aucun tour avant le tour "
            f"« {round_title(here_tender, here)} » : sa lettre est celle des offres de ce tour "
            "(efc-scoring letter --offer sans lettre d'étape)"
        )
    e = gone[offer]
    warnings: list[str] = []
    rows: list[LetterRow] = []
    at_tender = load_tender(_round_path(tender_path, e.round))
    the_offer = at_tender.offer(offer)
    mentions = BidderMentions(at_tender)
    if not e.set_aside:
        consolidation = round_consolidation(at_tender, path, e.round)
        evaluation = consolidation.evaluate()
        rows = _rows(evaluation.offers_received, evaluation, consolidation, offer, None, mentions)
        if e.total is not None and evaluation.totals.get(offer) != e.total:
            changed = changed_files(at_tender, tender_path, path, e.round)
            warnings.append(
                f"les notes du tour « {e.round_title} » ne redonnent plus le total figé à sa "
                f"clôture ({present.points(e.total)}) : la lettre donne le total figé"
                + (f" ; fichiers modifiés depuis : {', '.join(changed)}" if changed else "")
            )
    is_last = (here or here_tender.round_list[0].id) == here_tender.round_list[-1].id
    won = None
    pending: tuple[Any, ...] = ()
    winner_lines: list[tuple[str, Fraction, Fraction]] = []
    winner_total = Fraction(0)
    if is_last:
        final = round_consolidation(here_tender, path, here)
        final_eval = final.evaluate()
        winners = final_eval.winners(the_offer.lot)
        if winner is None:
            if len(winners) != 1:
                raise LetterError(
                    f"le lot {the_offer.lot} n'a pas une seule offre classée première "
                    f"({present.join(winners) or 'aucune'}) : départager les offres ex aequo "
                    "puis indiquer l'offre retenue (--winner)"
                )
            winner = winners[0]
        won = here_tender.offer(winner)
        winner_total = final_eval.totals[winner]
        winner_lines = [
            (_path_label(here_tender, ln.criterion), Fraction(ln.weight), ln.points)
            for ln in final_eval.lines
            if ln.offer == winner
        ]
        pending = unsettled_items(final, lot=the_offer.lot)
        if pending and not provisional:
            raise LetterError(
                f"lettre refusée : {present.count(len(pending), 'point')} de l'ordre du jour du "
                f"lot {the_offer.lot} {'restent' if len(pending) > 1 else 'reste'} à trancher : "
                "enregistrer la décision de la commission, ou demander une lettre provisoire "
                "(--provisoire)"
            )
    sent = sent or date.today()
    if e.decided is not None and sent < e.decided.date():
        warnings.append(
            f"la lettre est datée du {present.long_date(sent)}, avant la décision qu'elle "
            f"annonce (prise le {present.long_date(e.decided.date())}) : dater la lettre de "
            "son envoi (--date)"
        )
    if won is not None:
        warnings += dated_before_award(here_tender, sent)
        earliest = earliest_signature(sent, electronic)
        if signature_date is None:
            signature_date = earliest
        elif signature_date < earliest:
            warnings.append(
                f"la date de signature du {present.long_date(signature_date)} ne respecte pas le "
                f"délai de suspension : signature possible au plus tôt le "
                f"{present.long_date(earliest)} (article R. 2182-1 du code de la commande "
                "publique)"
            )
    reason = e.reason
    cleared = mentions.redact(reason, reader=offer)
    if cleared.replaced:
        warnings.append(
            "motif de la décision cité en partie : il nommait un autre candidat, sa réponse ou "
            "son prix"
        )
        reason = cleared.text
    tender = here_tender
    lot = at_tender.lot(the_offer.lot)
    blocks: list[Block] = letter_heading(tender, sent, the_offer, lot, pending)
    blocks += _decision_blocks(e, reason, at_tender, won is not None)
    if not e.set_aside:
        blocks += _marks_blocks(e, rows, at_tender)
    disclose = not reason.startswith(_NO_DISCLOSURE)
    if won is not None:
        blocks += [
            Block("h2", text="L'offre retenue"),
            Block(
                "p",
                text=f"À l'issue de la négociation, le marché est attribué à "
                f"**{data(won.bidder)}**, dont l'offre finale obtient "
                f"**{present.points(winner_total)} points sur 100** et se classe au 1er rang. "
                "Ses points, critère par critère :",
            ),
            Block(
                "table",
                header=("Critère", "Pondération", "Points de l'offre retenue"),
                rows=tuple(
                    (data(label), f"{present.mark(weight)} pts", present.points(points))
                    for label, weight, points in winner_lines
                ),
            ),
        ]
        if disclose:
            blocks.append(
                Block(
                    "p",
                    text="Vous pouvez nous demander les caractéristiques et les avantages de "
                    "l'offre retenue : ils vous seront communiqués dans les meilleurs délais, et "
                    "au plus tard quinze jours après la réception de votre demande (article "
                    "R. 2181-4 du code de la commande publique).",
                )
            )
        assert signature_date is not None
        blocks += signature_blocks(sent, electronic, signature_date)
    else:
        text = (
            "La négociation se poursuit avec les offres admises au tour suivant ; le nom de "
            "l'attributaire et les motifs de son choix vous seront communiqués lors de "
            "l'attribution du marché."
        )
        if disclose:
            text += (
                " Vous pouvez nous demander dès à présent les informations relatives au "
                "déroulement et à l'avancement des négociations : elles vous seront communiquées "
                "dans les meilleurs délais, et au plus tard quinze jours après la réception de "
                "votre demande (article R. 2181-4 du code de la commande publique)."
            )
        blocks += [Block("h2", text="Suite de la procédure"), Block("p", text=text)]
    blocks += appeal_blocks(court)
    blocks += closing_blocks(tender.buyer, signatory)
    if pending:
        blocks.append(_banner(tender, pending, the_offer.id))
    title = f"Information sur le rejet de votre offre — {data(the_offer.bidder)}"
    return Letter(
        offer,
        the_offer.bidder,
        winner or "",
        to_markdown(blocks),
        to_text(blocks),
        tuple(rows),
        html=to_html(blocks, title, PROVISIONAL if pending else ""),
        signature_date=signature_date if won is not None else None,
        sent=sent,
        provisional=bool(pending) and provisional,
        warnings=tuple(warnings),
        set_aside=e.reason if e.set_aside else "",
        stage=e.round_title,
    )


def _round_path(tender_path: str | Path, key: str | None) -> Path:
    from efc_scoring.io.tender import round_folder

    return round_folder(_root_and_round(tender_path)[0], key)


def _decision_blocks(e: Elimination, reason: str, tender: Tender, awarded: bool) -> list[Block]:
    """The decision: the round, what was decided and when, the reason, the legal basis."""
    from efc_scoring.committee._render import Block, data
    from efc_scoring.committee.letter import _ABNORMAL, _ELIMINATED

    told = (
        ", le nom de l'attributaire et les motifs qui ont conduit au choix de son offre, ainsi "
        "que la date à partir de laquelle le marché pourra être signé"
        if awarded
        else " et la suite de la procédure"
    )
    if e.set_aside:
        abnormal = "anormalement basse" in reason
        what = f"votre offre a été écartée au tour « {data(e.round_title)} » de la négociation" + (
            " comme anormalement basse" if abnormal else ""
        )
        why = _ABNORMAL if abnormal else _ELIMINATED
    else:
        nxt = round_title(tender, e.to_round) if e.to_round else "suivant"
        what = (
            f"votre offre, examinée au tour « {data(e.round_title)} » de la négociation, n'a "
            f"pas été admise au tour « {data(nxt)} »"
        )
        why = (
            "Conformément à l'article R. 2161-18 du code de la commande publique, la "
            "négociation se déroule en phases successives qui réduisent le nombre d'offres à "
            "négocier en appliquant les critères d'attribution annoncés dans les documents de "
            "la consultation."
        )
    when = f" le {present.long_date(e.decided.date())}" if e.decided is not None else ""
    return [
        Block(
            "p",
            text=f"Nous avons le regret de vous informer que {what}. Conformément aux articles "
            "R. 2181-1 et R. 2181-3 du code de la commande publique, nous vous communiquons le "
            f"motif de cette décision{told}.",
        ),
        Block("h2", text="Motif de la décision"),
        Block(
            "p",
            text=f"**Tour :** {data(e.round_title)}\n**Décision prise{when} :** "
            + ("offre écartée" if e.set_aside else "offre non admise au tour suivant")
            + f"\n**Motif :** {data(reason[:1].upper() + reason[1:].rstrip('. '))}.",
        ),
        Block("p", text=why),
    ]


def _marks_blocks(e: Elimination, rows: list[LetterRow], tender: Tender) -> list[Block]:
    """Its marks and rank at the round, by the award criteria, with their reasons."""
    from efc_scoring.committee._render import Block, data
    from efc_scoring.committee.letter import reason_items

    standing = ""
    if e.total is not None:
        standing = f"Votre offre obtient **{present.points(e.total)} points sur 100**"
        if e.rank is not None:
            standing += (
                f" et se classe au **{present.ordinal(e.rank)} rang** sur "
                f"{present.count(e.ranked, 'offre classée', 'offres classées')}"
            )
        standing += " selon les critères d'attribution."
    return [
        Block("h2", text=f"Votre offre au tour « {data(e.round_title)} »"),
        *([Block("p", text=standing)] if standing else []),
        Block(
            "table",
            header=("Critère", "Pondération", "Votre note", "Vos points"),
            rows=tuple(
                (
                    data(r.label),
                    f"{present.mark(r.weight)} pts",
                    present.mark(r.mark),
                    present.points(r.points),
                )
                for r in rows
            ),
        ),
        Block("h2", text="Motifs de vos notes"),
        Block("ul", items=reason_items(tender, rows)),
    ]


def rejection_letters(
    tender_path: str | Path,
    *,
    ledger: LedgerArg = None,
    scores: str | Path | None = None,
    **options: Any,
) -> tuple[Letter, ...]:
    """Every letter due from a round, one per bidder, in the order of the offers.

    From the last round: the usual letter to each offer of the round that is
    not the winner (:func:`~efc_scoring.committee.disclosure_letter`: ranked, or
    set aside), and the stage letter to each bidder that left at an earlier
    round (:func:`stage_letter`); the winner gets none. From an earlier round:
    the stage letters of the bidders that left (the negotiation goes on with the
    others). ``options`` are those of both functions (``sent``, ``electronic``,
    ``signature_date``, ``provisional``, ``signatory``, ``court``, ``winner``).
    """
    from efc_scoring import load_tender
    from efc_scoring.committee.decisions import ledger_path
    from efc_scoring.committee.letter import disclosure_letter
    from efc_scoring.committee.mentions import BidderMentions
    from efc_scoring.procedure._state import round_consolidation

    path = ledger if ledger is not None else ledger_path(tender_path)
    gone = eliminations(tender_path, ledger=path)
    tender = load_tender(tender_path, marks=scores)
    _, here = _root_and_round(tender_path)
    letters: list[Letter] = []
    if (here or tender.round_list[0].id) == tender.round_list[-1].id:
        consolidation = round_consolidation(tender, path, here)
        evaluation = consolidation.evaluate()
        mentions = BidderMentions(tender)
        winner = options.get("winner")
        for o in tender.offers:
            if o.id == winner or o.id in evaluation.winners(o.lot) or o.id in gone:
                continue
            letters.append(
                disclosure_letter(
                    tender, evaluation, o.id, consolidation, mentions=mentions, **options
                )
            )
    for offer in gone:
        letters.append(stage_letter(tender_path, offer, ledger=path, **options))
    return tuple(sorted(letters, key=lambda letter: _order(letter.offer)))


def _order(offer: str) -> tuple[int, str]:
    digits = "".join(c for c in offer if c.isdigit())
    return (int(digits) if digits else 0, offer)
