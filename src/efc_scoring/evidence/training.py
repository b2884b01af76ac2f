"""Train the learned layer (:mod:`efc_scoring.evidence._layer`) and measure it honestly.

Developer tool; run from the repository's root::

    python -m efc_scoring.evidence.training --loro     # leave-one-round-out figures
    python -m efc_scoring.evidence.training --write    # retrain, write layer.json
    python -m efc_scoring.evidence.training --check    # layer.json is what the data give

The data are the labelled rounds of ``tests/evidence/data`` and
``tests/evidence/data/first-contact.jsonl``: for each answer of each round, the
level and features proposed by the engine as it stood before that round was
written into the repository (the ``commit`` field: the parent of the commit that
added the round). Training on first contacts, not on the outputs of the engine of
today (which was tuned on these rounds and reads them 87-100 % right), teaches the
layer how the rule reading errs on answers it has not seen.

:func:`leave_one_round_out` trains on every round but one and measures on the one
left out, round by round: the estimate of first contact on a new round, since the
layer never saw that round's answers and the engine inputs are those of an
engine that had not seen them either.

Training needs scikit-learn (installed with scikit-criteria); the package at run
time does not.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from efc_scoring.evidence._layer import (
    FORMAT,
    INPUT_NAMES,
    Layer,
    Verdict,
    choose,
    inputs,
    near,
    proposal,
)

__all__ = [
    "PARAMETERS",
    "Row",
    "fit",
    "leave_one_round_out",
    "load_rows",
    "to_dict",
    "train",
]

#: The boosting's settings (chosen by leave-one-round-out, see docs/reading-grid.md).
PARAMETERS: dict[str, Any] = {
    "max_depth": 3,
    "learning_rate": 0.05,
    "max_iter": 100,
    "l2_regularization": 1.0,
    "min_samples_leaf": 10,
    "early_stopping": False,
}

_DEFAULT_DATA = Path("tests/evidence/data")
_HARD = ("dev-hard", "r1", "r2", "r3", "r4", "r5", "r7", "r8", "r9")


@dataclass(frozen=True)
class Row:
    """One labelled answer with the first-contact reading of it."""

    round: str
    id: str
    x: tuple[float, ...]
    level: int


def _jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}, ligne {n} : JSON illisible ({exc.msg})") from exc
    return rows


def load_rows(data: Path = _DEFAULT_DATA) -> list[Row]:
    """The training rows: labels of each round joined to its first-contact reading.

    Answers labelled ``None`` (not written in French) are left out: the engine
    abstains on them before the layer is asked.
    """
    from efc_scoring.evidence.lexicon import load_lexicons

    lexicons = load_lexicons()
    first = _jsonl(data / "first-contact.jsonl")
    labelled: dict[str, dict[str, dict[str, Any]]] = {}
    rows = []
    for fc in first:
        name = fc["set"]
        if name not in labelled:
            labelled[name] = {r["id"]: r for r in _jsonl(data / f"{name}.jsonl")}
        ref = labelled[name].get(fc["id"])
        if ref is None:
            raise ValueError(f"first-contact.jsonl : {fc['id']} absent de {name}.jsonl")
        if ref["level"] is None:
            continue
        axis = lexicons.resolve(ref["axis"])  # as the engine names it (local_sourcing: egalim)
        x = inputs(ref["answer"], ref.get("question") or "", axis, fc["level"], fc["features"])
        rows.append(Row(name, ref["id"], x, int(ref["level"])))
    return rows


def fit(rows: Sequence[Row]) -> Any:
    """A gradient-boosted classifier of the level, trained on ``rows``."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    model = HistGradientBoostingClassifier(**PARAMETERS, random_state=0)
    # one thread: 500 rows need no more, and OpenMP threads spinning beside other
    # processes on a shared machine made the test suite's fits 50 times slower
    with threadpool_limits(limits=1, user_api="openmp"):
        model.fit(np.array([r.x for r in rows]), np.array([r.level for r in rows]))
    return model


def to_dict(model: Any, n_rows: int, fragile_near: float = 0.5) -> dict[str, Any]:
    """The JSON layout of a fitted model (its trees node by node)."""
    classes = [int(c) for c in model.classes_]
    if classes != list(range(6)):
        raise ValueError(f"les niveaux appris sont {classes} : il faut des exemples de 0 à 5")
    trees = []
    for round_ in model._predictors:  # one predictor per level and boosting round
        trees.append(
            [
                {
                    "feature": [int(v) for v in tree.nodes["feature_idx"]],
                    "threshold": [float(v) for v in tree.nodes["num_threshold"]],
                    "left": [int(v) for v in tree.nodes["left"]],
                    "right": [int(v) for v in tree.nodes["right"]],
                    "leaf": [bool(v) for v in tree.nodes["is_leaf"]],
                    "value": [float(v) for v in tree.nodes["value"]],
                }
                for tree in round_
            ]
        )
    baseline = [float(v) for v in model._baseline_prediction.ravel()]
    return {
        "format": FORMAT,
        "inputs": list(INPUT_NAMES),
        "parameters": PARAMETERS,
        "trained_on": n_rows,
        "fragile_near": fragile_near,
        "baseline": baseline,
        "trees": trees,
    }


def _figures(
    ref: Sequence[int], got: Sequence[int | None], conf: Sequence[float]
) -> dict[str, Any]:
    from efc_scoring.evidence.metrics import agreement_report

    rep = agreement_report(list(ref), list(got), confidences=list(conf))
    return {
        "n": rep.n,
        "exact": round(rep.exact, 4),
        "within_one": round(rep.within_one, 4),
        "qwk": round(rep.qwk, 4),
        "off_by_three": rep.off_by_three,
        "gross": len(rep.gross),
        "gross_in_low_third": sum(
            rep.low_third is not None and c <= rep.low_third for *_, c in rep.gross
        ),
    }


def _held_out_verdicts(rows: Sequence[Row]) -> dict[str, Verdict]:
    """Each row's verdict by a layer trained on every round but the row's own."""
    out = {}
    for held in sorted({r.round for r in rows}):
        kept = [r for r in rows if r.round != held]
        layer = Layer.from_dict(to_dict(fit(kept), len(kept)))
        out.update({r.id: layer.verdict(r.x) for r in rows if r.round == held})
    return out


def train(rows: Sequence[Row], verdicts: dict[str, Verdict] | None = None) -> dict[str, Any]:
    """The shipped layer: trained on every row, its fragile threshold from held-out verdicts.

    The threshold is the lowest third of the within-one probability of the levels
    proposed on the leave-one-round-out verdicts (:func:`leave_one_round_out`).
    """
    verdicts = verdicts if verdicts is not None else _held_out_verdicts(rows)
    values = []
    for r in rows:
        v = verdicts[r.id]
        values.append(near(v.probabilities, choose(v, _rule_level(r))))
    values.sort()
    return to_dict(fit(rows), len(rows), round(values[len(values) // 3], 6))


def _rule_level(row: Row) -> int | None:
    """The first-contact level, read back from the input's one-hot (None: abstention)."""
    hot = [k for k in range(6) if row.x[k]]
    return hot[0] if hot else None


def leave_one_round_out(rows: Sequence[Row]) -> dict[str, dict[str, Any]]:
    """Train on all rounds but one, measure on it; the rule reading's figures beside.

    Returns, per round, for the hard rounds together (``"hard"``) and for the others
    (``"short"``: short answers focused on one question), the figures
    of the layer (``"layer"``) and of the first-contact rule reading (``"rules"``).
    """
    rounds = sorted({r.round for r in rows})
    verdicts = _held_out_verdicts(rows)
    shipped = Layer.from_dict(train(rows, verdicts))
    got = {r.id: proposal(shipped, verdicts[r.id], _rule_level(r)) for r in rows}
    out: dict[str, dict[str, Any]] = {}
    groups = {name: [r for r in rows if r.round == name] for name in rounds}
    groups["hard"] = [r for r in rows if r.round in _HARD]
    groups["short"] = [r for r in rows if r.round not in _HARD]
    for name, group in groups.items():
        rules = [_rule_level(r) for r in group]
        out[name] = {
            "layer": _figures(
                [r.level for r in group],
                [got[r.id][0] for r in group],
                [got[r.id][1] for r in group],
            ),
            "rules": _figures(
                [r.level for r in group],
                rules,
                [1.0] * len(group),
            ),
        }
    return out


def _layer_path() -> Path:
    return Path(__file__).with_name("layer.json")


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m efc_scoring.evidence.training")
    parser.add_argument("--data", type=Path, default=_DEFAULT_DATA)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="retrain and write layer.json")
    action.add_argument("--check", action="store_true", help="layer.json matches the data")
    action.add_argument("--loro", action="store_true", help="leave-one-round-out figures")
    args = parser.parse_args(argv)
    rows = load_rows(args.data)
    if args.loro:
        for name, figs in leave_one_round_out(rows).items():
            for who in ("rules", "layer"):
                f = figs[who]
                print(
                    f"{name:14s} {who:5s} n={f['n']:3d} exact={f['exact'] * 100:5.1f} "
                    f"within_one={f['within_one'] * 100:5.1f} qwk={f['qwk']:.3f} "
                    f"off3={f['off_by_three']:2d} gross={f['gross']:2d} "
                    f"(lowest third {f['gross_in_low_third']})"
                )
        return 0
    text = _dump(train(rows))
    path = _layer_path()
    if args.check:
        same = path.read_text("utf-8") == text
        print("layer.json : à jour" if same else "layer.json : différent des données (--write)")
        return 0 if same else 1
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(path)
    print(f"{path} : {len(rows)} réponses, {len(text) // 1024} Kio")
    return 0


if __name__ == "__main__":
    sys.exit(main())
