"""The draws and counts behind :func:`efc_scoring.mcda._sensitivity.sensitivity`.

Two paths. When every weight varies continuously, the raw draws (gamma or
uniform variates) are ranked as they come, one column per class of offers
that always tie (:func:`fast_counts`); otherwise the draws are brought to 100
points and ties are read within a tolerance (:func:`tolerant_counts`). Both go
through the draws in chunks of :data:`CHUNK` vectors, which keeps each chunk's
scores in the processor's cache and does not change the random stream.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from efc_scoring.errors import ScoringError
from efc_scoring.mcda import _kernels
from efc_scoring.mcda._lot import LotData

if TYPE_CHECKING:
    import numpy as np

Bounds = float | Mapping[str, float | tuple[float, float]]
Advance = Callable[[int], object]
Draw = Callable[["np.random.Generator", int], "np.ndarray"]
Counts = tuple["np.ndarray", "np.ndarray | None"]
#: Weight vectors drawn and ranked at a time.
CHUNK = 8_192


def fast_counts(
    data: LotData,
    method: str,
    draw: Draw,
    rng: np.random.Generator,
    n: int,
    ranks: bool,
    advance: Advance,
) -> Counts:
    """Wins and rank counts per offer from raw draws, one column per tie class."""
    import numpy as np

    reps, of_offer = _tie_classes(data)
    sizes = np.bincount(of_offer)
    matrix = data.matrix()
    if method == "topsis":
        m = len(data.offers)
        tables = np.ascontiguousarray(
            _kernels.topsis_tables(matrix)[:, [*reps, *(m + r for r in reps)]]
        )

        def scores(w: np.ndarray) -> np.ndarray:
            return _kernels.topsis_scores(tables, w)
    else:
        shares = np.ascontiguousarray(matrix[reps].T)

        def scores(w: np.ndarray) -> np.ndarray:
            return w @ shares

    wins = np.zeros(len(reps), dtype=np.int64)
    counts = np.zeros((len(reps), len(data.offers)), dtype=np.int64) if ranks else None
    for size in chunk_sizes(n):
        chunk_wins, chunk_counts = _kernels.class_counts(
            scores(draw(rng, size)), sizes, ranks=ranks
        )
        wins += chunk_wins
        if counts is not None and chunk_counts is not None:
            counts += chunk_counts
        advance(size)
    per_offer_wins = wins[of_offer] / sizes[of_offer]
    return per_offer_wins, None if counts is None else counts[of_offer]


def tolerant_counts(
    data: LotData,
    method: str,
    draw: Draw,
    rng: np.random.Generator,
    n: int,
    ranks: bool,
    advance: Advance,
) -> Counts:
    """Wins and rank counts from draws brought to 100 points, ties within a tolerance."""
    import numpy as np

    m = len(data.offers)
    score, tol = scorer(data, method)
    counts = np.zeros((m, m), dtype=np.int64)
    wins = np.zeros(m, dtype=float)
    for size in chunk_sizes(n):
        chunk_counts, chunk_wins = _kernels.rank_counts(score(draw(rng, size)), tol)
        counts += chunk_counts
        wins += chunk_wins
        advance(size)
    return wins, counts if ranks else None


def _tie_classes(data: LotData) -> tuple[list[int], np.ndarray]:
    """Offers that tie under every weight vector, found once from the exact shares.

    Returns the first offer of each class and the class of every offer: the
    offers whose shares are equal on every criterion. For the weighted sum,
    ``w · (x_i − x_k)`` vanishes on an open set of weights only when
    ``x_i = x_k``. For TOPSIS, two closeness values agree on an open set only
    when the squared gaps to the best and to the worst of every criterion are
    proportional, and for values between the worst and the best that happens
    only when the values are equal.
    """
    import numpy as np

    first: dict[tuple[Fraction, ...], int] = {}
    reps: list[int] = []
    of_offer = np.empty(len(data.shares), dtype=np.intp)
    for i, row in enumerate(data.shares):
        if row not in first:
            first[row] = len(reps)
            reps.append(i)
        of_offer[i] = first[row]
    return reps, of_offer


def chunk_sizes(n: int) -> list[int]:
    return [min(CHUNK, n - start) for start in range(0, n, CHUNK)]


def scorer(data: LotData, method: str) -> tuple[Callable[[np.ndarray], np.ndarray], float]:
    matrix = data.matrix()
    if method == "topsis":
        tables = _kernels.topsis_tables(matrix)
        return (lambda w: _kernels.topsis_scores(tables, w)), _kernels.TOPSIS_TOL
    if method != "weighted_sum":
        raise ScoringError(
            f"Méthode {method!r} inconnue pour l'analyse de sensibilité : "
            "choisir 'weighted_sum' (somme pondérée) ou 'topsis'."
        )
    return (lambda w: _kernels.wsm_scores(matrix, w)), _kernels.WSM_TOL


def sampler(data: LotData, concentration: float, bounds: Bounds | None) -> tuple[Draw, bool]:
    """The draw of weight vectors, and whether every weight varies continuously.

    When it does, the draws come raw (gamma or uniform variates, not brought to
    100 points: the rankings do not depend on the scale); otherwise they are
    brought to 100 points as :func:`~efc_scoring.mcda._sensitivity.draw_weights` gives them.
    """
    base = data.weight_vector()
    if bounds is None:
        alpha = concentration * base / base.sum()
        if alpha.min() >= 1:
            return (lambda rng, size: _kernels.gamma_draws(rng, alpha, size)), True
        return (lambda rng, size: _kernels.dirichlet_draws(rng, base, concentration, size)), False
    low, high = bands(data, bounds)
    if (high > low).all():
        return (lambda rng, size: rng.uniform(low, high, size=(size, low.size))), True
    return (lambda rng, size: _kernels.bounded_draws(rng, low, high, size)), False


def normalised_draws(
    rng: np.random.Generator,
    data: LotData,
    size: int,
    concentration: float,
    bounds: Bounds | None,
) -> np.ndarray:
    base = data.weight_vector()
    if bounds is None:
        return _kernels.dirichlet_draws(rng, base, concentration, size)
    low, high = bands(data, bounds)
    return _kernels.bounded_draws(rng, low, high, size)


def bands(data: LotData, bounds: Bounds) -> tuple[np.ndarray, np.ndarray]:
    """The low and high weight of every leaf under announced bounds."""
    import numpy as np

    base = data.weight_vector()
    low, high = base.copy(), base.copy()
    spec = bounds if isinstance(bounds, Mapping) else dict.fromkeys(data.leaves, bounds)
    for leaf, band in spec.items():
        if leaf not in data.leaves:
            raise ScoringError(
                f"Les fourchettes de poids nomment {leaf!r}, qui n'est pas un critère feuille "
                f"(critères feuilles : {', '.join(data.leaves)})."
            )
        j = data.leaves.index(leaf)
        lo, hi = (base[j] - band, base[j] + band) if np.isscalar(band) else band  # type: ignore[misc]
        if lo > hi:
            raise ScoringError(
                f"Fourchette de poids de {leaf!r} : le bas ({lo}) dépasse le haut ({hi})."
            )
        low[j], high[j] = max(float(lo), 0.0), float(hi)
    if high.sum() <= 0:
        raise ScoringError("Les fourchettes de poids laissent tous les poids à 0.")
    return low, high
