"""The abnormally-low-offer procedure: request, explanation, reasoned decision.

Detection only flags (:func:`~efc_scoring.scoring.abnormal.check_abnormally_low`);
an offer is never rejected as abnormally low before the bidder has been asked,
in writing, to justify its price and has had time to answer. The steps, each a
ledger entry:

1. :func:`request_explanation`: the written request, with the detection's
   figures and the deadline; :func:`request_letter` writes the letter in French;
2. :func:`record_explanation`: the bidder's explanation and when it came;
3. :func:`decide_abnormal`: the decision, kept or rejected, with its reason.
   A rejected offer is set aside
   (:func:`~efc_scoring.procedure.admissibility.set_aside`) and its letter says why.

References
----------
Code de la commande publique, art. L. 2152-5 and L. 2152-6 (the buyer rejects
an abnormally low offer once the explanations do not justify it), R. 2152-3
(the written request and what the explanation may cover), R. 2152-4 (rejection
when the explanation does not justify the price or the offer breaches
environmental, social or labour law), R. 2152-5 (State aid), R. 2184-1 (the
report states the rejection of an abnormally low offer). The code sets no
minimum deadline for the answer: the library asks for one and refuses a
decision before it unless an explanation has come; a reasonable period
(commonly one to two weeks) is the buyer's call.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from efc_scoring import present
from efc_scoring.errors import ProcedureError
from efc_scoring.model.tender import Tender
from efc_scoring.procedure._records import AbnormalStep, book, read_records
from efc_scoring.procedure._rounds_key import round_key, round_title
from efc_scoring.procedure.admissibility import _offer, _stamp, _what

__all__ = [
    "decide_abnormal",
    "record_explanation",
    "request_explanation",
    "request_letter",
]

#: A ledger or the path of one.
LedgerArg = Any


#: The corrected-mean method's parameters by default, as :func:`~efc_scoring.score` uses them.
ABOVE, BELOW = "0.20", "0.10"


def _detection(
    tender: Tender,
    offer: str,
    above: Decimal | float | str = ABOVE,
    below: Decimal | float | str = BELOW,
) -> Any:
    from efc_scoring.scoring.abnormal import check_abnormally_low

    lot = tender.offer(offer).lot
    priced = [(o.id, o.total_price) for o in tender.offers_in(lot) if o.total_price is not None]
    checks = check_abnormally_low(priced, above=above, below=below, currency=tender.currency)
    found = [c for c in checks if c.offer == offer]
    return found[0] if found else None


def _compared(tender: Tender, ledger: LedgerArg | None, key: str | None, offer: str) -> Tender:
    """The offers as the ranking compares them (:func:`~efc_scoring.procedure.round_offers`:
    the offers set aside left out, the optional tranches and the PSE retained in the ledger
    added to every price), so that the request gives the figures the report gives; the
    tender as given without a ledger, or for an offer itself set aside."""
    if ledger is None:
        return tender
    from efc_scoring.procedure._state import round_offers

    kept, _ = round_offers(tender, read_records(ledger), key)
    return kept if any(o.id == offer for o in kept.offers) else tender


def _step(entry: dict[str, Any], key: str | None, offer: str, **fields: Any) -> AbnormalStep:
    return AbnormalStep(**_stamp(entry), round=key, offer=offer, **fields)


def request_explanation(
    tender: Tender,
    offer: str,
    *,
    deadline: date,
    sent_on: date,
    by: str,
    ledger: LedgerArg,
    round: str | None = None,
    suspicion: str = "",
    above: Decimal | float | str = ABOVE,
    below: Decimal | float | str = BELOW,
    at: datetime | None = None,
) -> AbnormalStep:
    """Record the written request to a bidder to justify its price.

    The offer must be flagged by the corrected-mean method; an offer it does
    not flag may still be suspected (a price of a line, a staffing below the
    collective agreement): give the ``suspicion`` then. ``above`` and ``below``
    are the method's parameters (those the scoring used:
    :func:`~efc_scoring.scoring.abnormal.check_abnormally_low`); the ledger
    keeps them with the figures, and the letter states the threshold.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from datetime import date
    >>> from efc_scoring import load_tender, sample_path
    >>> t = load_tender(sample_path("nettoyage"))
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "journal-commission.jsonl"
    >>> r = request_explanation(t, "O4", deadline=date(2026, 10, 9), sent_on=date(2026, 9, 30),
    ...                         by="Service achats", ledger=journal)
    >>> r.step, r.figures["price"]
    ('request', '40030.00')
    """
    _offer(tender, offer)
    key = round_key(tender, round)
    if deadline <= sent_on:
        raise ProcedureError(
            f"délai de réponse au {present.long_date(deadline)}, pas après l'envoi du "
            f"{present.long_date(sent_on)} : laisser au candidat le temps de répondre"
        )
    check = _detection(_compared(tender, ledger, key, offer), offer, above, below)
    if (check is None or not check.flagged) and not suspicion.strip():
        raise ProcedureError(
            f"l'offre {offer} n'est pas signalée par la méthode de la moyenne corrigée : "
            "donner la raison de la suspicion (--suspicion « ... ») pour demander des "
            "justifications"
        )
    figures: dict[str, str] = {}
    if check is not None:
        figures = {
            "price": str(check.price),
            "corrected_mean": str(round_fraction(check.corrected_mean)),
            "gap": str(round_fraction(check.gap, 4)),
            "above": str(round_fraction(check.above, 4)),
            "below": str(round_fraction(check.below, 4)),
            "detection": check.reason,
        }
    if suspicion.strip():
        figures["suspicion"] = suspicion.strip()
    entry = book(ledger).append(
        "abnormal",
        _what(
            key,
            offer=offer,
            step="request",
            deadline=deadline.isoformat(),
            sent_on=sent_on.isoformat(),
            figures=figures,
        ),
        who=by,
        justification=suspicion.strip(),
        at=at,
    )
    return _step(
        entry,
        key,
        offer,
        step="request",
        deadline=deadline,
        sent_on=sent_on,
        reason=suspicion.strip(),
        figures=figures,
    )


def round_fraction(value: Any, places: int = 2) -> Any:
    """A fraction as a Decimal rounded to ``places`` (half-even), for the ledger."""
    from decimal import Decimal

    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places))


def _steps(tender: Tender, ledger: LedgerArg, key: str | None, offer: str) -> list[AbnormalStep]:
    return list(read_records(ledger).abnormal_steps(key, offer))


def record_explanation(
    tender: Tender,
    offer: str,
    *,
    received_on: date,
    summary: str,
    by: str,
    ledger: LedgerArg,
    round: str | None = None,
    at: datetime | None = None,
) -> AbnormalStep:
    """Record the bidder's explanation of its price (a summary of what it gave)."""
    _offer(tender, offer)
    key = round_key(tender, round)
    requests = [s for s in _steps(tender, ledger, key, offer) if s.step == "request"]
    if not requests:
        raise ProcedureError(
            f"aucune demande de justification à l'offre {offer} : enregistrer d'abord la demande"
        )
    if not summary.strip():
        raise ProcedureError("résumer les justifications reçues (elles fondent la décision)")
    entry = book(ledger).append(
        "abnormal",
        _what(
            key,
            offer=offer,
            step="explanation",
            received_on=received_on.isoformat(),
            summary=summary.strip(),
        ),
        who=by,
        at=at,
    )
    return _step(
        entry, key, offer, step="explanation", received_on=received_on, summary=summary.strip()
    )


def decide_abnormal(
    tender: Tender,
    offer: str,
    *,
    kept: bool,
    reason: str,
    by: str,
    ledger: LedgerArg,
    round: str | None = None,
    today: date | None = None,
    at: datetime | None = None,
) -> AbnormalStep:
    """Record the reasoned decision: the offer is kept, or rejected as abnormally low.

    Raises
    ------
    ProcedureError
        No request; no explanation yet while the deadline runs; no reason.
    """
    _offer(tender, offer)
    key = round_key(tender, round)
    steps = _steps(tender, ledger, key, offer)
    requests = [s for s in steps if s.step == "request"]
    if not requests:
        raise ProcedureError(
            f"aucune demande de justification à l'offre {offer} : pas de décision sans avoir "
            "demandé au candidat de justifier son prix (art. R. 2152-3)"
        )
    explained = any(s.step == "explanation" for s in steps if s.seq > requests[-1].seq)
    day = today or date.today()
    deadline = requests[-1].deadline
    if not explained and deadline is not None and day <= deadline:
        raise ProcedureError(
            f"le candidat de l'offre {offer} a jusqu'au {present.long_date(deadline)} pour "
            "répondre : enregistrer ses justifications, ou attendre la fin du délai"
        )
    if not reason.strip():
        raise ProcedureError(
            "décision sans motif : écrire pourquoi les justifications suffisent ou non "
            "(le motif figure au rapport et, en cas de rejet, dans la lettre au candidat)"
        )
    entry = book(ledger).append(
        "abnormal",
        _what(key, offer=offer, step="decision", kept=kept),
        who=by,
        justification=reason.strip(),
        at=at,
    )
    return _step(entry, key, offer, step="decision", kept=kept, reason=reason.strip())


def request_letter(
    tender: Tender,
    offer: str,
    *,
    deadline: date,
    sent_on: date,
    round: str | None = None,
    suspicion: str = "",
    above: Decimal | float | str = ABOVE,
    below: Decimal | float | str = BELOW,
    ledger: LedgerArg | None = None,
) -> str:
    """The letter asking a bidder to justify its price, in French (Markdown).

    It states the price, how it compares to the other offers (the corrected
    mean and the gap, never another bidder's name or price), the threshold of
    the detection method (``below``, as the request recorded it), what the
    explanation may cover (R. 2152-3) and the deadline. Given the committee's
    ``ledger``, the prices are those the ranking compares (offers set aside
    left out, the PSE retained added, which the letter says), as
    :func:`request_explanation` records them.

    Examples
    --------
    >>> from datetime import date
    >>> from efc_scoring import load_tender, sample_path
    >>> t = load_tender(sample_path("nettoyage"))
    >>> text = request_letter(t, "O4", deadline=date(2026, 10, 9), sent_on=date(2026, 9, 30))
    >>> "9 octobre 2026" in text and "R. 2152-3" in text and "Econet" not in text
    True
    """
    from efc_scoring.committee.letter import _options_compared

    compared = _compared(tender, ledger, round_key(tender, round), offer)
    o = compared.offer(offer)
    check = _detection(compared, offer, above, below)
    lines = [
        f"**{tender.buyer}**",
        "",
        f"Le {present.long_date(sent_on)}",
        "",
        f"À l'attention de : **{o.bidder}**",
        "",
        f"**Objet : {tender.title} — demande de précisions sur le prix de votre offre**",
        "",
        "Madame, Monsieur,",
        "",
        f"Dans le cadre de la consultation « {tender.title} » ({tender.lot(o.lot).label}"
        + (f", {round_title(tender, round).lower()}" if tender.rounds else "")
        + "), l'examen des offres fait apparaître que le prix "
        f"de votre offre, {present.money(o.total_price, tender.currency)} HT"
        f"{_options_compared(compared, offer)}, paraît anormalement bas.",
        "",
    ]
    if check is not None and check.flagged:
        gap = -check.gap
        lines += [
            f"Il est inférieur de {present.percent(gap)} à la moyenne corrigée des offres reçues "
            f"pour ce lot ({present.money(check.corrected_mean, tender.currency)}), au-delà du "
            f"seuil de {present.percent(check.below)} retenu pour l'examen des prix.",
            "",
        ]
    if suspicion.strip():
        lines += [f"Motif de la demande : {suspicion.strip()}", ""]
    lines += [
        "Conformément aux articles L. 2152-5 et R. 2152-3 du code de la commande publique, nous "
        "vous invitons à nous fournir par écrit toutes précisions et justifications de nature "
        "à expliquer ce prix. Elles peuvent notamment porter sur :",
        "",
        "- le mode de fabrication des produits, les modalités de la prestation des services ;",
        "- les solutions techniques adoptées ou les conditions exceptionnellement favorables "
        "dont vous disposez pour exécuter le marché ;",
        "- l'originalité de votre offre ;",
        "- la réglementation applicable en matière environnementale, sociale et du travail en "
        "vigueur sur le lieu d'exécution ;",
        "- l'obtention éventuelle d'une aide d'État.",
        "",
        f"Votre réponse est attendue au plus tard le **{present.long_date(deadline)}**. "
        "Sans réponse, ou si les justifications ne permettent pas d'expliquer le prix, votre "
        "offre pourra être rejetée comme anormalement basse (article R. 2152-4).",
        "",
        "Cette demande ne préjuge pas de la décision de l'acheteur et ne modifie pas votre "
        "offre, qui ne peut être changée à cette occasion.",
        "",
        "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        "",
        f"Pour {present.with_article(tender.buyer)}",
    ]
    return "\n".join(lines) + "\n"
