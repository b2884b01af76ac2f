"""The disclosure letter: everything owed to the rejected bidder, nothing of the others."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal

import markdown
import pytest

from efc_scoring import Tender, load_tender, sample_path, samples, score
from efc_scoring.committee import consolidate, record_consensus, unsettled_items
from efc_scoring.committee.letter import LetterError, disclosure_letter, earliest_signature
from efc_scoring.committee.mentions import NEUTRAL

SENT = date(2027, 3, 16)


def settle(tender: Tender, **agreed: int):
    """The committee's decisions on every disputed item (at the rounded mean unless given),
    the consolidation with them and the evaluation."""
    open_items = unsettled_items(consolidate(tender))
    decisions = []
    for it in open_items:
        level = agreed.get(f"{it.offer}:{it.criterion}", round(it.value))
        decisions.append(
            record_consensus(
                tender,
                it.offer,
                it.criterion,
                level,
                f"Décision de la commission sur {it.criterion}.",
                by="Présidente",
                at=datetime(2027, 3, 10, 14, 0, tzinfo=UTC),
            )
        )
    consolidation = consolidate(tender, method="consensus", consensus=decisions)
    return consolidation, consolidation.evaluate()


def letter_of(tender: Tender, offer: str, **kwargs):
    consolidation, evaluation = settle(tender)
    kwargs.setdefault("sent", SENT)
    return disclosure_letter(tender, evaluation, offer, consolidation, **kwargs)


def with_justification(tender: Tender, offer: str, criterion: str, text: str) -> Tender:
    data = tender.model_dump(mode="python")
    data["scores"] = [
        {**s, "justification": text} if s["offer"] == offer and s["criterion"] == criterion else s
        for s in data["scores"]
    ]
    return Tender.model_validate(data)


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


def runs(answer: str, size: int = 6) -> set[str]:
    """Runs of ``size`` consecutive words of an answer."""
    words = re.findall(r"\S+", answer)
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def flat(text: str) -> str:
    """The text with its line wrapping undone."""
    return " ".join(text.split())


def folded(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


#: Words of each sample's bidder names that designate one bidder, listed by hand.
NAME_WORDS = {
    "nettoyage": {
        "O1": ["EcoNet", "EcoNet Rhône"],
        "O2": ["Bugey", "Propreté Bugey"],
        "O3": ["Hygiène Pro", "Centre-Est"],
        "O4": ["Distri-Clean", "Distri", "Clean"],
        "O5": ["Sanéo"],
    },
    "bof-lycees": {
        "L1-A": ["Flandres", "Laiterie Coopérative"],
        "L1-B": ["Hainaut", "Crèmerie"],
        "L1-C": ["Distrilait"],
        "L1-D": ["Laitier Européen"],
        "L2-A": ["Avesnois"],
        "L2-B": ["Ovoterra"],
        "L2-C": ["Coquetiers", "Ternois"],
        "L2-D": ["Centrale Œufs"],
        "L3-A": ["Sambre", "Fromagerie du Val"],
        "L3-B": ["Thiérache"],
        "L3-C": ["Saveurs"],
        "L3-D": ["Delcourt"],
    },
    "blanchisserie": {
        "O1": ["Solidaire", "Val de Loire"],
        "O2": ["Linéo"],
        "O3": ["Lavoir", "Anjou"],
        "O4": ["Express"],
        "O5": ["Textiles"],
    },
}


def leaks(tender: Tender, text: str, offer_id: str, winner: str, sample: str) -> list[str]:
    found = []
    body = folded(text)
    for other in tender.offers:
        if other.id == offer_id:
            continue
        if other.id != winner:
            if folded(other.bidder) in body:
                found.append(f"name of {other.id}")
            for word in NAME_WORDS[sample].get(other.id, []):
                if re.search(rf"(?<!\w){re.escape(folded(word))}(?!\w)", body) and not re.search(
                    rf"(?<!\w){re.escape(folded(word))}(?!\w)",
                    folded(tender.offer(offer_id).bidder),
                ):
                    found.append(f"word of {other.id}: {word}")
        if other.total_price is not None:
            found += [
                f"price of {other.id}: {f}" for f in price_forms(other.total_price) if f in text
            ]
        for answer in other.answers.values():
            found += [f"answer of {other.id}: {run}" for run in runs(answer) if run in text]
    return found


def comparative(tender: Tender, sample: str) -> Tender:
    """Every justification also compares with two other bidders of the lot, by shortened
    name, price and a quote of their answer: what careless evaluators write."""
    data = tender.model_dump(mode="python")
    by_lot: dict[str, list] = {}
    for o in tender.offers:
        by_lot.setdefault(o.lot, []).append(o)
    scores = []
    for s in data["scores"]:
        mine = tender.offer(s["offer"])
        others = [o for o in by_lot[mine.lot] if o.id != mine.id]
        a, b = others[0], others[-1]
        word = NAME_WORDS[sample][a.id][0]
        quote = " ".join(next(iter(b.answers.values()), "").split()[:8])
        text = (
            f"{s['justification']} Moins précis que {word} sur ce point. "
            f"L'offre {b.id} à {b.total_price} € écrit « {quote} » ; nous retenons le "
            "suivi proposé."
        )
        scores.append({**s, "justification": text})
    data["scores"] = scores
    return Tender.model_validate(data)


@pytest.mark.parametrize("sample", sorted(samples()))
def test_no_other_bidder_leaks_into_any_letter(sample):
    tender = comparative(load_tender(sample_path(sample)), sample)
    consolidation, evaluation = settle(tender)
    written = 0
    for offer in tender.offers:
        winners = evaluation.winners(offer.lot)
        if offer.id in winners or len(winners) != 1:
            continue
        letter = disclosure_letter(tender, evaluation, offer.id, consolidation, sent=SENT)
        for body in (letter.markdown, letter.text, flat(letter.text), html.unescape(letter.html)):
            assert offer.bidder in body
            assert tender.offer(winners[0]).bidder in body
            assert leaks(tender, body, offer.id, winners[0], sample) == []
        assert NEUTRAL in letter.text  # the comparisons were there, and replaced
        assert any("remplacée" in w for w in letter.warnings)
        assert "nous retenons le suivi proposé" in flat(letter.text)  # the rest is kept
        written += 1
    assert written >= 4


def test_the_leak_check_can_fail():
    """The check above finds a name, a distinctive word, a price and an answer."""
    tender = load_tender(sample_path("nettoyage"))
    o4 = tender.offer("O4")
    answer = next(iter(o4.answers.values()))
    text = f"{o4.bidder} … Bugey … {float(o4.total_price):,.2f} … {answer}".replace(",", " ")
    found = leaks(tender, text.replace(".", ","), "O3", "O1", "nettoyage")
    assert any("name of O4" in f for f in found)
    assert any("word of O2" in f for f in found)
    assert any("price of O4" in f for f in found)
    assert any("answer of O4" in f for f in found)


def test_a_shortened_bidder_name_in_a_justification_is_replaced():
    tender = with_justification(
        load_tender(sample_path("nettoyage")),
        "O4",
        "env.emballages",
        "Discours général sans engagement. Bien moins précis que Hygiène Pro sur la reprise.",
    )
    letter = letter_of(tender, "O4")
    text = flat(letter.text)
    assert "Hygiène Pro" not in text
    assert "Discours général sans engagement. " + NEUTRAL in text


def test_letter_content_for_the_cleaning_sample():
    tender = load_tender(sample_path("nettoyage"))
    letter = letter_of(
        tender,
        "O2",
        signatory="Marie Durand, directrice de la commande publique",
        court="tribunal administratif de Lyon",
    )
    text = flat(letter.text)
    assert "R. 2181-1" in text and "R. 2181-4" in text and "R. 2182-1" in text
    assert "2e rang" in text and "points sur 100" in text
    assert "52 950,00 € HT" in text  # its own price, never the others'
    # the committee's reasons: its decision on the settled item, with its date
    assert "décision de la commission du 10 mars 2027 : Décision de la commission sur coop" in text
    # relative advantages: the criteria where the winner scores higher, not the price
    advantages = text.split("L'offre retenue")[1].split("Signature du marché")[0]
    assert "EcoNet Rhône SAS" in advantages and "Prix" not in advantages
    # the date, the standstill, the appeal routes with their deadlines, the signature block
    assert text.startswith("Ville de Villeurbanne")
    assert "Le 16 mars 2027" in text
    assert "ne sera pas signé avant le 27 mars 2027" in text and "11 jours" in text
    assert "devant le tribunal administratif de Lyon :" in text
    assert "référé précontractuel" in text and "L. 551-1" in text
    assert "référé contractuel" in text and "L. 551-13" in text and "31 jours" in text
    assert "contestation de la validité du contrat" in text and "deux mois" in text
    assert "Marie Durand, directrice de la commande publique" in text and "Signature :" in text
    assert "| Critère |" in letter.markdown
    # bold in HTML pairs across bidder-controlled values, never leaves a literal **
    assert "<strong>Capacité de coopération</strong>" in letter.html and "**" not in letter.html
    assert "<strong>EcoNet Rhône SAS</strong>, dont" in letter.html
    frame = letter.to_frame()
    assert list(frame["criterion"]) == [leaf.id for leaf in tender.leaves]
    assert frame.loc[frame["criterion"] == "coop", "settled"].item() == date(2027, 3, 10)


def test_standstill_of_eleven_or_sixteen_days_and_early_signature_warned():
    assert earliest_signature(date(2027, 6, 15)) == date(2027, 6, 26)
    assert earliest_signature(date(2027, 6, 15), electronic=False) == date(2027, 7, 1)
    tender = load_tender(sample_path("nettoyage"))
    by_post = letter_of(tender, "O3", sent=date(2027, 6, 15), electronic=False)
    assert by_post.signature_date == date(2027, 7, 1) and "16 jours" in flat(by_post.text)
    assert by_post.warnings == ()
    early = letter_of(tender, "O3", sent=date(2027, 6, 15), signature_date=date(2027, 6, 20))
    assert early.signature_date == date(2027, 6, 20)
    assert any("au plus tôt le 26 juin 2027" in w for w in early.warnings)


def test_refused_while_agenda_items_are_unsettled_unless_provisional():
    tender = load_tender(sample_path("nettoyage"))
    evaluation = score(tender)
    with pytest.raises(LetterError) as refused:
        disclosure_letter(tender, evaluation, "O3", sent=SENT)
    message = str(refused.value)
    assert "O2" in message and "coop" in message and "O5" in message
    assert "env.transport" in message and "--provisoire" in message
    letter = disclosure_letter(tender, evaluation, "O3", provisional=True, sent=SENT)
    assert letter.provisional
    for body in (letter.text, letter.markdown):
        assert body.count("PROVISOIRE") >= 2  # first and last page
    assert 'class="watermark">PROVISOIRE' in letter.html  # repeated on every printed page
    # the banner counts other offers' unsettled items and names only the addressee's own
    assert "restent à trancher (sur d'autres offres du lot)" in flat(letter.text)
    assert "O2" not in letter.text + letter.html and "O5" not in letter.text + letter.html
    own = disclosure_letter(tender, evaluation, "O2", provisional=True, sent=SENT)
    assert "(offre O2, critère coop" in flat(own.text)
    assert "; 1 point sur d'autres offres du lot)" in flat(own.text)
    assert "O5" not in own.text
    settled = letter_of(tender, "O3")
    assert not settled.provisional and "PROVISOIRE" not in settled.text + settled.html


def test_a_settled_item_gives_the_committee_reason_not_the_individual_ones():
    tender = load_tender(sample_path("nettoyage"))
    agreed = [
        record_consensus(
            tender, "O2", "coop", 3, "Coopération réelle mais sans les agents.", by="Présidente"
        ),
        record_consensus(tender, "O5", "env.transport", 2, "Projet bioGNV.", by="Présidente"),
    ]
    consolidation = consolidate(tender, method="consensus", consensus=agreed)
    letter = disclosure_letter(tender, consolidation.evaluate(), "O2", consolidation, sent=SENT)
    assert "Coopération réelle mais sans les agents." in flat(letter.text)
    assert "peu de place pour nos retours" not in flat(letter.text)


def test_short_offer_ids_never_corrupt_the_text(tender_factory):
    """Issue 14, point 12: ids A-E or 1-5 match only as offer ids (« offre B »)."""
    for ids in (["A", "B", "C", "D", "E"], ["1", "2", "3", "4", "5"]):
        base = tender_factory(5, seed=4)
        data = base.model_dump(mode="python")
        rename = {f"O{i + 1}": new for i, new in enumerate(ids)}
        for o in data["offers"]:
            o["id"] = rename[o["id"]]
        for s in data["scores"]:
            s["value"] = int(s["offer"][1:]) % 4 + 1  # evaluators agree: nothing to settle
            s["offer"] = rename[s["offer"]]
            s["justification"] = (
                "Reprise proche d'un bidon sur 2 ; délai de 3 à 5 jours, niveau 4. "
                f"Plus faible que l'offre {ids[4]}."
            )
        tender = Tender.model_validate(data)
        consolidation, evaluation = settle(tender)
        loser = next(o.id for o in tender.offers if o.id not in evaluation.winners("L1"))
        letter = disclosure_letter(tender, evaluation, loser, consolidation, sent=SENT)
        text = flat(letter.text)
        if loser != ids[4]:
            assert "Reprise proche d'un bidon sur 2 ; délai de 3 à 5 jours, niveau 4." in text
            assert f"l'offre {ids[4]}" not in text


def test_bidder_text_is_escaped_in_markdown_html_and_text(tender_factory):
    """Issue 14, point 10: scripts, images, links from bidder names and justifications."""
    hostile = {
        "O1": "<script>alert(1)</script> SA",
        "O2": "![x](http://evil.example/p.png) [ici](http://evil.example)",
        "O3": "<img src=x onerror=alert(2)> \x1b[31mRouge\x1b[0m",
    }
    base = tender_factory(3, seed=5)
    data = base.model_dump(mode="python")
    for o in data["offers"]:
        o["bidder"] = hostile[o["id"]]
    for s in data["scores"]:
        s["justification"] = "Voir <a href='http://evil.example'>ici</a> **gras** `code`."
    tender = Tender.model_validate(data)
    consolidation, evaluation = settle(tender)
    for offer in tender.offers:
        if offer.id in evaluation.winners("L1"):
            continue
        letter = disclosure_letter(tender, evaluation, offer.id, consolidation, sent=SENT)
        rendered = markdown.markdown(letter.markdown, extensions=["tables"])
        for body in (rendered, letter.html):
            assert "<script" not in body and "<img" not in body and "<a " not in body
            assert "\x1b" not in body
        assert "\x1b" not in letter.text
        assert "\\<script\\>" in letter.markdown or "\\<img" in letter.markdown
        assert "&lt;img src=x onerror=alert(2)&gt;" in letter.html or "&lt;script&gt;" in (
            letter.html
        )


def test_refusals():
    tender = load_tender(sample_path("nettoyage"))
    evaluation = score(tender)
    with pytest.raises(LetterError, match="offre retenue"):
        disclosure_letter(tender, evaluation, "O1", provisional=True)
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
    with pytest.raises(LetterError, match="ex aequo"):
        disclosure_letter(tied, evaluation, "O2")
    letter = disclosure_letter(tied, evaluation, "O2", winner="O1")
    assert letter.winner == "O1" and "Candidat 3" not in letter.text


def test_eliminated_offer_is_told_why(tender_factory):
    tender = tender_factory(3, seed=2, threshold=12)
    data = tender.model_dump(mode="python")
    data["scores"] = [{**s, "value": 0} if s["offer"] == "O3" else s for s in data["scores"]]
    t = Tender.model_validate(data)
    consolidation, evaluation = settle(t)
    assert "O3" in evaluation.eliminated
    letter = disclosure_letter(t, evaluation, "O3", consolidation)
    assert "éliminée" in letter.text and "sous le seuil" in letter.text


def test_saved_atomically_as_markdown_html_or_text(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    letter = letter_of(tender, "O4")
    md = letter.save(tmp_path / "lettres" / "O4.md")
    page = letter.save(tmp_path / "lettres" / "O4.html")
    txt = letter.save(tmp_path / "lettres" / "O4.txt")
    assert md.read_text(encoding="utf-8") == letter.markdown
    assert page.read_text(encoding="utf-8") == letter.html
    assert txt.read_text(encoding="utf-8") == letter.text
    assert sorted(p.name for p in (tmp_path / "lettres").iterdir()) == [
        "O4.html",
        "O4.md",
        "O4.txt",
    ]


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [
        ("1", "jours", "1 jour"),
        ("1.5", "jours ouvrés", "1,5 jour ouvré"),
        ("0.5", "heures", "0,5 heure"),
        ("1", "mois", "1 mois"),
        ("1", "tonnes de déchets", "1 tonne de déchets"),
        ("2", "jours", "2 jours"),
    ],
)
def test_a_declared_value_under_two_takes_its_unit_in_the_singular(value, unit, said):
    """French puts a quantity under 2 in the singular: the laundry sample's O2 replaces missing
    linen within « 1 jours », said its letter (and « valeur déclarée 1 jours » the report)."""
    data = load_tender(sample_path("nettoyage")).model_dump(mode="python")
    for node in data["criteria"]:
        for leaf in node.get("children") or ():
            if leaf["id"] == "tech.delai":
                leaf["scoring"]["unit"] = unit
    for offer in data["offers"]:
        if offer["id"] == "O2":
            offer["values"]["delai_livraison_jours"] = Decimal(value)
    tender = Tender.model_validate(data)
    text = letter_of(tender, "O2").markdown
    assert re.search(f"valeur déclarée : {said}(?![\\w])", text.replace("\u202f", " "))
    (line,) = [ln for ln in score(tender).lines if (ln.offer, ln.criterion) == ("O2", "tech.delai")]
    assert line.detail.startswith(f"valeur déclarée {said} ;")


def test_a_letter_dated_before_the_award_is_warned():
    """The letter says « le marché est attribué à … »: dated before the award the tender file
    plans (nettoyage: 15 March 2027), it announces a decision not yet taken, and the report,
    dated on the award, comes after the letters it grounds. The negotiation how-to dated its
    letters 4 December 2026 for an award on 15 January 2027."""
    tender = load_tender(sample_path("nettoyage"))
    early = letter_of(tender, "O3", sent=date(2027, 3, 10))
    (warning,) = [w for w in early.warnings if "attribution" in w]
    assert "10 mars 2027" in warning and "15 mars 2027" in warning and "award_date" in warning
    assert "attribution" not in " ".join(letter_of(tender, "O3", sent=date(2027, 3, 15)).warnings)
