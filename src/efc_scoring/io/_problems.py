"""Pydantic validation errors turned into French problems, for every file the library reads.

Used by the tender loader (tender, offers, marks) and by the progress-plan
loader (plans, reviews), so that a wrong value reads the same way everywhere:
what was found (a short, bounded rendering, never a full ``repr``), what is
expected, and for a misspelt key or enum value the nearest allowed one
(``environnement`` → ``environment``, ``usager`` → ``user``).
"""

from __future__ import annotations

import difflib
import re
import reprlib
import unicodedata
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from efc_scoring.errors import ErrorCode, ModelRuleError

__all__ = [
    "PYDANTIC_FR",
    "Finding",
    "bounded_repr",
    "format_path",
    "parse_path",
    "pydantic_findings",
    "suggest",
]

Loc = tuple[str | int, ...]
#: One problem before it is placed in a file: (path, message, fix, code, related), where
#: ``related`` lists the fields the problem involves, as (path, name), to give their lines.
Finding = tuple[Loc, str, str, ErrorCode, list[tuple[Loc, str]]]

_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxtuple = 2, 3, 3, 3
_REPR.maxstring, _REPR.maxother, _REPR.maxlong = 60, 60, 40


def bounded_repr(value: Any) -> str:
    """A short ``repr`` whose cost does not grow with the value (nested lists, long texts).

    >>> bounded_repr(["x" * 1000, [[[1]]], 3, 4, 5])
    "['xxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxxx', [[...]], 3, ...]"
    """
    return _REPR.repr(value)


#: French messages for the pydantic errors an input file meets.
PYDANTIC_FR = {
    "missing": "clé obligatoire absente",
    "decimal_parsing": "un nombre est attendu",
    "decimal_type": "un nombre est attendu",
    "int_parsing": "un nombre entier est attendu",
    "int_type": "un nombre entier est attendu",
    "float_parsing": "un nombre est attendu",
    "string_type": "un texte est attendu (mettre la valeur entre guillemets)",
    "string_too_short": "ce texte ne peut pas être vide",
    "string_too_long": "ce texte est trop long",
    "string_pattern_mismatch": "format invalide",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "date_from_datetime_inexact": "une date AAAA-MM-JJ est attendue (sans heure)",
    "date_parsing": "une date AAAA-MM-JJ est attendue",
    "date_type": "une date AAAA-MM-JJ est attendue",
    "datetime_parsing": "une date et une heure AAAA-MM-JJTHH:MM:SS sont attendues",
    "datetime_from_date_parsing": "une date et une heure AAAA-MM-JJTHH:MM:SS sont attendues",
    "datetime_type": "une date et une heure AAAA-MM-JJTHH:MM:SS sont attendues",
    "enum": "valeur non reconnue",
    "literal_error": "valeur non reconnue",
    "greater_than": "la valeur doit être strictement positive",
    "greater_than_equal": "la valeur ne peut pas être négative",
    "less_than_equal": "la valeur est trop grande",
    "list_type": "une liste est attendue",
    "tuple_type": "une liste est attendue",
    "dict_type": "une table de clés est attendue",
    "model_type": "une table de clés est attendue",
    "model_attributes_type": "une table de clés est attendue",
    "too_short": "la liste ne peut pas être vide",
    "union_tag_invalid": "type inconnu",
    "union_tag_not_found": "le type manque",
    "bool_parsing": "true ou false est attendu",
    "bool_type": "true ou false est attendu",
    "value_error": "valeur invalide",
    "extra_forbidden": "clé inconnue",
}

#: French words people type for an enum value, by value (folded: no accents, lower case).
_FRENCH_WORDS = {
    "prix": "price",
    "cout": "cost",
    "qualite": "quality",
    "technique": "quality",
    "environnement": "environment",
    "environnemental": "environment",
    "environnementale": "environment",
    "cooperation": "cooperation",
    "sociale": "social",
    "acheteur": "buyer",
    "acheteuse": "buyer",
    "technicien": "technical",
    "technicienne": "technical",
    "usager": "user",
    "usagere": "user",
    "utilisateur": "user",
    "utilisatrice": "user",
    "agent": "user",
    "elu": "elected",
    "elue": "elected",
    "proportionnelle": "proportional",
    "lineaire": "linear",
    "titulaire": "supplier",
    "fournisseur": "supplier",
    "acheteur public": "buyer",
    "les deux": "both",
    "moyens": "means",
    "resultat": "result",
    "quantitatif": "quantitative",
    "qualitatif": "qualitative",
}


def fold(text: str) -> str:
    """Lower case without accents, for matching what people type."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def suggest(value: object, allowed: list[str]) -> str | None:
    """The allowed value nearest to ``value``: its French word, else the closest spelling.

    >>> suggest("environnement", ["price", "environment", "social"])
    'environment'
    >>> suggest("usager", ["buyer", "technical", "user", "elected"])
    'user'
    >>> suggest("zzz", ["buyer", "user"]) is None
    True
    """
    if not isinstance(value, str) or not allowed or len(value) > 100:
        return None
    folded = fold(value)
    word = _FRENCH_WORDS.get(folded)
    if word in allowed:
        return word
    lowered = {a.lower(): a for a in allowed}
    if folded in lowered:
        return lowered[folded]
    match = difflib.get_close_matches(folded, list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def format_path(loc: Loc) -> str:
    """``criteria[2].children[0].weight`` from a location tuple."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_path(text: str) -> Loc:
    """The location tuple of a path written by :func:`format_path`."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return tuple(parts)


def pydantic_findings(
    exc: ValidationError,
    root: Any,
    *,
    is_tag: Callable[[tuple[Any, ...], int], bool] = lambda loc, i: False,
) -> list[Finding]:
    """Every error of ``exc`` as (location, French message, fix, code).

    ``root`` is the validated model class, to suggest the nearest field of a
    misspelt key; ``is_tag`` tells which parts of a location are the tags of a
    discriminated union (left out of the path).
    """
    findings: list[Finding] = []
    errors = exc.errors()
    deeper = {tuple(e["loc"][:n]) for e in errors for n in range(1, len(e["loc"]))}
    for err in errors:
        if err["type"] == "too_short" and tuple(err["loc"]) in deeper:
            continue  # "the list is empty" only because its items were refused: say why instead
        loc: Loc = tuple(p for i, p in enumerate(err["loc"]) if not is_tag(err["loc"], i))
        rule = err.get("ctx", {}).get("error") if err["type"] == "value_error" else None
        if isinstance(rule, ModelRuleError):
            for rel, message, fix in rule.problems:
                related = [(loc + parse_path(p), name) for p, name in rule.related.get(rel, [])]
                code = rule.codes.get(rel, rule.code)
                findings.append((loc + parse_path(rel), message, fix, code, related))
            continue
        found = err.get("input")
        kind = err["type"]
        message = PYDANTIC_FR.get(kind, "valeur invalide")
        if kind == "extra_forbidden":
            message = f"clé inconnue {bounded_repr(loc[-1])}"
            fix = "la retirer ou corriger son orthographe (voir `efc-scoring schema`)"
            close = _closest_field(str(loc[-1]), root, loc)
            if close:
                fix = f"vouliez-vous dire `{close}` ? " + fix
        elif kind == "missing":
            fix = "ajouter cette clé"
        elif kind in ("enum", "literal_error", "union_tag_invalid"):
            expected = str(err.get("ctx", {}).get("expected_tags") or "") or str(
                err.get("ctx", {}).get("expected") or ""
            )
            allowed = re.findall(r"'([^']*)'", expected)
            found_text = err.get("ctx", {}).get("tag", found)
            message = f"valeur {bounded_repr(found_text)} non reconnue" + (
                f" ; valeurs permises : {', '.join(allowed)}" if allowed else ""
            )
            close = suggest(found_text, allowed)
            fix = f"vouliez-vous dire `{close}` ?" if close else "choisir une valeur permise"
        else:
            fix = f"valeur trouvée : {bounded_repr(found)}"
        findings.append((loc, message, fix, ErrorCode.from_pydantic(kind), []))
    return findings


def _closest_field(key: str, root: Any, loc: Loc) -> str | None:
    """The allowed key nearest to a misspelt one, from the model's fields at that place."""
    model: Any = root
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    fields = list(getattr(model, "model_fields", {})) if model is not None else []
    match = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    return match[0] if match else None


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside ``tuple[Model, ...]``, ``Model | None`` and the like."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
