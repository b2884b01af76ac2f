"""Corpus runs on Dask: answers per second on 1 and 2 workers, next to a single-process loop.

Run: ``python benchmarks/bench_corpus.py [--n 1200] [--partition-size 50] [--repeat 2]``

On the same generated corpus (recombined from the samples' and the dev sets'
answers, ``../shared/data``), in one run:

- a single-process loop: :func:`efc_scoring.evidence.assess_answers` over the
  corpus, one call per tender (what a script without Dask would do), the model
  already loaded;
- :func:`efc_scoring.corpus.write_corpus_assessment` on warm clusters of 1 and 2
  workers (:func:`efc_scoring.corpus.local_cluster`, the default one; model already
  loaded on each worker);
- the start-up cost of a cluster (processes up, no model) and of the model on
  each worker (the worker plugin's own timing), peak memory per worker;
- the CPU accounting of each run, process by process (``psutil``): this process's
  main thread (partition keys, Parquet writes), its other threads (the local
  scheduler, the nannies and the client's event loop), each worker (user and
  system time). On 2 cores, 2 workers cannot take less wall time than their
  busiest worker, nor than half of all the CPU the run uses, so the ratio these
  figures allow is ``cpu(1 worker run) / max(busiest worker, total CPU / 2)``
  (``cpu(1 worker run)`` being the lone worker's CPU): that ceiling holds whatever
  the machine's load, when the wall figures do not.

Runs alternate and the best of ``--repeat`` is kept; the machine's load average
is printed before and after each run (the wall figures are only as quiet as the
machine). Targets: 2 workers >= 1.7x 1 worker; 1 worker >= 0.9x the loop (Dask's
overhead <= 10 %).
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_SETS = [
    ROOT / ".." / "shared" / "data" / "answers-dev.jsonl",
    ROOT / ".." / "shared" / "data" / "answers-dev-hard.jsonl",
]


def _loop(corpus) -> float:
    """Single-process assess_answers loop over the corpus, one call per tender and date."""
    from efc_scoring.evidence import assess_answers

    start = time.perf_counter()
    answers = corpus.answers
    for (_tender, day), group in answers.groupby(["tender", "date"], sort=False, dropna=False):
        assess_answers(
            list(group["answer"]),
            [a or None for a in group["axis"].fillna("")],
            list(group["question_text"].fillna("")),
            reference_date=None if day is None or day != day else str(day),
            cache=False,
        )
    return time.perf_counter() - start


def _cpu(worker_pids: list[int]) -> dict[str, float]:
    """CPU seconds so far: this process's main thread, its other threads, each worker."""
    import psutil

    me = psutil.Process()
    main_id = threading.main_thread().native_id
    threads = me.threads()
    out = {
        "main": sum(t.user_time + t.system_time for t in threads if t.id == main_id),
        "others": sum(t.user_time + t.system_time for t in threads if t.id != main_id),
    }
    for i, pid in enumerate(worker_pids):
        times = psutil.Process(pid).cpu_times()
        out[f"w{i}.user"] = times.user
        out[f"w{i}.sys"] = times.system
    return out


def _accounting(n: int, used: dict[str, float], answers: int) -> tuple[str, float, float]:
    """The CPU accounting of one run, in one line; the busiest worker's and the total CPU."""
    workers = [used[f"w{i}.user"] + used[f"w{i}.sys"] for i in range(n)]
    total = sum(used.values())
    line = (
        f"  CPU, {n} worker(s): "
        + ", ".join(
            f"worker {i} {w:.2f} s (system {used[f'w{i}.sys']:.2f})" for i, w in enumerate(workers)
        )
        + f"; {answers / sum(workers):.0f} answers per worker-CPU-second; "
        f"this process {used['main']:.2f} s main thread + {used['others']:.2f} s "
        f"scheduler, nannies and client loop; total {total:.2f} s"
    )
    return line, max(workers), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1200, help="answers in the corpus")
    parser.add_argument("--partition-size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best is kept")
    args = parser.parse_args()
    missing = [str(p) for p in DEV_SETS if not p.exists()]
    if missing:
        raise SystemExit(f"bench_corpus needs the dev sets: {', '.join(missing)} not found")

    from distributed import Client

    from efc_scoring.corpus import (
        generate_corpus,
        local_cluster,
        read_corpus,
        write_corpus_assessment,
    )

    load_before = os.getloadavg()
    corpus = read_corpus(generate_corpus(args.n, seed=args.seed, sources=DEV_SETS))
    words = int(corpus.answers["answer"].str.split().str.len().sum())
    print(
        f"corpus: {len(corpus)} answers ({words / len(corpus):.0f} words per answer), "
        f"{corpus.answers['tender'].nunique()} tenders; partitions of {args.partition_size}"
    )
    print(
        f"machine: {os.cpu_count()} cores, load average {load_before[0]:.1f} "
        f"(1 min) {load_before[1]:.1f} (5 min) before the runs"
    )

    start = time.perf_counter()
    from efc_scoring.evidence import assess_answers

    assess_answers(["Nous reprenons les bidons vides."], "packaging", cache=False)
    model_here = time.perf_counter() - start
    print(f"model load in this process (import, model, lexicons): {model_here:.2f} s")

    logging.getLogger("distributed").setLevel(logging.ERROR)
    out = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    clusters = {}
    warm = read_corpus(corpus.answers.head(4 * 2))
    for n in (1, 2):
        t0 = time.perf_counter()
        cluster = local_cluster(n)
        client = Client(cluster, set_as_default=False)
        up = time.perf_counter() - t0
        t0 = time.perf_counter()
        first = write_corpus_assessment(warm, out / f"warm-{n}", client=client, partition_size=4)
        ready = time.perf_counter() - t0
        pids = list(client.run(os.getpid).values())
        clusters[n] = (cluster, client, pids)
        loads = ", ".join(f"{w['load_seconds']:.2f}" for w in first.workers.values())
        after = ", ".join(f"{w['rss_after_load_mib']:.0f}" for w in first.workers.values())
        print(
            f"cluster of {n} worker(s): processes up in {up:.2f} s; model loaded on each "
            f"worker in {loads} s (worker plugin, in parallel; {ready:.2f} s until the first "
            f"{len(warm)} answers were read); memory after load {after} MiB"
        )

    wall: dict[str, list[float]] = {"loop": [], "1": [], "2": []}
    loop_cpu: list[float] = []
    # per run: (wall, busiest worker's CPU, total CPU, accounting line, load before, after)
    runs: dict[int, list[tuple[float, float, float, str, float, float]]] = {1: [], 2: []}
    peaks = {}
    try:
        for r in range(args.repeat):
            c0 = time.process_time()
            wall["loop"].append(_loop(corpus))
            loop_cpu.append(time.process_time() - c0)
            for n in (1, 2):
                _cluster, client, pids = clusters[n]
                folder = out / f"{n}-{r}"
                load = os.getloadavg()[0]
                cpu0 = _cpu(pids)
                t0 = time.perf_counter()
                run = write_corpus_assessment(
                    corpus, folder, client=client, partition_size=args.partition_size
                )
                seconds = time.perf_counter() - t0
                cpu1 = _cpu(pids)
                wall[str(n)].append(seconds)
                line, busiest, total = _accounting(
                    n, {k: cpu1[k] - cpu0[k] for k in cpu1}, len(corpus)
                )
                runs[n].append((seconds, busiest, total, line, load, os.getloadavg()[0]))
                peaks[n] = [w["peak_mib"] for w in run.workers.values()]
                shutil.rmtree(folder)
        for n in (1, 2):
            print(
                f"{n} worker(s): peak memory per worker "
                f"{', '.join(f'{p:.0f}' for p in peaks[n])} MiB"
            )
    finally:
        for cluster, client, _pids in clusters.values():
            client.close()
            cluster.close()
        shutil.rmtree(out, ignore_errors=True)

    n = len(corpus)
    best = {k: min(v) for k, v in wall.items()}
    rate = {k: n / v for k, v in best.items()}
    print(
        f"single-process assess_answers loop: {best['loop']:.2f} s, {rate['loop']:.0f} answers/s "
        f"(CPU {min(loop_cpu):.2f} s, {n / min(loop_cpu):.0f} answers per CPU-second)"
    )
    for k in (1, 2):
        print(f"Dask, {k} worker(s), each run (wall, load average before -> after):")
        for seconds, _busiest, _total, line, before, after in runs[k]:
            rate_run = n / seconds
            print(f"  {seconds:.2f} s, {rate_run:.0f} answers/s, load {before:.1f} -> {after:.1f}")
            print(line)
    print(
        f"Dask, 1 worker: {best['1']:.2f} s, {rate['1']:.0f} answers/s "
        f"({rate['1'] / rate['loop']:.2f}x the loop; target >= 0.9x)"
    )
    print(
        f"Dask, 2 workers: {best['2']:.2f} s, {rate['2']:.0f} answers/s "
        f"({rate['2'] / rate['1']:.2f}x 1 worker, target >= 1.7x; "
        f"{rate['2'] / rate['loop']:.2f}x the loop)"
    )
    alone = min(busiest for _s, busiest, *_ in runs[1])
    busiest2 = min(busiest for _s, busiest, *_ in runs[2])
    total2 = min(total for _s, _b, total, *_ in runs[2])
    ceiling = alone / max(busiest2, total2 / 2)
    print(
        f"ratio the CPU accounting allows on these 2 cores: {ceiling:.2f}x "
        f"(lone worker {alone:.2f} s / max(busiest of 2 workers {busiest2:.2f} s, "
        f"total CPU of the 2-worker run {total2:.2f} s / 2)); "
        f"with the scheduler and client on another machine: {alone / busiest2:.2f}x"
    )
    print(
        f"peak memory of this process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    load_after = os.getloadavg()
    print(f"load average after the runs: {load_after[0]:.1f} (1 min) {load_after[1]:.1f} (5 min)")


if __name__ == "__main__":
    main()
