"""Answers that need no parsing: empty, placeholders, bare referrals, other languages."""

from __future__ import annotations

import re

from efc_scoring.evidence._nlp import fold
from efc_scoring.evidence.lexicon import Lexicons

__all__ = ["clean", "language", "triage"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: object) -> str:
    """The answer as a string (``None`` becomes empty); control characters stay as they are.

    Examples
    --------
    >>> clean(None)
    ''
    """
    if text is None:
        return ""
    return text if isinstance(text, str) else str(text)


def triage(text: str, lex: Lexicons) -> tuple[str, str] | None:
    """Return ``(rule, quoted_text)`` for an answer that is not read, else ``None``.

    Rules: ``empty`` (blank, "NC", "néant", only symbols), ``referral`` ("Voir
    mémoire technique", "cf. annexe 3"), ``foreign`` (not French; the second item is
    then the language's code).

    Examples
    --------
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> lex = load_lexicons()
    >>> triage("  NC ", lex)
    ('empty', 'NC')
    >>> triage("Voir mémoire technique, p. 12.", lex)
    ('referral', 'Voir mémoire technique, p. 12.')
    >>> triage("We take back all empty drums and provide refills.", lex)
    ('foreign', 'en')
    >>> triage("Nous reprenons les bidons.", lex) is None
    True
    """
    stripped = _CONTROL.sub(" ", text[:5000]).strip()  # the start tells enough
    folded = fold(stripped)
    words = _WORD.findall(folded)
    if not words:
        return ("empty", stripped[:40]) if stripped else ("empty", "")
    if len(words) > 400:
        words = words[:400]
    if folded.strip(" .!?;:-_/\t\n") in lex.cue("empty_answers") or " ".join(words) in lex.cue(
        "empty_answers"
    ):
        return "empty", stripped
    starts = set(lex.cue("referral_starts"))
    starts_as_referral = words[0] in starts or " ".join(words[:2]) in starts
    names_a_document = bool(set(words) & set(lex.cue("referral_objects")))
    if len(words) <= 15 and starts_as_referral and names_a_document:
        return "referral", stripped
    lang = language(words, lex)
    if lang != "fr":
        return "foreign", lang
    return None


def language(words: list[str], lex: Lexicons) -> str:
    """``fr``, or the code of the language whose common words outnumber French ones.

    A few English words in a French answer (« healthy & organic », « kick-off ») do
    not make it foreign: the other language needs twice as many common words.

    Examples
    --------
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> language("all print jobs are delivered by cargo bike".split(), load_lexicons())
    'en'
    >>> language("livraison en vrac des produits pour le kick-off".split(), load_lexicons())
    'fr'
    """
    french = set(lex.cue("french_words"))
    n_fr = sum(w in french for w in words)
    best, best_n = "fr", 0
    for key in lex.cues:
        if not key.startswith("foreign_words."):
            continue
        foreign = set(lex.cue(key))
        n_foreign = sum(w in foreign for w in words)
        if n_foreign >= 2 and n_foreign > 2 * n_fr and n_foreign > best_n:
            best, best_n = key.split(".", 1)[1], n_foreign
    return best
