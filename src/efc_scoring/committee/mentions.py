"""Mentions of a bidder in a text: what must not reach another bidder, nor a blind evaluator.

One detector serves every text that leaves the committee:

- the letters to rejected bidders: a justification or a consensus reason that
  names another bidder (the winner included), quotes its answer or gives its
  price has the sentence replaced (:meth:`BidderMentions.redact`);
- the import of returned grids: a warning for each justification cell that
  names another bidder (:meth:`BidderMentions.find`);
- the blind grids: the bidder's own name, trade names and offer id are masked
  in its answer (:meth:`BidderMentions.mask_ranges`), and so are the contact details
  that identify whoever writes them: telephone, e-mail, web address, SIRET
  (:func:`contact_ranges`).

What counts as a mention of an offer:

- its bidder's full name, and any run of two words or more of it
  (« Hygiène Pro » for « Hygiène Pro Centre-Est »);
- any *distinctive* word of the name: not a function word, a legal form or a
  generic business or place word, not a word of the buyer's own documents
  (title, criteria, questions...) and not common vocabulary of the answers (used
  by two other bidders or more);
- the acronym of the name (three letters or more, in capitals: « PBD »);
- the trade names declared in the offer (``trade_names``) or marked ® or ™ in
  its answers;
- its offer id: a distinctive id (« O3 », « L1-A ») anywhere as a whole word, a
  short or numeric one (« A », « 3 ») only after « offre », « candidat » or
  « soumissionnaire », so that « proche d'un » or « niveau 3 » never match;
- its price: the offer's total to the cent in any writing (« 49 970 € »,
  « 49970 », « 49.970,00 »), or within 0.5 % when followed by a currency
  (« 50 k€ », « environ 49 900 euros »);
- a quote of its answers: six words in a row, or three or more words between
  quotation marks, found in its answers.

Matching is on whole words, case- and accent-insensitive (« econet rhone »
finds « EcoNet Rhône »), except acronyms and short ids, which must be written
as declared. When the text goes to a bidder (``reader``), the words of its own
name and answers are never taken for another's.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import TYPE_CHECKING

from efc_scoring.errors import NotFoundError

if TYPE_CHECKING:
    from efc_scoring.model.offer import Offer
    from efc_scoring.model.tender import Tender

__all__ = [
    "MENTION_KINDS",
    "NEUTRAL",
    "BidderMentions",
    "Mention",
    "Redaction",
    "contact_ranges",
    "fold",
    "mask_segments",
]

#: What replaces a sentence that tells a bidder about another one.
NEUTRAL = "(appréciation comparative non communicable)"

#: Kinds of mention, with their French label.
MENTION_KINDS = {
    "name": "nom du candidat",
    "name_part": "nom abrégé du candidat",
    "word": "mot distinctif du nom",
    "acronym": "sigle du nom",
    "trade_name": "nom commercial",
    "offer_id": "identifiant d'offre",
    "price": "prix",
    "quote": "citation de la réponse",
}


# Words that never identify a bidder by themselves (folded: lower case, no accents).
def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION_WORDS = _wordset(
    """a au aux avec chez d de des du en et l la le les par pour sur sous un une ou the of and
    y s n qu que qui"""
)
_LEGAL_FORMS = _wordset(
    """sa sas sasu sarl eurl snc scs sca sci scop scic sem spl gie ei eirl se sci cie co ets
    etablissement etablissements societe societes compagnie groupe group groupement holding
    entreprise entreprises ste inc ltd gmbh bv nv ag srl spa llc plc"""
)
_GENERIC_WORDS = _wordset(
    """france francais francaise europe europeen europeenne europeens international internationale
    national nationale regional regionale local locale nord sud est ouest centre
    services service solutions solution distribution distributions distributeur fournitures
    fourniture industries industrie industriel industrielle production productions produits
    commerce commercial negoce conseil conseils pro professionnel professionnels associes
    partenaires logistique transports transport environnement developpement nouvelle nouveau
    grand grande petit petite saint sainte cooperative cooperatives union laboratoire
    laboratoires ateliers atelier maison"""
)

_QUOTE_WORDS = 6
_QUOTED = re.compile(r"[«“\"]\s*([^«»“”\"]{3,}?)\s*[»”\"]")
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:[,.](\d{1,2}))?(?!\d)"
    r"(?:[ ]?(k€|keur|k ?euros?|€|euros?|eur\b))?"
)
_ID_CONTEXT = r"(?:offres?|candidats?|soumissionnaires?|n°|no)"
_SENTENCE = re.compile(r".+?(?:[.!?…]+(?=\s|$)|;(?=\s)|$)", re.DOTALL)
_TRADE_MARK = re.compile(r"((?:[A-Z0-9][\w\-’']*\s+){0,2}[A-Z0-9][\w\-’']*)\s*[®™]")

# Contact details that identify the bidder who writes them, whatever its name: a
# telephone number (French, national or international), an e-mail or web address, a SIRET
# (14 digits) or a SIREN / SIRET given after its name. Spaces may be narrow or no-break ones.
_SP = r"[ \u00a0\u202f\u2009.\-]?"
_CONTACT = re.compile(
    "|".join(
        (
            r"(?<![\w@.])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",  # e-mail
            r"(?:\bhttps?://|\bwww\.)[^\s<>«»\"]+?(?=[.,;:!?)\]]*(?:\s|$))",  # web address
            r"(?<![\w@./-])[A-Za-z][\w\-]*(?:\.[\w\-]+)*\.(?:fr|com|eu|org|net|bzh|coop|info)"
            r"(?:/[^\s<>«»\"]*?)?(?=[.,;:!?)\]]*(?:\s|$))",  # bare domain
            rf"(?<![\w+])(?:\+33{_SP}(?:\(0\){_SP})?|0)[1-9](?:{_SP}\d\d){{4}}(?!\d)",  # telephone
            r"(?i:\bsire[nt]\b)\s*(?:n°|no|:)?\s*:?\s*\d(?:[ \u00a0\u202f]?\d){8,13}(?!\d)",  # id
            r"(?<![\d,.])\d{3}(?:[ \u00a0\u202f]?\d{3}){2}[ \u00a0\u202f]?\d{5}(?![\d,])",  # SIRET
        )
    )
)

_SPECIAL_FOLD = {
    "œ": "oe",
    "Œ": "oe",
    "æ": "ae",
    "Æ": "ae",
    "ß": "ss",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
}


def _fold_char(ch: str) -> str:
    if ch in _SPECIAL_FOLD:
        return _SPECIAL_FOLD[ch]
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.casefold() or ch


def fold(text: str) -> tuple[str, list[int]]:
    """The text in lower case without accents, with the original index of each folded character.

    Examples
    --------
    >>> folded, origin = fold("Sanéo Œuvre")
    >>> folded, origin[-5:]
    ('saneo oeuvre', [6, 7, 8, 9, 10])
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        chars.append(f)
        origin.extend([i] * len(f))
    return "".join(chars), origin


def _folded(text: str) -> str:
    return fold(text)[0]


def _words(folded: str) -> list[str]:
    return re.findall(r"\w+", folded)


@dataclass(frozen=True)
class Mention:
    """A mention of an offer in a text: where (``start``, ``end``), of which offer, of what kind.

    ``kind`` is a key of :data:`MENTION_KINDS`; ``term`` the name, word, id,
    price or quote it matched.
    """

    offer: str
    kind: str
    start: int
    end: int
    text: str
    term: str

    @property
    def label(self) -> str:
        """The kind of mention in French (« nom abrégé du candidat »)."""
        return MENTION_KINDS[self.kind]


@dataclass(frozen=True)
class Redaction:
    """A text cleared for a bidder: the new text, the mentions found, the sentences replaced."""

    text: str
    mentions: tuple[Mention, ...]
    replaced: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.replaced)


@dataclass(frozen=True)
class _Term:
    kind: str
    term: str
    pattern: re.Pattern[str]
    single: bool  # one word: exempt when the reader uses it too
    on_original: bool = False  # case-sensitive, matched on the original text


def _phrase_pattern(phrase: str) -> str:
    """A folded phrase as a regex: its words in order, separated by spaces or hyphens."""
    words = _words(_folded(phrase))
    return r"[\s\-']*".join(re.escape(w) for w in words)


def _whole(pattern: str) -> str:
    return rf"(?<!\w)(?:{pattern})(?!\w)"


class BidderMentions:
    """Find, redact and mask the mentions of a tender's bidders in any text.

    Parameters
    ----------
    tender
        The tender: its offers (names, ids, prices, answers, trade names) and
        its own texts (title, criteria, questions), whose words are the buyer's
        and identify nobody.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> mentions = BidderMentions(load_tender(sample_path("nettoyage")))
    >>> text = "Moins précis que Hygiène Pro ; l'offre de Bugey reste vague. Suivi semestriel."
    >>> [(m.offer, m.kind, m.text) for m in mentions.find(text, reader="O4")]
    [('O3', 'name_part', 'Hygiène Pro'), ('O2', 'word', 'Bugey')]
    >>> print(mentions.redact(text, reader="O4").text)
    (appréciation comparative non communicable) Suivi semestriel.
    >>> mentions.find("Reprise proche d'un bidon sur deux, niveau 3.", reader="O4")
    ()
    """

    def __init__(self, tender: Tender) -> None:
        self.tender = tender
        self._offers = {o.id: o for o in tender.offers}
        self._terms: dict[str, tuple[_Term, ...]] = {}
        for offer in tender.offers:
            self._terms[offer.id] = tuple(self._terms_of(offer))

    # ----------------------------------------------------------------- vocabulary
    @cached_property
    def _buyer_words(self) -> frozenset[str]:
        t = self.tender
        texts = [t.title, t.buyer, t.procedure, t.description]
        texts += [f"{lot.label} {lot.description}" for lot in t.lots]
        texts += [f"{node.label} {node.description}" for node, _ in t.nodes.values()]
        texts += [q.text for q in t.questions]
        for leaf in t.leaves:
            scale = getattr(leaf.scoring, "scale", None)
            if scale is not None:
                texts += [f"{lv.label} {lv.descriptor}" for lv in scale.levels]
        return frozenset(w for text in texts for w in _words(_folded(text or "")))

    @cached_property
    def _answer_words(self) -> dict[str, frozenset[str]]:
        return {
            o.id: frozenset(_words(_folded(" ".join(o.answers.values()))))
            for o in self.tender.offers
        }

    @cached_property
    def _word_users(self) -> Counter[str]:
        return Counter(w for words in self._answer_words.values() for w in words)

    def _common(self, word: str, owner: str) -> bool:
        """Whether two bidders or more, other than ``owner``, use ``word`` in their answers."""
        others = self._word_users[word] - (word in self._answer_words.get(owner, ()))
        return others >= 2

    def _distinctive(self, word: str, owner: str) -> bool:
        return (
            len(word) >= 3
            and not word.isdigit()
            and word not in _FUNCTION_WORDS
            and word not in _LEGAL_FORMS
            and word not in _GENERIC_WORDS
            and word not in self._buyer_words
            and not self._common(word, owner)
        )

    # ----------------------------------------------------------------- terms
    def _terms_of(self, offer: Offer) -> list[_Term]:
        terms: list[_Term] = []
        name = offer.bidder.strip()
        tokens = name.split()
        terms.append(_Term("name", name, re.compile(_whole(_phrase_pattern(name))), False))
        folded_tokens = [_folded(t) for t in tokens]

        def is_filler(folded_token: str) -> bool:
            parts = _words(folded_token)
            return not parts or all(p in _FUNCTION_WORDS or p in _LEGAL_FORMS for p in parts)

        seen = {" ".join(_words(_folded(name)))}
        for i in range(len(tokens)):
            for j in range(i + 2, len(tokens) + 1):
                if is_filler(folded_tokens[i]) or is_filler(folded_tokens[j - 1]):
                    continue
                run = " ".join(tokens[i:j])
                key = " ".join(_words(_folded(run)))
                if key in seen:
                    continue
                seen.add(key)
                terms.append(
                    _Term("name_part", run, re.compile(_whole(_phrase_pattern(run))), False)
                )
        for token in tokens:
            parts = re.split(r"[\-']", token) if re.search(r"[\-']", token) else []
            for piece in [token, *parts]:
                words = _words(_folded(piece))
                if not words:
                    continue
                key = " ".join(words)
                if key in seen:
                    continue
                if all(self._distinctive(w, offer.id) for w in words):
                    seen.add(key)
                    terms.append(
                        _Term("word", piece, re.compile(_whole(_phrase_pattern(piece))), True)
                    )
                    if len(words) > 1:  # « Distri-Clean » also written « DistriClean »
                        joined = "".join(words)
                        glued = "".join(re.split(r"[\-']", piece))
                        terms.append(
                            _Term("word", glued, re.compile(_whole(re.escape(joined))), True)
                        )
        initials = [w[0] for t in tokens for w in _words(_folded(t)) if not is_filler(w)]
        whole_initials = [
            _words(ft)[0][0] for ft in folded_tokens if _words(ft) and not is_filler(ft)
        ]
        for letters in dict.fromkeys(("".join(initials), "".join(whole_initials))):
            if len(letters) >= 3:
                upper = letters.upper()
                dotted = r"\.?".join(re.escape(c) for c in upper) + r"\.?"
                terms.append(
                    _Term(
                        "acronym",
                        upper,
                        re.compile(rf"(?<!\w)(?:{re.escape(upper)}|{dotted})(?!\w)"),
                        True,
                        on_original=True,
                    )
                )
        declared = list(getattr(offer, "trade_names", ()) or ())
        for answer in offer.answers.values():
            declared += [m.group(1) for m in _TRADE_MARK.finditer(answer)]
        for trade in dict.fromkeys(t.strip() for t in declared if t.strip()):
            words = _words(_folded(trade))
            if words and " ".join(words) not in seen:
                seen.add(" ".join(words))
                terms.append(
                    _Term("trade_name", trade, re.compile(_whole(_phrase_pattern(trade))), True)
                )
        terms.append(self._id_term(offer.id))
        return terms

    @staticmethod
    def _id_term(offer_id: str) -> _Term:
        has_digit = any(c.isdigit() for c in offer_id)
        has_alpha = any(c.isalpha() for c in offer_id)
        distinctive = (len(offer_id) >= 2 and has_digit and has_alpha) or (
            len(offer_id) >= 3 and not offer_id.isdigit()
        )
        escaped = re.escape(offer_id)
        if distinctive and _folded(offer_id) not in _FUNCTION_WORDS:
            pattern = re.compile(rf"(?<![\w\-])(?:{escaped})(?![\w\-])", re.IGNORECASE)
        else:  # « offre A », « candidats B et A », never a bare letter or figure
            pattern = re.compile(
                rf"(?<!\w){_ID_CONTEXT}\s+(?:[\w\-]+\s*(?:,|et|ou|/)\s*)*({escaped})(?![\w\-])",
                re.IGNORECASE,
            )
        return _Term("offer_id", offer_id, pattern, False, on_original=True)

    def terms(self, offer: str) -> tuple[tuple[str, str], ...]:
        """The names, words, acronyms, trade names and id that designate an offer: ``(kind, term)``.

        Examples
        --------
        >>> from efc_scoring import load_tender, sample_path
        >>> mentions = BidderMentions(load_tender(sample_path("nettoyage")))
        >>> [t for t in mentions.terms("O2") if t[0] in ("word", "acronym")]
        [('word', 'Bugey'), ('acronym', 'PBD')]
        """
        return tuple((t.kind, t.term) for t in self._terms[offer])

    # ----------------------------------------------------------------- finding
    def find(
        self,
        text: str,
        *,
        reader: str | None = None,
        about: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
    ) -> tuple[Mention, ...]:
        """The mentions of offers in ``text``, in text order, overlapping ones merged.

        Parameters
        ----------
        text
            Any text (a justification, a reason, an answer).
        reader
            The offer whose bidder will read the text: its own name, words,
            figures and answers are not mentions of another.
        about
            The offers to look for; by default every offer but ``reader``.
        kinds
            Only these kinds of mention (keys of :data:`MENTION_KINDS`).
        """
        if not text:
            return ()
        wanted = set(kinds) if kinds is not None else set(MENTION_KINDS)
        targets = [o for o in (about if about is not None else self._offers) if o != reader]
        folded, origin = fold(text)
        own = self._own_vocabulary(reader)
        found: list[Mention] = []

        def add(offer: str, kind: str, start: int, end: int, term: str) -> None:
            found.append(Mention(offer, kind, start, end, text[start:end], term))

        for offer in targets:
            if offer not in self._terms:
                raise NotFoundError(f"offre inconnue : {offer!r}")
            for term in self._terms[offer]:
                if term.kind not in wanted:
                    continue
                if term.single and own and " ".join(_words(_folded(term.term))) in own:
                    continue
                if term.on_original:
                    for m in term.pattern.finditer(text):
                        group = m.lastindex or 0
                        add(offer, term.kind, m.start(group), m.end(group), term.term)
                else:
                    for m in term.pattern.finditer(folded):
                        start, end = origin[m.start()], origin[m.end() - 1] + 1
                        add(offer, term.kind, start, end, term.term)
            if "price" in wanted:
                for start, end, value in self._prices_in(text, folded, origin, offer, reader):
                    add(offer, "price", start, end, value)
            if "quote" in wanted:
                for start, end in self._quotes_in(text, folded, origin, offer, reader):
                    add(offer, "quote", start, end, text[start:end])
        return tuple(_merge(found))

    def _own_vocabulary(self, reader: str | None) -> frozenset[str] | None:
        """The reader's own words and word runs (folded), for single-word exemptions."""
        if reader is None or reader not in self._offers:
            return None
        offer = self._offers[reader]
        words = _words(_folded(offer.bidder)) + _words(_folded(" ".join(offer.answers.values())))
        runs = {" ".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words))}
        return frozenset(runs)

    def _prices_in(  # type: ignore[no-untyped-def]
        self, text: str, folded: str, origin: list[int], offer: str, reader: str | None
    ):
        target = self._offers[offer]
        totals = [target.total_price] if target.total_price is not None else []
        units = [line.unit_price for line in target.lines if line.unit_price]
        if not totals and not units:
            return
        own: set[Decimal] = set()
        if reader is not None and reader in self._offers:
            mine = self._offers[reader]
            if mine.total_price is not None:
                own.add(mine.total_price)
            own |= {line.unit_price for line in mine.lines}
            own |= set(mine.values.values())
        for m in _NUMBER.finditer(folded):
            whole, cents, unit = m.group(1), m.group(2), m.group(3)
            try:
                value = Decimal(re.sub(r"[ .]", "", whole) + ("." + cents if cents else ""))
            except InvalidOperation:
                continue
            if unit and unit.replace(" ", "").startswith("k"):
                value *= 1000
            if value in own or value == 0:
                continue
            hit = any(value == p for p in totals) or (
                unit is not None and any(value == u for u in units)
            )
            if not hit and unit is not None:
                hit = any(abs(value - p) <= p * Decimal("0.005") for p in totals)
            if hit:
                yield origin[m.start()], origin[m.end() - 1] + 1, str(value)

    @cached_property
    def _ngrams(self) -> dict[str, frozenset[tuple[str, ...]]]:
        out = {}
        for o in self.tender.offers:
            words = _words(_folded(" ".join(o.answers.values())))
            out[o.id] = frozenset(
                tuple(words[i : i + _QUOTE_WORDS]) for i in range(len(words) - _QUOTE_WORDS + 1)
            )
        return out

    @cached_property
    def _buyer_ngrams(self) -> frozenset[tuple[str, ...]]:
        t = self.tender
        texts = [t.title, t.description, *(q.text for q in t.questions)]
        texts += [node.description for node, _ in t.nodes.values()]
        out = set()
        for text in texts:
            words = _words(_folded(text or ""))
            out |= {
                tuple(words[i : i + _QUOTE_WORDS]) for i in range(len(words) - _QUOTE_WORDS + 1)
            }
        return frozenset(out)

    def _quotes_in(  # type: ignore[no-untyped-def]
        self, text: str, folded: str, origin: list[int], offer: str, reader: str | None
    ):
        theirs = self._ngrams.get(offer, frozenset())
        mine = self._ngrams.get(reader, frozenset()) if reader else frozenset()
        tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+", folded)]
        words = [w for _, _, w in tokens]
        covered = [False] * len(tokens)
        for i in range(len(words) - _QUOTE_WORDS + 1):
            gram = tuple(words[i : i + _QUOTE_WORDS])
            if gram in theirs and gram not in mine and gram not in self._buyer_ngrams:
                for k in range(i, i + _QUOTE_WORDS):
                    covered[k] = True
        i = 0
        while i < len(tokens):
            if covered[i]:
                j = i
                while j + 1 < len(tokens) and covered[j + 1]:
                    j += 1
                yield origin[tokens[i][0]], origin[tokens[j][1] - 1] + 1
                i = j + 1
            else:
                i += 1
        target = self._offers[offer]
        answers = " ".join(" ".join(_words(_folded(a))) for a in target.answers.values())
        own_answers = ""
        if reader is not None and reader in self._offers:
            own_answers = " ".join(
                " ".join(_words(_folded(a))) for a in self._offers[reader].answers.values()
            )
        for m in _QUOTED.finditer(folded):
            quoted = " ".join(_words(m.group(1)))
            if len(quoted.split()) < 3:
                continue
            if f" {quoted} " in f" {answers} " and f" {quoted} " not in f" {own_answers} ":
                yield origin[m.start()], origin[m.end() - 1] + 1

    # ----------------------------------------------------------------- redacting
    def redact(
        self,
        text: str,
        *,
        reader: str,
        keep: Iterable[str] = (),
        replacement: str = NEUTRAL,
    ) -> Redaction:
        """``text`` cleared for the bidder of ``reader``: each sentence that mentions another
        offer (but those in ``keep``) is replaced by ``replacement``.

        A sentence ends with « . », « ! », « ? » or « … » before a space, or with
        « ; »; consecutive replaced sentences give one replacement.

        Examples
        --------
        >>> from efc_scoring import load_tender, sample_path
        >>> mentions = BidderMentions(load_tender(sample_path("nettoyage")))
        >>> r = mentions.redact("Reprise ferme. Moins ambitieux que l'offre O1 ; bon suivi.",
        ...                     reader="O3")
        >>> r.text, [m.text for m in r.mentions]
        ('Reprise ferme. (appréciation comparative non communicable) bon suivi.', ['O1'])
        """
        about = [o for o in self._offers if o != reader and o not in set(keep)]
        found = self.find(text, reader=reader, about=about)
        if not found:
            return Redaction(text, (), ())
        out: list[str] = []
        replaced: list[str] = []
        previous_replaced = False
        for m in _SENTENCE.finditer(text):
            piece = m.group()
            if not piece.strip():
                out.append(piece)
                continue
            hit = any(x.start < m.end() and x.end > m.start() for x in found)
            if not hit:
                out.append(piece)
                previous_replaced = False
                continue
            replaced.append(piece.strip())
            if previous_replaced:
                continue
            lead = piece[: len(piece) - len(piece.lstrip())]
            out.append(lead + replacement)
            previous_replaced = True
        cleared = re.sub(r"[ \t]{2,}", " ", " ".join(s.strip() for s in out if s.strip()))
        return Redaction(cleared, found, tuple(replaced))

    def mask_ranges(self, text: str, offer: str) -> tuple[tuple[int, int], ...]:
        """Where ``text`` designates ``offer`` itself: its name, words, acronym, trade names, id,
        and any contact detail (:func:`contact_ranges`).

        For blind grids, to hide a bidder's identity in its own answer.

        Examples
        --------
        >>> from efc_scoring import load_tender, sample_path
        >>> mentions = BidderMentions(load_tender(sample_path("nettoyage")))
        >>> text = "Chez Laboratoires Sanéo, l'équipe Sanéo livre."
        >>> [text[a:b] for a, b in mentions.mask_ranges(text, "O5")]
        ['Laboratoires Sanéo', 'Sanéo']
        """
        found = self.find(
            text,
            about=[offer],
            kinds=("name", "name_part", "word", "acronym", "trade_name", "offer_id"),
        )
        return _union([(m.start, m.end) for m in found] + contact_ranges(text))

    def mask(self, text: str, offer: str, placeholder: str = "[candidat]") -> str:
        """``text`` with every designation of ``offer`` itself replaced by ``placeholder``.

        Examples
        --------
        >>> from efc_scoring import load_tender, sample_path
        >>> mentions = BidderMentions(load_tender(sample_path("nettoyage")))
        >>> mentions.mask("Les équipes de Sanéo livrent depuis Lyon.", "O5")
        'Les équipes de [candidat] livrent depuis Lyon.'
        """
        out, pos = [], 0
        for start, end in self.mask_ranges(text, offer):
            out += [text[pos:start], placeholder]
            pos = end
        return "".join(out) + text[pos:]


def contact_ranges(text: str) -> list[tuple[int, int]]:
    """Where ``text`` gives contact details: telephone, e-mail, web address, SIRET or SIREN.

    They identify whoever writes them: a blind grid masks them as it masks the name.

    Examples
    --------
    >>> text = "Appelez le 02 41 55 63 80 ou www.exemple.fr ; 12 000 km évités."
    >>> [text[a:b] for a, b in contact_ranges(text)]
    ['02 41 55 63 80', 'www.exemple.fr']
    """
    return [(m.start(), m.end()) for m in _CONTACT.finditer(text)]


def _union(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """``ranges`` in order, overlapping or touching ones merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _merge(found: list[Mention]) -> list[Mention]:
    """Mentions in text order; one of two overlapping mentions is kept (the longest)."""
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in found:
        if out and m.start < out[-1].end:
            if m.end > out[-1].end and m.offer == out[-1].offer:
                last = out[-1]
                out[-1] = Mention(last.offer, last.kind, last.start, m.end, last.text, last.term)
            continue
        out.append(m)
    return out


def mask_segments(
    segments: Sequence[tuple[str, str | None]],
    ranges: Sequence[tuple[int, int]],
    placeholder: str,
) -> list[tuple[str, str | None]]:
    """Replace ``ranges`` of the text made of ``segments`` (runs of text with a style code).

    The placeholder takes no style; the runs around it keep theirs.

    Examples
    --------
    >>> mask_segments([("Chez Sanéo, ", None), ("reprise", "F")], [(5, 10)], "[candidat]")
    [('Chez ', None), ('[candidat]', None), (', ', None), ('reprise', 'F')]
    """
    if not ranges:
        return list(segments)
    out: list[tuple[str, str | None]] = []
    ordered = sorted(ranges)
    pos = 0
    k = 0
    for text, code in segments:
        start, end = pos, pos + len(text)
        cursor = start
        while k < len(ordered) and ordered[k][0] < end:
            a, b = ordered[k]
            if a > cursor:
                out.append((text[cursor - start : a - start], code))
            if a >= cursor and (not out or out[-1] != (placeholder, None)):
                out.append((placeholder, None))
            cursor = max(cursor, min(b, end))
            if b > end:
                break
            k += 1
        if cursor < end:
            out.append((text[cursor - start :], code))
        pos = end
    return [(t, c) for t, c in out if t]
