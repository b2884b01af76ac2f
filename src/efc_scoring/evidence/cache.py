"""The assessment cache: each answer is read by the engine once, then reused by every command.

Loading the French pipeline costs seconds; the engine's own work a fraction of
that. The cache keeps every assessment on disk under the key of its answer
(:func:`~efc_scoring.evidence.fingerprint.answer_key`: the answer, its axis, the
question, the lexicons and the engine's fingerprint), and
:func:`~efc_scoring.evidence.assess_answers` reads the answers it holds from
there; spaCy is not even imported when it holds them all.

Where it lives: the folder named by the ``EFC_SCORING_CACHE_DIR`` environment
variable, else the user's cache folder (``$XDG_CACHE_HOME/efc-scoring`` or
``~/.cache/efc-scoring`` on Linux, ``~/Library/Caches/efc-scoring`` on macOS,
``%LOCALAPPDATA%\\efc-scoring\\Cache`` on Windows). Entries are in its
``assessments/`` subfolder, one JSON file each, under a folder per engine;
that subfolder carries a ``CACHEDIR.TAG`` (backup tools skip it) and a
``.gitignore`` (git ignores it when the cache is put inside a repository).
``EFC_SCORING_NO_CACHE=1`` turns the cache off, as ``--no-cache`` does for one
command and :func:`use_cache` (``False``) for a block of code.

Entries are plain JSON, never pickle, written to a temporary file and renamed:
processes writing at once never lose an entry nor leave half of one. An entry
that is truncated, edited, or made for another answer or engine is never
trusted: it is ignored with a :class:`CacheWarning` and the answer is read again.
The cache guards against damage and mistakes, not against someone who can
write to your user folder (who could as well change the program).

Examples
--------
>>> import tempfile
>>> from efc_scoring.evidence import assess_answers
>>> cache = AssessmentCache(tempfile.mkdtemp())
>>> texts = ["Nous reprenons les bidons vides.", "Voir mémoire technique."]
>>> first = assess_answers(texts, "packaging", cache=cache)
>>> cache.info().entries
2
>>> assess_answers(texts, "packaging", cache=cache) == first  # read from disk
True
>>> cache.clear()
2
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from efc_scoring.evidence import _cache_entry as entry
from efc_scoring.evidence.assessment import AnswerAssessment
from efc_scoring.evidence.fingerprint import EngineFingerprint, engine_fingerprint

__all__ = [
    "AssessmentCache",
    "CacheInfo",
    "CacheWarning",
    "cache_dir",
    "resolve_cache",
    "use_cache",
]

ENV_DIR = "EFC_SCORING_CACHE_DIR"
ENV_OFF = "EFC_SCORING_NO_CACHE"
_FOLDER = "assessments"


class CacheWarning(UserWarning):
    """The assessment cache ignored an entry or could not be written; results are unaffected.

    The message is in French: the command line prints it as « Attention : ... ».
    """


# -- where ------------------------------------------------------------------------------


def cache_dir() -> Path:
    """The folder of the caches of efc_scoring: ``EFC_SCORING_CACHE_DIR``, else the user's.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"EFC_SCORING_CACHE_DIR": "/srv/efc-cache"}):
    ...     str(cache_dir())
    '/srv/efc-cache'
    """
    env = os.environ.get(ENV_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(local) / "efc-scoring" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "efc-scoring"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "efc-scoring"


# -- the store ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CacheInfo:
    """What the cache holds: its folder, entries, bytes, and engines (one folder each)."""

    path: Path
    entries: int
    bytes: int
    engines: int
    current_entries: int


_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by efc-scoring.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


class AssessmentCache:
    """Assessments on disk, one JSON file per answer; safe for processes writing at once.

    Parameters
    ----------
    path
        The cache folder (default: :func:`cache_dir`). Entries go into its
        ``assessments/`` subfolder, the only one :meth:`clear` removes.

    Examples
    --------
    >>> import tempfile
    >>> cache = AssessmentCache(tempfile.mkdtemp())
    >>> cache.info().entries
    0
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else cache_dir()

    def __repr__(self) -> str:
        return f"AssessmentCache({str(self.path)!r})"

    @property
    def folder(self) -> Path:
        """The ``assessments/`` subfolder that holds the entries."""
        return self.path / _FOLDER

    def entry_path(self, key: str, fingerprint: EngineFingerprint) -> Path:
        """The file of the entry ``key`` made by the engine of ``fingerprint``."""
        return self.folder / fingerprint.engine_digest[:16] / key[:2] / f"{key}.json"

    def get(self, key: str, text: str, fingerprint: EngineFingerprint) -> AnswerAssessment | None:
        """The stored assessment of ``text`` under ``key``, or None when there is none.

        Raises
        ------
        InvalidEntry
            When the stored entry cannot be trusted (the caller warns and reads again).
        """
        engine = fingerprint.engine_digest
        try:
            raw = self.entry_path(key, fingerprint).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise entry.InvalidEntry(f"illisible ({exc.strerror or exc})") from None
        return entry.decode(raw, key=key, engine=engine, text=text)

    def put(self, key: str, assessment: AnswerAssessment, fingerprint: EngineFingerprint) -> None:
        """Store ``assessment`` under ``key`` (temporary file, then rename).

        Raises
        ------
        OSError
            When the folder cannot be written.
        TypeError, ValueError
            When the assessment holds something that is not plain data.
        """
        engine = fingerprint.engine_digest
        data = entry.encode(assessment, key=key, engine=engine).encode("utf-8")
        target = self.entry_path(key, fingerprint)
        if not target.parent.is_dir():
            self._prepare(fingerprint)
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _prepare(self, fingerprint: EngineFingerprint) -> None:
        """Create the folders, their tags, and the description of the engine folder."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# created by efc-scoring\n*\n")):
            marker = self.folder / name
            if not marker.exists():
                _write_atomic(marker, text)
        engine = self.folder / fingerprint.engine_digest[:16]
        engine.mkdir(exist_ok=True)
        about = engine / "engine.json"
        if not about.exists():
            description = {
                k: v for k, v in fingerprint.to_dict().items() if not k.startswith("lexicon")
            }
            _write_atomic(about, json.dumps(description, indent=1) + "\n")

    def _engines(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if p.is_dir())

    def info(self) -> CacheInfo:
        """Count the entries, their bytes, and the engines they were made by."""
        current = engine_fingerprint().engine_digest[:16]
        entries = size = mine = 0
        engines = self._engines()
        for engine in engines:
            for item in engine.glob("*/*.json"):
                with contextlib.suppress(OSError):
                    size += item.stat().st_size
                    entries += 1
                    mine += engine.name == current
        return CacheInfo(self.path, entries, size, len(engines), mine)

    def clear(self, *, stale: bool = False) -> int:
        """Delete the entries (only those of other engines with ``stale``); return how many.

        Only the ``assessments/`` subfolder is touched, never the rest of :attr:`path`.
        """
        current = engine_fingerprint().engine_digest[:16]
        removed = 0
        for engine in self._engines():
            if stale and engine.name == current:
                continue
            removed += sum(1 for _ in engine.glob("*/*.json"))
            shutil.rmtree(engine, ignore_errors=True)
        return removed


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# -- which cache a call uses ---------------------------------------------------------------

CacheLike = AssessmentCache | str | os.PathLike[str] | bool | None
_UNSET: Any = object()
_current: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "efc_assessment_cache", default=_UNSET
)


def _env_off() -> bool:
    return os.environ.get(ENV_OFF, "").strip().lower() not in ("", "0", "false", "no", "non")


def resolve_cache(cache: CacheLike = None) -> AssessmentCache | None:
    """The cache a call uses: ``cache`` if given, else :func:`use_cache`'s, else the default.

    ``False`` means no cache, ``True`` the default folder, a path that folder.
    """
    if cache is None:
        cache = _current.get()
        if cache is _UNSET:
            return None if _env_off() else AssessmentCache()
    if cache is False:
        return None
    if cache is True:
        return AssessmentCache()
    if isinstance(cache, AssessmentCache):
        return cache
    return AssessmentCache(cache)


@contextlib.contextmanager
def use_cache(
    cache: AssessmentCache | str | os.PathLike[str] | bool,
) -> Iterator[AssessmentCache | None]:
    """Set the cache of every assessment made in the block (``False``: none).

    Functions called inside (``write_grids``, ``agenda``, ``write_report``...)
    assess through it; an explicit ``cache=`` argument still wins.

    Examples
    --------
    >>> with use_cache(False):
    ...     resolve_cache() is None
    True
    """
    token = _current.set(cache)
    try:
        yield resolve_cache(cache)
    finally:
        _current.reset(token)
