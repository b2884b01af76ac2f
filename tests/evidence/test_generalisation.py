"""Word families and rules added so that the engine reads answers it was not tuned on.

Each test names a family of phrasings (not a sentence of a labelled set); the
sentences are written for the tests.
"""

import pytest

from efc_scoring.evidence import assess_answer


def read(text, axis):
    a = assess_answer(text, axis)
    return a.reading_level, a.features  # the rule reading (before the learned layer)


@pytest.mark.parametrize(
    "text",
    [
        "Notre responsable rencontrera les chefs de cuisine à chaque rentrée.",
        "Une réunion de lancement sera organisée avec les gestionnaires des écoles.",
        "Nous ferons le point avec les gestionnaires à la fin de chaque trimestre.",
        "Nous associerons les élèves au choix des nouveaux produits.",
        "Une journée découverte de la ferme sera proposée aux élèves.",
        "Nous accueillerons les équipes de cuisine pour une visite de la laiterie.",
        "Un questionnaire sera remis aux convives à la fin de l'année scolaire.",
        "Notre technicien passera une demi-journée d'observation avec les agents.",
    ],
)
def test_cooperation_families_are_firm_measures_with_c(nlp, text):
    level, features = read(text, "cooperation")
    assert level >= 4 and {"M", "F", "C"} <= features


@pytest.mark.parametrize(
    "text",
    [
        "Nous recueillerons leurs remarques sur les calibres.",
        "Un recueil des avis des agents sera organisé.",
        "Les agents nous feront part de leurs suggestions lors de nos passages.",
    ],
)
def test_feedback_verb_with_feedback_noun_is_cooperation(nlp, text):
    level, features = read(text, "cooperation")
    assert level >= 4 and "C" in features
    # on another axis too: user feedback is C
    _, waste = read("Nous installerons des doseurs et recueillerons l'avis des agents.", "waste")
    assert "C" in waste


@pytest.mark.parametrize(
    "text",
    [
        "Notre équipe commerciale rencontre régulièrement ses clients.",
        "Nous restons disponibles pour échanger avec vous à tout moment.",
        "Nous prenons en compte vos besoins et restons à l'écoute de vos remarques.",
        "N'hésitez pas à solliciter notre service client.",
    ],
)
def test_own_staff_and_service_channels_are_not_cooperation_measures(nlp, text):
    level, features = read(text, "cooperation")
    assert level <= 1 and "C" not in features


def test_presenting_products_to_users_is_c_presenting_results_is_i(nlp):
    _, products = read("Nous présenterons nos produits aux agents d'entretien.", "cooperation")
    assert "C" in products
    _, results = read(
        "Nous installerons des doseurs ; les résultats seront présentés aux agents.", "waste"
    )
    assert "I" in results and "C" not in results


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("Atteindre 50 % de produits EGalim est envisageable à terme.", True),
        ("Le passage au vrac fera l'objet d'une étude.", True),
        ("La reprise des bidons reste à étudier.", True),
        ("Nous privilégierons autant que possible la livraison en vrac.", True),
        ("Nous sommes prêts à reprendre les bidons vides.", True),
        ("Les produits prêts à l'emploi sont livrés en vrac.", False),
    ],
)
def test_hedges_at_the_end_and_of_willingness(nlp, text, hedged):
    axis = "egalim" if "EGalim" in text else "packaging"
    level, features = read(text, axis)
    assert (level == 2 and not features & {"F", "Q"}) if hedged else level == 3


@pytest.mark.parametrize(
    "text",
    [
        "Le beurre est livré au choix en plaquettes de 1 kg ou en micro-portions.",
        "Le fromage râpé est livré en sachets refermables, ce qui évite de jeter les restes.",
        "Les yaourts sont livrés en pots ou en seaux selon les cuisines, pour limiter les restes.",
        "Les produits non consommés sont repris et remis à une épicerie solidaire.",
    ],
)
def test_waste_formats_and_take_back_are_measures(nlp, text):
    level, features = read(text, "waste")
    assert level == 3 and "Q" not in features


def test_generic_fight_against_waste_is_not_a_measure(nlp):
    assert read("Nous luttons contre le gaspillage au quotidien.", "waste")[0] == 1


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Nos livraisons se font en tournées groupées avec nos autres clients.", 3),
        ("Chaque lycée est livré une fois par semaine, en tournée groupée.", 4),
        ("Nous livrerons deux fois par semaine au lieu de quatre aujourd'hui.", 4),
        ("Nous faisons le maximum pour réduire l'impact de nos livraisons.", 1),
        ("Notre groupe dispose de 200 camions.", 1),
    ],
)
def test_transport_families(nlp, text, level):
    assert read(text, "transport")[0] == level


def test_lot_counts_are_incidental(nlp):
    _, features = read(
        "Les livraisons des deux lots sont regroupées, ce qui évite les doubles passages.",
        "transport",
    )
    assert "Q" not in features and "F" in features


def test_ongoing_contract_with_a_named_client_is_proof(nlp):
    level, features = read(
        "Nous proposons des yaourts bio. Nous livrons depuis 2023 la cuisine centrale de "
        "Valmont avec un taux EGalim de 57 %.",
        "egalim",
    )
    assert "P" in features and "Q" not in features and level == 4
    level, features = read(
        "Nous travaillons depuis 2010 avec de nombreuses collectivités.", "egalim"
    )
    assert "P" not in features


def test_periodic_feedback_round_is_monitoring_on_cooperation(nlp):
    _, features = read(
        "Notre responsable qualité rencontrera chaque année les chefs de cuisine pour "
        "recueillir leurs remarques.",
        "cooperation",
    )
    assert {"I", "C"} <= features and "Q" not in features
    _, committee = read(
        "Un comité de pilotage trimestriel réunira vos agents et les usagers.", "cooperation"
    )
    assert "I" not in committee


def test_sentence_cut_by_the_parser_is_rejoined(nlp):
    level, features = read(
        "Nous pourrions proposer des yaourts bio. Atteindre 50 % de produits EGalim est "
        "envisageable à terme.",
        "egalim",
    )
    assert level == 2 and "Q" not in features


@pytest.mark.parametrize(
    ("text", "axis"),
    [
        ("Nos jardiniers se rendent sur les chantiers en utilitaires électriques.", "transport"),
        ("Les déplacements de nos agents sont organisés par secteur.", "transport"),
        ("Les ordinateurs repris sont reconditionnés pour une seconde vie.", "waste"),
        ("Les imprimantes sont réglées en recto verso par défaut.", "waste"),
        ("Les légumes viennent de maraîchers situés à moins de 50 km.", "egalim"),
    ],
)
def test_new_domain_families_are_firm_measures(nlp, text, axis):
    level, features = read(text, axis)
    assert level >= 3 and {"R", "M", "F"} <= features


def test_vehicle_named_alone_is_not_on_the_transport_axis(nlp):
    level, features = read(
        "Les autocars sont équipés de ceintures et d'un extincteur; un véhicule de "
        "remplacement est disponible.",
        "transport",
    )
    assert level == 0 and "R" not in features
    assert "R" in read("Nos cars sont récents (norme Euro 6).", "transport")[1]


def test_recurring_report_date_is_monitoring_not_a_deadline(nlp):
    level, features = read(
        "Les livraisons sont groupées par site. Un bilan des kilomètres vous sera "
        "adressé en fin d'année.",
        "transport",
    )
    assert {"I"} <= features and "T" not in features and level == 4


def test_pack_size_and_size_count_are_incidental(nlp):
    level, features = read(
        "Les gants sont livrés en boîtes de 200 et en 5 tailles pour éviter les pertes.",
        "waste",
    )
    assert "Q" not in features and level == 3


def test_buyer_referents_trained_is_cooperation(nlp):
    _, features = read(
        "Nous installerons des doseurs et formerons vos référents propreté à leur usage.",
        "waste",
    )
    assert "C" in features


def test_shares_reached_sent_each_quarter_are_monitoring(nlp):
    _, features = read(
        "Nous livrons 40 % de produits bio. Les parts atteintes seront transmises au "
        "gestionnaire à chaque fin de trimestre.",
        "egalim",
    )
    assert "I" in features


def test_start_of_service_anchor_is_a_time_frame(nlp):
    _, features = read(
        "Dès la prise de poste, nos produits seront livrés en fûts consignés.", "packaging"
    )
    assert "T" in features


# Gaps found by the third blind set (blind3-cases.jsonl), one test per family or rule.


def test_emissions_calculation_is_monitoring(nlp):
    level, features = read(
        "Nos livraisons se font en tournées groupées ; le calcul de l'empreinte carbone "
        "de ces tournées est fait tous les ans et envoyé au service achats.",
        "transport",
    )
    assert "I" in features and level == 4


def test_feedback_given_back_at_a_period_is_monitoring_on_cooperation(nlp):
    level, features = read(
        "Un cahier de remarques est laissé dans chaque cantine ; les remarques relevées "
        "sont restituées chaque semestre aux gestionnaires.",
        "cooperation",
    )
    assert {"C", "I"} <= features and level == 4


def test_a_period_alone_in_a_hedged_clause_is_not_monitoring(nlp):
    _, features = read(
        "Nous pourrions installer un cahier de remarques, dont le contenu serait "
        "éventuellement restitué chaque semestre.",
        "cooperation",
    )
    assert "I" not in features


def test_official_quality_signs_spelled_out_are_a_measure(nlp):
    level, features = read(
        "Nous ne livrerons aucun fromage sous signe officiel de qualité sur ce lot.", "egalim"
    )
    assert {"M", "N"} <= features and level == 0


def test_product_named_alone_is_not_the_waste_subject(nlp):
    level, features = read(
        "Nos gants vinyle sont non poudrés, disponibles en quatre coloris et livrés sous 5 jours.",
        "waste",
    )
    assert "R" not in features and level == 0


def test_deadline_written_as_en_n_years_is_a_time_frame(nlp):
    _, features = read(
        "Nous réduirons de 20 % les bidons livrés en deux ans grâce aux recharges.", "packaging"
    )
    assert "T" in features


def test_written_feedback_channel_is_cooperation(nlp):
    level, features = read(
        "Un registre de suggestions est tenu à disposition des conducteurs dans chaque dépôt.",
        "cooperation",
    )
    assert "C" in features and level == 4


def test_hyphenated_plural_matches_its_singular_entry(nlp):
    level, features = read(
        "Les nettoyants sols sont fournis en éco-recharges souples.", "packaging"
    )
    assert {"M", "F"} <= features and level == 3


def test_accented_hyphenated_word_matches_as_one_token(nlp):
    level, features = read(
        "Les agents reçoivent des flacons pré-dosés pour le lavage des sols.", "waste"
    )
    assert "M" in features and level == 3


def test_elided_plural_phrase_matches(nlp):
    level, features = read(
        "Des séances d'échanges sont prévues avec les agents de restauration.", "cooperation"
    )
    assert {"M", "C"} <= features and level == 4


def test_shuttle_crates_and_reduced_film_are_packaging_measures(nlp):
    for text in (
        "Les produits frais arrivent en bacs navettes repris au passage suivant.",
        "Les palettes sont filmées avec un film étirable allégé.",
        "Le fromage blanc est livré en seaux à la place des pots individuels.",
    ):
        _, features = read(text, "packaging")
        assert {"M", "F"} <= features, text


def test_night_delivery_and_charging_points_are_transport_measures(nlp):
    for text in (
        "Nos livraisons sont faites de nuit, hors trafic.",
        "Deux bornes de recharge alimentent nos fourgons sur le dépôt.",
        "Les commandes des écoles sont regroupées sur un seul passage.",
    ):
        _, features = read(text, "transport")
        assert {"M", "F"} <= features, text


def test_sorting_table_and_waste_meter_are_waste_measures(nlp):
    for text in (
        "Chaque restaurant reçoit une table de tri et un gâchimètre.",
        "Des gants lavables remplacent les gants jetables pour la plonge.",
    ):
        _, features = read(text, "waste")
        assert {"M", "F"} <= features, text


def test_spelled_out_labels_distance_and_direct_purchase_are_egalim_measures(nlp):
    for text in (
        "La tomme livrée bénéficie d'une indication géographique protégée.",
        "Le lait est collecté à moins de 60 km de la laiterie.",
        "Les fromages sont achetés en vente directe aux producteurs.",
    ):
        _, features = read(text, "egalim")
        assert {"M", "F"} <= features, text


def test_shared_savings_and_parents_are_cooperation(nlp):
    _, features = read(
        "La convention prévoit un partage des économies avec la Ville.", "cooperation"
    )
    assert "C" in features
    _, features = read("Nous réunirons les parents d'élèves avant chaque rentrée.", "cooperation")
    assert "C" in features


def test_plurals_in_aux_and_eaux_match_their_entries(nlp):
    _, features = read(
        "Nos palettes rejoignent le dépôt par convois fluviaux puis par camion.", "transport"
    )
    assert "M" in features
    _, features = read("La crème est livrée en seaux pour supprimer les pots.", "packaging")
    assert "M" in features


# Gaps found by round r3 (engine 2026.6), one test per family or rule.


@pytest.mark.parametrize(
    "text",
    [
        "Notre savoir-faire anti-gaspillage est reconnu.",
        "Nos solutions de réemploi sont reconnues dans toute la région.",
    ],
)
def test_a_reputation_claim_is_an_attitude_not_a_measure(nlp, text):
    level, features = read(text, "waste")
    assert level <= 1 and "F" not in features


def test_a_pluperfect_read_as_a_noun_is_past(nlp):
    level, features = read(
        "Sur notre précédent contrat, nous y avions généralisé le rechapage des pneus.", "waste"
    )
    assert "F" not in features and level <= 2


def test_the_axis_law_named_adds_nothing_to_a_restated_question(nlp):
    a = assess_answer(
        "Nous nous engageons à servir des produits bio et Label Rouge, conformément à la "
        "loi EGalim.",
        "egalim",
        question="Quelle part de produits bio et Label Rouge vous engagez-vous à servir ?",
    )
    assert a.level <= 1 and "F" not in a.features


def test_a_sentence_cut_at_an_abbreviation_is_rejoined(nlp):
    """« 38 kg éq. CO2 … soit 27 % de moins » belongs to the past sentence before it."""
    _, features = read(
        "Le bilan carbone de nos tables a été calculé par un bureau d'études : 38 kg éq. "
        "CO2 par table, soit 27 % de moins que la moyenne.",
        "transport",
    )
    assert "F" not in features and "Q" not in features


def test_confidence_falls_when_firm_measures_stand_beside_conditional_ones(nlp):
    firm = assess_answer(
        "Nous installerons des centrales de dilution dans chaque site et fournirons des "
        "pompes doseuses sur tous les bidons, ce qui réduira de 30 % les volumes livrés.",
        "waste",
    )
    mixed = assess_answer(
        "Nous installerons des centrales de dilution dans chaque site, et des pompes "
        "doseuses seront fournies si notre fabricant parvient à les livrer, ce qui "
        "réduirait de 30 % les volumes livrés.",
        "waste",
    )
    assert mixed.reading_confidence < firm.reading_confidence


def test_upstream_trades_committing_for_themselves_are_third_parties(nlp):
    level, features = read(
        "Notre papetier, les Papeteries du Nord, s'est fixé pour objectif de faire rouler "
        "60 % de ses camions au biocarburant d'ici 2028.",
        "transport",
    )
    assert not features & {"F", "Q", "T"} and level <= 2


@pytest.mark.parametrize(
    "staff",
    ["Les auxiliaires de puériculture", "Les cuisinières de chaque crèche", "Les ATSEM"],
)
def test_staff_of_care_and_childhood_settings_are_users(nlp, staff):
    level, features = read(
        f"{staff} seront réunies avec notre diététicienne pour goûter les nouvelles recettes.",
        "cooperation",
    )
    assert "C" in features and level == 4
