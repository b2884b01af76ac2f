"""Rules that read a few words together, beyond single lexicon phrases.

- feedback: a verb of collecting followed by a feedback noun ("recueillir leurs
  remarques", "recueil des avis") is cooperation (C);
- formats: on the axes that take it, a pack size or format chosen "pour limiter
  les restes" is a measure of the axis;
- periodic reviews: on a cooperative axis, a meeting or a feedback round held at
  a stated period ("chaque année") is monitoring (I);
- clients: a clause telling an ongoing or past contract with a named client
  ("nous livrons depuis 2023 les 16 lycées du Pays de Valmont") is proof (P).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from efc_scoring.evidence._nlp import fold, norm_list

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from efc_scoring.evidence._clauses import Clause
    from efc_scoring.evidence._matcher import Matches
    from efc_scoring.evidence.lexicon import Lexicons

__all__ = [
    "client_clauses",
    "distance_measures",
    "feedback_spans",
    "format_measures",
    "joint_reviews",
    "joint_spans",
    "named_in_proof",
    "origin_measures",
    "periodic_reviews",
    "reported_figures",
    "review_period",
]


def norm_list_of(words: tuple[str, ...]) -> list[str]:
    return [fold(w) for w in words]


_PRESENT = {"presenter", "transmettre", "communiquer", "remettre", "partager", "envoyer"}
_GAP_POS = {"DET", "ADP", "PRON", "ADJ", "ADV", "CCONJ"}
_YEAR_OR_NUMBER = re.compile(r"^(?:\d+|(?:19|20)\d\d)$")
_DURATION = {"an", "ans", "annee", "annees", "mois", "saison", "saisons", "rentree"}


def feedback_spans(doc: Doc, m: Matches) -> list[tuple[int, int]]:
    """A collecting verb with a feedback noun at most three words after it.

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> from efc_scoring.evidence._matcher import match
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> doc = next(parse(["Il recueillera leurs remarques sur les calibres."]))
    >>> [doc[a:b].text for a, b in feedback_spans(doc, match(doc, load_lexicons()))]
    ['recueillera leurs remarques']
    """
    nouns = sorted(m.get("feedback_nouns", []))
    out = []
    for s, e in m.get("feedback_verbs", []):
        for a, b in nouns:
            if e <= a <= e + 3 and all(doc[k].pos_ in _GAP_POS for k in range(e, a)):
                out.append((s, b))
                break
    return out


_SEND = {"remettre", "transmettre", "communiquer", "adresser", "envoyer", "restituer", "indiquer"}
_COUNTS = {
    "nombre", "poids", "volume", "volumes", "quantite", "quantites", "tonnage", "tonnages",
    "taux", "kilometrage", "etat", "etats", "part", "parts",
}  # fmt: skip
_STOP = {".", ";", "!", "?", ":"}
_TO = {"a", "au", "aux"}


def reported_figures(doc: Doc) -> list[tuple[int, int]]:
    """Figures sent to the buyer: a verb of sending with a count or a weight after it.

    « nous remettrons au service événementiel le nombre de gobelets rendus et le poids des
    déchets » reports results to the buyer: monitoring (RUBRIC: results sent are I).

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> doc = next(parse(["Nous transmettrons chaque mois le poids des cartons repris."]))
    >>> [doc[a:b].text for a, b in reported_figures(doc)]
    ['transmettrons chaque mois le poids']

    The figure may come first when the verb names whom it goes to (« la part atteinte est
    indiquée chaque mois au CCAS », « état trimestriel transmis au CIAS »).

    >>> doc = next(parse(["La part atteinte est indiquée chaque mois au CCAS."]))
    >>> [doc[a:b].text for a, b in reported_figures(doc)]
    ['part atteinte est indiquée']
    """
    out = []
    for tok in doc:
        if tok.lemma_ not in _SEND or tok.pos_ not in {"VERB", "ADJ"}:
            continue
        found = False
        for k in range(tok.i + 1, min(len(doc), tok.i + 13)):
            if doc[k].text in _STOP or "\n" in doc[k].text:
                break
            if doc[k].norm_ in _COUNTS and doc[k - 1].norm_ != "en":  # « remis en état »
                out.append((tok.i, k + 1))
                found = True
                break
        after = [t.norm_ for t in doc[tok.i + 1 : tok.i + 6]]
        if found or not _TO & set(after):
            continue
        for k in range(tok.i - 1, max(-1, tok.i - 7), -1):
            if doc[k].text in _STOP or "\n" in doc[k].text:
                break
            if doc[k].norm_ in _COUNTS:
                out.append((k, tok.i + 1))
                break
    return out


def format_measures(
    doc: Doc, m: Matches, axis: str, lex: Lexicons, clauses: list[Clause], of: list[int]
) -> list[tuple[int, int]]:
    """Formats chosen to reduce an axis subject: the format word is a measure.

    On the axes listed in ``format_measure_axes``, a sentence naming a pack size or
    format (``format_words``) before a reducing verb (``reduction_verbs``) whose
    object is a subject word of the axis ("... en briques refermables, ce qui évite
    de jeter des bidons entamés").
    """
    if axis not in lex.cue("format_measure_axes"):
        return []
    reducing = set(lex.cue("reduction_verbs"))
    subjects = (
        m.get(f"subject:{axis}", []) + m.get(f"wsubject:{axis}", []) + m.get(f"qsubject:{axis}", [])
    )
    out = []
    for fs, fe in m.get("format_words", []):
        ci = of[fs]
        if ci < 0:
            continue
        sent = clauses[ci].sent
        sent_end = max(c.end for c in clauses if c.sent == sent)
        verbs = [k for k in range(fe, sent_end) if doc[k].lemma_ in reducing]
        if verbs and any(verbs[0] < s < sent_end for s, _ in subjects):
            out.append((fs, fe))
    return out


def distance_measures(doc: Doc, axis: str, lex: Lexicons) -> list[tuple[int, int]]:
    """« à moins de 30 km », « dans un rayon de 150 km »: a distance of origin, on the axes
    listed in ``distance_measure_axes`` (where the products come from)."""
    if axis not in lex.cue("distance_measure_axes"):
        return []
    norms = [t.norm_ for t in doc]
    out = []
    for k in range(len(doc) - 3):
        if norms[k] not in {"moins", "rayon"} or norms[k + 1] not in {"de", "d'"}:
            continue
        lead = k + 2
        if doc[lead].like_num and norms[lead + 1] in {"km", "kilometres", "kilometre"}:
            out.append((max(0, k - 1), lead + 2))
    return out


def origin_measures(
    doc: Doc, axis: str, lex: Lexicons, text: str | None = None
) -> list[tuple[int, int]]:
    """« fabriqués à Revin », « tissés dans les Vosges », « producteur de Lamballe »: where
    the supplied goods are made, on the axes listed in ``origin_measure_axes``.

    A word of making (``origin_makers``: a verb, a noun of making or a workshop) followed
    within four words by « à », « en », « dans », « de » and a place name (a capitalised
    word that does not open the sentence) or « France ».
    """
    if axis not in lex.cue("origin_measure_axes"):
        return []
    makers = set(norm_list_of(lex.cue("origin_makers")))
    located = set(norm_list_of(lex.cue("location_makers")))
    bought = set(norm_list_of(lex.cue("purchase_makers")))
    own = set(norm_list_of(lex.cue("own_markers"))) - {"leur", "leurs"}
    far = set(norm_list_of(lex.cue("far_places")))
    norms = norm_list(doc)
    raw = text if text is not None and len(text) == len(doc.text) else doc.text
    out = []
    for k, tok in enumerate(doc):
        if norms[k] in located:
            if any(w in own for w in norms[max(0, k - 5) : k]):
                continue  # « notre agence, installée à Aubière »: the bidder's own premises
        elif norms[k] in bought:
            if any(w in own for w in norms[k + 1 : k + 5]):
                continue  # « achetés par notre centrale de Düsseldorf »: its own buying office
        elif norms[k] not in makers and tok.lemma_ not in makers:
            continue
        for p in range(k + 1, min(len(doc), k + 5)):
            if doc[p].is_punct and doc[p].text not in {"(", "-"}:
                break
            if norms[p] not in {"a", "au", "en", "dans", "de", "du", "d'", "in"}:
                continue
            q = p + 1
            while q < len(doc) and norms[q] in {"la", "le", "les", "l'"}:
                q += 1
            if (
                q < len(doc)
                and norms[q] not in far
                and _place(doc, q, norms, raw)
                and not _foreign_code(doc, q, raw)
            ):
                out.append((k, q + 1))
                break
    return out


def _foreign_code(doc: Doc, q: int, raw: str) -> bool:
    """A place followed by a country code other than France (« usine de Ningbo (CN) »):
    a far origin, whatever the place's name (``raw``: the text as written)."""
    if q + 3 >= len(doc) or doc[q + 1].text != "(" or doc[q + 3].text != ")":
        return False
    tok = doc[q + 2]
    code = raw[tok.idx : tok.idx + len(tok.text)]
    return len(code) == 2 and code.isalpha() and code.isupper() and code != "FR"


def _place(doc: Doc, q: int, norms: list[str], raw: str) -> bool:
    """A place name: « France », or a capitalised word that does not open its sentence
    (in an answer written in capitals, any noun)."""
    tok = doc[q]
    if norms[q] == "france":
        return True
    written = raw[tok.idx : tok.idx + len(tok.text)]
    if not written[:1].isalpha() or not written[:1].isupper():
        return False
    if written.isupper() and len(written) > 1:
        # an acronym (« en LED », « du GAEC ») names no place, but in a line written in
        # capitals any noun may be one
        line_start = raw.rfind("\n", 0, tok.idx) + 1
        line_end = raw.find("\n", tok.idx)
        line = raw[line_start : line_end if line_end >= 0 else len(raw)]
        letters = [c for c in line if c.isalpha()]
        shouted = sum(c.isupper() for c in letters) >= 0.7 * max(1, len(letters))
        return shouted and tok.pos_ in {"NOUN", "PROPN", "ADJ"}
    return not tok.is_sent_start


def joint_reviews(doc: Doc, m: Matches, lex: Lexicons) -> list[tuple[int, int]]:
    """A review or a meeting held « avec » the buyer's or the users' people: a joint review.

    « passeront en revue, avec les cadres de santé de chaque pôle, les dotations… lors
    d'un bilan tenu chaque trimestre » names a body of joint work (RUBRIC: a cooperation
    measure names a body, a meeting, an activity); the partner is « avec » followed
    within three words by a person of the buyer or a user (not « nos »), or a partner
    phrase of ``cooperation_partners``.
    """
    people = set(norm_list_of(lex.cue("user_nouns"))) | set(norm_list_of(lex.cue("buyer_nouns")))
    people |= {"cadre", "cadres", "responsable", "responsables", "direction", "directeur"}
    own = set(norm_list_of(lex.cue("own_markers")))
    norms = norm_list(doc)
    partners = [s for s, _ in m.get("cooperation_partners", [])]
    for k in range(len(doc)):
        window = norms[k + 1 : k + 4]
        avec = norms[k] == "avec" and window[:1] and window[0] not in own
        if avec and any(w in people for w in window):
            partners.append(k)
    out = []
    for s, e in m.get("review_words", []) + m.get("periodic_reviews", []):
        if norms[s] not in _MEETINGS and doc[s].lemma_ not in _MEETINGS:
            continue
        for p in partners:
            low, high = sorted((s, p))
            if high - low <= 12 and not any(
                doc[k].text in {";", ".", "!", "?"} or "\n" in doc[k].text for k in range(low, high)
            ):
                out.append((s, e))
                break
    return sorted(set(out))


_MEETINGS = {"revue", "bilan", "bilans", "point", "points", "reunion", "reunions", "seance"}


def named_in_proof(doc: Doc, m: Matches, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Measure spans inside the name of an award or a certification held.

    « Lauréat du Trophée régional de l'anti-gaspillage 2024 »: the measure word hangs
    (within three heads) from a word of proof; a product label (« certifiés bio ») is
    not a proof of the bidder.
    """
    labels = {s for s, _ in m.get("product_labels", [])}
    proof = {
        k
        for s, e in m.get("proof", [])
        if not (doc[s].norm_.startswith("certifi") and e in labels)
        for k in range(s, e)
    }
    out = []
    for s, e in spans:
        if any(k in proof for k in range(s, e)):
            continue  # the proof itself is read elsewhere
        tok = doc[s:e].root
        for _ in range(3):
            if tok.head.i == tok.i or tok.dep_ not in {"nmod", "amod", "appos", "compound"}:
                break
            tok = tok.head
            if tok.i in proof:
                out.append((s, e))
                break
    return out


def periodic_reviews(
    doc: Doc, m: Matches, clauses: list[Clause], of: list[int]
) -> dict[int, list[tuple[int, int]]]:
    """Per clause, the period markers of a meeting or a feedback round held in it."""
    reviews = {of[s] for s, _ in m.get("periodic_reviews", []) if of[s] >= 0}
    out: dict[int, list[tuple[int, int]]] = {}
    for s, e in m.get("periodic_markers", []):
        ci = of[s]
        if ci >= 0 and ci in reviews:
            out.setdefault(ci, []).append((s, e))
    return out


def client_clauses(doc: Doc, m: Matches, clauses: list[Clause], of: list[int]) -> set[int]:
    """Clauses telling an ongoing or past contract with a named or counted client.

    Ongoing: "depuis" followed by a year or a duration, or "actuellement"; past: the
    clause is in a past tense. Named: a capitalised word follows the client noun,
    directly or after "de" ("la cuisine centrale de Valmont", "le collège Jean
    Moulin"); counted: a number stands just before it ("les 16 lycées").

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> from efc_scoring.evidence._matcher import match
    >>> from efc_scoring.evidence._clauses import split_clauses
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> lex = load_lexicons()
    >>> doc = next(parse(["Nous livrons depuis 2022 la cuisine centrale de Valmont."]))
    >>> matches = match(doc, lex)
    >>> clauses = split_clauses(doc, matches, lex)
    >>> of = [0] * len(doc)
    >>> client_clauses(doc, matches, clauses, of)
    {0}
    """
    norms = norm_list(doc)
    out: set[int] = set()
    for s, e in m.get("client_nouns", []):
        ci = of[s]
        if ci < 0 or ci in out:
            continue
        clause = clauses[ci]
        if clause.hedged or clause.negated:
            continue
        named = _named(doc, e, clause.end) or any(
            doc[k].like_num for k in range(max(clause.start, s - 2), s)
        )
        if named and (clause.past or _ongoing(norms, clause)):
            out.add(ci)
    return out


def _named(doc: Doc, e: int, end: int) -> bool:
    """A proper name right after a client noun ("collège Jean Moulin", "Ville de Lyon")."""
    k = e + 1 if e < end and doc[e].norm_ in {"de", "du", "d'", "des"} else e
    return k < end and doc[k].text[:1].isupper() and doc[k].text[:1].isalpha()


def _ongoing(norms: list[str], clause: Clause) -> bool:
    for k in range(clause.start, clause.end):
        if norms[k] == "actuellement":
            return True
        if norms[k] == "depuis":
            nxt = norms[k + 1 : min(clause.end, k + 4)]
            if nxt and _YEAR_OR_NUMBER.match(nxt[0]):
                return True
            if any(w in _DURATION for w in nxt):
                return True
    return False


def review_period(
    doc: Doc,
    clause: Clause,
    reviews: list[tuple[int, int]],
    k: int,
    measures: list[tuple[int, int]],
) -> bool:
    """True when the frequency number tells how often results are reviewed (I, not Q)."""
    if not reviews:
        return False
    if any(t.norm_ in {"tous", "toutes"} for t in doc[max(clause.start, k - 2) : k]):
        return True  # "tous les six mois pour examiner les résultats": a review period
    for a, _b in reviews:  # "une fois par an pour dresser un bilan": the period of a review
        if k < a <= k + 8 and any(t.norm_ in {"pour", "afin"} for t in doc[k:a]):
            return True
    in_review = {i for a, b in reviews for i in range(a, b)}
    nearest_review = max((s for s, _ in reviews if s < k), default=-1)
    nearest_other = max((s for s, _ in measures if s < k and s not in in_review), default=-1)
    return nearest_review > nearest_other


def joint_spans(doc: Doc, clause: Clause, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cooperation spans of a clause, less results presented at a meeting or shared."""
    presented = any(t.lemma_ in _PRESENT for t in doc[clause.start : clause.end])
    out = []
    for s, e in spans:
        before = {t.norm_ for t in doc[max(clause.start, s - 2) : s]}
        if presented and (before & {"en", "lors", "au", "du"} or doc[s].norm_ == "avec"):
            continue  # results presented at a meeting or shared with the buyer: monitoring only
        out.append((s, e))
    return out
