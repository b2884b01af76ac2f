"""One cache entry: an assessment as plain JSON, checked field by field when read back.

An entry never holds the answer itself: the reader knows the answer (its hash
is part of the key), and the evidence spans are stored as offsets and rebuilt
from it. The encoding follows the fields of :class:`AnswerAssessment` and
their type hints, so a field the engine adds later is stored without a change
here when it is a plain value, a tuple or a frozenset of plain values; any
other field makes :func:`encode` refuse the assessment (it is then not cached,
never cached wrong).

An entry read back is trusted only if every check passes: the format, the key
and the engine it was written for, the hash of the answer, a SHA-256 checksum
of its content, the type of every field, the codes of the features and the
offsets of the spans. Anything else is :class:`InvalidEntry`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
from typing import Any

from efc_scoring.evidence.assessment import AnswerAssessment, EvidenceSpan
from efc_scoring.evidence.features import CODES

__all__ = ["FORMAT", "InvalidEntry", "decode", "encode", "sha256"]

#: Version of the entry layout; part of the engine fingerprint.
FORMAT = 1
_PLAIN = (str, int, float, bool, type(None))


class InvalidEntry(ValueError):
    """An entry that cannot be trusted (truncated, edited, for another answer or engine).

    The message is in French: it ends up in the warning the command line prints.
    """


def sha256(text: str) -> str:
    """Hex SHA-256 of a text (UTF-8, unpaired surrogates kept)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _canonical(data: Any) -> str:
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )


@functools.cache
def _hints() -> dict[str, Any]:
    return typing.get_type_hints(AnswerAssessment)


def _to_json(value: Any) -> Any:
    if isinstance(value, EvidenceSpan):
        return [value.code, value.start, value.end]
    if isinstance(value, frozenset | set):
        return sorted(_to_json(v) for v in value)
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    if isinstance(value, _PLAIN):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in the assessment cache")


def encode(assessment: AnswerAssessment, *, key: str, engine: str) -> str:
    """The JSON text of the entry of ``assessment`` under ``key``.

    Raises
    ------
    TypeError, ValueError
        When a field is not plain data (the assessment is then not cached).
    """
    payload = {
        f.name: _to_json(getattr(assessment, f.name))
        for f in dataclasses.fields(assessment)
        if f.name != "text"
    }
    body = {
        "format": FORMAT,
        "key": key,
        "engine": engine,
        "answer_sha256": sha256(assessment.text),
        "assessment": payload,
    }
    text = _canonical(body)  # a NaN or an infinity raises ValueError
    # ASCII escapes keep an unpaired surrogate of a damaged answer writable as UTF-8
    return json.dumps({**body, "checksum": sha256(text)}, ensure_ascii=True) + "\n"


def _from_json(value: Any, hint: Any, text: str, where: str) -> Any:
    origin = typing.get_origin(hint)
    if hint is EvidenceSpan:
        ok = (
            isinstance(value, list)
            and len(value) == 3
            and value[0] in CODES
            and all(type(v) is int for v in value[1:])
            and 0 <= value[1] <= value[2] <= len(text)
        )
        if not ok:
            raise InvalidEntry(f"{where} : pas un passage de la réponse")
        code, start, end = value
        return EvidenceSpan(code, start, end, text[start:end])
    if origin is types.UnionType or origin is typing.Union:
        for arg in typing.get_args(hint):
            try:
                return _from_json(value, arg, text, where)
            except InvalidEntry:
                continue
        raise InvalidEntry(f"{where} : valeur inattendue {value!r}")
    if origin in (frozenset, tuple):
        if not isinstance(value, list):
            raise InvalidEntry(f"{where} : une liste était attendue")
        arg = typing.get_args(hint)[0]
        items = [_from_json(v, arg, text, where) for v in value]
        return frozenset(items) if origin is frozenset else tuple(items)
    if hint is type(None) or hint is None:
        if value is None:
            return None
    elif hint is float:
        if type(value) in (int, float):
            return float(value)
    elif hint in (int, str, bool) and type(value) is hint:
        return value
    raise InvalidEntry(f"{where} : valeur inattendue {value!r}")


def decode(raw: bytes, *, key: str, engine: str, text: str) -> AnswerAssessment:
    """The assessment stored in ``raw``, if it is the entry of ``key`` for ``text``.

    Raises
    ------
    InvalidEntry
        When anything does not check out.
    """
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidEntry(f"pas du JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InvalidEntry("pas un objet JSON")
    checksum = data.pop("checksum", None)
    if data.get("format") != FORMAT:
        raise InvalidEntry(f"format inconnu {data.get('format')!r}")
    if checksum != sha256(_canonical(data)):
        raise InvalidEntry("somme de contrôle fausse (entrée modifiée ou abîmée)")
    if data.get("key") != key or data.get("engine") != engine:
        raise InvalidEntry("entrée d'une autre réponse ou d'un autre moteur")
    if data.get("answer_sha256") != sha256(text):
        raise InvalidEntry("entrée d'une autre réponse")
    payload = data.get("assessment")
    hints = _hints()
    if not isinstance(payload, dict) or set(payload) != set(hints) - {"text"}:
        raise InvalidEntry("champs différents de ceux des lectures du moteur")
    values = {
        name: _from_json(payload[name], hint, text, f"assessment.{name}")
        for name, hint in hints.items()
        if name != "text"
    }
    if not set(values.get("features", ())) <= set(CODES):
        raise InvalidEntry("assessment.features : code inconnu")
    return AnswerAssessment(**values, text=text)
