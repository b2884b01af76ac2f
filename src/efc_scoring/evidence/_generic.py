"""Generic versus concrete: measure words that do not make a measure.

The reading grid's later readings (``RUBRIC.md``) name the ways an answer can use
the words of a measure without naming one:

- a list of values, keywords or slogans (« Économie circulaire, réemploi, consigne,
  vrac : autant de valeurs… »): no M, whatever measure words it holds;
- an attitude or a preference with nothing specific (« nous privilégions les
  circuits courts », « nous sommes attentifs à la demande de produits bio »);
- cooperation words without a mechanism (« co-construction permanente »,
  « nous associerons pleinement les agents »): a cooperation measure names a body,
  a meeting, an activity or a channel of joint work;
- the question restated with firm verbs (« nous nous engageons à réduire nos
  emballages »): R alone;
- a measure a third party commits to for itself (« notre grossiste s'est engagé à
  atteindre 50 % de références régionales dans son catalogue »): M without F.

Each function returns token spans or clause indexes; :func:`read_doc` drops the
generic measures and reads the third parties' clauses as not firm.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from efc_scoring.evidence._nlp import is_pictograph, norm_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from efc_scoring.evidence._clauses import Clause
    from efc_scoring.evidence._matcher import Matches
    from efc_scoring.evidence.lexicon import Lexicons

__all__ = [
    "generic_measures",
    "keyword_lists",
    "restated",
    "third_party_clauses",
    "without_object",
]

_OBJECT_DEPS = {"obj", "obl", "obl:arg", "obl:mod", "nmod", "xcomp", "ccomp", "nsubj:pass"}
_CONTENT_POS = {"NOUN", "PROPN", "ADJ", "VERB", "NUM"}
_DIGIT = re.compile(r"\d")
_PRONOUNS = {"il", "elle", "ils", "elles"}
_THEIR = {"son", "sa", "ses", "leur", "leurs"}
#: Verbs of commitment that add nothing to a restated question.
_COMMIT_VERBS = {
    "engager", "garantir", "mettre", "proposer", "assurer", "veiller", "faire", "pouvoir",
    "vouloir", "devoir", "etre", "avoir", "inscrire", "poursuivre", "continuer", "respecter",
    "atteindre", "fixer", "viser", "repondre", "travailler", "efforcer", "prendre", "tenir",
    "oeuvre", "placer", "accompagner", "contribuer", "participer", "agir", "apporter",
    "lutter", "combattre", "chercher", "rechercher",
}  # fmt: skip
_NOT_SPECIFIC = {
    "produit", "produits", "part", "gamme", "offre", "engagement", "ensemble", "qualite",
    "marche", "duree", "demarche", "possible", "fois", "cas", "chose", "besoin", "besoins",
    "demande", "evolution", "loi", "objectif", "objectifs", "exigence", "exigences",
    "savoir-faire", "expertise", "competence", "competences", "collectivite", "service",
    "reglementation", "respect", "maximum", "mieux",
    # the law the axis is named after, and compliance words: citing it adds nothing
    "egalim", "agec", "reglementaire", "reglementaires", "legal", "legale", "legales",
    "legaux", "conforme", "conformes",
}  # fmt: skip


#: Words naming a law or a rule: a measure word after them is the law's name.
_LAW = {"loi", "lois", "decret", "directive", "reglement"}


def _in(spans: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]]:
    return [(s, e) for s, e in spans if a <= s < b]


def keyword_lists(doc: Doc, m: Matches, clauses: list[Clause]) -> set[int]:
    """Sentences that list values or keywords: a value frame, or a verbless list of buzzwords.

    A sentence framing its list as values (« autant de valeurs qui font partie de
    l'ADN… »), or a clause of at least three short verbless items of which two are
    words of values (« économie circulaire, éco-conception, réemploi… »).
    """
    out: set[int] = set()
    frames = m.get("value_frames", [])
    buzz = m.get("buzzwords", []) + m.get("category_measures", [])
    sentences: dict[int, list[Clause]] = {}
    for c in clauses:
        sentences.setdefault(c.sent, []).append(c)
    for sent, group in sentences.items():
        a, b = group[0].start, group[-1].end
        if _in(frames, a, b):
            out.add(sent)
            continue
        for c in group:
            items = _items(doc, c.start, c.end)
            if len(items) < 3:
                continue
            pictographs = sum(is_pictograph(doc[k].text) for k in range(c.start, c.end))
            short = [it for it in items if len(it) <= 4 and not _has_verb_or_number(doc, it)]
            buzzy = sum(bool(_in(buzz, it[0], it[-1] + 1)) for it in items)
            # the same word opening every item: a slogan's figure, not a list of actions
            openers = [doc[it[0]].norm_.rstrip("sx") for it in short]
            repeated = bool(openers) and max(openers.count(w) for w in openers) >= 3
            # pictographs between the items (« sobriete ♻️ optimisation ✅ ») mark a slogan
            if len(short) >= max(3, 0.7 * len(items)) and (
                buzzy >= 2 or repeated or pictographs >= 2
            ):
                out.add(sent)
    return out


def _items(doc: Doc, a: int, b: int) -> list[list[int]]:
    """The comma-separated items of a token range, each as its word tokens."""
    items: list[list[int]] = [[]]
    for k in range(a, b):
        tok = doc[k]
        if tok.text in {",", ":", "+", "/", "•", "·"} or is_pictograph(tok.text):
            items.append([])
        elif tok.is_alpha or tok.like_num:
            items[-1].append(k)
    return [it for it in items if it]


def _has_verb_or_number(doc: Doc, item: list[int]) -> bool:
    """A finite or infinitive verb, or a number (a participle is an adjective here:
    « emballages réduits »)."""
    return any(
        (doc[k].pos_ in {"VERB", "AUX"} and "Part" not in doc[k].morph.get("VerbForm", []))
        or _DIGIT.search(doc[k].text)
        or doc[k].like_num
        for k in item
    )


def _specific(doc: Doc, a: int, b: int) -> bool:
    """Does the range name something of its own: a number or a proper name?

    The name of whoever speaks (the subject: « VERT NÉGOCE est profondément attaché… »)
    and a point of the compass (« dans l'Ouest ») name nothing offered.
    """
    for k in range(a, b):
        tok = doc[k]
        if _DIGIT.search(tok.text):
            return True
        gloss = tok.text.isupper() and k > a and doc[k - 1].text == "("
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and k > a and tok.norm_ not in _VAGUE:
            if gloss or _in_subject(tok):
                continue  # an acronym glossing the words before it (« … circulaire (AGEC) »)
            return True  # a name (« France » names no place of its own)
    return False


#: Proper names that name no place of their own.
_VAGUE = {"france", "ouest", "est", "nord", "sud", "hexagone", "sud-ouest", "nord-est"}


def _in_subject(tok: Token) -> bool:
    """Is ``tok`` inside the subject of its verb (a name, its flat parts)?"""
    for _ in range(4):
        if tok.dep_.startswith("nsubj"):
            return True
        if tok.dep_ not in {"flat:name", "flat", "compound", "appos", "amod"} or tok.head is tok:
            return False
        tok = tok.head
    return False


def generic_measures(
    doc: Doc,
    m: Matches,
    clauses: list[Clause],
    of: list[int],
    spans: list[tuple[int, int]],
    axis: str,
) -> dict[tuple[int, int], str]:
    """The measure spans of a keyword list, an attitude, or a preference for a category.

    An attitude (« nous sommes attentifs à… ») is generic unless a number or a name
    makes it specific; a preference (« nous privilégions… ») is generic when what it
    prefers is a category of practice (« les circuits courts ») and no product,
    partner, place or share is named. Each span maps to its reason: ``keywords`` or
    ``attitude``.
    """
    listed = keyword_lists(doc, m, clauses)
    attitudes = m.get("attitude_cues", [])
    prefs = m.get("preference_cues", [])
    categories = m.get("category_measures", [])
    cats = {k for x, y in categories for k in range(x, y)}
    products = [  # a product of the axis or the question, not the category itself
        sp
        for sp in m.get(f"wsubject:{axis}", []) + m.get(f"qsubject:{axis}", [])
        if sp[0] not in cats
    ]
    out: dict[tuple[int, int], str] = {}
    for s, e in spans:
        ci = of[s]
        if ci < 0:
            continue
        clause = clauses[ci]
        a, b = clause.start, clause.end
        attitude = _in(attitudes, a, b) and not _specific(doc, a, b)
        preference = (
            _in(prefs, a, b)
            and any(x <= s < y or s <= x < e for x, y in categories)
            and not _specific(doc, a, b)
            and not [sp for sp in _in(products, a, b) if doc[sp[0]].norm_ not in _NOT_SPECIFIC]
        )
        if clause.sent in listed:
            out[(s, e)] = "keywords"
        elif any(doc[k].norm_ in _LAW for k in range(max(a, s - 2), s)):
            out[(s, e)] = "restated"  # « la loi anti-gaspillage »: the law's name, no action
        elif attitude or preference:
            out[(s, e)] = "attitude"
    return out


def without_object(
    doc: Doc, spans: list[tuple[int, int]], lex: Lexicons, mechanisms: list[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Cooperation-manner spans with no activity named: no mechanism nearby, no object.

    « Nous associerons les élèves au choix des nouveaux produits » names an activity
    (the choice of products); « nous associerons pleinement les agents » and « en
    co-construction permanente avec la collectivité » do not.
    """
    abstract = set(lex.cue("cooperation_abstract"))
    out: set[tuple[int, int]] = set()
    for s, e in spans:
        sent = doc[s].sent
        if any(sent.start <= a < sent.end and not (a < e and s < b) for a, b in mechanisms):
            continue  # a meeting, a committee, a survey... stands with it
        root = doc[s:e].root
        if not _has_activity(root, abstract):
            out.add((s, e))
    return out


def _has_activity(root: Token, abstract: set[str]) -> bool:
    candidates = list(root.children)
    if root.dep_ in {"obl", "obl:mod", "nmod", "obj"} and root.head.i != root.i:
        candidates += [c for c in root.head.children if c.i != root.i]  # "travailler en co-…"
    for child in candidates:
        if child.dep_ not in _OBJECT_DEPS or child.pos_ not in {"NOUN", "VERB", "PROPN"}:
            continue
        if child.lemma_ in abstract or child.norm_ in abstract:
            continue
        return True
    return False


def restated(doc: Doc, clause: Clause, question: frozenset[str]) -> bool:
    """A clause that only restates the question: every content word is the question's.

    « Nous nous engageons à réduire nos emballages » after « Comment réduisez-vous vos
    emballages ? » names nothing the question did not: no number, no name, no word of
    its own (the bidder's verbs of commitment aside).
    """
    if not question:
        return False
    norms = norm_list(doc)
    own = 0
    for k in range(clause.start, clause.end):
        tok = doc[k]
        if tok.pos_ not in _CONTENT_POS or not (tok.is_alpha or tok.like_num):
            continue
        if _DIGIT.search(tok.text) or tok.like_num:
            return False
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_ in _COMMIT_VERBS:
            continue  # s'engager, garantir, mettre en œuvre: the bidder's verbs
        if norms[k] in question or tok.lemma_ in question or norms[k] in _NOT_SPECIFIC:
            continue
        own += 1
    return own == 0


def third_party_clauses(doc: Doc, m: Matches, lex: Lexicons, clauses: list[Clause]) -> set[int]:
    """Clauses whose subject is a third party committing for itself.

    The subject is a supplier, a wholesaler, a manufacturer... (or « il », « elle »
    right after one), and the clause names its own commitment (« s'est engagé »,
    « vise », « garantit ») or its own scope (« dans son catalogue »).
    """
    parties = {(a, b) for a, b in m.get("third_parties", [])}
    party_tokens = {k for a, b in parties for k in range(a, b)}
    verbs = set(lex.cue("third_party_verbs"))
    out: set[int] = set()
    previous_party = False
    for ci, c in enumerate(clauses):
        subject_party = False
        subject_seen = False
        for k in range(c.start, c.end):
            tok = doc[k]
            if not tok.dep_.startswith("nsubj"):
                continue
            subject_seen = True
            if (
                tok.i in party_tokens
                or any(t.i in party_tokens for t in tok.subtree if t.i < tok.i + 4)
                or (tok.norm_ in _PRONOUNS and previous_party)
            ):
                subject_party = True
        if not subject_seen and previous_party and ci > 0 and clauses[ci - 1].sent == c.sent:
            subject_party = True  # "…, s'est engagé auprès de la Région à atteindre…"
        if not subject_seen and any(k in party_tokens for k in range(c.start, c.start + 4)):
            subject_party = True  # the parser found no subject; the clause opens on a party
        if subject_party:
            own = any(
                doc[k].norm_ in {"son", "sa", "ses", "leur", "leurs"} for k in range(c.start, c.end)
            )
            committing = any(
                doc[k].lemma_ in verbs and doc[k].pos_ in {"VERB", "AUX"}
                for k in range(c.start, c.end)
            )
            if own or committing:
                out.add(ci)
        previous_party = subject_party or (
            not subject_seen and previous_party and ci > 0 and clauses[ci - 1].sent == c.sent
        )
        if not subject_seen and any(k in party_tokens for k in range(c.start, c.end)):
            previous_party = True  # "Notre grossiste partenaire, Distri-Ouest," cut before its verb
    return out
