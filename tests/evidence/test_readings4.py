"""Readings added in stage 4 (issue 11, round r4's causes): each test names the family it checks.

The sentences are written for the tests, in sectors the labelled rounds use little
(street furniture, road salt, archives, IT hardware, sports halls), so that a test
does not repeat a labelled case.
"""

import pytest

from efc_scoring.evidence import assess_answer
from efc_scoring.evidence._nlp import is_pictograph


def read(text, axis, question=None, day=None):
    a = assess_answer(text, axis, question, reference_date=day)
    return a.reading_level, a.features  # the rule reading (before the learned layer)


def test_pictographs_end_a_slogan_and_separate_its_items(nlp):
    """« zero X ✅ Y ♻️ Z » is a slogan (RUBRIC: « zéro » inside a slogan is no number)."""
    assert is_pictograph("✅") and is_pictograph("🚚➡️🚲") and not is_pictograph("m²")
    text = (
        "Zero carton perdu ✅ circularite ♻️ sobriete 🌍 "
        "Nous nous engageons a lutter contre le suremballage."
    )
    question = "Comment limitez-vous le suremballage des fournitures livrées ?"
    level, features = read(text, "packaging", question)
    assert level == 1 and "Q" not in features and "M" not in features


def test_lutter_contre_restates_the_question(nlp):
    question = "Comment évitez-vous le gaspillage des denrées dans les offices ?"
    level, features = read("Nous luttons contre le gaspillage des denrées.", "waste", question)
    assert level == 1 and features == {"R"}


def test_a_question_as_title_opens_the_company_presentation(nlp):
    """« Qui sommes-nous ? » above a paragraph is a title: its section lends no measure."""
    text = (
        "Qui sommes-nous ?\n"
        "Fondée en 1995, notre maison dispose d'un atelier de production à Quimper (29000) "
        "et emploie 30 salariés.\n"
        "Notre offre\n"
        "La part de produits bio dépendra du budget retenu et sera précisée dans le devis."
    )
    level, features = read(text, "egalim")
    assert level <= 2 and "F" not in features and "Q" not in features


@pytest.mark.parametrize(
    "text",
    [
        "La part de produits locaux dépendra des disponibilités de nos fournisseurs.",
        "Le passage au vrac se fera au cas par cas.",
        "La part de produits bio sera précisée dans le devis définitif.",
    ],
)
def test_a_measure_left_to_budget_supply_or_quote_is_hedged(nlp, text):
    axis = "packaging" if "vrac" in text else "egalim"
    level, features = read(text, axis)
    assert "F" not in features and level <= 2


def test_importance_for_the_bidder_is_an_attitude(nlp):
    level, features = read("Le choix de produits de saison est important pour nous.", "egalim")
    assert level == 1 and "M" not in features


def test_goods_bought_or_work_subcontracted_at_a_named_place_are_local(nlp):
    """Non-food local sourcing: a purchase or a subcontractor located at a named place."""
    text = (
        "Le sel de déneigement est acheté chez un négociant de Clermont-Ferrand ; le balayage "
        "est confié à l'entreprise Propreté des Monts, installée à Thiers."
    )
    level, features = read(text, "local_sourcing")
    assert level == 3 and {"M", "F"} <= features
    own = "Les écrans sont achetés par notre centrale de Francfort."
    assert "M" not in read(own, "local_sourcing")[1]
    seat = "Notre société, installée à Lyon, livre les écrans."
    assert "M" not in read(seat, "local_sourcing")[1]


def test_refused_local_hire_under_an_axis_heading_is_a_refusal(nlp):
    """A reason naming another subject (« pour des raisons de sécurité ») does not close a
    sentence under a heading that names a measure of the axis; refusal with hedged
    measures only is level 0 (RUBRIC)."""
    text = (
        "3. Part confiée à des entreprises locales\n"
        "Pour des raisons de sécurité, nous ne recourons pas à du matériel loué localement.\n"
        "Nous pourrions éventuellement associer un traiteur du territoire si le budget le permet."
    )
    question = "Quelle part du matériel et des prestations confiez-vous à des entreprises locales ?"
    level, features = read(text, "local_sourcing", question)
    assert level == 0 and "N" in features


def test_number_words_in_a_proper_name_and_a_siret_tail_are_incidental(nlp):
    text = "Les pommes sont achetées aux vergers des Quatre Vents à Vire."
    assert "Q" not in read(text, "egalim")[1]
    text = "Nos pommes viennent de Vire, SIRET 533 019 842 00017, et sont cultivées en Normandie."
    assert "Q" not in read(text, "egalim")[1]


@pytest.mark.parametrize(
    "text",
    [
        "Pas possible de reprendre les bidons vides.",
        "REPRISE DES BIDONS VIDES : PAS POSSIBLE.",
        "Reprise des bidons vides impossible.",
    ],
)
def test_a_terse_refusal_without_ne_is_a_refusal(nlp, text):
    level, features = read(text, "packaging")
    assert level == 0 and "N" in features


def test_a_threshold_of_volume_is_a_condition_outside_the_buyer(nlp):
    text = (
        "Dès que la consommation d'un gymnase dépassera 800 litres, nous installerons "
        "des centrales de dilution."
    )
    level, features = read(text, "waste")
    assert level == 2 and "F" not in features and "Q" not in features


def test_a_law_named_after_the_axis_is_no_measure(nlp):
    question = "Comment limitez-vous les pertes de sel de déneigement ?"
    text = (
        "Nous mettrons tout notre savoir-faire au service de la commune, dans le respect de "
        "la loi anti-gaspillage pour une économie circulaire (AGEC)."
    )
    level, features = read(text, "waste", question)
    assert level == 1 and "M" not in features


def test_a_credentials_heading_closes_its_section_and_acronyms_are_no_places(nlp):
    text = (
        "1. Labels et certifications\n"
        "- membre du réseau Produit en Normandie ;\n"
        "- certification PEFC.\n"
        "2. Atelier\n"
        "Notre atelier est éclairé en LED."
    )
    level, features = read(text, "local_sourcing")
    assert level <= 1 and "M" not in features


@pytest.mark.parametrize(
    ("text", "axis"),
    [
        ("Tonte en mulching sur toutes les pelouses, broyat réutilisé en paillage.", "waste"),
        ("Linge usé transformé en chiffons pour vos agents.", "waste"),
    ],
)
def test_green_waste_and_repair_families_are_waste_measures(nlp, text, axis):
    level, features = read(text, axis)
    assert level >= 3 and {"M", "F"} <= features


def test_study_under_way_is_a_hedge_and_missing_supply_is_no_refusal(nlp):
    text = (
        "Étude en cours pour référencer du poisson MSC. Les produits sous signe de qualité "
        "n'existent pas sous forme mixée."
    )
    level, features = read(text, "egalim")
    assert level == 2 and "N" not in features and "F" not in features


def test_counts_sent_to_the_buyer_are_monitoring(nlp):
    text = (
        "La bière arrive en fûts consignés, sans emballage jetable. Après chaque soirée, nous "
        "remettrons au service des fêtes le nombre de fûts rendus."
    )
    assert "I" in read(text, "packaging")[1]


def test_abbreviated_months_are_time_frames_and_tank_sizes_incidental(nlp):
    text = "Livraisons groupées en une tournée à compter de janv. 2027."
    assert "T" in read(text, "transport", day="2026-10-01")[1]
    text = "Lave-glace livré en cuve 1000 L, fini les bidons 5 L."
    assert "Q" not in read(text, "packaging")[1]
