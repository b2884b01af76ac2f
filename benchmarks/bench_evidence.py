"""Speed of the evidence engine, next to spaCy's own ``nlp.pipe`` on the same texts.

Run: ``python benchmarks/bench_evidence.py [--n 2000] [--seed 0] [--words 500]``

Prints the cold start (a fresh interpreter: import, model load, first assessment)
and the model's load time and memory, then answers per second over ``n`` realistic
answers (made by recombining sentences of varied labelled answers; with ``--words``,
answers of at least that many words, like the long memoirs), spaCy's own
``nlp.pipe`` throughput over the same texts in the same run, and the ratio of the
two (target: the engine at most 1.3x spaCy's time). The labelled answers it draws
from must all be there: a missing file stops the benchmark.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / ".." / "shared" / "data" / "answers-dev.jsonl",
    ROOT / "tests" / "evidence" / "data" / "hard-cases.jsonl",
    ROOT / "tests" / "evidence" / "data" / "dev-hard.jsonl",
]
#: The engine may take at most this multiple of spaCy's own time on the same texts.
TARGET_RATIO = 1.3
_COLD = """
import resource, time
t0 = time.perf_counter()
from efc_scoring.evidence._nlp import get_nlp
r0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
nlp = get_nlp()
t_model = time.perf_counter() - t0
r1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from efc_scoring.evidence import assess_answer
assess_answer("Nous reprenons les bidons vides.", "packaging", cache=False)
print(time.perf_counter() - t0, t_model, (r1 - r0) / 1024, nlp.meta["name"], len(nlp.vocab.vectors))
"""
AXES = ["packaging", "transport", "waste", "egalim", "cooperation"]


def corpus(n: int, seed: int, words: int = 0) -> tuple[list[str], list[str]]:
    """``n`` answers drawn from the labelled answers, with an axis each: 1 to 6 sentences,
    or, with ``words``, sentences added until the answer has at least that many words."""
    missing = [str(p) for p in SOURCES if not p.exists()]
    if missing:
        raise SystemExit(f"labelled answers missing, no benchmark: {', '.join(missing)}")
    sentences: list[str] = []
    for path in SOURCES:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                answer = json.loads(line)["answer"]
                sentences += [s for s in re.split(r"(?<=[.!?])\s+", answer) if len(s) > 3]
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        if words:
            picked: list[str] = []
            while sum(len(s.split()) for s in picked) < words:
                picked.append(rng.choice(sentences))
            texts.append(" ".join(picked))
        else:
            texts.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 6))))
    return texts, [rng.choice(AXES) for _ in range(n)]


def cold_start() -> None:
    """Import, model load and first assessment in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", _COLD], capture_output=True, text=True, check=True
    ).stdout.split()
    total, model, mem = float(out[0]), float(out[1]), float(out[2])
    print(
        f"cold start (fresh interpreter, import + model + first assessment): {total:.2f} s; "
        f"model {out[3]} ({int(out[4])} vectors) loaded once in {model:.2f} s, "
        f"+{mem:.0f} MB resident"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is kept")
    parser.add_argument("--words", type=int, default=0, help="answers of at least N words")
    args = parser.parse_args()
    cold_start()
    texts, axes = corpus(args.n, args.seed, args.words)
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
        results[:] = assess_answers(texts, axes, cache=False)

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
        f"engine / spaCy: {t_engine / t_spacy:.2f}x wall, {c_engine / c_spacy:.2f}x CPU "
        f"(target <= {TARGET_RATIO}x)"
    )
    # the learned layer's own share (engine 2026.14): its cues and trees on the same answers
    from efc_scoring.evidence._layer import inputs, load_layer

    layer = load_layer()
    w0 = time.perf_counter()
    for text, axis, r in zip(texts, axes, results, strict=True):
        layer.verdict(inputs(text, "", axis, r.reading_level, r.features))
    t_layer = time.perf_counter() - w0
    print(
        f"of which the learned layer (cues and trees): {t_layer:.2f} s, "
        f"{t_layer / t_spacy:.2f}x spaCy's time"
    )
    levels = [r.level for r in results]
    print("levels proposed:", {lv: levels.count(lv) for lv in range(6)})


if __name__ == "__main__":
    main()
