"""The readings of RUBRIC.md that settle the hard cases, one rule at a time.

These sentences are written for the tests; they are not taken from the dev set.
"""

import pytest

from efc_scoring.evidence import assess_answer


def level(text, axis):
    return assess_answer(text, axis).reading_level  # the rule reading (before the layer)


def feats(text, axis):
    return assess_answer(text, axis).features


@pytest.mark.parametrize(
    "hedge",
    [
        "Nous pourrions livrer en vrac",
        "Nous essayons de livrer en vrac",
        "Quand c'est faisable, nous livrons en vrac",
        "Nous sommes prêts à étudier une livraison en vrac",
        "Nous sommes disposés à livrer en vrac",
        "Une livraison en vrac, à voir",
        "Nous livrerons éventuellement en vrac",
        "À terme, nous livrerons en vrac",
        "Une livraison en vrac est envisageable",
        "La livraison en vrac est à l'étude",
        "Nous livrerons en vrac sous réserve des volumes",
        "Nous livrerons en vrac si possible",
        "Nous envisageons de livrer en vrac",
    ],
)
def test_hedges_give_level_2(nlp, hedge):
    assert level(hedge + ".", "packaging") == 2


def test_firm_present_future_and_commitment(nlp):
    assert level("Nous livrons les lessives en vrac.", "packaging") == 3
    assert level("Nous livrerons les lessives en vrac.", "packaging") == 3
    assert level("La livraison en vrac est incluse dans l'offre.", "packaging") == 3


@pytest.mark.parametrize(
    "text",
    [
        "Il ne nous est pas possible de reprendre les contenants vides.",
        "Nous ne reprenons pas les bidons vides.",
        "Aucune reprise des bidons n'est prévue.",
        "Nous ne proposons ni recharges ni vrac.",
    ],
)
def test_refused_measure_is_m_with_n_and_level_0(nlp, text):
    f = feats(text, "packaging")
    assert {"M", "N"} <= f and "F" not in f
    assert level(text, "packaging") == 0


def test_partial_refusal_beside_firm_measure(nlp):
    a = assess_answer(
        "Nous ne pouvons pas supprimer les pots individuels. "
        "En revanche, les caisses sont consignées.",
        "packaging",
    )
    assert a.level == 3 and "N" in a.features and "Refus partiel" in a.justification


def test_refusal_with_proof_is_level_0(nlp):
    assert (
        level("Nous ne reprenons pas les bidons. Nous sommes certifiés ISO 14001.", "packaging")
        == 0
    )


@pytest.mark.parametrize(
    "text",
    [
        "Créée en 1987, notre société de transport emploie 120 salariés.",
        "Notre responsable logistique est joignable au 04 72 10 20 30.",
        "SIRET 123 456 789 00012 ; chiffre d'affaires 12 M€ ; transport assuré par nos camions.",
        "Notre transporteur livre en 48 h, tarif 35 € HT par livraison.",
    ],
)
def test_incidental_numbers_are_not_q(nlp, text):
    assert "Q" not in feats(text, "transport")


def test_product_designations_and_sizes_are_not_q(nlp):
    f = feats(
        "Nous reprenons les bidons de 5 L et les flacons de 750 ml, tailles 6 à 11.", "packaging"
    )
    assert "Q" not in f and "F" in f
    assert "Q" not in feats(
        "Nos camions roulent au B100 et nous regroupons les livraisons.", "transport"
    )


def test_aucun_chaque_tous_are_not_numbers(nlp):
    assert "Q" not in feats(
        "Nous reprenons tous les bidons à chaque livraison, sur l'ensemble des sites.", "packaging"
    )


def test_shares_of_supplies_are_q(nlp):
    assert "Q" in feats("Les cartons livrés sont 100 % recyclés.", "packaging")
    assert "Q" in feats("Nous garantissons 60 % de produits bio.", "egalim")


def test_hedged_number_beside_firm_measure_is_not_q(nlp):
    a = assess_answer(
        "Nous regroupons les livraisons. Nous pourrions réduire de 20 % les kilomètres.",
        "transport",
    )
    assert a.reading_level == 3 and "Q" not in a.features
    assert "20 %" in a.justification  # said to be set aside


def test_past_result_is_p_not_q_and_past_date_not_t(nlp):
    a = assess_answer(
        "Nous livrons en vrac. En 2023, nous avons réduit de 30 % nos emballages.", "packaging"
    )
    assert "P" in a.features and "Q" not in a.features and "T" not in a.features


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Nous livrerons en vrac dès la notification du marché.", "T"),
        ("Nous livrerons en vrac à la mise en route du marché.", "T"),
        ("Nous livrerons en vrac d'ici fin 2026.", "T"),
        ("Nous reprendrons les bidons sous 6 mois.", "T"),
        ("Nous reprendrons les bidons trois fois par semaine.", "Q"),
        ("Nous reprenons les bidons ; un bilan annuel sera transmis à vos services.", "I"),
    ],
)
def test_time_frequency_and_reporting(nlp, text, code):
    assert code in feats(text, "packaging")


def test_deadline_with_number_is_t_not_q(nlp):
    f = feats("Nous reprendrons les bidons sous 6 mois.", "packaging")
    assert "T" in f and "Q" not in f


def test_review_period_is_i_frequency_of_committee_is_q(nlp):
    assert "Q" in feats("Un comité de pilotage se réunira trois fois par an.", "cooperation")
    f = feats(
        "Un comité de pilotage avec vos agents, et un bilan des résultats tous les six mois.",
        "cooperation",
    )
    assert "I" in f and "Q" not in f


def test_verbless_list_under_heading_is_firm(nlp):
    text = (
        "Nos engagements :\n- reprise des bidons vides ;\n"
        "- objectif : 100 % des fûts réemployés dès 2026."
    )
    a = assess_answer(text, "packaging")
    assert a.reading_level == 4 and {"Q", "T"} <= a.features


def test_hedged_heading_hedges_its_list(nlp):
    text = "Nous pourrions proposer :\n- la reprise des bidons ;\n- des recharges."
    assert level(text, "packaging") == 2


@pytest.mark.parametrize(
    "text", ["Voir mémoire technique", "cf. annexe 3", "Se reporter au mémoire, page 12."]
)
def test_bare_referral_is_level_0(nlp, text):
    a = assess_answer(text, "transport")
    assert a.level == 0 and "renvoi" in a.justification


def test_off_axis_answer_is_level_0_even_if_firm(nlp):
    a = assess_answer(
        "Nos produits sont emballés dans des cartons recyclés et nous reprenons les palettes.",
        "waste",
    )
    assert a.level == 0 and not a.features


def test_service_channel_is_not_cooperation(nlp):
    a = assess_answer(
        "Un interlocuteur dédié et une hotline sont à votre disposition.", "cooperation"
    )
    assert a.level == 1


def test_own_staff_training_is_not_c_users_training_is(nlp):
    own = feats("Nous formons nos chauffeurs à l'éco-conduite.", "transport")
    assert "C" not in own and "F" in own
    users = feats("Nous formerons les agents au dosage et installerons des doseurs.", "waste")
    assert "C" in users


def test_results_sent_are_i_joint_review_is_c(nlp):
    sent = feats(
        "Nous installerons des doseurs et un relevé sera transmis à vos services.", "waste"
    )
    assert "I" in sent and "C" not in sent
    joint = feats(
        "Nous installerons des doseurs, avec une pesée conjointe avec les agents.", "waste"
    )
    assert "C" in joint


def test_cooperation_measure_brings_c(nlp):
    a = assess_answer(
        "Nous mettrons en place un comité de pilotage avec les usagers.", "cooperation"
    )
    assert a.level >= 4 and "C" in a.features


def test_missing_accents(nlp):
    assert level("Nous livrerons les produits en vrac des la premiere annee.", "packaging") == 4
    assert (
        level(
            "Si la collectivite le souhaite, nous pourrions organiser une reunion de bilan.",
            "cooperation",
        )
        == 2
    )


def test_egalim_labels_are_measures_own_certification_is_proof(nlp):
    f = feats("Nous proposerons des yaourts bio et un fromage AOP.", "egalim")
    assert "F" in f and "P" not in f
    f = feats("Nous proposerons des yaourts bio. Notre laiterie est certifiée ISO 14001.", "egalim")
    assert "P" in f


def test_result_already_achieved_is_proof_alone(nlp):
    a = assess_answer("Nous avons mis en place la reprise des bidons chez 30 clients.", "packaging")
    assert a.level == 1 and "P" in a.features and "M" not in a.features


def test_negation_does_not_cross_a_colon(nlp):
    a = assess_answer(
        "Nous ne livrerons plus en suremballage plastique : "
        "les palettes seront filmées avec un film recyclé.",
        "packaging",
    )
    assert a.level == 3 and "N" not in a.features
