"""A tamper-evident ledger of the committee's work: scores, changes, consensus, imports.

The ledger is a JSON-lines file. Each entry says who, when, what, the previous
value and why, and carries the hash of the entry before it (a hash chain):
editing, removing, inserting or reordering an entry breaks the chain, and
:func:`verify_ledger` says where. The hash is SHA-256 of the entry's canonical
JSON (sorted keys, UTF-8, no spaces); with a secret ``key`` it is HMAC-SHA256,
so that nobody without the key can rewrite the chain. The file is only ever
appended to (append mode, ``fsync``, an exclusive lock while appending).

A hash chain cannot, by itself, show that its *last* entries were removed or
that an unkeyed chain was rewritten from some point on: note the ``head`` hash
(:attr:`LedgerReport.head`) in the offers-analysis report and pass it back to
:func:`verify_ledger`, and use a key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.committee._ledger_check import GENESIS, LedgerProblem, check_lines
from efc_scoring.errors import LedgerError

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.model.committee import Mark

__all__ = [
    "GENESIS",
    "KINDS",
    "Ledger",
    "LedgerError",
    "LedgerProblem",
    "LedgerRepair",
    "LedgerReport",
    "canonical_json",
    "verify_ledger",
]

#: What an entry records; those in JUSTIFIED need a justification. The kinds after
#: ``note`` are the steps of the procedure (:mod:`efc_scoring.procedure`): evaluators'
#: declarations, phases, rounds closed, admissions, admissibility statuses,
#: regularisations, the abnormally-low-offer procedure and the PSE retained.
KINDS = (
    "score",
    "change",
    "consensus",
    "import",
    "note",
    "declaration",
    "phase",
    "round",
    "admission",
    "status",
    "regularisation",
    "abnormal",
    "options",
)
JUSTIFIED = ("score", "change", "consensus", "admission", "status", "options")


def canonical_json(data: Mapping[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8 (no ASCII escapes).

    >>> canonical_json({"b": 1, "a": "é"})
    b'{"a":"\\xc3\\xa9","b":1}'
    """
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def _plain(value: Any) -> Any:
    """JSON-ready data: decimals and fractions as strings, datetimes in ISO 8601."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, Decimal | Fraction):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise LedgerError(f"cannot record a {type(value).__name__} in the ledger: {value!r}")


def digest(body: Mapping[str, Any], key: bytes | None) -> str:
    """Hex SHA-256 (or HMAC-SHA256 with ``key``) of an entry's canonical JSON without its hash."""
    data = canonical_json({k: v for k, v in body.items() if k != "hash"})
    if key is None:
        return hashlib.sha256(data).hexdigest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def _key(key: bytes | str | None) -> bytes | None:
    if key is None:
        return None
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if not raw:
        raise LedgerError("an HMAC key cannot be empty")
    return raw


@dataclass(frozen=True)
class LedgerReport:
    """The result of :func:`verify_ledger`: ``ok``, the problems found, the head hash."""

    path: str
    n_entries: int
    problems: tuple[LedgerProblem, ...]
    head: str
    keyed: bool

    @property
    def ok(self) -> bool:
        return not self.problems

    def __bool__(self) -> bool:
        return self.ok

    def message(self, lang: str = "fr") -> str:
        """A human summary, in French (``"fr"``) or English (``"en"``)."""
        if self.ok:
            if lang == "en":
                return (
                    f"{self.path}: {self.n_entries} entries, chain intact (head {self.head[:12]})."
                )
            return (
                f"{self.path} : {self.n_entries} entrées, chaîne intacte (tête {self.head[:12]})."
            )
        lines = [p.message_en if lang == "en" else p.message_fr for p in self.problems]
        head = (
            f"{self.path}: {len(self.problems)} problem(s)"
            if lang == "en"
            else f"{self.path} : {present.count(len(self.problems), 'problème')}"
        )
        return head + "\n" + "\n".join(f"  - {line}" for line in lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per problem: line, code, French and English messages."""
        import pandas as pd

        return pd.DataFrame(
            [p.__dict__ for p in self.problems],
            columns=["line", "code", "message_fr", "message_en"],
        )

    def _repr_html_(self) -> str:
        from html import escape

        return f"<pre>{escape(self.message())}</pre>"


def verify_ledger(
    path: str | os.PathLike[str], key: bytes | str | None = None, *, head: str | None = None
) -> LedgerReport:
    """Check a ledger's hash chain and say which entries were edited, removed, inserted or moved.

    Parameters
    ----------
    path
        The ledger (JSON lines).
    key
        The HMAC key the ledger was written with, if any.
    head
        The hash of the last entry as noted earlier; a different last hash
        means entries were removed from (or added to) the end.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "journal.jsonl"
    >>> ledger = Ledger(path)
    >>> _ = ledger.append("score", {"offer": "O1", "criterion": "coop", "value": "4"},
    ...                   who="Claire Morel", justification="Comité de suivi semestriel.")
    >>> verify_ledger(path).ok
    True
    >>> _ = path.write_text(path.read_text(encoding="utf-8").replace('"4"', '"5"'),
    ...                     encoding="utf-8")
    >>> report = verify_ledger(path)
    >>> report.ok, report.problems[0].line, report.problems[0].code
    (False, 1, 'edited')
    """
    raw_key = _key(key)
    path = Path(path)
    data = path.read_bytes() if path.exists() else b""
    problems, n_entries, last = check_lines(data, raw_key, digest, canonical_json)
    if head is not None and last != head:
        problems.append(
            LedgerProblem(
                n_entries,
                "head",
                f"le dernier hachage ({last[:12]}) n'est pas celui noté ({head[:12]}) : des "
                "entrées ont été retirées de la fin du journal ou ajoutées depuis",
                f"the last hash ({last[:12]}) is not the one noted ({head[:12]}): entries were "
                "removed from the end of the ledger or added since",
            )
        )
    return LedgerReport(str(path), n_entries, tuple(problems), last, raw_key is not None)


class Ledger:
    """An append-only, hash-chained journal of the committee's work.

    Parameters
    ----------
    path
        The JSON-lines file (created on the first append).
    key
        Optional HMAC key: entries are then signed with HMAC-SHA256.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> ledger = Ledger(pathlib.Path(tempfile.mkdtemp()) / "journal.jsonl", key="secret")
    >>> entry = ledger.append("score", {"offer": "O1", "criterion": "coop", "value": "5"},
    ...                       who="Karim Benali", justification="Plan de progrès co-construit.")
    >>> entry["seq"], entry["alg"], ledger.verify().ok
    (1, 'hmac-sha256', True)
    """

    def __init__(self, path: str | os.PathLike[str], key: bytes | str | None = None) -> None:
        self.path = Path(path)
        self._key = _key(key)

    def append(
        self,
        kind: str,
        what: Mapping[str, Any],
        *,
        who: str,
        justification: str = "",
        previous: Any = None,
        at: datetime | None = None,
    ) -> dict[str, Any]:
        """Append one entry and return it (with its ``seq``, ``prev`` and ``hash``).

        Raises
        ------
        LedgerError
            An unknown kind, no author, a score, change or consensus without a
            justification, or a ledger whose last line is damaged.
        """
        if kind not in KINDS:
            raise LedgerError(f"unknown entry kind {kind!r}; use one of {', '.join(KINDS)}")
        if not who or not who.strip():
            raise LedgerError("every entry needs its author (`who`)")
        if kind in JUSTIFIED and not (justification and justification.strip()):
            raise LedgerError(
                f"a {kind} without a justification is refused: write why the offer earns "
                "this mark (it is told to the bidder)"
            )
        when = (at or datetime.now(UTC)).astimezone(UTC)
        body: dict[str, Any] = {
            "alg": "sha256" if self._key is None else "hmac-sha256",
            "at": when.isoformat(timespec="microseconds"),
            "justification": justification.strip(),
            "kind": kind,
            "previous": _plain(previous),
            "what": _plain(what),
            "who": who.strip(),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+b", buffering=0) as handle:
            _lock(handle)
            try:
                seq, prev = self._tail(handle)
                body["seq"], body["prev"] = seq + 1, prev
                body["hash"] = digest(body, self._key)
                _write_whole(handle.fileno(), canonical_json(body) + b"\n")
            finally:
                _unlock(handle)
        return body

    def repair(self, *, who: str = "efc-scoring") -> LedgerRepair | None:
        """Move a torn last line aside, with a record of it; ``None`` when the ledger is whole.

        A crash (power cut, ``kill -9``) during an append can leave the last line
        cut: no line end. :meth:`append` then refuses to write after it. This
        method, under the same lock as appends, copies the torn bytes to
        ``<ledger>.torn-<UTC time>`` (written whole and fsynced), cuts the ledger
        after its last complete line, and appends a ``note`` entry naming the
        file, the number of bytes and their SHA-256: the repair is recorded in the
        chain itself, never silent. Anything else wrong with the ledger (an edited
        or removed entry) is refused: that is for :func:`verify_ledger` to show.

        Raises
        ------
        LedgerError
            When the ledger has other problems than a torn last line.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> ledger = Ledger(pathlib.Path(tempfile.mkdtemp()) / "journal.jsonl")
        >>> _ = ledger.append("note", {"texte": "ouverture des plis"}, who="Claire Morel")
        >>> with open(ledger.path, "ab") as fh:  # what a crash mid-append leaves
        ...     _ = fh.write(b'{"alg":"sha256","at":"2027')
        >>> ledger.verify().problems[0].code
        'truncated'
        >>> repair = ledger.repair(who="Claire Morel")
        >>> repair.n_bytes, ledger.verify().ok, ledger.entries()[-1]["what"]["réparation"]
        (26, True, 'dernière ligne coupée mise de côté')
        """
        if not self.path.exists():
            return None
        with open(self.path, "r+b", buffering=0) as handle:
            _lock(handle)
            try:
                data = _read_all(handle)
                if not data or data.endswith(b"\n"):
                    return None
                cut = data.rfind(b"\n") + 1
                torn = data[cut:]
                problems, _, _ = check_lines(data[:cut], self._key, digest, canonical_json)
                if problems:
                    raise LedgerError(
                        f"{self.path} a d'autres problèmes qu'une dernière ligne coupée "
                        f"(ligne {problems[0].line} : {problems[0].message_fr}) : la réparation "
                        "ne traite que la ligne coupée par un arrêt brutal ; vérifier le journal "
                        "avec `efc-scoring verify-ledger`"
                    )
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
                aside = self.path.with_name(f"{self.path.name}.torn-{stamp}")
                fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                try:
                    _write_whole(fd, torn)
                finally:
                    os.close(fd)
                _fsync_dir(aside.parent)
                handle.truncate(cut)
                os.fsync(handle.fileno())
            finally:
                _unlock(handle)
        sha = hashlib.sha256(torn).hexdigest()
        entry = self.append(
            "note",
            {
                "réparation": "dernière ligne coupée mise de côté",
                "fichier": aside.name,
                "octets": len(torn),
                "sha256": sha,
            },
            who=who,
            justification="ligne incomplète laissée par un arrêt brutal pendant un ajout",
        )
        return LedgerRepair(aside, len(torn), sha, int(entry["seq"]))

    def record_score(
        self, score: Mark, *, who: str | None = None, previous: Mark | None = None
    ) -> dict[str, Any]:
        """Append a mark (``score``), or its change when the ``previous`` mark is given."""
        what = {
            "evaluator": score.evaluator,
            "offer": score.offer,
            "criterion": score.criterion,
            "value": score.value,
        }
        before = (
            None
            if previous is None
            else {"value": previous.value, "justification": previous.justification}
        )
        return self.append(
            "change" if previous is not None else "score",
            what,
            who=who or score.evaluator,
            justification=score.justification,
            previous=before,
            at=score.timestamp,
        )

    def record_import(
        self, source: str | os.PathLike[str], *, who: str, count: int, justification: str = ""
    ) -> dict[str, Any]:
        """Append the import of a file of marks, with the file's SHA-256."""
        file = Path(source)
        sha = hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else None
        return self.append(
            "import",
            {"file": file.name, "sha256": sha, "count": count},
            who=who,
            justification=justification,
        )

    def entries(self) -> list[dict[str, Any]]:
        """Every entry, in file order (no verification: see :meth:`verify`)."""
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_bytes().splitlines() if line.strip()]

    def verify(self, head: str | None = None) -> LedgerReport:
        """Verify this ledger (see :func:`verify_ledger`)."""
        return verify_ledger(self.path, self._key, head=head)

    def _tail(self, handle: Any) -> tuple[int, str]:
        """Sequence number and hash of the last entry (0 and the genesis hash when empty)."""
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        if size == 0:
            return 0, GENESIS
        block = 4096
        data = b""
        pos = size
        while pos > 0:
            step = min(block, pos)
            pos -= step
            handle.seek(pos)
            data = handle.read(step) + data
            if data.count(b"\n") >= 2 or pos == 0:
                break
        if not data.endswith(b"\n"):
            raise LedgerError(
                f"la dernière ligne de {self.path} est incomplète (pas de fin de ligne) : un "
                "arrêt brutal a coupé un ajout ; la mettre de côté avec `efc-scoring "
                "verify-ledger --repair` (ou Ledger.repair()), qui le note dans le journal"
            )
        last = data[:-1].rsplit(b"\n", 1)[-1]
        try:
            entry = json.loads(last)
            seq, prev = int(entry["seq"]), str(entry["hash"])
        except (ValueError, KeyError, TypeError):
            raise LedgerError(
                f"the last entry of {self.path} is unreadable: the ledger was damaged; run "
                "verify_ledger before appending"
            ) from None
        if digest(entry, self._key) != prev:
            raise LedgerError(
                f"the last entry of {self.path} does not match its hash (edited, or written "
                "with another key); run verify_ledger before appending"
            )
        return seq, prev


@dataclass(frozen=True)
class LedgerRepair:
    """What :meth:`Ledger.repair` did: where the torn bytes went, how many, their SHA-256,
    and the sequence number of the ``note`` entry that records the repair."""

    moved_to: Path
    n_bytes: int
    sha256: str
    note_seq: int


def _write_whole(fd: int, data: bytes) -> None:
    """Write ``data`` with as few ``write`` calls as the system allows, then fsync.

    The line and its line end go in one call on an ``O_APPEND`` descriptor, so
    that concurrent appenders never interleave; only a crash can leave a line
    without its end, and :meth:`Ledger.repair` then moves it aside.
    """
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _read_all(handle: Any) -> bytes:
    handle.seek(0)
    chunks = []
    while chunk := handle.read(1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory descriptors
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _lock(handle: Any) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: appends are still atomic per write
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _unlock(handle: Any) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
