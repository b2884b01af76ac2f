"""The results folder of a corpus run: one Parquet part per partition, named by its content.

A part is named ``part-NNNNNN-KEY.parquet``: ``NNNNNN`` is the partition's place
and ``KEY`` the start of the partition key, a SHA-256 of the answers it holds
(their :func:`~efc_scoring.evidence.answer_key`, which covers the answer, its
axis, its question, the tender's date and the engine fingerprint with the
tender's lexicons) and of their identity (row, tender, lot, offer, bidder,
question, sector, year). A run writes each part atomically (temporary file, then
rename) as soon as its partition is done; a later run over the same answers
with the same engine finds the part and skips the partition. A changed answer,
lexicon or engine changes the key: that partition is read again, and parts no
longer in the run are removed once it has finished. ``_corpus.json`` records
the run (partitions, rows, engine); it says ``"complete": true`` at the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.corpus.schema import RESULT_SCHEMA
from efc_scoring.errors import CorpusRunError, ErrorCode, OutputPathError
from efc_scoring.io._atomic import atomic_path, write_text_atomic

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from efc_scoring.model.axis import AxisLexicon

__all__ = ["MANIFEST", "FolderStore", "partition_keys"]

MANIFEST = "_corpus.json"
FORMAT = 1
_PART = re.compile(r"^part-(\d{6})-([0-9a-f]{20})\.parquet$")
_KEY_CHARS = 20


def partition_keys(
    parts: Sequence[pd.DataFrame], axes: Mapping[str, tuple[AxisLexicon, ...]]
) -> list[str]:
    """The content key of each partition (hex SHA-256)."""
    from efc_scoring.evidence import answer_key, engine_fingerprint
    from efc_scoring.evidence.lexicon import as_lexicons

    engines: dict[str, tuple[Any, Any]] = {}
    keys = []
    for part in parts:
        digest = hashlib.sha256()
        rec: Any  # a row of the answers table (columns of corpus.schema)
        for rec in part.itertuples(index=False):
            tender = str(rec.tender)
            if tender not in engines:
                lex = as_lexicons(axes.get(tender) or None)
                engines[tender] = (lex, engine_fingerprint(lex))
            lex, fp = engines[tender]
            axis = None if _na(rec.axis) or not str(rec.axis).strip() else str(rec.axis)
            answer = answer_key(
                str(rec.answer),
                axis,
                "" if _na(rec.question_text) else str(rec.question_text),
                lexicons=lex,
                reference_date=None if _na(rec.date) else str(rec.date),
                fingerprint=fp,
            )
            identity = [
                int(rec.row),
                tender,
                str(rec.lot),
                str(rec.offer),
                "" if _na(rec.bidder) else str(rec.bidder),
                str(rec.question),
                None if _na(rec.sector) else str(rec.sector),
                None if _na(rec.year) else int(rec.year),
                answer,
            ]
            digest.update(json.dumps(identity, ensure_ascii=False).encode("utf-8") + b"\n")
        keys.append(digest.hexdigest())
    return keys


def _na(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _temporary(name: str) -> bool:
    """A temporary file of an atomic write of this folder, left by an interrupted run."""
    return name.startswith((".part-", f".{MANIFEST}.")) and name.endswith(".tmp")


def part_name(index: int, key: str) -> str:
    return f"part-{index:06d}-{key[:_KEY_CHARS]}.parquet"


@dataclass
class FolderStore:
    """A results folder: which partitions are done, writing a part, finishing the run."""

    folder: Path

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputPathError(
                f"{self.folder} est un fichier : les résultats d'un corpus vont dans un dossier "
                "(une partie Parquet par partition) ; donner un autre chemin à --out"
            )
        if self.folder.is_dir():
            strangers = sorted(
                p.name
                for p in self.folder.iterdir()
                if not (_PART.match(p.name) or p.name == MANIFEST or _temporary(p.name))
            )
            if strangers:
                raise OutputPathError(
                    f"le dossier {self.folder} contient d'autres fichiers que des résultats de "
                    f"corpus ({', '.join(strangers[:3])}{'…' if len(strangers) > 3 else ''}) : "
                    "donner un dossier neuf ou vide à --out"
                )

    def done(self, index: int, key: str, rows: int) -> bool:
        """Whether the part of this partition is on disk, whole, with ``rows`` rows."""
        import pyarrow.parquet as pq

        path = self.folder / part_name(index, key)
        if not path.is_file():
            return False
        try:
            meta = pq.read_metadata(path)
            schema = pq.read_schema(path)
        except Exception:  # a damaged part is read again, never trusted
            return False
        return meta.num_rows == rows and schema.equals(RESULT_SCHEMA, check_metadata=False)

    def write(self, index: int, key: str, table: pa.Table) -> Path:
        """Write one part atomically."""
        import pyarrow.parquet as pq

        target = self.folder / part_name(index, key)
        with atomic_path(target) as tmp:
            pq.write_table(table, tmp, compression="zstd")
        return target

    def partition_size(self) -> int | None:
        """The partition size of the run that wrote this folder, if one did."""
        try:
            size = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))[
                "partition_size"
            ]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return size if isinstance(size, int) and size > 0 else None

    def manifest(
        self,
        *,
        keys: Sequence[str],
        rows: Sequence[int],
        complete: bool,
        engine: Mapping[str, Any],
        source: str,
        partition_size: int,
    ) -> None:
        """Write ``_corpus.json`` atomically."""
        data = {
            "format": FORMAT,
            "complete": complete,
            "partition_size": partition_size,
            "written": datetime.now(UTC).isoformat(timespec="seconds"),
            "source": source,
            "engine": dict(engine),
            "rows": int(sum(rows)),
            "partitions": [
                {"index": i, "key": k, "rows": int(n), "file": part_name(i, k)}
                for i, (k, n) in enumerate(zip(keys, rows, strict=True))
            ],
        }
        write_text_atomic(self.folder / MANIFEST, json.dumps(data, indent=1, ensure_ascii=False))

    def remove_stale(self, keys: Sequence[str]) -> int:
        """Remove the parts that are not parts of this run, and leftover temporary files."""
        keep = {part_name(i, k) for i, k in enumerate(keys)}
        removed = 0
        for path in self.folder.iterdir():
            if (_PART.match(path.name) and path.name not in keep) or _temporary(path.name):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed += 1
        return removed


def read_manifest(folder: Path) -> dict[str, Any]:
    """The run's manifest, or a French error saying what is wrong."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise CorpusRunError(
            f"{folder} n'est pas un dossier de résultats de corpus (pas de {MANIFEST}) : "
            "le produire avec `efc-scoring corpus assess SOURCE --out DOSSIER`",
            code=ErrorCode.MISSING,
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        parts = data["partitions"]
        complete = bool(data["complete"])
    except (ValueError, KeyError, TypeError):
        raise CorpusRunError(
            f"{path} est illisible : relancer `efc-scoring corpus assess` avec le même --out "
            "pour le réécrire (les parties déjà calculées sont reprises)",
            code=ErrorCode.CORPUS,
        ) from None
    return {"partitions": parts, "complete": complete, **data}
