"""Readings added in stage 5 (issue 11, round r5's causes): each test names the family it checks.

The sentences are written for the tests, in sectors the labelled rounds use little
(building materials, paper, textiles for hospitals, fuel oil, school books), so that a
test does not repeat a labelled case.
"""

from efc_scoring.evidence import assess_answer


def read(text, axis, question=None, day=None):
    a = assess_answer(text, axis, question, reference_date=day)
    return a.reading_level, a.features  # the rule reading (before the learned layer)


def test_a_transport_mode_other_than_the_road_is_a_measure(nlp):
    """Rule 4: an answer doing what the axis asks in trade words (rail, full loads) is on it."""
    question = "Comment limitez-vous l'empreinte carbone de l'acheminement des granulats ?"
    text = (
        "Les granulats quittent la carrière par train complet jusqu'à notre plateforme "
        "embranchée de Vierzon, puis sont livrés par camions complets."
    )
    level, features = read(text, "transport", question)
    assert level == 3 and {"M", "F"} <= features


def test_a_hedged_barge_haul_is_a_hedged_measure_not_off_axis(nlp):
    question = "Comment limitez-vous l'empreinte carbone de l'approvisionnement en fioul ?"
    text = "Acheminement par barge possible si le niveau du canal le permet, sinon route."
    level, features = read(text, "transport", question)
    assert level == 2 and "F" not in features


def test_work_done_where_the_vehicles_stand_saves_their_trips(nlp):
    question = "Comment limitez-vous les déplacements liés à l'entretien des balayeuses ?"
    text = "ATELIER MOBILE : VIDANGES SUR PLACE AU CENTRE TECHNIQUE, AUCUN CONVOYAGE DES ENGINS."
    level, features = read(text, "transport", question)
    assert level == 3 and "N" not in features


def test_a_workshop_named_by_place_is_an_origin(nlp):
    question = "D'où proviennent les ramettes de papier fournies aux écoles ?"
    text = "Ramettes : papeterie remplacée par la cartonnerie de Saint-Junien (87). Rien d'importé."
    level, features = read(text, "local_sourcing", question)
    assert level == 3 and {"M", "F"} <= features


def test_the_end_of_a_season_is_a_time_not_seasonal_products(nlp):
    question = "Que faites-vous des sapins et décors retirés en fin de saison ?"
    text = "en fin de saison on peut donner les decors a une ressourcerie, a voir selon dispo."
    level, features = read(text, "waste", question)
    assert level == 2 and "F" not in features


def test_zero_and_a_hundred_per_cent_in_an_exclamation_or_quotes_are_a_slogan(nlp):
    """RUBRIC: « zéro » in a slogan is no number word; a target stated plainly stays one."""
    question = "Comment réduisez-vous les emballages des livres scolaires livrés ?"
    slogan = (
        "Démarche « Zéro plastique, 100 % carton » : c'est notre ADN ! "
        "Les livres sont livrés en caisses navettes reprises à la livraison suivante."
    )
    level, features = read(slogan, "packaging", question)
    assert level == 3 and "Q" not in features
    plain = (
        "Zéro film plastique dès la première livraison : les livres arrivent en caisses navettes."
    )
    level, features = read(plain, "packaging", question)
    assert "Q" in features and level >= 4


def test_a_number_before_a_colon_is_no_target_of_the_words_after_it(nlp):
    question = "Comment réduisez-vous les emballages des produits d'entretien livrés ?"
    text = (
        "Zéro plastique inutile, 100 % engagement : chez nous, la réduction des emballages compte."
    )
    level, features = read(text, "packaging", question)
    assert level <= 1 and "Q" not in features


def test_pride_and_attachment_are_attitudes(nlp):
    question = "Quelle part des matériaux proposez-vous d'origine régionale ?"
    text = (
        "Fiers de nos racines, nous sommes profondément attachés au tissu économique régional "
        "et contribuons au dynamisme de l'emploi local."
    )
    level, features = read(text, "local_sourcing", question)
    assert level == 1 and "M" not in features


def test_the_speakers_own_name_makes_an_attitude_no_more_specific(nlp):
    question = "Quelle part des tissus proposez-vous d'origine régionale ?"
    text = (
        "Acteur historique de l'Ouest, TISSAGES DURAND est "
        "profondément attaché à la filière française."
    )
    level, features = read(text, "local_sourcing", question)
    assert level <= 1 and "F" not in features


def test_a_share_left_to_the_market_is_hedged(nlp):
    question = "Quelle part des fleurs proposez-vous d'origine régionale ?"
    text = (
        "La part régionale de nos fleurs varie selon les saisons et les disponibilités du marché."
    )
    level, features = read(text, "local_sourcing", question)
    assert level <= 2 and "F" not in features


def test_a_statement_sent_to_the_buyer_figure_first_is_monitoring(nlp):
    question = "Quelle part de produits EGalim proposez-vous pour les repas du foyer ?"
    text = (
        "EGALIM 60 % DONT 30 % BIO DES LE 1ER MOIS. VOLAILLE LABEL ROUGE. "
        "ETAT EGALIM MENSUEL TRANSMIS AU FOYER."
    )
    level, features = read(text, "egalim", question)
    assert level == 5 and "I" in features
    refurbished = "Les chariots repris sont remis en état dans notre atelier."
    assert "I" not in read(refurbished, "packaging")[1]


def test_an_unaccented_a_without_subject_is_a_preposition_not_a_past(nlp):
    question = "Comment limitez-vous l'empreinte carbone des livraisons de mobilier ?"
    text = (
        "fret retour : cartons et palettes recuperes a la livraison "
        "suivante, camions charges a plein"
    )
    level, features = read(text, "transport", question)
    assert level == 3 and "P" not in features


def test_ne_plus_que_is_a_restriction_not_a_refusal(nlp):
    question = "Comment réduisez-vous les déplacements de vos techniciens ?"
    text = (
        "Dès la notification, nos techniciens ne se déplacent plus que pour les pannes "
        "signalées : les visites sont regroupées par secteur."
    )
    _level, features = read(text, "transport", question)
    assert "N" not in features and "T" in features


def test_what_the_buyer_can_do_with_a_report_hedges_nothing(nlp):
    question = "Comment réduisez-vous les emballages du linge livré ?"
    text = (
        "Le linge est livré en rolls réutilisables. Chaque mois, nous vous envoyons le nombre de "
        "rolls en circulation pour que vous puissiez vérifier."
    )
    level, features = read(text, "packaging", question)
    assert "I" in features and level == 4


def test_the_questions_own_words_are_no_other_subject(nlp):
    """« maintenance » is the contract's object when the question names it."""
    question = "Comment limitez-vous les déplacements pour la maintenance des ascenseurs ?"
    text = (
        "Maintenance préventive regroupée par secteur, chaque secteur visité une fois par semaine."
    )
    level, features = read(text, "transport", question)
    assert level >= 3 and "M" in features
    level, _ = read(text, "transport", "Comment limitez-vous les émissions de vos livraisons ?")
    assert level <= 3


def test_an_unaccented_buyer_act_stays_an_option_of_the_buyer(nlp):
    question = "Quelles optimisations de circuits proposez-vous pour les transports scolaires ?"
    text = (
        "Si la Region valide la fusion des circuits 3 et 4 : 1 car en moins, 15 000 km/an evites."
    )
    _level, features = read(text, "transport", question)
    assert "F" in features and "Q" in features


def test_machine_ratings_and_own_resources_are_incidental(nlp):
    """Sizes and ratings (« broyeur de 150 mm (moteur 35 CV) ») and the bidder's own
    resources (« nos 4 dépôts », « une flotte de 38 véhicules ») are no targets."""
    question = "Comment valorisez-vous les déchets verts de l'entretien des parcs ?"
    text = (
        "Les branches sont broyées sur place avec notre broyeur de 120 mm (moteur 30 CV) "
        "et le broyat sert de paillage."
    )
    level, features = read(text, "waste", question)
    assert level == 3 and "Q" not in features
    question = "Comment limitez-vous l'empreinte carbone des livraisons de fournitures ?"
    text = (
        "Nos 3 dépôts sont desservis par une flotte de 25 véhicules ; les commandes d'un même "
        "site sont regroupées sur une tournée hebdomadaire."
    )
    level, features = read(text, "transport", question)
    assert level == 3 and "Q" not in features


def test_a_hyphenated_designation_is_no_number(nlp):
    """« demi-écrémé » names a product; « une demi-journée » still counts."""
    question = "Quelle part de produits bio proposez-vous pour les goûters ?"
    text = "Le lait demi-écrémé livré sera biologique dès la rentrée."
    _level, features = read(text, "egalim", question)
    assert "Q" not in features and "T" in features


def test_a_lead_time_in_days_is_no_deadline(nlp):
    """« sous 10 jours » is a service's lead time; « sous six mois » a deadline (RUBRIC)."""
    question = "Comment limitez-vous le gaspillage des manuels scolaires ?"
    lead = "Un manuel livré abîmé est remplacé sous 10 jours et l'exemplaire repris est donné."
    level, features = read(lead, "waste", question)
    assert "T" not in features and level == 3
    deadline = "Les manuels repris seront donnés à une ressourcerie sous six mois."
    assert "T" in read(deadline, "waste", question)[1]
