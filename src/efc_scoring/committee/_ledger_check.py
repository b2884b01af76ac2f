"""Verification of a hash-chained ledger: which lines were edited, removed, inserted or moved."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["GENESIS", "REQUIRED", "LedgerProblem", "check_lines"]

#: The ``prev`` of the first entry.
GENESIS = "0" * 64
REQUIRED = frozenset(
    {"alg", "at", "hash", "justification", "kind", "previous", "prev", "seq", "what", "who"}
)


@dataclass(frozen=True)
class LedgerProblem:
    """One problem of a ledger: its 1-based line, a code, and what it means (FR and EN).

    Codes: ``malformed`` (not an entry), ``edited`` (content does not match its
    hash), ``key`` (signed entries checked without the key, or the reverse),
    ``removed``, ``inserted``, ``reordered``, ``chain`` (does not follow the line
    before), ``truncated`` (last line cut), ``head`` (not the noted last hash).
    """

    line: int
    code: str
    message_fr: str
    message_en: str


def check_lines(
    data: bytes,
    key: bytes | None,
    digest: Callable[[dict[str, Any], bytes | None], str],
    canonical: Callable[[dict[str, Any]], bytes],
) -> tuple[list[LedgerProblem], int, str]:
    """Problems of a ledger's bytes, its number of lines, and its last entry's hash."""
    problems: list[LedgerProblem] = []

    def add(line: int, code: str, fr: str, en: str) -> None:
        problems.append(LedgerProblem(line, code, f"ligne {line} : {fr}", f"line {line}: {en}"))

    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    elif data:
        add(
            len(lines),
            "truncated",
            "la dernière ligne n'a pas de fin de ligne (coupée ou modifiée)",
            "the last line has no line end (cut or edited)",
        )
    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(lines, start=1):
        entry = _parse(raw)
        if entry is None:
            add(
                number,
                "malformed",
                "ce n'est pas une entrée lisible du journal (modifiée ?)",
                "not a readable ledger entry (edited?)",
            )
            continue
        parsed.append((number, entry))
        if canonical(entry) != raw:
            add(
                number,
                "edited",
                "l'entrée n'est plus dans sa forme d'origine (modifiée)",
                "the entry is no longer in its original form (edited)",
            )
        elif key is not None and entry["alg"] != "hmac-sha256":
            add(
                number,
                "key",
                "entrée non signée dans un journal vérifié avec une clé (réécrite sans la clé ?)",
                "unsigned entry in a ledger checked with a key (rewritten without the key?)",
            )
        elif key is None and entry["alg"] != "sha256":
            add(
                number,
                "key",
                "entrée signée (HMAC) : donnez la clé pour la vérifier",
                "signed (HMAC) entry: give the key to verify it",
            )
        elif digest(entry, key) != entry["hash"]:
            add(
                number,
                "edited",
                "le contenu ne correspond plus à son empreinte (modifié)",
                "the content no longer matches its hash (edited)",
            )
    _check_sequence(parsed, add)
    _check_chain(parsed, {p.line for p in problems}, add)
    last = parsed[-1][1]["hash"] if parsed else GENESIS
    problems.sort(key=lambda p: p.line)
    return problems, len(lines), str(last)


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(entry, dict) or not entry.keys() >= REQUIRED:
        return None
    seq = entry["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        return None
    if not isinstance(entry["hash"], str) or not isinstance(entry["prev"], str):
        return None
    return entry


def _check_sequence(parsed: list[tuple[int, dict[str, Any]]], add: Callable[..., None]) -> None:
    seqs = [entry["seq"] for _, entry in parsed]
    present = set(seqs)
    seen: dict[int, int] = {}
    expected = 1
    for position, (number, entry) in enumerate(parsed):
        seq = entry["seq"]
        if seq in seen:
            add(
                number,
                "inserted",
                f"le numéro {seq} répète celui de la ligne {seen[seq]} : une entrée a été "
                f"insérée (ligne {seen[seq]} ou {number})",
                f"number {seq} repeats that of line {seen[seq]}: an entry was inserted "
                f"(line {seen[seq]} or {number})",
            )
            continue
        seen[seq] = number
        if seq == expected:
            expected += 1
        elif seq > expected:
            missing = range(expected, seq)
            later = set(seqs[position + 1 :])
            gone = [m for m in missing if m not in present]
            moved = [m for m in missing if m in later]
            if gone:
                add(
                    number,
                    "removed",
                    f"{_span(gone, 'entrée', 'entrées')} manquante(s) avant cette ligne "
                    "(supprimée(s))",
                    f"{_span(gone, 'entry', 'entries')} missing before this line (removed)",
                )
            if moved:
                add(
                    number,
                    "reordered",
                    f"l'entrée {seq} vient avant {_span(moved, 'l’entrée', 'les entrées')} "
                    "(ordre modifié)",
                    f"entry {seq} comes before {_span(moved, 'entry', 'entries')} (reordered)",
                )
            expected = seq + 1
        else:
            add(
                number,
                "reordered",
                f"l'entrée {seq} arrive après l'entrée {expected - 1} (ordre modifié)",
                f"entry {seq} comes after entry {expected - 1} (reordered)",
            )


def _check_chain(
    parsed: list[tuple[int, dict[str, Any]]], flagged: set[int], add: Callable[..., None]
) -> None:
    before: tuple[int, dict[str, Any]] | None = None
    for number, entry in parsed:
        if number in flagged:
            before = (number, entry)
            continue
        if before is None and number == 1 and entry["prev"] != GENESIS:
            add(
                number,
                "chain",
                "la première entrée ne part pas de l'origine de la chaîne : des entrées ont été "
                "supprimées au début",
                "the first entry does not start the chain: entries were removed from the start",
            )
        elif (
            before is not None
            and before[0] == number - 1
            and before[0] not in flagged
            and entry["prev"] != before[1]["hash"]
        ):
            add(
                number,
                "chain",
                f"l'entrée ne suit pas celle de la ligne {before[0]} : une entrée a été supprimée "
                f"entre elles, ou la ligne {before[0]} a été réécrite avec une nouvelle empreinte",
                f"the entry does not follow line {before[0]}: an entry between them was removed, "
                f"or line {before[0]} was rewritten with a new hash",
            )
        before = (number, entry)


def _span(numbers: list[int], one: str, many: str) -> str:
    """``entry 3``, ``entries 3 to 5`` (``à`` when ``many`` is French), ``entries 2, 5``."""
    if len(numbers) == 1:
        return f"{one} {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        to = "to" if many == "entries" else "à"
        return f"{many} {numbers[0]} {to} {numbers[-1]}"
    return f"{many} " + ", ".join(str(n) for n in numbers)
