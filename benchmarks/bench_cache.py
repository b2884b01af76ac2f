"""Benchmark of the assessment cache: commands on an already-assessed tender, without spaCy.

Prints, as medians of ``--repeat`` runs of the command line in fresh processes
(the way a buyer runs it), on the bundled cleaning tender:

- ``grids`` with the cache already filled, beside ``grids --no-propose`` (no
  engine at all) measured in the same run: target ratio <= 1.5x;
- ``grids --no-cache`` (spaCy loaded, every answer read), for scale;
- ``demo``'s second run (the cache filled by the first): target < 5 s;
- wall time and CPU time (user + system) of each: on a busy shared machine the
  CPU time says what the command costs on an idle core;
- what the demo's second run still spends on importing its heavy libraries
  (``python -X importtime``), so that the next saving is visible.

The cache lives in a temporary folder (``EFC_SCORING_CACHE_DIR``); the user's is
never touched. Run: ``.venv/bin/python benchmarks/bench_cache.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "nettoyage"
#: The ``efc-scoring`` script, run by this interpreter (``-X importtime`` can be passed).
_MAIN = "import sys; from efc_scoring.cli import main; sys.exit(main())"
HEAVY = ("spacy", "skcriteria", "matplotlib", "scipy", "pandas", "openpyxl", "xlsxwriter", "docx")


@dataclass(frozen=True)
class Run:
    """One command: wall time, CPU time (user + system, less sensitive to a busy machine)."""

    wall: float
    cpu: float
    stderr: str


def run(args: list[str], env: dict[str, str], *, flags: tuple[str, ...] = ()) -> Run:
    """One command in a fresh interpreter."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *flags, "-c", _MAIN, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"efc-scoring {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(elapsed, cpu, done.stderr)


def median(args: list[str], env: dict[str, str], repeat: int) -> tuple[Run, list[float]]:
    """Medians of ``repeat`` runs (wall and CPU apart), and the wall times."""
    runs = [run(args, env) for _ in range(repeat)]
    wall = statistics.median(r.wall for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    return Run(wall, cpu, ""), [r.wall for r in runs]


def _runs(runs: list[float]) -> str:
    return ", ".join(f"{r:.2f}" for r in runs)


def import_costs(stderr: str) -> dict[str, float]:
    """Import time of each heavy package, from ``-X importtime``, whatever imported it.

    A module of a heavy package counts when its importer (the next line less
    indented) is not of the same package, so ``scipy.stats`` imported late by
    efc_scoring counts for scipy even though ``import scipy`` itself is cheap.
    """
    rows = []
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            rows.append((len(m.group(2)), m.group(3), int(m.group(1)) / 1e6))
    costs: dict[str, float] = {}
    for i, (depth, name, cumulative) in enumerate(rows):
        package = name.split(".")[0]
        if package not in HEAVY:
            continue
        parent = next((n for d, n, _ in rows[i + 1 :] if d < depth), "")
        if parent.split(".")[0] != package:
            costs[package] = costs.get(package, 0.0) + cumulative
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not SAMPLE.is_dir():
        raise SystemExit(f"sample tender not found: {SAMPLE}")
    with tempfile.TemporaryDirectory(prefix="efc-bench-cache-") as tmp:
        env = {**os.environ, "EFC_SCORING_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("EFC_SCORING_NO_CACHE", None)
        out = str(Path(tmp) / "out")
        grids = ["grids", str(SAMPLE), "--out", out]

        cold, cold_runs = median([*grids, "--no-cache"], env, args.repeat)
        first = run(grids, env)  # fills the cache
        ref, ref_runs = median([*grids, "--no-propose"], env, args.repeat)
        warm, warm_runs = median(grids, env, args.repeat)
        print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"grids --no-propose (reference, no engine): {_both(ref)}  [{_runs(ref_runs)}]")
        print(f"grids, answers cached:                     {_both(warm)}  [{_runs(warm_runs)}]")
        print(
            f"  ratio to the reference: {warm.wall / ref.wall:.2f}x wall, "
            f"{warm.cpu / ref.cpu:.2f}x CPU (target <= 1.5x)"
        )
        print(f"grids --no-cache (spaCy, every answer read): {_both(cold)}  [{_runs(cold_runs)}]")
        print(f"grids, first run (fills the cache): {_both(first)}")
        print(f"  the cache saves {cold.wall - warm.wall:.2f} s per command")

        demo = ["demo", "--out", str(Path(tmp) / "demo")]
        demo_env = {**env, "EFC_SCORING_CACHE_DIR": str(Path(tmp) / "demo-cache")}
        demo_first = run(demo, demo_env)
        second, second_runs = median(demo, demo_env, args.repeat)
        print(f"demo, first run (empty cache): {_both(demo_first)}")
        print(f"demo, second run: {_both(second)}  [{_runs(second_runs)}] (target < 5 s)")
        costs = import_costs(run(demo, demo_env, flags=("-X", "importtime")).stderr)
        if "spacy" in costs:
            print("  WARNING: the second run imported spaCy")
        ordered = sorted(costs.items(), key=lambda kv: -kv[1])
        listed = ", ".join(f"{k} {v:.2f} s" for k, v in ordered)
        print(f"  imports in the second run (one run, wall): {listed}")


def _both(r: Run) -> str:
    return f"{r.wall:.2f} s wall, {r.cpu:.2f} s CPU"


if __name__ == "__main__":
    main()
