"""Readings added in stage 6 (issue 11, round r8's causes): each test names the family it checks.

The sentences are written for the tests (service bikes, building sites, shop signs,
pulses), not copied from a labelled answer.
"""

from efc_scoring.evidence._blocks import split_blocks
from efc_scoring.evidence.assessment import assess_answer

BIKES = "Comment limitez-vous l'empreinte carbone de la livraison des vélos de service ?"


def read(text, axis, question=None):
    a = assess_answer(text, axis, question)
    return a.level, a.features


def test_a_generic_measure_is_not_its_own_subject(nlp):
    """« vélos » is a transport mode only beside a word of the axis: when the question names
    the bikes as the contract's object, the bikes' own word does not back itself."""
    level, features = read(
        "Les vélos usagés sont démontés et leurs pièces revendues.", "transport", BIKES
    )
    assert level == 0 and "M" not in features
    level, features = read("Les livraisons dans les écoles se font à vélo.", "transport", BIKES)
    assert level == 3 and {"M", "F"} <= features


def test_a_best_efforts_promise_names_no_measure(nlp):
    text = (
        "Nous mettrons en œuvre l'ensemble des moyens nécessaires pour réduire au maximum les "
        "déchets de chantier et favoriser le réemploi."
    )
    level, features = read(text, "waste")
    assert level == 1 and features == {"R"}


def test_the_bidders_trade_as_its_identity_is_no_measure(nlp):
    level, features = read(
        "Former les agents à l'outil, c'est notre métier depuis vingt ans.", "cooperation"
    )
    assert level == 1 and "F" not in features


def test_interest_in_a_movement_is_an_attitude(nlp):
    text = "Nous suivons avec beaucoup d'intérêt les filières locales de légumineuses."
    level, features = read(text, "egalim")
    assert level == 1 and "M" not in features


def test_a_bespoke_design_is_no_right_sized_dose(nlp):
    question = (
        "Comment limitez-vous le gaspillage de matériaux lors de la fabrication des enseignes ?"
    )
    level, features = read(
        "Chaque enseigne est dessinée sur mesure par notre atelier.", "waste", question
    )
    assert "F" not in features and level <= 1
    level, _ = read("Les portions sont servies sur mesure selon l'âge des convives.", "waste")
    assert level == 3


def test_showing_off_an_image_recovers_no_waste(nlp):
    text = "Nos vitrines sont conçues pour valoriser l'image de la Ville auprès des visiteurs."
    level, features = read(text, "waste")
    assert "M" not in features and level <= 1


def test_a_memoir_title_line_is_a_heading_that_closes_nothing(nlp):
    text = (
        "Mémoire technique – Question 3 : réduction des emballages\n"
        "Les produits sont livrés en vrac dans des bacs consignés."
    )
    blocks = split_blocks(text)
    assert blocks[0].kind == "heading" and blocks[0].style == "document"
    level, features = read(text, "packaging")
    assert level == 3
    # the title names the contract (vehicles): it does not close the memoir to the axis
    text = (
        "Offre technique – Location de véhicules utilitaires et de poids lourds\n"
        "1. Notre démarche\n"
        "Nous reprenons les bidons vides d'huile moteur à chaque révision."
    )
    level, features = read(text, "packaging")
    assert level == 3 and {"M", "F"} <= features
