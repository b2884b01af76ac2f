"""Run the evidence engine over a corpus on Dask: in memory, or into a resumable Parquet folder.

The answers are cut into partitions of ``partition_size`` rows in corpus order
(the cut depends on the corpus only, never on the cluster, so that a run on
another number of workers resumes the same partitions). Each partition goes to
the workers as one Dask task (``Client.submit``) carrying that partition alone;
a few per worker thread are in flight at a time, so that the scheduler never
holds the whole corpus. Each worker loads the French model once (a worker plugin), and each task
calls :func:`efc_scoring.evidence.assess_answers`: the results are the engine's,
answer by answer. When a worker dies, Dask runs its tasks again elsewhere; each
partition is kept once, by its place.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.corpus._store import FolderStore, partition_keys, read_manifest
from efc_scoring.corpus.read import Corpus, read_corpus
from efc_scoring.corpus.schema import RESULT_SCHEMA
from efc_scoring.errors import CorpusRunError, ErrorCode, ParameterError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    from distributed import Client

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "CorpusProgress",
    "CorpusRun",
    "assess_corpus",
    "read_assessments",
    "write_corpus_assessment",
]

#: Answers per partition (per Dask task) by default: a few seconds of work each.
DEFAULT_PARTITION_SIZE = 200
#: Partitions in flight per worker thread.
_IN_FLIGHT = 2

AnswersLike = Corpus | str | os.PathLike[str] | Any


@dataclass(frozen=True)
class CorpusProgress:
    """Where a run stands, given to the ``progress`` callback after each partition."""

    partitions_done: int
    partitions_total: int
    answers_done: int
    answers_total: int
    skipped: int


@dataclass(frozen=True)
class CorpusRun:
    """What a run did: partitions read and skipped, answers, time, workers, engine.

    ``workers`` holds, per worker address, the seconds its engine took to load
    (``load_seconds``), its memory after loading and its peak memory
    (``rss_after_load_mib``, ``peak_mib``) and the CPU time of its process
    (``cpu_seconds``); empty when every partition was skipped.
    """

    folder: Path | None
    partitions: int
    computed: int
    skipped: int
    answers: int
    seconds: float
    engine: Mapping[str, Any]
    workers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    removed: int = 0

    def summary(self) -> str:
        """The run in one French sentence."""
        from efc_scoring import present

        text = (
            f"{present.count(self.answers, 'réponse')} en "
            f"{present.count(self.partitions, 'partition')} : "
            f"{self.computed} lue{'s' if self.computed > 1 else ''} par le moteur"
        )
        if self.skipped:
            text += (
                f", {self.skipped} reprise{'s' if self.skipped > 1 else ''} d'un passage précédent"
            )
        text += f" ({present.number(self.seconds, 1)} s"
        if self.workers:
            text += f", {present.count(len(self.workers), 'worker')}"
        return text + ")."


def _as_corpus(answers: AnswersLike) -> Corpus:
    if isinstance(answers, Corpus):
        return answers
    if isinstance(answers, str | os.PathLike) or type(answers).__name__ == "DataFrame":
        return read_corpus(answers)
    raise ParameterError(
        "les réponses doivent être un Corpus (read_corpus), le chemin d'un corpus ou un "
        f"DataFrame pandas, pas un objet {type(answers).__name__}"
    )


def _partitions(answers: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    if size < 1:
        raise ParameterError(
            f"taille de partition invalide ({size}) : donner au moins 1 réponse par partition"
        )
    table = answers.reset_index(drop=True)
    table.insert(0, "row", range(len(table)))
    n = len(table)
    return [table.iloc[i : i + size] for i in range(0, n, size)] if n else []


def _run(
    corpus: Corpus,
    *,
    client: Client | str | None,
    workers: int | None,
    partition_size: int,
    progress: Callable[[CorpusProgress], None] | None,
    store: FolderStore | None,
    keep: Callable[[int, str, pa.Table], object],
) -> CorpusRun:
    from distributed import as_completed

    from efc_scoring.corpus._engine import EngineLoader, Task, run_task, worker_stats
    from efc_scoring.corpus.cluster import connect, threads
    from efc_scoring.evidence import engine_fingerprint

    start = time.perf_counter()
    parts = _partitions(corpus.answers, partition_size)
    keys = partition_keys(parts, corpus.axes)
    sizes = [len(p) for p in parts]
    engine = engine_fingerprint().to_dict()
    todo = list(range(len(parts)))
    if store is not None:
        todo = [i for i in todo if not store.done(i, keys[i], sizes[i])]
        store.manifest(
            keys=keys,
            rows=sizes,
            complete=False,
            engine=engine,
            source=corpus.source,
            partition_size=partition_size,
        )
    skipped = len(parts) - len(todo)
    done_answers = sum(sizes) - sum(sizes[i] for i in todo)

    def report(done: int) -> None:
        if progress is not None:
            progress(CorpusProgress(done, len(parts), done_answers, sum(sizes), skipped))

    stats: dict[str, Any] = {}
    if not todo:
        report(skipped)
    else:
        # one task per partition, its graph holding that partition only (a bag's delayed
        # partitions would each carry the whole bag: every task would ship the corpus)
        pending: Iterator[Task] = (
            Task(i, parts[i], {t: corpus.axes.get(t, ()) for t in parts[i]["tender"].unique()})
            for i in todo
        )
        with connect(client, workers=workers) as dask_client:
            dask_client.register_plugin(EngineLoader())
            report(skipped)
            window = _IN_FLIGHT * threads(dask_client)
            running = as_completed(loop=dask_client.loop)

            def submit(task: Task) -> Any:
                return dask_client.submit(
                    run_task, task, key=f"efc-corpus-{keys[task.index][:16]}-{task.index}"
                )

            for task in _take(pending, window):
                running.add(submit(task))
            seen: set[int] = set()
            try:
                for future in running:
                    index, table = _result(future, parts)
                    future.release()
                    if index not in seen:
                        seen.add(index)
                        keep(index, keys[index], table)
                        done_answers += sizes[index]
                        report(skipped + len(seen))
                    for task in _take(pending, 1):
                        running.add(submit(task))
            except BaseException:
                running.clear()
                raise
            stats = dask_client.run(worker_stats)
        if len(seen) != len(todo):  # pragma: no cover - as_completed yields every future
            raise CorpusRunError(f"{len(todo) - len(seen)} partition(s) sans résultat")
    removed = 0
    if store is not None:
        store.manifest(
            keys=keys,
            rows=sizes,
            complete=True,
            engine=engine,
            source=corpus.source,
            partition_size=partition_size,
        )
        removed = store.remove_stale(keys)
    return CorpusRun(
        folder=store.folder if store is not None else None,
        partitions=len(parts),
        computed=len(todo),
        skipped=skipped,
        answers=sum(sizes),
        seconds=time.perf_counter() - start,
        engine=engine,
        workers=stats,
        removed=removed,
    )


def _take(items: Iterator[Any], n: int) -> list[Any]:
    out = []
    for _ in range(n):
        item = next(items, None)
        if item is None:
            break
        out.append(item)
    return out


def _result(future: Any, parts: list[pd.DataFrame]) -> Any:
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as exc:
        raise CorpusRunError(
            "une partition a fait tomber plusieurs workers de suite (mémoire ?) : "
            f"{exc}. Les partitions finies sont gardées ; relancer la même commande reprend, "
            "avec --partition-size plus petit ou plus de mémoire par worker",
        ) from None


def write_corpus_assessment(
    answers: AnswersLike,
    out: str | os.PathLike[str],
    *,
    client: Client | str | None = None,
    workers: int | None = None,
    partition_size: int | None = None,
    progress: Callable[[CorpusProgress], None] | None = None,
) -> CorpusRun:
    """Assess a corpus on Dask into a Parquet folder, resumable.

    Each partition is written as one Parquet part (atomically) as soon as it is
    done; a run over the same answers with the same engine skips the parts
    already written, so an interrupted run loses no finished work. Parts of
    answers that changed since, or of an older engine, are read again and the old
    parts removed at the end.

    Parameters
    ----------
    answers
        A :class:`Corpus`, a path given to :func:`read_corpus`, or a DataFrame.
    out
        The results folder (``corpus.parquet``): created, or one written by a
        previous run. ``pandas.read_parquet(out)`` reads it; :func:`read_assessments`
        checks it is complete and orders the rows.
    client
        A ``distributed.Client``, a scheduler address (``tcp://host:8786``), or
        ``None`` for a local cluster sized to the machine (closed at the end).
    workers
        Workers of the local cluster; with a scheduler, how many to wait for.
    partition_size
        Answers per partition (per Dask task): by default the size of the run that
        wrote ``out`` (so that the same command resumes), else
        :data:`DEFAULT_PARTITION_SIZE`.
    progress
        Called with a :class:`CorpusProgress` at the start and after each partition.

    Returns
    -------
    CorpusRun

    Examples
    --------
    Run, interrupt, run again: the second run starts where the first stopped
    (not run here: it starts a cluster)::

        run = write_corpus_assessment("marches/", "resultats/corpus.parquet", workers=2)
        results = read_assessments("resultats/corpus.parquet")
    """
    corpus = _as_corpus(answers)
    store = FolderStore(Path(out))
    return _run(
        corpus,
        client=client,
        workers=workers,
        partition_size=partition_size or store.partition_size() or DEFAULT_PARTITION_SIZE,
        progress=progress,
        store=store,
        keep=store.write,
    )


def assess_corpus(
    answers: AnswersLike,
    *,
    client: Client | str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    progress: Callable[[CorpusProgress], None] | None = None,
) -> pd.DataFrame:
    """Assess every answer of a corpus on Dask and return the results as a typed DataFrame.

    Parameters
    ----------
    answers
        A :class:`Corpus` (:func:`read_corpus`), a path given to :func:`read_corpus`,
        or a DataFrame with the answer columns.
    client
        A ``distributed.Client``, a scheduler address (``tcp://host:8786``), or
        ``None`` (default) for a local cluster sized to the machine, closed at the end.
    workers
        Workers of the local cluster (default: one per usable core, as memory
        allows); with a scheduler, how many workers to wait for.
    partition_size
        Answers per partition (per Dask task).
    progress
        Called with a :class:`CorpusProgress` at the start and after each partition.

    Returns
    -------
    pandas.DataFrame
        One row per answer in corpus order, the columns of
        :data:`~efc_scoring.corpus.schema.RESULT_SCHEMA` with Arrow dtypes
        (``level`` is nullable ``int8``, ``features`` a list of codes,
        ``evidence`` a list of ``code, start, end, text``).

    Examples
    --------
    The same results as :func:`efc_scoring.evidence.assess_answers`, answer by answer
    (not run here: it starts a cluster)::

        corpus = read_corpus("marches/")
        results = assess_corpus(corpus, workers=2)
        results.groupby("axis")["level"].mean()
    """

    corpus = _as_corpus(answers)
    tables: dict[int, pa.Table] = {}
    _run(
        corpus,
        client=client,
        workers=workers,
        partition_size=partition_size,
        progress=progress,
        store=None,
        keep=lambda index, _key, table: tables.__setitem__(index, table),
    )
    return _to_frame([tables[i] for i in sorted(tables)])


def _to_frame(tables: list[pa.Table]) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    table = pa.concat_tables(tables) if tables else RESULT_SCHEMA.empty_table()
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def read_assessments(path: str | os.PathLike[str], *, partial: bool = False) -> pd.DataFrame:
    """Read the results folder of :func:`write_corpus_assessment`, rows in corpus order.

    Parameters
    ----------
    path
        The folder given as ``out``.
    partial
        Read the parts of an unfinished run instead of refusing them.

    Raises
    ------
    CorpusRunError
        When the folder is not a results folder, or its run has not finished
        (unless ``partial``), or a part is missing.

    Examples
    --------
    The parts finished so far by a run still going, or interrupted (not run
    here: it needs a results folder)::

        done = read_assessments("resultats/corpus.parquet", partial=True)
        done["level"].value_counts()
    """
    import pyarrow.parquet as pq

    folder = Path(path)
    manifest = read_manifest(folder)
    if not manifest["complete"] and not partial:
        raise CorpusRunError(
            f"le passage qui écrit {folder} n'est pas fini : relancer la même commande pour le "
            "terminer (les partitions finies sont reprises), ou lire avec partial=True",
            code=ErrorCode.CORPUS,
        )
    tables = []
    for part in manifest["partitions"]:
        file = folder / str(part["file"])
        if not file.is_file():
            if partial:
                continue
            raise CorpusRunError(
                f"partie manquante {file.name} : relancer `efc-scoring corpus assess` avec le "
                "même --out pour la recalculer",
                code=ErrorCode.MISSING,
            )
        tables.append(pq.read_table(file, schema=RESULT_SCHEMA))
    return _to_frame(tables)
