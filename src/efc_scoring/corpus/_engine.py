"""What runs on a Dask worker: the engine loaded once per worker, one partition assessed per task.

:class:`EngineLoader` is a worker plugin: each worker process (and each process
a nanny restarts after a crash) loads the French pipeline and the lexicons once,
off the event loop, before its first task, and records how long that took and
its memory. Without the plugin, the engine's own per-process lazy singleton
(:func:`efc_scoring.evidence._nlp.get_nlp`) would load it on the first task:
once per process either way, never per task.

:func:`assess_partition` calls :func:`efc_scoring.evidence.assess_answers`, the
public engine, once per tender and date in the partition: the results are the
engine's, answer by answer, whatever the partitioning.
"""

from __future__ import annotations

import asyncio
import resource
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from efc_scoring.corpus.schema import RESULT_SCHEMA
from efc_scoring.evidence.features import CODES

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    from distributed import Worker

    from efc_scoring.model.axis import AxisLexicon

__all__ = ["PLUGIN_NAME", "EngineLoader", "Task", "assess_partition", "run_task", "worker_stats"]

PLUGIN_NAME = "efc-scoring-engine"


class EngineLoader(WorkerPlugin):
    """Load the evidence engine once in each worker process, before its first task."""

    name = PLUGIN_NAME

    def __init__(self) -> None:
        self.seconds: float | None = None
        self.rss_mib: float | None = None

    async def setup(self, worker: Worker) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self._load)

    def _load(self) -> None:
        start = time.perf_counter()
        from efc_scoring.evidence import assess_answers
        from efc_scoring.evidence._nlp import get_nlp
        from efc_scoring.evidence.lexicon import load_lexicons

        get_nlp()
        load_lexicons()
        # one answer read compiles the lexicons' matchers too
        assess_answers(["Nous reprenons les bidons vides."], "packaging", cache=False)
        self.seconds = time.perf_counter() - start
        self.rss_mib = _peak_mib()


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_stats(dask_worker: Worker) -> dict[str, Any]:
    """A worker's model load time, memory after load, peak memory, CPU time (``client.run``)."""
    plugin = dask_worker.plugins.get(PLUGIN_NAME)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "load_seconds": getattr(plugin, "seconds", None),
        "rss_after_load_mib": getattr(plugin, "rss_mib", None),
        "peak_mib": usage.ru_maxrss / 1024,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }


@dataclass(frozen=True)
class Task:
    """One partition to assess: its place, its answers (with ``row``) and its tenders' axes."""

    index: int
    answers: pd.DataFrame
    axes: Mapping[str, tuple[AxisLexicon, ...]]


def run_task(task: Task) -> tuple[int, pa.Table]:
    """Assess one partition; returns its index and its results."""
    return task.index, assess_partition(task.answers, task.axes)


def assess_partition(
    answers: pd.DataFrame, axes: Mapping[str, tuple[AxisLexicon, ...]] | None = None
) -> pa.Table:
    """The engine's results for a partition of the answers table, as an Arrow table.

    ``answers`` has the answer columns and ``row``; ``axes`` maps a tender to the
    axes it defines. Rows keep their order.
    """
    import pyarrow as pa

    from efc_scoring.evidence import assess_answers, engine_fingerprint
    from efc_scoring.evidence.lexicon import as_lexicons

    axes = axes or {}
    columns: dict[str, list[Any]] = {name: [] for name in RESULT_SCHEMA.names}
    by_row: dict[int, tuple[Any, ...]] = {}
    keys = answers[["tender", "date"]].astype(object).where(answers[["tender", "date"]].notna())
    groups: dict[tuple[str, str | None], list[int]] = {}
    for position, (tender, day) in enumerate(keys.itertuples(index=False, name=None)):
        groups.setdefault((tender, day), []).append(position)
    for (tender, day), positions in groups.items():
        lex = as_lexicons(axes.get(tender) or None)
        fp = engine_fingerprint(lex)
        part = answers.iloc[positions]
        found = assess_answers(
            list(part["answer"]),
            [_opt(a) for a in part["axis"]],
            [_opt(q) or "" for q in part["question_text"]],
            lexicons=lex,
            reference_date=day,
            cache=False,
        )
        record: Any  # a row of the answers table (columns of corpus.schema)
        for record, result in zip(part.itertuples(index=False), found, strict=True):
            by_row[int(record.row)] = (record, result, fp)
    for row in [int(r) for r in answers["row"]]:
        record, result, fp = by_row[row]
        columns["row"].append(row)
        for name in ("tender", "lot", "offer", "question"):
            columns[name].append(str(getattr(record, name)))
        columns["bidder"].append(_opt(record.bidder) or "")
        columns["sector"].append(_opt(record.sector))
        year = record.year
        columns["year"].append(None if _missing(year) else int(year))
        columns["question_axis"].append(_opt(record.axis))
        columns["axis"].append(result.axis)
        level = getattr(result, "level", None)
        columns["level"].append(None if level is None else int(level))
        columns["label"].append(result.label)
        columns["confidence"].append(result.confidence)
        columns["fragile"].append(bool(result.fragile))
        columns["features"].append([c for c in CODES if c in result.features])
        columns["evidence"].append(
            [
                {"code": s.code, "start": s.start, "end": s.end, "text": s.text}
                for s in result.evidence
            ]
        )
        columns["justification"].append(result.justification)
        columns["rule"].append(result.rule)
        columns["answer"].append(result.text)
        columns["engine_version"].append(fp.engine_version)
        columns["lexicon_version"].append(fp.lexicon_version)
        columns["fingerprint"].append(fp.digest)
    return pa.table(columns, schema=RESULT_SCHEMA)


def _missing(value: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _opt(value: Any) -> str | None:
    """A text cell, or None when missing or empty."""
    if value is None or _missing(value):
        return None
    text = str(value)
    return text if text.strip() else None
