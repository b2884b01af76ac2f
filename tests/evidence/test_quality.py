"""Agreement with labelled answers: the shared dev set and our own hard cases.

The tables are printed in the summary of the test run.
"""

import pytest

from efc_scoring.evidence.metrics import evaluate_file, unread_in_file


def _check(path, label, record, within_one=0.95):
    report = evaluate_file(path)
    record(f"== {label} ({path.name}) ==\n{report}")
    assert report.exact >= 0.80, report
    assert report.within_one >= within_one, report
    assert report.qwk >= 0.85, report
    return report


def test_dev_set_agreement(nlp, dev_set_path, record_quality):
    if not dev_set_path.exists():
        pytest.skip(
            f"shared dev set not found at {dev_set_path.resolve()} "
            "(the shared folder sits beside the repository)"
        )
    _check(dev_set_path, "dev set", record_quality)


def test_hard_cases_agreement(nlp, hard_cases_path, record_quality):
    # 0.96 within one by the rules alone (which were written from these cases); the
    # learned layer (engine 2026.14) moves two short answers by two levels (h08, h21),
    # both marked fragile: the price of +10 points at first contact (docs/reading-grid.md).
    report = _check(hard_cases_path, "hard cases", record_quality, within_one=0.92)
    assert report.n >= 40


def test_blind_cases_agreement(nlp, hard_cases_path, record_quality):
    """Cases written after the engine and first run blind (85 % exact, 95 % within one,
    QWK 0.85); the lexicon gaps they revealed (T « lors de la mise en route », I « fiche
    d'évaluation », adapted pack sizes) were then filled."""
    _check(hard_cases_path.with_name("blind-cases.jsonl"), "blind cases", record_quality)


def test_holdout_cases_agreement(nlp, hard_cases_path, record_quality):
    """32 cases written before the generalisation work and first run blind: 84.4 % exact,
    90.6 % within one, QWK 0.869. The gaps they shared with the bundled samples were then
    closed by word families (meetings and feedback on cooperation, right-sized formats,
    periodic statements « état trimestriel », « au lieu de » comparisons), not by sentence."""
    _check(hard_cases_path.with_name("holdout-cases.jsonl"), "holdout cases", record_quality)


def test_blind2_agreement(nlp, hard_cases_path, record_quality):
    """40 cases on domains the engine had not seen (fruit and vegetables, office paper,
    cleaning services, workwear, IT take-back, green spaces, school coaches), first run
    blind: 77.5 % exact, 92.5 % within one, QWK 0.861. The gaps were closed by word
    families (trips and utility vans on transport, second life and paper printing on
    waste, the buyer's « référents » as users, « parts atteintes » and « état de la part »
    as reporting, start anchors « prise de poste »), vehicles named alone made weak
    subjects, and a recurring report date (« communiqué en fin d'année ») read as I, not T."""
    report = _check(
        hard_cases_path.with_name("blind2-cases.jsonl"), "blind cases 2", record_quality
    )
    assert report.n >= 40


def test_blind3_agreement(nlp, hard_cases_path, record_quality):
    """40 cases in the style of the dev set (cleaning products, dairy purchasing group,
    school transport, gloves, heating), written before running the engine, first run
    blind: 95.0 % exact, 100 % within one, QWK 0.992. The gaps they and a probe of
    single firm measures revealed were closed by word families (emissions calculation
    and restitution as monitoring, « signe officiel de qualité », written feedback
    channels, shuttle crates, eco-refills, night delivery, charging points, sorting
    tables, spelled-out appellations, distance and direct purchase, shared savings),
    by the matcher (plurals of hyphenated, elided and -eau/-al words; accented
    hyphenated words kept whole), by « en 3 ans » read as a deadline, by the period of
    a review in its own clause read as I on a cooperative axis, and by gloves named
    alone no longer making an answer relevant to waste."""
    report = _check(
        hard_cases_path.with_name("blind3-cases.jsonl"), "blind cases 3", record_quality
    )
    assert report.n >= 40


def test_dev_hard_agreement(nlp, hard_cases_path, record_quality):
    """45 answers of the three hard kinds (dh-01..15 written to game an automatic reader,
    dh-16..30 long memoirs with headings, lists and tables, dh-31..45 terse or odd),
    labelled from the rubric by two readers who agreed on all of them (a copy of
    ``../shared/data/answers-dev-hard.jsonl``, so that the figures print without it).

    First contact (the engine of the earlier rounds): 57.8 % exact, 75.6 % within one,
    9 answers three or more levels off."""
    path = hard_cases_path.with_name("dev-hard.jsonl")
    report = evaluate_file(path)
    record_quality(f"== dev-hard ({path.name}) ==\n{report}")
    assert report.n == 45
    assert report.exact >= 0.97, report
    assert report.within_one >= 0.97, report
    assert report.qwk >= 0.95, report


def _round(path, label, record, exact, within_one, n=45):
    report = evaluate_file(path)
    record(f"== {label} ({path.name}) ==\n{report}")
    assert report.n == n
    assert report.exact >= exact, report
    assert report.within_one >= within_one, report
    return report


def test_round1_agreement(nlp, hard_cases_path, record_quality):
    """Round r1 of the lead's fresh answers (15 gaming, 15 memoirs, 15 terse or odd; sectors
    cleaning, furniture, laundry, green spaces, catering, lighting...), labelled from the
    rubric by one reader and read again blind by a second.

    First contact (stage 1 engine, 2026.4): 46.7 % exact, 73.3 % within one, QWK 0.566,
    7 answers three or more levels off, 2 abstentions (English, Italian). The stage-2
    engine was then tuned on r1 (past dates relative to the tender, list-item numbers and
    département codes incidental, declining a figure is not N, where the goods are made,
    terse cooperation forms, slogan lists, joint reviews, award names, own-staff training,
    suppliers without a parsed subject): 86.7 % exact, 91.1 % within one, QWK 0.853."""
    _round(hard_cases_path.with_name("r1.jsonl"), "round r1", record_quality, 0.91, 0.95)


def test_round2_agreement(nlp, hard_cases_path, record_quality):
    """Round r2 (same kinds and sectors as r1), kept unseen while r1 was tuned on.

    First contact: stage 1 engine (2026.4) 60.0 % exact, 77.8 % within one, QWK 0.624,
    8 answers three or more levels off; after the first rules tuned on r1 only (engine
    2026.5, first landing): 60.0 % exact, 75.6 % within one, QWK 0.557, 9 off by 3+; after
    the whole r1 tuning (r1 at 86.7 % exact), before reading r2's failures: 62.2 % exact,
    77.8 % within one, QWK 0.622, 8 off by 3+, no abstention, 6 of the 10 errors of 2+
    levels in the lowest third of confidence. Then tuned on r2's causes (Spanish, origin
    as axis evidence, supply conditions as hedges, slogan numbers, visits with partners,
    unit sales on waste): 80.0 % exact, 88.9 % within one, QWK 0.878."""
    report = _round(hard_cases_path.with_name("r2.jsonl"), "round r2", record_quality, 0.97, 0.97)
    assert report.off_by_three == 0, report


def test_round3_agreement(nlp, hard_cases_path, record_quality):
    """Round r3 of the lead's fresh answers (15 gaming, 15 memoirs, 15 terse or odd; sectors
    crèches, water, fleet maintenance, waste collection, printing, sports, EHPAD...).

    First contact (stage-2 engine, 2026.5, the lead's figures): 74.4 % exact, 86.0 % within
    one, QWK 0.829, 3 answers three or more levels off, 2 abstentions (non-French); errors
    of 2+ levels by confidence third 2 low, 2 mid, 2 high. Then (engines 2026.6 and 2026.7)
    the causes of its gross errors were read as general rules (a reputation claim « est
    reconnu » is an attitude, the axis's own law « EGalim » adds nothing to a restated
    question, a pluperfect the tagger reads as a noun « nous y avions généralisé » is past,
    upstream trades « papetier » are third parties, a sentence cut at « éq. » is rejoined,
    staff of care and childhood settings « auxiliaires de puériculture » are users), and the
    confidence falls where the reading's support is thin: 83.7 % exact and 95.3 % within one
    of the 43 answers proposed (80.0 % and 91.1 % of all 45), QWK 0.930, 1 three or more
    off, the 2 errors of 2+ levels both in the lowest third."""
    report = _round(hard_cases_path.with_name("r3.jsonl"), "round r3", record_quality, 0.93, 0.95)
    assert report.gross_in_low_third == len(report.gross), report


def test_round4_agreement(nlp, hard_cases_path, record_quality):
    """Round r4 of the lead's fresh answers (15 gaming, 15 memoirs, 15 terse or odd; sectors
    school canteens, building HVAC, event logistics, libraries, fleet leasing, medical
    transport, school cleaning products).

    First contact (the lead's figures): with r3 on the stage-2 engine (2026.5), r3+r4 72.1 %
    exact, 88.4 % within one, QWK 0.835, 6 three or more off, 4 abstentions; r4 alone on the
    stage-3 engine (2026.7): 69.8 % exact and 90.7 % within one of the 43 answers proposed
    (66.7 % and 86.7 % of all 45), QWK 0.840, 3 three or more off, 2 abstentions (English,
    Spanish), errors of 2+ levels by confidence third 3 low, 1 high (a terse waste slogan
    with emoji proposed 4 at 0.85). Then (engine 2026.8) its gross errors read as general
    rules: pictographs end a sentence and separate a slogan's items; « lutter contre »
    restates; a short question (« Qui sommes-nous ? ») is a title; a company's own
    workshop does not turn its presentation into an offer; a measure left to the budget,
    the supply or the final quote is hedged; « important pour nous » is an attitude; goods
    bought or work subcontracted at a named place, hired « localement » or given to
    « entreprises locales » are local sourcing; a reason on another subject does not close a
    sentence under a heading naming a measure of the axis; number words in a proper name
    and a SIRET's tail are incidental: 75.6 % exact, 95.6 % within one, QWK 0.964, none
    three or more off, no error of 2+ levels. Then its remaining misses and the gross errors
    left on r1-r3 and dev-hard read the same way (a terse refusal without « ne », a threshold
    of volume as a condition, a law's name, credentials headings, acronyms are no places,
    green-waste and repair families, « étude en cours », missing supply is no refusal, counts
    sent to the buyer are I, abbreviated months, tank sizes): 84.4 % exact, 95.6 % within
    one, QWK 0.980 (r1 86.7 / 95.6, r2 84.4 / 93.3, r3 84.4 / 95.6, dev-hard 93.3 / 97.8)."""
    report = _round(hard_cases_path.with_name("r4.jsonl"), "round r4", record_quality, 0.88, 0.95)
    assert report.off_by_three == 0, report
    assert report.gross_in_low_third == len(report.gross), report


def test_round5_agreement(nlp, hard_cases_path, record_quality):
    """Round r5 of the lead's fresh answers (15 gaming, 15 memoirs, 15 terse or odd; sectors
    workwear, home-delivered meals, office removals, medical consumables, winter road salt,
    tyres, plants and flowers), labelled blind twice (45/45 levels agree).

    First contact (the lead's figures), on the stage-3 engine (2026.7) and the stage-4
    engine (2026.8) alike: 65.1 % exact and 79.1 % within one of the 43 answers proposed
    (62.2 % and 75.6 % of all 45), QWK 0.761, 5 answers three or more off, 2 abstentions
    (English, Spanish: right, the engine reads French only), every error of 2+ levels in the
    lowest third of confidence. Then (engine 2026.9) its errors read as general rules:
    transport modes other than the road and full loads (train, barge, embranchement, pleine
    capacité, fret retour), work done where the vehicles stand (atelier mobile, convoyage)
    and services' interventions as trips; workshops and factories named by place
    (« cartonnerie de … ») as origin; « en fin de saison » is a time, no seasonal product;
    « zéro » and « 100 % » in an exclamation or in quotes are a slogan's, no target; pride,
    attachment and support of the local economy are attitudes, the speaker's own name
    makes nothing specific; French and regional origin adjectives are categories; a figure
    left to the market or the seasons (« varie selon », « en fonction des disponibilités »)
    is hedged; a share or a statement sent to the buyer, the figure first (« la part
    atteinte est indiquée chaque mois au CCAS ») is monitoring; an unaccented « a » with no
    subject is « à », not a past tense: 84.4 % exact, 93.3 % within one, 1 three or more
    off. Then the families they share with the earlier rounds' misses (5 read as 4 when an
    element stands apart, sentences closed by one word of another subject): « ne … plus
    que » restricts, it refuses nothing; what the buyer can do with a report (« pour que vous
    puissiez vérifier ») hedges nothing; the question's own words (« maintenance ») are no
    other subject; one word of another subject does not close a sentence holding a measure
    of the axis; a number before a colon is no target of the words after it; phrases whose
    words name no subject (« marge de sécurité », « incluse dans le prix », « emballage
    d'origine », « visites de maintenance ») are masked; a joint visit names the cooperation
    axis; an unaccented buyer's verb (« si la Region valide ») keeps the buyer's option:
    86.7 % exact, 95.6 % within one, QWK 0.984, none three or more off (r1 88.9, r2 95.6,
    r3 91.1, r4 86.7, dev-hard 97.8 % exact). Then (engine 2026.10) the earlier rounds'
    remaining 3-for-4 and 4-for-5 misses read the same way: machine sizes and ratings, the
    bidder's own resources (« nos 4 plateformes », « une flotte de 38 véhicules ») and a
    hyphenated designation (« demi-écrémé ») are incidental numbers; a lead time in days or
    weeks (« sous 10 jours ») is a service level, no deadline (r1 91.1, r2 97.8, r3 93.3,
    r4 88.9 % exact; r5 unchanged)."""
    report = _round(hard_cases_path.with_name("r5.jsonl"), "round r5", record_quality, 0.86, 0.95)
    assert report.off_by_three == 0, report
    assert report.gross_in_low_third == len(report.gross), report


def test_round8_agreement(nlp, hard_cases_path, record_quality):
    """Round r8 of the lead's fresh answers (15 gaming, 15 memoirs, 15 terse or odd; sectors
    bus shelters, e-bike leasing, school audiovisual equipment, trade-fair stands, dairy
    products, fruit and vegetables, water meters, textile collection), labelled blind twice
    (45/45 levels agree; r8-38 is in English, labelled 3 on its content: the engine abstains).

    First contact (the lead's figures, confirmed here), on engine 2026.10 and on the
    semantic stage 2026.11 alike: 71.1 % exact, 77.8 % within one, QWK 0.652, 6 answers
    three or more off, 1 abstention, 9 errors of 2+ levels (6 in the lowest third of
    confidence); gaming 73.3, memoir 73.3, terse 66.7 % exact. Then (engine 2026.12) its
    errors read as general rules: a generic measure is not its own subject (the question's
    « vélos » is the contract's object); best-efforts promises, the bidder's trade as its
    identity and interest in a movement are attitudes; a bespoke design and showing off an
    image are masked; a memoir's title line is a heading that closes nothing; containers
    are weak packaging subjects; moving « à vélo » and rounds « calées sur » others are
    transport measures; the service the question names is not its monitoring; a foreign
    country code makes a place far; « non proposée » refuses: 88.9 % exact, 97.8 % within
    one, QWK 0.984, none three or more off, no error of 2+ levels (gaming 86.7, memoir
    93.3, terse 86.7). Then a lead time after each order (« sous 6 semaines après
    commande ») is no deadline, « valeurs fortes » frames values, a share stated « sur chaque
    facture » is monitoring: 95.6 % exact, 97.8 % within one, QWK 0.996 (gaming 93.3, memoir
    100, terse 93.3; left: a bike-leasing « flotte » read as a transport subject, 0 -> 1, and
    the English answer); every earlier set unchanged."""
    report = _round(hard_cases_path.with_name("r8.jsonl"), "round r8", record_quality, 0.95, 0.97)
    assert report.off_by_three == 0, report
    assert report.gross_in_low_third == len(report.gross), report
    assert report.abstentions == 1, report


def test_round7_first_contact(nlp, hard_cases_path, record_quality):
    """Round r7 of the lead's fresh answers (15 gaming, 15 memoirs, 15 terse or odd; sectors
    private security, demolition and asbestos removal, bread for school canteens, seafood for
    a central kitchen, cloud hosting, traffic lights, archive storage and shredding, public
    car-sharing), labelled blind twice (45/45 levels agree; r7-37 is in English, labelled 5 on
    its content: the engine abstains). Kept out of every rule stage's tuning: its figures
    are the first contact of engines 2026.10, 2026.12 and 2026.13 alike, level for level —
    64.4 % exact, 80.0 % within one, QWK 0.721, 4 answers three or more off, 1 abstention, 8
    errors of 2+ levels (5 in the lowest third of confidence); gaming 60.0, memoir 66.7,
    terse 66.7 % exact. Neither the semantic signal nor round r8's rules moved an answer of
    it. The learned layer (engine 2026.14), trained on the other rounds' first contacts
    (r7 left out): 80.0 % exact, 91.1 % within one, QWK 0.869, 2 three or more off. Since
    2026.14 its first-contact reading is one of the layer's training rounds."""
    _round(hard_cases_path.with_name("r7.jsonl"), "round r7", record_quality, 0.93, 0.95)


def test_round9_first_contact(nlp, hard_cases_path, record_quality):
    """Round r9 of the lead's fresh answers (15 gaming, 15 memoirs, 15 terse or odd; sectors
    sewer cleaning, EV charging points, meat and poultry, dry groceries, car pound, street
    sweeping, mobile toilets, rooftop solar, laboratory analyses, winter roads), labelled
    blind twice (45/45 levels agree, 43/45 feature sets); r9-37 is in English, labelled
    ``null``: the engine must abstain on it (it does).

    First contact, measured after engine 2026.14 was frozen: the rule reading (2026.13)
    70.5 % exact, 88.6 % within one, QWK 0.817, 4 three or more off, 5 errors of 2+ levels
    (1 in the lowest third of confidence); the learned layer (2026.14) 79.5 % exact, 97.7 %
    within one, QWK 0.952, none three or more off, 1 error of 2+ levels (in the lowest
    third); gaming 93.3, memoir 66.7, terse 78.6 % exact. Since 2026.15 its first-contact
    reading is one of the layer's training rounds."""
    path = hard_cases_path.with_name("r9.jsonl")
    _round(path, "round r9", record_quality, 0.90, 0.97, n=44)
    assert unread_in_file(path) == {"r9-37": None}


def test_leave_one_round_out(hard_cases_path, record_quality):
    """The layer's honest figure: trained on every round but one, measured on it.

    Engine inputs are first contacts (``first-contact.jsonl``), so each held-out round
    is read as a new round would be. Hard rounds (dev-hard, r1-r5, r7-r9, 404 answers):
    rules 63.4 % exact, 79.7 % within one, QWK 0.709; layer 73.8 / 88.1 / 0.784."""
    from efc_scoring.evidence.training import leave_one_round_out, load_rows

    figures = leave_one_round_out(load_rows(hard_cases_path.parent))
    lines = ["== leave one round out (first contacts; rules | layer) =="]
    for name, f in figures.items():
        r, lay = f["rules"], f["layer"]
        lines.append(
            f"{name:14s} n={lay['n']:3d}  exact {r['exact']:.1%} | {lay['exact']:.1%}  "
            f"within one {r['within_one']:.1%} | {lay['within_one']:.1%}  "
            f"QWK {r['qwk']:.3f} | {lay['qwk']:.3f}  3+ off {r['off_by_three']} | "
            f"{lay['off_by_three']}  2+ errors in lowest third {lay['gross_in_low_third']}"
            f"/{lay['gross']}"
        )
    record_quality("\n".join(lines))
    hard = figures["hard"]
    for key in ("exact", "within_one", "qwk"):
        assert hard["layer"][key] > hard["rules"][key] + 0.05, (key, hard)
    assert hard["layer"]["exact"] >= 0.72 and hard["layer"]["within_one"] >= 0.86, hard
    assert hard["layer"]["off_by_three"] < hard["rules"]["off_by_three"], hard
    assert hard["layer"]["gross_in_low_third"] >= 0.75 * hard["layer"]["gross"], hard


@pytest.mark.parametrize("name", ["r1.jsonl", "r2.jsonl", "r5.jsonl", "r8.jsonl", "dev-hard.jsonl"])
def test_gross_errors_sit_in_the_lowest_confidence_third(nlp, hard_cases_path, name):
    """Errors of two levels or more carry a confidence in the lowest third (issue 11 item 6)."""
    report = evaluate_file(hard_cases_path.with_name(name))
    assert report.gross_in_low_third == len(report.gross), report
