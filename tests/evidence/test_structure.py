"""Document structure: headings, lists, tables and sections on other subjects.

The memoirs below are written for these tests (a cleaning-products supplier, a
school caterer, a furniture maker); each test names the rule of the reading grid.
"""

from efc_scoring.evidence import assess_answer
from efc_scoring.evidence._blocks import split_blocks

MEMOIR = """MÉMOIRE TECHNIQUE – LOT 2 PRODUITS D'ENTRETIEN
1. Présentation de la société
Créée en 1981, notre société emploie 95 salariés et réalise un chiffre d'affaires de 18 M€.

2. Énergie
Nous nous engageons à réduire de 20 % la consommation électrique de notre usine d'ici 2029.

3. Emballages
3.1 Reprise des bidons
Les bidons vides sont repris à chaque livraison et réemployés après lavage.
3.2 Objectifs
| Indicateur | Situation actuelle | Objectif |
| Part des produits livrés en recharges | 10 % | 60 % dès la première année |
"""


def test_blocks_of_a_memoir():
    blocks = split_blocks(MEMOIR)
    kinds = [(b.kind, MEMOIR[b.start : b.end][:20]) for b in blocks]
    assert kinds[:3] == [
        ("heading", "MÉMOIRE TECHNIQUE – "),
        ("heading", "Présentation de la s"),
        ("paragraph", "Créée en 1981, notre"),
    ]
    header = next(b for b in blocks if b.kind == "header")
    row = next(b for b in blocks if b.kind == "row")
    # the table stands under « 3.2 Objectifs », itself under « 3. Emballages »
    objectives = blocks[row.parent]
    assert MEMOIR[objectives.start : objectives.end] == "Objectifs"
    assert MEMOIR[blocks[objectives.parent].start : blocks[objectives.parent].end] == "Emballages"
    assert header.parent == row.parent


def test_sections_on_other_subjects_lend_nothing_to_the_axis(nlp):
    a = assess_answer(MEMOIR, "packaging")
    assert a.features == {"R", "M", "F", "Q", "T"} and a.reading_level == 4
    quoted = " ".join(s.text for s in a.evidence if s.code in {"Q", "T"})
    # the energy target (20 %, 2029) and the company's size are not packaging figures
    assert "20 %" not in quoted and "2029" not in quoted and "95" not in quoted
    assert "60 %" in quoted


def test_a_heading_is_never_a_commitment(nlp):
    text = "3. Livraison en vrac et reprise des contenants\nNous étudions ces deux pistes."
    a = assess_answer(text, "packaging")
    assert "F" not in a.features and a.level <= 2


def test_a_list_under_a_hedged_lead_stays_hedged(nlp):
    text = (
        "Plusieurs dispositifs pourraient être proposés :\n"
        "- livraison en vrac des détergents ;\n"
        "- reprise des bidons vides."
    )
    a = assess_answer(text, "packaging")
    assert a.level == 2 and "F" not in a.features


def test_a_memoir_about_other_subjects_is_off_the_axis(nlp):
    text = (
        "1. Notre entreprise\n"
        "Fondée en 1962, l'entreprise emploie 80 salariés.\n"
        "2. Sécurité\n"
        "Nos équipes sont formées chaque année aux premiers secours.\n"
        "3. Insertion\n"
        "Nous réservons 6 % des heures du marché à des personnes en insertion.\n"
    )
    a = assess_answer(text, "transport")
    assert a.level == 0 and not a.features


def test_a_table_row_is_a_commitment_with_its_figures(nlp):
    text = (
        "Engagements du marché :\n"
        "Famille\tPart bio\tSignes de qualité\n"
        "Produits laitiers\t40 %\tComté AOP, yaourts bio\n"
        "Viandes\t20 %\tLabel Rouge\n"
    )
    a = assess_answer(text, "egalim")
    assert {"M", "F", "Q"} <= a.features
    assert any(s.code == "Q" and "40 %" in s.text for s in a.evidence)


def test_company_presentation_numbers_are_incidental(nlp):
    text = (
        "Fondée en 1990, notre société emploie 45 salariés. "
        "Nous livrons les écoles en vélo-cargo électrique."
    )
    a = assess_answer(text, "transport")
    assert a.level == 3 and "Q" not in a.features


def test_shouted_lines_are_read_like_prose(nlp):
    a = assess_answer("LIVRAISON EN VRAC DES DETERGENTS. REPRISE DES BIDONS VIDES.", "packaging")
    assert a.level == 3
    assert all(s.text == s.text.upper() for s in a.evidence)  # quotes keep the bidder's text
