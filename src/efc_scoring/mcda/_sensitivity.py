"""How often does each offer win when the weights move? Vectorised weight sensitivity.

:func:`sensitivity` draws many weight vectors around the tender's leaf weights
and ranks the competing offers of a lot under each of them, all at once with
numpy: the weighted sum is one matrix product, TOPSIS two (see
:mod:`efc_scoring.mcda._kernels`). It reports each offer's probability of
ranking first and, when asked, its rank distribution. Eliminated offers stay out: their
elimination does not depend on the draws.

Two ways of drawing weights:

- **Dirichlet** (default): ``w ~ 100 × Dirichlet(c × w0 / 100)`` around the
  tender's weights ``w0``; the mean is ``w0`` and the standard deviation of a
  weight ``w0`` is ``100 × sqrt(p (1 − p) / (c + 1))`` with ``p = w0 / 100``:
  with ``c = 100`` a weight of 40 moves by about 4.9 points, one of 10 by 3.
- **Announced bounds** (``bounds=5`` for ± 5 points on every leaf, or a mapping
  leaf id -> ± points or ``(low, high)``; leaves left out keep their weight):
  each weight is drawn uniformly within its band (never below 0), then the
  vector is rescaled to add up to 100. The rescaling keeps the proportions of
  the draw, so a weight may end slightly outside its band (by at most its share
  of the total excess, a fraction of a point for bands of a few points).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from efc_scoring import present
from efc_scoring._deprecation import lot_moved
from efc_scoring.errors import ScoringError
from efc_scoring.mcda import DEFAULT_DRAWS, _kernels, _sampling
from efc_scoring.mcda._lot import lot_data
from efc_scoring.mcda._sampling import Bounds

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = [
    "DEFAULT_DRAWS",
    "SensitivityResult",
    "draw_weights",
    "rank_draws",
    "sensitivity",
]

Method = Literal["weighted_sum", "topsis"]
_METHOD_FR = {
    "weighted_sum": "somme pondérée",
    "topsis": "méthode TOPSIS (normalisation vectorielle)",
}


@dataclass(frozen=True)
class SensitivityResult:
    """Probabilities of each offer's ranks over many weight draws (one lot).

    ``p_first[i]`` is the probability that ``offers[i]`` wins, a tie at the
    top counting as a share of a win, so that the probabilities add up to 1.
    ``rank_probability[i][r]`` is the probability that it ranks ``r + 1``
    (competition ranks: tied offers share the better rank); it is None unless
    the ranks were asked for (``sensitivity(..., ranks=True)``).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score, sensitivity
    >>> result = sensitivity(score(load_tender(sample_path("nettoyage"))), n=2_000, seed=0,
    ...                      ranks=True)
    >>> result.p_win("O1"), result.mean_rank("O1")
    (1.0, 1.0)
    """

    lot: str
    method: str
    n: int
    seed: int | None
    draws: str
    offers: tuple[str, ...]
    award_ranks: tuple[int, ...]
    p_first: tuple[float, ...]
    rank_probability: tuple[tuple[float, ...], ...] | None = None

    def p_win(self, offer: str) -> float:
        """Probability that ``offer`` ranks first."""
        return self.p_first[self.offers.index(offer)]

    def mean_rank(self, offer: str) -> float:
        """Expected rank of ``offer`` over the draws (needs ``ranks=True``)."""
        probs = self._ranks()[self.offers.index(offer)]
        return sum((r + 1) * p for r, p in enumerate(probs))

    def _ranks(self) -> tuple[tuple[float, ...], ...]:
        if self.rank_probability is None:
            raise ScoringError(
                "La distribution des rangs n'a pas été calculée : relancer "
                "sensitivity(..., ranks=True)."
            )
        return self.rank_probability

    def to_frame(self) -> pd.DataFrame:
        """Tidy: one row per offer and rank with its probability.

        Without the ranks (``ranks=False``), one row per offer with its
        probability of ranking first (``rank`` 1, a tie at the top shared).
        """
        import pandas as pd

        if self.rank_probability is None:
            return pd.DataFrame(
                [
                    {
                        "lot": self.lot,
                        "method": self.method,
                        "offer": o,
                        "rank": 1,
                        "probability": p,
                    }
                    for o, p in zip(self.offers, self.p_first, strict=True)
                ]
            )
        return pd.DataFrame(
            [
                {
                    "lot": self.lot,
                    "method": self.method,
                    "offer": o,
                    "rank": r + 1,
                    "probability": p,
                }
                for o, probs in zip(self.offers, self.rank_probability, strict=True)
                for r, p in enumerate(probs)
            ]
        )

    def summary_frame(self) -> pd.DataFrame:
        """One row per offer: award rank, probability of winning, mean rank (when computed)."""
        import pandas as pd

        columns: dict[str, list[object]] = {
            "offer": list(self.offers),
            "award_rank": list(self.award_ranks),
            "p_first": list(self.p_first),
        }
        if self.rank_probability is not None:
            columns["mean_rank"] = [self.mean_rank(o) for o in self.offers]
        frame = pd.DataFrame(columns)
        return frame.sort_values(["award_rank", "offer"], kind="stable").reset_index(drop=True)

    def sentences(self) -> list[str]:
        """French sentences: the probability each offer wins under the weight noise."""
        rows = sorted(zip(self.p_first, self.offers, strict=True), reverse=True)
        winner = [o for o, r in zip(self.offers, self.award_ranks, strict=True) if r == 1]
        parts = [f"{o} {_share(p)}" for p, o in rows if p > 0]
        count = present.number(self.n)
        how = _METHOD_FR.get(self.method, self.method)
        head = (
            f"Sur {count} tirages de poids ({self.draws}), probabilité d'être classée "
            f"première selon la {how} : " + " ; ".join(parts) + "."
        )
        p_award = sum(self.p_win(o) for o in winner)
        return [
            head,
            f"Le lauréat de l'attribution ({present.join(winner)}) reste premier dans "
            f"{_share(p_award)} des tirages.",
        ]

    def _repr_html_(self) -> str:
        frame = self.summary_frame()
        return (
            "<p>"
            + " ".join(self.sentences())
            + "</p>"
            + frame.to_html(index=False, float_format=lambda x: f"{x:.3f}")
        )


@lot_moved("n")
def draw_weights(
    evaluation: Evaluation,
    lot: str | None = None,
    *,
    n: int = DEFAULT_DRAWS,
    concentration: float = 100.0,
    bounds: Bounds | None = None,
    seed: int | None = 0,
) -> np.ndarray:
    """The weight vectors :func:`sensitivity` uses (draws x leaves, each row adding up to 100).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> w = draw_weights(score(load_tender(sample_path("nettoyage"))), n=4, seed=1)
    >>> w.shape, bool(abs(w.sum(axis=1) - 100).max() < 1e-9)
    ((4, 6), True)
    """
    import numpy as np

    data = lot_data(evaluation, lot)
    rng = np.random.default_rng(seed)
    chunks = [
        _sampling.normalised_draws(rng, data, size, concentration, bounds)
        for size in _sampling.chunk_sizes(n)
    ]
    return np.concatenate(chunks) if chunks else np.empty((0, len(data.leaves)))


def rank_draws(
    evaluation: Evaluation,
    weights: np.ndarray,
    lot: str | None = None,
    *,
    method: Method = "weighted_sum",
    dense: bool = False,
) -> np.ndarray:
    """Ranks (draws x competing offers) of a lot's offers under each weight vector.

    ``dense=True`` gives scikit-criteria's dense ranks.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> ev = score(load_tender(sample_path("nettoyage")))
    >>> rank_draws(ev, draw_weights(ev, n=2, seed=0)).shape
    (2, 5)
    """
    data = lot_data(evaluation, lot)
    scorer, tol = _sampling.scorer(data, method)
    with _kernels.one_blas_thread():
        return _kernels.ranks_from_scores(scorer(weights), tol, dense=dense)


@lot_moved("n", "concentration", "bounds", "seed", "method", "lot", "progress", "ranks")
def sensitivity(
    evaluation: Evaluation,
    lot: str | None = None,
    *,
    n: int = DEFAULT_DRAWS,
    concentration: float = 100.0,
    bounds: Bounds | None = None,
    seed: int | None = 0,
    method: Method = "weighted_sum",
    progress: bool | None = None,
    ranks: bool = False,
) -> SensitivityResult:
    """Probability of ranking first, and rank distribution, under random weights.

    Parameters
    ----------
    evaluation
        A scored tender.
    lot
        The lot; may be left out when the tender has one lot.
    n
        Number of weight vectors drawn (:data:`DEFAULT_DRAWS` by default, the
        number the report, the demo and the ``robustness`` command use too).
    concentration
        Dirichlet concentration ``c``: the larger, the closer the draws stay to
        the tender's weights (``c = 100`` moves a 40-point weight by about 5).
    bounds
        Instead of the Dirichlet, announced bands: ± points for every leaf
        (a number) or per leaf id (a mapping of ± points or ``(low, high)``).
    seed
        Seed of the random generator (same seed, same result).
    method
        ``"weighted_sum"`` (the award's method) or ``"topsis"``.
    progress
        Show a progress bar; by default only for long runs on a terminal.
    ranks
        Also count every rank of every offer (``rank_probability``,
        :meth:`SensitivityResult.mean_rank`); by default only the first place
        is looked for, which spares a sort of every draw.

    Notes
    -----
    Both methods rank the offers the same way when a weight vector is
    multiplied by a positive number. When every weight varies continuously (a
    Dirichlet whose parameters ``c × w0 / 100`` are all at least 1, or bands of
    positive width), the draws are used raw (gamma or uniform variates, the very
    numbers numpy's Dirichlet would divide by their sum) and ties are found once:
    two offers tie under every weight vector only when their shares are equal
    on every criterion, and any other tie has probability zero. Otherwise (a
    weight held fixed, or a Dirichlet parameter below 1 that lets weights come
    near 0) each draw is brought to 100 points and scores within ``1e-9``
    points (TOPSIS: ``1e-12``) count as tied.

    References
    ----------
    Butler, Jia & Dyer (1997), « Simulation techniques for the sensitivity
    analysis of multi-criteria decision models », *EJOR* 103(3), 531-546.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> result = sensitivity(score(load_tender(sample_path("nettoyage"))), n=2_000, seed=0)
    >>> round(sum(result.p_first), 6), result.offers[result.p_first.index(max(result.p_first))]
    (1.0, 'O1')
    """
    import numpy as np

    if n < 1:
        raise ScoringError(f"Le nombre de tirages doit valoir au moins 1 (reçu : {n}).")
    if method not in _METHOD_FR:
        raise ScoringError(
            f"Méthode {method!r} inconnue pour l'analyse de sensibilité : "
            "choisir 'weighted_sum' (somme pondérée) ou 'topsis'."
        )
    if bounds is None and not concentration > 0:
        raise ScoringError(f"La concentration doit être positive (reçue : {concentration}).")
    data = lot_data(evaluation, lot)
    draw, continuous = _sampling.sampler(data, concentration, bounds)
    rng = np.random.default_rng(seed)
    show = progress if progress is not None else (n >= 200_000 and sys.stderr.isatty())
    with _kernels.one_blas_thread(), _progress(show, n) as advance:
        if continuous:
            wins, counts = _sampling.fast_counts(data, method, draw, rng, n, ranks, advance)
        else:
            wins, counts = _sampling.tolerant_counts(data, method, draw, rng, n, ranks, advance)
    totals = data.totals()
    award = tuple(1 + sum(t > x for t in totals) for x in totals)
    return SensitivityResult(
        lot=data.lot,
        method=method,
        n=n,
        seed=seed,
        draws=_describe(concentration, bounds),
        offers=data.offers,
        award_ranks=award,
        p_first=tuple(float(x) for x in wins / n),
        rank_probability=None
        if counts is None
        else tuple(tuple(float(x) for x in row) for row in counts / n),
    )


def _share(p: float) -> str:
    if 0 < p < 0.001:
        return "moins de 0,1 %"
    if 0.999 < p < 1:
        return "plus de 99,9 %"
    return present.percent(p)


def _describe(concentration: float, bounds: Bounds | None) -> str:
    if bounds is None:
        spread = present.number(concentration)
        return f"Dirichlet centré sur les poids du marché, concentration {spread}"
    if isinstance(bounds, Mapping):
        return "tirage uniforme dans les fourchettes annoncées, ramené à 100 points"
    return f"± {present.number(bounds)} points par critère, ramenés à 100 points"


class _progress:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, show: bool, total: int) -> None:
        self.show, self.total, self._bar = show, total, None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.show:
            return lambda k: None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(stderr=True), transient=True)
        self._bar.__enter__()
        task = self._bar.add_task("Tirages de poids", total=self.total)
        return lambda k: self._bar.advance(task, k)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
