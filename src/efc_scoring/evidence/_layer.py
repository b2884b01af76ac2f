"""The learned layer: a second reading of the whole answer, trained on first contacts.

The rule reading finds the rubric's features span by span and gives the level the
rubric's table gives them (:func:`~efc_scoring.evidence.levels.decide_level`). On
answers its rules were written from it agrees with the labels 87-100 % of the time;
on answers it has never seen, 58-72 % (issue 11): each round of hand-written word
families fixed its own round and moved nothing on the next.

This layer is trained on what the engine does at *first contact*. For every
labelled round kept in ``tests/evidence/data``, the engine as it stood *before*
anyone read that round (the parent commit of the one that added it) was run on it;
its proposed level and features, the answer's whole-text cues
(:mod:`efc_scoring.evidence._cues`) and the axis are the inputs, the label from the
rubric is the target. The layer so learns how the rule reading errs on new answers
(service promises read as cooperation, the question restated in firm verbs, past
results, hedges of terse notes...) and how it is right.

The model is a small gradient-boosted tree ensemble (depth 3, 100 rounds, one tree
a level and a round) trained by :mod:`efc_scoring.evidence.training` with
scikit-learn and stored as plain JSON in ``layer.json`` beside this module: this
module evaluates the trees itself (no pickle, no scikit-learn at run time). The
level proposed is the median of the predicted distribution (an ordinal choice: it
keeps errors small when the layer hesitates between distant levels), and the
confidence is the predicted probability that the true level is within one of it.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from efc_scoring.evidence._confidence import FRAGILE_BELOW
from efc_scoring.evidence._cues import CUE_NAMES, cues
from efc_scoring.evidence.features import CODES

__all__ = [
    "AXES",
    "INPUT_NAMES",
    "KEEP_RULES_AT",
    "LARGE_MOVE_AT",
    "Layer",
    "Verdict",
    "choose",
    "inputs",
    "load_layer",
    "near",
    "proposal",
]

#: The axes the layer knows, as the default lexicons name them once resolved
#: (``local_sourcing`` is ``egalim``); answers on another axis keep the rule reading.
AXES: tuple[str, ...] = ("packaging", "transport", "waste", "cooperation", "egalim")

#: The names of the layer's inputs, in order.
INPUT_NAMES: tuple[str, ...] = (
    *(f"level_{k}" for k in range(6)),
    "level_none",
    *(f"feature_{c}" for c in CODES),
    *(f"axis_{a}" for a in AXES),
    *(f"cue_{name}" for name in CUE_NAMES),
)

#: Version of the JSON layout of ``layer.json``.
FORMAT = 1


def inputs(
    answer: str,
    question: str,
    axis: str | None,
    level: int | None,
    features: Iterable[str],
) -> tuple[float, ...]:
    """The layer's input vector for one answer and the rule reading of it.

    Examples
    --------
    >>> x = inputs("Nous reprenons les palettes.", "", "packaging", 3, {"R", "M", "F"})
    >>> len(x) == len(INPUT_NAMES), x[INPUT_NAMES.index("level_3")]
    (True, 1.0)
    """
    found = set(features)
    head = [float(level == k) for k in range(6)] + [float(level is None)]
    head += [float(c in found) for c in CODES]
    head += [float(axis == a) for a in AXES]
    return (*head, *cues(answer, question))


@dataclass(frozen=True)
class _Tree:
    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    leaf: tuple[bool, ...]
    value: tuple[float, ...]

    def __call__(self, x: tuple[float, ...]) -> float:
        node = 0
        while not self.leaf[node]:
            node = (
                self.left[node]
                if x[self.feature[node]] <= self.threshold[node]
                else self.right[node]
            )
        return self.value[node]


@dataclass(frozen=True)
class Verdict:
    """What the layer says of one answer.

    Attributes
    ----------
    level : int
        The median level of :attr:`probabilities`.
    probabilities : tuple of float
        The probability of each level 0 to 5.
    confidence : float
        The probability that the true level is within one of :attr:`level`.
    """

    level: int
    probabilities: tuple[float, ...]
    confidence: float


@dataclass(frozen=True)
class Layer:
    """A trained layer: a baseline per level, the trees of each boosting round.

    ``fragile_near`` is the within-one probability under which a proposal is fragile.
    """

    baseline: tuple[float, ...]
    trees: tuple[tuple[_Tree, ...], ...]
    trained_on: int
    fragile_near: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Layer:
        """Build a layer from the JSON layout written by :mod:`~efc_scoring.evidence.training`."""
        if data.get("format") != FORMAT or tuple(data.get("inputs", ())) != INPUT_NAMES:
            raise ValueError(
                "layer.json ne correspond pas à cette version du moteur (format ou entrées) : "
                "l'entraîner à nouveau avec « python -m efc_scoring.evidence.training --write »"
            )
        trees = tuple(
            tuple(_Tree(**{k: tuple(v) for k, v in tree.items()}) for tree in round_)
            for round_ in data["trees"]
        )
        return cls(
            tuple(data["baseline"]), trees, int(data["trained_on"]), float(data["fragile_near"])
        )

    def probabilities(self, x: tuple[float, ...]) -> tuple[float, ...]:
        """The probability of each level 0 to 5 (softmax of the summed trees)."""
        raw = list(self.baseline)
        for round_ in self.trees:
            for k, tree in enumerate(round_):
                raw[k] += tree(x)
        top = max(raw)
        exp = [math.exp(r - top) for r in raw]
        total = sum(exp)
        return tuple(e / total for e in exp)

    def verdict(self, x: tuple[float, ...]) -> Verdict:
        """The median level, the distribution and the confidence for one input vector."""
        p = self.probabilities(x)
        cumulative = 0.0
        level = len(p) - 1
        for k, value in enumerate(p):
            cumulative += value
            if cumulative >= 0.5:
                level = k
                break
        return Verdict(level, p, near(p, level))


#: The rule reading's level is kept when the layer gives it at least this probability
#: (chosen by leave-one-round-out: it keeps short, plain answers as the rules read
#: them and costs nothing on the hard kinds; docs/reading-grid.md).
KEEP_RULES_AT = 0.3

#: A move of two levels or more from the rule reading needs the layer to give its level
#: at least this probability; under it the proposal moves one level towards it (chosen
#: by leave-one-round-out: fewer large errors on short answers, nothing lost on the hard
#: kinds).
LARGE_MOVE_AT = 0.5


def choose(verdict: Verdict, rule_level: int | None) -> int:
    """The level proposed, from the layer's verdict and the rule reading's level.

    Examples
    --------
    >>> choose(Verdict(1, (0.1, 0.6, 0.2, 0.05, 0.03, 0.02), 0.9), 4)
    1
    >>> choose(Verdict(1, (0.1, 0.45, 0.2, 0.05, 0.15, 0.05), 0.75), 4)
    3
    >>> choose(Verdict(1, (0.1, 0.45, 0.1, 0.05, 0.3, 0.0), 0.65), 4)
    4
    """
    if rule_level is None:
        return verdict.level
    p = verdict.probabilities
    if p[rule_level] >= KEEP_RULES_AT:
        return rule_level
    if abs(verdict.level - rule_level) >= 2 and p[verdict.level] < LARGE_MOVE_AT:
        return rule_level + (1 if verdict.level > rule_level else -1)
    return verdict.level


def near(probabilities: tuple[float, ...], level: int) -> float:
    """The probability that the true level is within one of ``level``.

    Examples
    --------
    >>> round(near((0.1, 0.6, 0.2, 0.05, 0.03, 0.02), 1), 2)
    0.9
    """
    return sum(probabilities[max(level - 1, 0) : level + 2])


def proposal(layer: Layer, verdict: Verdict, rule_level: int | None) -> tuple[int, float]:
    """The level proposed and its confidence.

    The level is :func:`choose`'s: the rule reading's level stands when the layer
    gives it at least :data:`KEEP_RULES_AT`; otherwise the layer's (median) level is
    proposed, one level from the rules' at most unless the layer gives it
    :data:`LARGE_MOVE_AT`. The confidence is the probability of being within one
    level of the proposal, mapped (monotone, piecewise linear) so that
    :data:`~efc_scoring.evidence._confidence.FRAGILE_BELOW` falls on
    :attr:`Layer.fragile_near`: the lowest third of that probability on the
    leave-one-round-out readings, where the errors of two levels or more sit.

    Examples
    --------
    >>> layer = Layer((0.0,) * 6, (), 1, 0.8)
    >>> v = Verdict(1, (0.1, 0.6, 0.2, 0.05, 0.03, 0.02), 0.9)
    >>> proposal(layer, v, 1), proposal(layer, v, 4)
    ((1, 0.8), (1, 0.8))
    >>> proposal(layer, Verdict(4, (0.3, 0.1, 0.1, 0.1, 0.3, 0.1), 0.5), 0)
    (0, 0.3)
    """
    level = choose(verdict, rule_level)
    t = layer.fragile_near
    value = near(verdict.probabilities, level)
    if value < t:
        value = FRAGILE_BELOW * value / t
    else:
        value = FRAGILE_BELOW + (1 - FRAGILE_BELOW) * (value - t) / max(1 - t, 1e-9)
    return level, round(min(max(value, 0.0), 1.0), 4)


@functools.cache
def load_layer() -> Layer:
    """The layer shipped with the package (read once)."""
    text = resources.files("efc_scoring.evidence").joinpath("layer.json").read_text("utf-8")
    return Layer.from_dict(json.loads(text))
