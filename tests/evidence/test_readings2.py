"""Readings added in stage 2 (issue 11): each test names the rubric reading it checks.

The sentences are written for the test, in sectors the labelled rounds use little
(office chairs, lighting, laundry, printing), so that a test does not repeat a case.
"""

from efc_scoring.evidence import assess_answer


def read(text, axis, question=None, day=None):
    a = assess_answer(text, axis, question, reference_date=day)
    return a.reading_level, a.features  # the rule reading (before the learned layer)


def test_a_date_before_the_tender_is_not_a_time_frame(nlp):
    text = "Nos chauffeurs sont formés à l'éco-conduite, en place depuis février 2026."
    assert "T" not in read(text, "transport", day="2026-09-01")[1]
    text = "Les livraisons seront regroupées en une tournée unique à partir de février 2025."
    assert "T" not in read(text, "transport", day="2026-09-01")[1]
    assert "T" in read(text, "transport", day="2024-09-01")[1]


def test_list_item_numbers_and_department_codes_are_incidental(nlp):
    text = (
        "Emballages :\n1. Les chaises sont livrées sous housses textiles reprises.\n"
        "2. Les cartons sont supprimés."
    )
    assert "Q" not in read(text, "packaging")[1]
    text = "Les assises sont fabriquées à Cholet (49) par notre atelier."
    level, features = read(text, "local_sourcing")
    assert {"M", "F"} <= features and "Q" not in features and level == 3


def test_declining_a_figure_is_not_a_refusal(nlp):
    text = (
        "Nous ne sommes pas en mesure de nous engager sur une part minimale de produits bio. "
        "Un cidre AOP pourrait être servi lors des vins d'honneur."
    )
    level, features = read(text, "egalim")
    assert "N" not in features and level == 2


def test_where_the_goods_are_made_is_a_local_measure(nlp):
    level, features = read("Papier ramette : fabriqué à Saillat-sur-Vienne.", "local_sourcing")
    assert level == 3 and {"M", "F"} <= features
    level, _ = read("TABLES : FABRIQUEES A BRESSUIRE. PLATEAUX : NOTRE ATELIER DE NIORT.", "local")
    assert level == 3
    # a far origin does not make the supply local
    level, features = read("Nos écrans sont assemblés en Chine.", "local_sourcing")
    assert "F" not in features


def test_a_referral_to_another_lot_is_not_an_answer(nlp):
    assert read("Idem lot 2 - même organisation.", "cooperation")[0] == 0


def test_abbreviated_committee_and_terse_feedback_are_cooperation(nlp):
    level, features = read(
        "- COPIL impression 2x/an (reprographie, DSI, nous)\n- retours agents via formulaire",
        "cooperation",
    )
    assert {"C", "M", "F"} <= features and level >= 4


def test_a_slogan_repeating_one_word_is_a_keyword_list(nlp):
    level, features = read(
        "Papiers allégés, papiers recyclés, papiers responsables : notre signature.", "packaging"
    )
    assert "M" not in features and level <= 1


def test_a_review_held_with_the_buyers_people_is_joint_work(nlp):
    level, features = read(
        "Notre chef de site passera en revue, avec les responsables de vos ateliers, les "
        "consommations de papier lors d'un bilan tenu chaque trimestre.",
        "cooperation",
    )
    assert {"M", "F", "C"} <= features and level >= 4
    # a refused meeting beside a complaint channel stays a refusal
    level, _ = read(
        "Nous ne prévoyons pas de réunion avec les agents ; les réclamations sont traitées par "
        "notre service client.",
        "cooperation",
    )
    assert level == 0


def test_a_measure_word_in_an_award_name_is_proof(nlp):
    level, features = read(
        "Lauréat du Trophée départemental de l'anti-gaspillage 2025. Les excédents pourraient "
        "être remis à une association d'aide alimentaire.",
        "waste",
    )
    assert "F" not in features and "P" in features and level == 2


def test_training_own_staff_on_the_axis_is_a_measure(nlp):
    level, features = read(
        "Formation de nos agents au dosage des produits : 3 sessions par an.", "waste"
    )
    assert {"M", "F", "Q"} <= features and "C" not in features and level == 4
    # awareness of generic stakes is not a measure
    level, _ = read("Nos équipes sont sensibilisées aux enjeux environnementaux.", "transport")
    assert level <= 1


def test_a_supplier_committing_for_itself_when_the_parser_finds_no_subject(nlp):
    level, features = read(
        "Notre principal partenaire, un fabricant de chaises implanté à Cholet, produit 80 % de "
        "ses assises en France. Le choix du fabricant sera arrêté selon les prix du moment.",
        "local_sourcing",
    )
    assert "F" not in features and level <= 2


def test_confidence_is_lower_where_the_reader_is_known_to_err(nlp):
    """Telegraphic notes and long memoirs are where gross errors sat (rounds r1, r2)."""
    note = assess_answer(
        "Centrale de dilution + bouchons doseurs. Distributeurs feuille a feuille.", "waste"
    )
    prose = assess_answer(
        "Nous installerons une centrale de dilution dans chaque local et des bouchons doseurs "
        "sur les bidons restants.",
        "waste",
    )
    assert note.reading_level == prose.reading_level == 3
    assert note.reading_confidence < prose.reading_confidence
    memoir = assess_answer(
        " ".join(["Notre société intervient depuis longtemps auprès des collectivités."] * 40)
        + " Nous installerons une centrale de dilution dans chaque local.",
        "waste",
    )
    assert memoir.reading_confidence < prose.reading_confidence
