"""The disclosure letter: everything owed to the rejected bidder, nothing of the others."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from efc_scoring import Tender, load_tender, sample_path, score
from efc_scoring.committee.consolidate import consolidate, record_consensus
from efc_scoring.committee.letter import LetterError, disclosure_letter


def price_forms(price: Decimal) -> set[str]:
    """The ways a price may be written: 57580, 57 580,00, 57,580.00, 57580.00..."""
    value = float(price)
    forms = {
        f"{value:.2f}",
        f"{value:.2f}".replace(".", ","),
        f"{value:,.2f}",
        f"{value:,.2f}".replace(",", " ").replace(".", ","),
        f"{value:,.2f}".replace(",", "\u202f").replace(".", ","),
        f"{value:,.2f}".replace(",", "\u00a0").replace(".", ","),
    }
    if value == int(value):
        forms |= {str(int(value)), f"{int(value):,}".replace(",", " ")}
    return {f for f in forms if len(f) >= 4}


def distinctive(answer: str, size: int = 6) -> set[str]:
    """Runs of ``size`` consecutive words of an answer."""
    words = re.findall(r"\S+", answer)
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def flat(text: str) -> str:
    """The text with its line wrapping undone."""
    return " ".join(text.split())


def leaks(tender: Tender, text: str, offer_id: str, winner: str) -> list[str]:
    found = []
    for other in tender.offers:
        if other.id == offer_id:
            continue
        if other.id != winner and other.bidder.lower() in text.lower():
            found.append(f"name of {other.id}")
        if other.total_price is not None:
            found += [
                f"price of {other.id}: {f}" for f in price_forms(other.total_price) if f in text
            ]
        for answer in other.answers.values():
            found += [f"answer of {other.id}: {run}" for run in distinctive(answer) if run in text]
    return found


@pytest.mark.parametrize("sample", ["nettoyage", "bof-lycees"])
def test_no_other_bidder_leaks_into_any_letter(sample):
    tender = load_tender(sample_path(sample))
    evaluation = score(tender)
    consolidation = consolidate(tender)
    written = 0
    for offer in tender.offers:
        winners = evaluation.winners(offer.lot)
        if offer.id in winners or len(winners) != 1:
            continue
        letter = disclosure_letter(tender, evaluation, offer.id, consolidation)
        for body in (letter.markdown, letter.text, flat(letter.text)):
            assert offer.bidder in body
            assert tender.offer(winners[0]).bidder in body  # R. 2181-3: the winner's name
            assert leaks(tender, body, offer.id, winners[0]) == []
        written += 1
    assert written >= 4


def test_the_leak_check_can_fail():
    """The detector above finds a name, a price and an answer when they are there."""
    tender = load_tender(sample_path("nettoyage"))
    o4 = tender.offer("O4")
    answer = next(iter(o4.answers.values()))
    text = f"{o4.bidder} … {float(o4.total_price):,.2f} … {answer}".replace(",", " ")
    found = leaks(tender, text.replace(".", ","), "O2", "O1")
    assert any("name of O4" in f for f in found)
    assert any("price of O4" in f for f in found)
    assert any("answer of O4" in f for f in found)


def test_letter_content_for_the_cleaning_sample():
    tender = load_tender(sample_path("nettoyage"))
    evaluation = score(tender)
    letter = disclosure_letter(tender, evaluation, "O2", signature_date=date(2027, 4, 2))
    text = flat(letter.text)
    assert "R. 2181-1" in text and "R. 2181-4" in text and "R. 2182-1" in text
    assert "76,24 points sur 100" in text and "2e rang" in text
    assert "82,47 points sur 100" in text  # the winner's total
    assert "52 950,00 € HT" in text  # its own price, never the others'
    # the committee's reasons for its marks are given
    assert "sans les agents : peu de place pour nos retours" in text
    # relative advantages: the criteria where the winner scores higher, not the price
    advantages = text.split("L'offre retenue")[1]
    assert "Capacité de coopération" in advantages and "Prix" not in advantages
    assert "2 avril 2027" in text  # one date rendering everywhere (was 02/04/2027)
    assert letter.markdown.startswith("# Information sur le rejet")
    assert "| Critère |" in letter.markdown
    frame = letter.to_frame()
    assert list(frame["criterion"]) == [leaf.id for leaf in tender.leaves]
    assert frame.loc[frame["criterion"] == "coop", "winner_points"].item() == 10


def test_consensus_reason_replaces_individual_justifications():
    tender = load_tender(sample_path("nettoyage"))
    agreed = record_consensus(
        tender, "O2", "coop", 3, "Coopération réelle mais sans les agents.", by="Présidente"
    )
    consolidation = consolidate(tender, method="consensus", consensus=[agreed])
    evaluation = score(tender, consolidation.marks())
    letter = disclosure_letter(tender, evaluation, "O2", consolidation)
    assert "Coopération réelle mais sans les agents." in flat(letter.text)
    assert "peu de place pour nos retours" not in flat(letter.text)


def test_justifications_naming_another_bidder_are_redacted():
    tender = load_tender(sample_path("nettoyage"))
    data = tender.model_dump(mode="python")
    data["scores"] = [
        {**s, "justification": "Moins précis que Distri-Clean France et que O5."}
        if s["offer"] == "O3" and s["criterion"] == "coop"
        else s
        for s in data["scores"]
    ]
    changed = Tender.model_validate(data)
    letter = disclosure_letter(changed, score(changed), "O3")
    assert "Distri-Clean" not in letter.text and "O5" not in letter.text
    assert "[autre candidat]" in letter.text


def test_refusals():
    tender = load_tender(sample_path("nettoyage"))
    evaluation = score(tender)
    with pytest.raises(LetterError, match="winning offer"):
        disclosure_letter(tender, evaluation, "O1")
    with pytest.raises(LetterError, match="offre inconnue"):
        disclosure_letter(tender, evaluation, "O9")


def test_tie_for_first_place_needs_the_winner(tender_factory):
    tender = tender_factory(3, seed=1)
    data = tender.model_dump(mode="python")
    data["offers"] = [
        {**o, "price": Decimal(10000), "values": {"delai": Decimal(5)}} for o in data["offers"]
    ]
    data["scores"] = [{**s, "value": 3} for s in data["scores"]]
    tied = Tender.model_validate(data)
    evaluation = score(tied)
    with pytest.raises(LetterError, match="tie"):
        disclosure_letter(tied, evaluation, "O2")
    letter = disclosure_letter(tied, evaluation, "O2", winner="O1")
    assert letter.winner == "O1" and "Candidat 3" not in letter.text


def test_eliminated_offer_is_told_why(tender_factory):
    tender = tender_factory(3, seed=2, threshold=12)
    data = tender.model_dump(mode="python")
    data["scores"] = [{**s, "value": 0} if s["offer"] == "O3" else s for s in data["scores"]]
    t = Tender.model_validate(data)
    evaluation = score(t)
    assert "O3" in evaluation.eliminated
    letter = disclosure_letter(t, evaluation, "O3")
    assert "éliminée" in letter.text and "sous le seuil" in letter.text


def test_saved_atomically_as_markdown_or_text(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    letter = disclosure_letter(tender, score(tender), "O4")
    md = letter.save(tmp_path / "lettres" / "O4.md")
    txt = letter.save(tmp_path / "lettres" / "O4.txt")
    assert md.read_text(encoding="utf-8") == letter.markdown
    assert txt.read_text(encoding="utf-8") == letter.text
    assert sorted(p.name for p in (tmp_path / "lettres").iterdir()) == ["O4.md", "O4.txt"]
