"""Helpers of the corpus tests: where the dev sets are, and the engine's own answers."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SHARED = HERE.parents[1] / ".." / "shared" / "data"
DEV_SETS = [SHARED / "answers-dev.jsonl", SHARED / "answers-dev-hard.jsonl"]


def reference(corpus):
    """The engine's results, answer by answer, called in this process without the cache."""
    from efc_scoring.evidence import assess_answers

    out = []
    for rec in corpus.answers.to_dict(orient="records"):
        axis = rec["axis"] if isinstance(rec["axis"], str) and rec["axis"] else None
        [result] = assess_answers(
            [rec["answer"]],
            [axis],
            [rec["question_text"] if isinstance(rec["question_text"], str) else ""],
            lexicons=corpus.axes.get(rec["tender"]) or None,
            reference_date=rec["date"] if isinstance(rec["date"], str) else None,
            cache=False,
        )
        out.append(result)
    return out


def assert_same(results, corpus, expected):
    """Each result row is the engine's assessment of the same answer, in corpus order."""
    assert results["row"].tolist() == list(range(len(corpus)))
    assert len(results) == len(expected)
    for rec, exp in zip(results.to_dict(orient="records"), expected, strict=True):
        got = {
            "level": rec["level"],
            "label": rec["label"],
            "axis": rec["axis"],
            "features": list(rec["features"]),
            "evidence": [(s["code"], s["start"], s["end"], s["text"]) for s in rec["evidence"]],
            "confidence": rec["confidence"],
            "fragile": rec["fragile"],
            "justification": rec["justification"],
            "rule": rec["rule"],
            "answer": rec["answer"],
        }
        want = {
            "level": exp.level,
            "label": exp.label,
            "axis": exp.axis,
            "features": [c for c in "RMFQTICPN" if c in exp.features],
            "evidence": [(s.code, s.start, s.end, s.text) for s in exp.evidence],
            "confidence": exp.confidence,
            "fragile": exp.fragile,
            "justification": exp.justification,
            "rule": exp.rule,
            "answer": exp.text,
        }
        assert got == want, rec["row"]
