"""Readings added in stage 6 (issue 11, round r8's causes): each test names the family it checks.

The sentences are written for the tests (service bikes, building sites, shop signs,
pulses), not copied from a labelled answer.
"""

from efc_scoring.evidence._blocks import split_blocks
from efc_scoring.evidence.assessment import assess_answer

BIKES = "Comment limitez-vous l'empreinte carbone de la livraison des vélos de service ?"


def read(text, axis, question=None):
    a = assess_answer(text, axis, question)
    return a.reading_level, a.features  # the rule reading (before the learned layer)


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


def test_containers_taken_back_are_packaging(nlp):
    """A container word (« seaux », « cagettes ») is a weak subject of packaging: taken back
    at the next delivery, it is the measure of the rubric's « cubitainers consignés »."""
    question = "Comment réduisez-vous les emballages des produits lessiviels ?"
    text = "Lessive livree en seaux de 10 kg ; seaux vides repris au passage suivant."
    level, features = read(text, "packaging", question)
    assert level == 3 and {"M", "F"} <= features


def test_moving_by_bike_and_aligned_rounds_are_transport_measures(nlp):
    question = "Comment réduisez-vous les déplacements liés au nettoyage des rues ?"
    text = "Les agents de propreté se déplacent à vélo dans le centre-ville."
    assert read(text, "transport", question)[0] == 3
    question = "Comment réduisez-vous les kilomètres des tournées de collecte ?"
    text = "Les tournées de collecte sont calées sur les tournées d'entretien des bornes."
    assert read(text, "transport", question)[0] == 3


def test_the_service_the_question_names_is_not_its_monitoring(nlp):
    """« relevé » asked about is the meter reading itself; a statement of results still is I."""
    question = "Comment réduisez-vous les déplacements liés au relevé des compteurs de gaz ?"
    text = "Le relevé des compteurs se fait par radio ; nous regroupons les tournées par secteur."
    level, features = read(text, "transport", question)
    assert level == 3 and "I" not in features
    text = (
        "Un état mensuel des kilomètres parcourus est transmis à la Ville. "
        "Nous regroupons les tournées par secteur."
    )
    level, features = read(text, "transport", question)
    assert level == 4 and "I" in features


def test_a_foreign_country_code_makes_a_place_far(nlp):
    question = "D'où proviennent les chaises et les tables fournies ?"
    level, features = read(
        "Chaises fabriquées à Ningbo (CN) ; tables : usine de Poznan (PL).", "egalim", question
    )
    assert "M" not in features and level == 0
    level, features = read("Chaises fabriquées à Cholet (FR).", "egalim", question)
    assert level == 3


def test_a_terse_non_propose_refuses(nlp):
    question = "Quelle part du mobilier proposez-vous de fabriquer en France ?"
    text = "Fabrication en France : non proposée, le surcoût serait trop élevé."
    level, features = read(text, "egalim", question)
    assert level == 0 and "N" in features


def test_a_lead_time_after_each_order_is_no_deadline(nlp):
    """« sous 3 semaines après commande » is the service's own lead time; tied to the
    contract's start (« suivant la notification ») the same lead is a deadline (T)."""
    text = (
        "Les pièces sont remplacées sous 3 semaines après commande ; "
        "nous reprenons les cartons vides."
    )
    level, features = read(text, "packaging")
    assert level == 3 and "T" not in features
    level, features = read(
        "Nous reprenons les cartons vides sous 3 semaines suivant la notification.", "packaging"
    )
    assert level == 4 and "T" in features


def test_strong_values_name_no_measure(nlp):
    level, features = read(
        "Le bio et les circuits courts sont pour nous des valeurs fortes.", "egalim"
    )
    assert level == 1 and "M" not in features


def test_a_share_stated_on_every_invoice_is_monitoring(nlp):
    for text in (
        "YAOURTS BIO TOUTE L'ANNEE. SUIVI EGALIM PAR FAMILLE SUR CHAQUE FACTURE.",
        "Yaourts bio toute l'année ; la part EGalim figure sur chaque facture.",
    ):
        level, features = read(text, "egalim")
        assert level == 4 and "I" in features


def test_a_public_body_of_the_buyer_is_a_partner_of_a_joint_review(nlp):
    """A CCAS, a hospital, a syndicate are the buyer like a Ville: a review held « avec » them
    is joint work (the blanchisserie sample's final cooperation answer was proposed at 0)."""
    for body in ("le CCAS", "l'hôpital", "le syndicat"):
        level, features = read(
            f"Nous tiendrons chaque semestre un bilan avec {body} pour examiner les réclamations.",
            "cooperation",
        )
        assert level >= 4 and {"M", "F", "C"} <= features, body
    # a condition on the body's own act keeps the measure firm, as for « si la Ville … »
    level, features = read(
        "Si le CCAS regroupe ses commandes, nous livrerons le mardi en une seule tournée.",
        "transport",
    )
    assert "F" in features
