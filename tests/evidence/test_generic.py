"""Generic versus concrete (RUBRIC, later readings): measure words that make no measure.

Each sentence is written for the test, in sectors the labelled sets do not cover
(furniture, IT, laundry, vending, green spaces); each test names the reading.
"""

import pytest

from efc_scoring.evidence import assess_answer


def read(text, axis, question=None):
    a = assess_answer(text, axis, question)
    return a.reading_level, a.features  # the rule reading (before the learned layer)


def test_a_list_of_values_names_no_measure(nlp):
    level, features = read(
        "Réemploi, vrac, consigne, sobriété, économie circulaire, zéro déchet : tels sont nos "
        "piliers.",
        "packaging",
    )
    assert level == 1 and "M" not in features


def test_a_verbless_list_of_actions_is_firm(nlp):
    level, features = read(
        "Fûts consignés repris au passage suivant, palettes reprises, housses textiles lavées.",
        "packaging",
    )
    assert level == 3 and {"M", "F"} <= features


@pytest.mark.parametrize(
    "text",
    [
        "Nous privilégions les circuits courts pour nos approvisionnements.",
        "Nous sommes attentifs à la demande croissante de produits bio et locaux.",
    ],
)
def test_an_attitude_with_nothing_specific_is_generic(nlp, text):
    level, features = read(text, "egalim")
    assert level == 1 and "M" not in features


def test_a_preference_naming_its_product_and_share_is_a_measure(nlp):
    level, features = read("Nous privilégions des fruits bio : 40 % du volume.", "egalim")
    assert "M" in features and level >= 3


@pytest.mark.parametrize(
    "text",
    [
        "Nous travaillerons en co-construction permanente avec vos services, dans un esprit de "
        "partenariat et de dialogue.",
        "Nous associerons pleinement les agents, en concertation avec la collectivité.",
        "Une relation de confiance avec vos équipes, dans une logique d'amélioration continue.",
    ],
)
def test_cooperation_words_without_a_mechanism_are_generic(nlp, text):
    level, features = read(text, "cooperation")
    assert level <= 1 and "C" not in features and "M" not in features


@pytest.mark.parametrize(
    "text",
    [
        "Un comité de suivi réunira vos services et notre chef de projet deux fois par an.",
        "Les menus seront co-construits avec les élèves délégués lors d'une commission.",
        "Nous associerons les agents au choix des nouveaux équipements.",
    ],
)
def test_cooperation_with_a_mechanism_or_an_activity_is_a_measure(nlp, text):
    level, features = read(text, "cooperation")
    assert level >= 4 and {"M", "F", "C"} <= features


def test_partner_words_make_a_review_joint(nlp):
    _, alone = read("Nous livrons en vrac, en lien avec vos services.", "packaging")
    assert "C" not in alone
    _, review = read(
        "Nous livrons en vrac ; un bilan annuel sera réalisé avec vos services.", "packaging"
    )
    assert "C" in review


def test_the_question_restated_with_firm_verbs_is_level_1(nlp):
    question = "Comment réduisez-vous les emballages de vos consommables ?"
    level, features = read(
        "Nous nous engageons à réduire les emballages de nos consommables.", "packaging", question
    )
    assert level == 1 and "M" not in features
    level, _ = read("Nous nous engageons à livrer nos consommables en vrac.", "packaging", question)
    assert level == 3


def test_a_third_party_committing_for_itself_is_no_commitment_of_the_bidder(nlp):
    level, features = read(
        "Notre fabricant partenaire s'est engagé à proposer 80 % de mobilier reconditionné "
        "dans son catalogue d'ici 2028.",
        "waste",
    )
    assert level == 2 and "M" in features and "F" not in features and "Q" not in features


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("Si la Ville regroupe ses commandes le mardi, nous livrerons en une seule tournée.", True),
        (
            "À condition que la Ville mette un local à disposition, nous livrerons en vélo-cargo.",
            True,
        ),
        ("Si la Ville le souhaite, nous livrerons en une seule tournée.", False),
        ("Si le volume le permet, nous livrerons en une seule tournée.", False),
        ("Mutualisation des tournées avec le lot 2 si attributaire des deux lots.", False),
    ],
)
def test_a_condition_on_a_precise_act_of_the_buyer_keeps_the_measure_firm(nlp, text, firm):
    level, features = read(text, "transport")
    assert ("F" in features) is firm and level == (3 if firm else 2)


@pytest.mark.parametrize(
    "text",
    [
        "Ajout de snacks bio possible, à discuter.",
        "Snacks bio dans les distributeurs : target 30 % des références if demand, dès la rentrée.",
    ],
)
def test_possible_and_english_hedges_keep_a_measure_hedged(nlp, text):
    level, features = read(text, "egalim")
    assert level == 2 and "F" not in features


@pytest.mark.parametrize(
    ("text", "incidental"),
    [
        ("Comme indiqué au § 4.2, les livraisons sont regroupées.", "4.2"),
        ("Siège : 12 rue des Lilas, 49300 Cholet. Les livraisons sont regroupées.", "49300"),
        ("Certificat n° FR-BIO-01/35-0457 : les livraisons sont regroupées.", "0457"),
        ("Nos porteurs de 19 t affectés au marché roulent au HVO.", "19"),
    ],
)
def test_section_postcode_certificate_and_vehicle_numbers_are_incidental(nlp, text, incidental):
    a = assess_answer(text, "transport")
    assert "Q" not in a.features and a.level == 3
    assert not any(incidental in s.text for s in a.evidence if s.code == "Q")


def test_a_frequency_written_short_is_a_quantified_measure(nlp):
    level, features = read(
        "Commission menus 1x/trimestre avec les élèves délégués, 2 visites/an pour les classes.",
        "cooperation",
    )
    assert {"Q", "C"} <= features and level == 4


def test_a_distance_of_origin_is_a_local_sourcing_measure(nlp):
    level, features = read(
        "Nos légumes viennent de 6 producteurs, tous à moins de 30 km de la cuisine.", "egalim"
    )
    assert level == 4 and {"M", "F", "Q"} <= features
