"""The Dask client of a corpus run: the user's, one reached by address, or a local cluster.

The default local cluster is sized to the machine: one single-threaded worker
process per usable core (the French pipeline holds the GIL: threads would not
read faster), fewer when memory is short (each worker holds its own copy of the
model, about 600 MiB), BLAS pinned to one thread per worker by Dask's nanny (but
glibc's own memory trimming, not the nanny's eager one), no dashboard on a fixed
port, no statistical profiler (it samples every worker's stack every 10 ms for a
dashboard nobody watches) and Dask's periodic housekeeping slowed down.
"""

from __future__ import annotations

import contextlib
import copy
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from efc_scoring.errors import CorpusRunError, ParameterError

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

__all__ = ["default_workers", "local_cluster"]

#: Memory a worker needs: the French model, a partition's documents, Dask itself.
WORKER_MEMORY = 1536 * 2**20


#: Dask settings of the local cluster (its nannies and workers get them too). With no
#: dashboard to feed, Dask's periodic housekeeping only takes CPU from the workers: the
#: statistical profiler (a stack sample every 10 ms), the event-loop health tick (20 ms),
#: the system monitor (500 ms, disk counters included) and the nanny's memory watch (100 ms).
#: Measured idle on 2 workers: the driving process 4.5 % of a core and each worker 2.1 % with
#: Dask's defaults, 1.0 % and 0.35 % with these.
_QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "500ms",
}


def default_workers() -> int:
    """Workers of the default local cluster: one per usable core, as memory allows.

    Examples
    --------
    >>> default_workers() >= 1
    True
    """
    from dask.system import CPU_COUNT
    from distributed.system import MEMORY_LIMIT

    return max(1, min(int(CPU_COUNT), int(MEMORY_LIMIT // WORKER_MEMORY)))


@contextlib.contextmanager
def connect(client: Client | str | None = None, *, workers: int | None = None) -> Iterator[Client]:
    """Yield a client: ``client`` itself, a client of the scheduler at ``client`` (an address),
    or one of a new local cluster of ``workers`` workers. What was opened here is closed here.

    With an address, ``workers`` is how many workers to wait for before starting.
    """
    from distributed import Client

    if workers is not None and workers < 1:
        raise ParameterError(f"nombre de workers invalide ({workers}) : en demander au moins un")
    if client is not None and not isinstance(client, str):
        if workers is not None:
            _wait_for(client, workers)
        yield client
        return
    if isinstance(client, str):
        try:
            # the timeout is Dask's own setting (distributed.comm.timeouts.connect)
            opened = Client(client, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise CorpusRunError(
                f"impossible de joindre l'ordonnanceur Dask {client} ({type(exc).__name__}) : "
                "vérifier l'adresse (tcp://hôte:8786) et que `dask scheduler` tourne",
            ) from None
        try:
            if workers is not None:
                _wait_for(opened, workers)
            yield opened
        finally:
            opened.close()
        return
    cluster = local_cluster(workers)
    try:
        with Client(cluster, set_as_default=False) as local:
            yield local
    finally:
        cluster.close()


def local_cluster(workers: int | None = None) -> LocalCluster:
    """A local Dask cluster set up as the corpus runs' default one (close it when done).

    ``workers`` single-threaded worker processes (by default :func:`default_workers`),
    no dashboard on a fixed port, no statistical profiler, Dask's housekeeping slowed down
    (event-loop tick, system and memory monitors), glibc's own memory trimming in the
    workers (not the nanny's eager one, which costs page faults), logs below errors silenced.
    Pass ``Client(local_cluster(2))`` as ``client`` to run several corpora on one
    cluster, loading the model once per worker for all of them.

    Examples
    --------
    Not run here (it starts processes)::

        from distributed import Client
        with local_cluster(2) as cluster, Client(cluster) as client:
            results = assess_corpus(corpus, client=client)
    """
    import dask
    from distributed import LocalCluster

    if workers is not None and workers < 1:
        raise ParameterError(f"nombre de workers invalide ({workers}) : en demander au moins un")
    # Dask's nannies set MALLOC_TRIM_THRESHOLD_=65536 in their workers, to give freed memory
    # back to the system at once; the pipeline allocates and frees much for each document, so
    # that a worker then took about 750 page faults an answer and a sixth of its CPU time in
    # the kernel (measured on 2 workers: 446,000 faults for 600 answers, against 10,000 with
    # glibc's own threshold, and 82 against 95 answers per worker-CPU-second)
    environ = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    settings = {
        **_QUIET,
        "distributed.nanny.pre-spawn-environ": {
            k: v for k, v in environ.items() if k != "MALLOC_TRIM_THRESHOLD_"
        },
    }
    with dask.config.set(settings):
        return LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
            # a copy for the nannies: the worker a nanny restarts after a crash gets these
            # settings too, not the defaults this block restores on leaving
            config=copy.deepcopy(dask.config.config),
        )


def _wait_for(client: Client, n: int) -> None:
    try:
        client.wait_for_workers(n, timeout=120)
    except TimeoutError:
        have = len(client.scheduler_info().get("workers", {}))
        raise CorpusRunError(
            f"l'ordonnanceur n'a que {have} worker(s) au lieu des {n} demandés après 120 s : "
            "démarrer d'autres `dask worker` ou demander moins de workers",
        ) from None


def threads(client: Client) -> int:
    """Worker threads of the cluster (at least one)."""
    info: dict[str, Any] = dict(client.scheduler_info())
    return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))
