"""Speed of the evidence engine, next to spaCy's own ``nlp.pipe`` on the same texts.

Run: ``python benchmarks/bench_evidence.py [--n 2000] [--seed 0]``

Prints the time to the first assessment (model load and lexicon compilation),
answers per second over ``n`` realistic answers (made by recombining sentences
of varied labelled answers), spaCy's own ``nlp.pipe`` throughput over the same
texts in the same run, and the engine's overhead beyond spaCy (target < 30 %).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / ".." / "shared" / "data" / "answers-dev.jsonl",
    ROOT / "tests" / "evidence" / "data" / "hard-cases.jsonl",
]
AXES = ["packaging", "transport", "waste", "egalim", "cooperation"]


def corpus(n: int, seed: int) -> tuple[list[str], list[str]]:
    """``n`` answers of 1 to 6 sentences drawn from the labelled answers, with an axis each."""
    sentences: list[str] = []
    for path in SOURCES:
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    answer = json.loads(line)["answer"]
                    sentences += [s for s in re.split(r"(?<=[.!?])\s+", answer) if len(s) > 3]
    if not sentences:
        raise SystemExit("no labelled answers found to build the corpus")
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 6))) for _ in range(n)]
    return texts, [rng.choice(AXES) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best is kept")
    args = parser.parse_args()
    texts, axes = corpus(args.n, args.seed)
    n_words = sum(len(t.split()) for t in texts)

    t0 = time.perf_counter()
    from efc_scoring.evidence import assess_answer, assess_answers

    first = assess_answer("Nous reprenons les bidons vides.", "packaging")
    t_first = time.perf_counter() - t0
    print(
        f"time to first assessment (import, model load, lexicons): {t_first:.2f} s "
        f"(level {first.level})"
    )

    from efc_scoring.evidence._nlp import get_nlp

    nlp = get_nlp()
    list(nlp.pipe(texts[:50]))  # warm up

    def spacy_run() -> None:
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    results: list = []

    def engine_run() -> None:
        results[:] = assess_answers(texts, axes)

    # best of `repeat` runs, alternating, in wall time and in CPU time (less sensitive to
    # other processes on a shared machine)
    wall = {"spacy": [], "engine": []}
    cpu = {"spacy": [], "engine": []}
    for _ in range(args.repeat):
        for name, run in (("spacy", spacy_run), ("engine", engine_run)):
            w0, c0 = time.perf_counter(), time.process_time()
            run()
            wall[name].append(time.perf_counter() - w0)
            cpu[name].append(time.process_time() - c0)
    t_spacy, t_engine = min(wall["spacy"]), min(wall["engine"])
    c_spacy, c_engine = min(cpu["spacy"]), min(cpu["engine"])

    print(f"answers: {len(texts)} ({n_words} words, {n_words / len(texts):.0f} words per answer)")
    print(
        f"spaCy nlp.pipe (pipes: {', '.join(nlp.pipe_names)}): {t_spacy:.2f} s, "
        f"{len(texts) / t_spacy:.0f} answers/s"
    )
    print(
        f"evidence engine (assess_answers): {t_engine:.2f} s, {len(texts) / t_engine:.0f} answers/s"
    )
    print(f"CPU time: spaCy {c_spacy:.2f} s, engine {c_engine:.2f} s")
    print(
        f"engine overhead beyond spaCy: {(t_engine - t_spacy) / t_spacy:.0%} wall, "
        f"{(c_engine - c_spacy) / c_spacy:.0%} CPU (target < 30 %)"
    )
    levels = [r.level for r in results]
    print("levels proposed:", {lv: levels.count(lv) for lv in range(6)})


if __name__ == "__main__":
    main()
