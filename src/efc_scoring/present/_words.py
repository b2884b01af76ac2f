"""French words that depend on a number or a list: plurals, ordinals, enumerations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

__all__ = ["count", "join", "one_line", "ordinal", "plural", "unit", "with_article"]


def plural(n: int, singular: str, plural: str | None = None) -> str:
    """``singular`` or its plural: French puts 0 and 1 in the singular.

    Examples
    --------
    >>> plural(0, "offre"), plural(1, "offre"), plural(2, "offre"), plural(3, "niveau", "niveaux")
    ('offre', 'offre', 'offres', 'niveaux')
    """
    if abs(n) < 2:
        return singular
    return plural if plural is not None else singular + "s"


#: Nouns the same in the singular and the plural.
_INVARIABLE = frozenset({"mois", "fois", "pas", "poids", "cas", "temps", "prix", "kms"})
#: Words after which a unit's complement begins (« tonnes de déchets »): left as written.
_COMPLEMENT = frozenset({"de", "du", "des", "d'", "par", "à", "au", "aux", "en", "sur", "/"})


def unit(value: Decimal | Fraction | int | float, name: str) -> str:
    """A unit written in the plural (« jours ») agreed with the value it follows.

    French puts a quantity under 2 in the singular (« 1 jour », « 1,5 jour », « 0,5
    heure »): the nouns and adjectives of the unit lose their plural mark, not its
    complement (« 1 tonne de déchets ») nor an invariable noun (« 1 mois »). Symbols
    and abbreviations without a plural mark (« km », « % ») are left as they are.

    Examples
    --------
    >>> unit(1, "jours"), unit(Decimal("1.5"), "jours ouvrés"), unit(2, "jours")
    ('jour', 'jour ouvré', 'jours')
    >>> unit(1, "mois"), unit(1, "tonnes de déchets"), unit(1, "km"), unit(1, "niveaux")
    ('mois', 'tonne de déchets', 'km', 'niveau')
    """
    if not name or abs(Fraction(value)) >= 2:
        return name
    words = name.split(" ")
    for i, word in enumerate(words):
        lowered = word.lower()
        if lowered in _COMPLEMENT or lowered.startswith(("d'", "d’")):
            break
        if not word.isalpha() or len(word) < 3 or lowered in _INVARIABLE:
            continue
        if lowered.endswith("eaux") or lowered.endswith("s"):
            words[i] = word[:-1]
        elif lowered.endswith("aux") and len(word) > 4:
            words[i] = word[:-3] + "al"
    return " ".join(words)


def count(n: int, singular: str, plural_form: str | None = None) -> str:
    """A number and its noun agreed: « 1 offre », « 3 offres », « 0 note manquante ».

    Examples
    --------
    A noun of several words needs its plural spelt out (« note manquante »,
    « notes manquantes »).

    Examples
    --------
    >>> count(1, "offre"), count(3, "offre"), count(2, "critère évalué", "critères évalués")
    ('1 offre', '3 offres', '2 critères évalués')
    >>> count(1200, "note") == "1\\u202f200 notes"
    True
    """
    from efc_scoring.present._numbers import number

    if plural_form is None and " " in singular.strip():
        from efc_scoring.errors import ParameterError

        raise ParameterError(f"donner le pluriel de {singular!r} : seul un mot prend un « s » seul")
    return f"{number(n)} {plural(n, singular, plural_form)}"


def ordinal(n: int, *, feminine: bool = False) -> str:
    """« 1er » (« 1re » for a feminine noun such as « place »), « 2e », « 10e ».

    Examples
    --------
    >>> ordinal(1), ordinal(1, feminine=True), ordinal(2), ordinal(11)
    ('1er', '1re', '2e', '11e')
    """
    if n == 1:
        return "1re" if feminine else "1er"
    return f"{n}e"


def join(items: Iterable[str], conjunction: str = "et") -> str:
    """« a », « a et b », « a, b et c » (« ou » with ``conjunction="ou"``).

    Examples
    --------
    >>> join([]), join(["O1"]), join(["O1", "O2"]), join(["O1", "O2", "O3"], "ou")
    ('', 'O1', 'O1 et O2', 'O1, O2 ou O3')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def one_line(text: str) -> str:
    """``text`` on one line: runs of spaces and line breaks become one space.

    No-break spaces (U+00A0, U+2007, U+202F) are kept: they hold « 57 580 € »
    together, and ``str.split()`` would drop them.

    Examples
    --------
    >>> one_line("  57\\u202f580,00 €\\n  HT ") == "57\\u202f580,00 € HT"
    True
    """
    return _BREAKING_SPACE.sub(" ", text).strip()


#: The gender and number of the nouns that begin the names of French public buyers
#: (lower case, accents kept): « m », « f », « mp » (masculine plural), « fp ».
_BUYER_NOUNS = {
    **dict.fromkeys(
        [
            "centre",
            "conseil",
            "département",
            "departement",
            "syndicat",
            "établissement",
            "etablissement",
            "office",
            "groupement",
            "service",
            "ministère",
            "musée",
            "hôpital",
            "hopital",
            "institut",
            "collège",
            "lycée",
            "port",
            "parc",
            "secrétariat",
            "haut-commissariat",
            "théâtre",
            "opéra",
            "conservatoire",
            "pôle",
            "territoire",
            "groupe",
            "ccas",
            "cias",
            "sdis",
            "sivu",
            "sivom",
            "chu",
            "chr",
            "ehpad",
            "epci",
            "oph",
            "crous",
            "smictom",
            "sictom",
            "gip",
            "cnrs",
        ],
        "m",
    ),
    **dict.fromkeys(
        [
            "ville",
            "commune",
            "région",
            "region",
            "communauté",
            "métropole",
            "eurométropole",
            "université",
            "universite",
            "agence",
            "chambre",
            "caisse",
            "direction",
            "mairie",
            "préfecture",
            "école",
            "ecole",
            "académie",
            "collectivité",
            "régie",
            "société",
            "maison",
            "union",
            "fédération",
            "administration",
            "assemblée",
            "cour",
            "délégation",
            "mission",
            "bibliothèque",
            "médiathèque",
            "résidence",
            "fondation",
            "caf",
            "cpam",
            "ugap",
            "sncf",
            "ratp",
            "dreal",
            "ddt",
            "ars",
            "ap-hp",
        ],
        "f",
    ),
    **dict.fromkeys(["hospices", "services", "hôpitaux", "hopitaux", "ateliers"], "mp"),
    **dict.fromkeys(["voies", "archives", "écoles", "ecoles", "régies"], "fp"),
}
_ARTICLES = ("le ", "la ", "les ", "l'", "l’")


def with_article(name: str) -> str:
    """A buyer's name after « Pour », with its definite article: « le Centre communal… ».

    The article follows the noun the name begins with (« la Commune de… »,
    « les Hospices civils… »), elided before a vowel or a mute h (« l'Université… »,
    « l'Hôpital… », « l'UGAP »); a name that already has one keeps it, in lower
    case; a name that does not begin with a known noun (a company, a place) is
    left as it is.

    Examples
    --------
    >>> with_article("Centre communal d'action sociale de Valmont")
    "le Centre communal d'action sociale de Valmont"
    >>> with_article("Commune de Valmont"), with_article("Hospices civils de Lyon")
    ('la Commune de Valmont', 'les Hospices civils de Lyon')
    >>> with_article("Université de Nantes"), with_article("La Ville de Lyon")
    ("l'Université de Nantes", 'la Ville de Lyon')
    >>> with_article("Valmont-sur-Loire")
    'Valmont-sur-Loire'
    """
    text = name.strip()
    lowered = text.lower()
    for article in _ARTICLES:
        if lowered.startswith(article):
            return article.replace("’", "'") + text[len(article) :].lstrip()
    first = re.split(r"[\s,]+", lowered, maxsplit=1)[0]
    kind = _BUYER_NOUNS.get(first)
    if kind is None:
        return text
    if first[0] in "aeiouyàâéèêëîïôöûüh" and not first.startswith(("haut", "hau")):
        return f"l'{text}" if len(kind) == 1 else f"les {text}"
    if len(kind) == 2:
        return f"les {text}"
    return f"{'le' if kind == 'm' else 'la'} {text}"
