"""Plots for notebooks and the report: contributions, radars, rank distribution, critical weights.

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot's global state (so it works under any backend, Agg included); show it in
a notebook by leaving it as the cell's value, or save it with ``fig.savefig``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring.mcda._lot import lot_data

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from efc_scoring.mcda._sensitivity import SensitivityResult
    from efc_scoring.mcda.critical import Critical
    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["plot_contributions", "plot_critical_weights", "plot_radar", "plot_rank_distribution"]


def _figure(width: float = 8.0, height: float = 4.5) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def plot_contributions(
    evaluation: Evaluation, lot: str | None = None, *, level: str = "top"
) -> Figure:
    """Stacked bars: the points each criterion brings to each competing offer's total.

    ``level="top"`` stacks the top-level criteria, ``"leaves"`` the leaf criteria.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> fig = plot_contributions(score(load_tender(sample_path("nettoyage"))))
    >>> len(fig.axes)
    1
    """
    data = lot_data(evaluation, lot)
    tender = evaluation.tender
    if level == "leaves":
        groups = [(leaf.label, [leaf.id]) for leaf in tender.leaves]
    else:
        groups = [(top.label, [leaf.id for leaf in top.leaves()]) for top in tender.criteria]
    order = sorted(data.offers, key=lambda o: -evaluation.totals[o])
    pts = {(ln.offer, ln.criterion): float(ln.points) for ln in evaluation.lines}
    fig = _figure()
    ax = fig.add_subplot()
    bottom = [0.0] * len(order)
    for label, leaves in groups:
        heights = [sum(pts[(o, c)] for c in leaves) for o in order]
        ax.bar(order, heights, bottom=bottom, label=label)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    for x, total in enumerate(bottom):
        ax.text(x, total + 1, f"{total:.1f}".replace(".", ","), ha="center", va="bottom")
    ax.set_ylabel("Points sur 100")
    ax.set_ylim(0, 105)
    ax.set_title(f"Contribution de chaque critère au total — lot {data.lot}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return fig


def plot_radar(evaluation: Evaluation, lot: str | None = None) -> Figure:
    """One radar per competing offer: its share (0-100 %) of each leaf criterion's weight.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> fig = plot_radar(score(load_tender(sample_path("nettoyage"))))
    >>> len(fig.axes) >= 5
    True
    """
    import math

    data = lot_data(evaluation, lot)
    labels = [evaluation.tender.criterion(c).label for c in data.leaves]
    k = len(labels)
    angles = [2 * math.pi * j / k for j in range(k)] + [0.0]
    cols = min(3, len(data.offers))
    rows = math.ceil(len(data.offers) / cols)
    fig = _figure(4.0 * cols, 3.8 * rows)
    for i, (offer, row) in enumerate(zip(data.offers, data.shares, strict=True)):
        ax = fig.add_subplot(rows, cols, i + 1, projection="polar")
        values = [100 * float(s) for s in row]
        values.append(values[0])
        ax.plot(angles, values)
        ax.fill(angles, values, alpha=0.25)
        ax.set_xticks(angles[:-1], [_short(t) for t in labels], fontsize="x-small")
        ax.set_ylim(0, 100)
        ax.set_title(f"{offer} — {float(evaluation.totals[offer]):.1f} pts".replace(".", ","))
    return fig


def plot_rank_distribution(result: SensitivityResult) -> Figure:
    """Stacked bars: each offer's probability of each rank under weight sensitivity.

    ``result`` must carry the ranks (``sensitivity(..., ranks=True)``).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> from efc_scoring.mcda._sensitivity import sensitivity
    >>> res = sensitivity(score(load_tender(sample_path("nettoyage"))), n=500, ranks=True)
    >>> plot_rank_distribution(res).axes[0].get_ylabel()
    'Probabilité'
    """
    if result.rank_probability is None:
        from efc_scoring.errors import ScoringError

        raise ScoringError(
            "La distribution des rangs n'a pas été calculée : relancer "
            "sensitivity(..., ranks=True) avant de la tracer."
        )
    fig = _figure()
    ax = fig.add_subplot()
    order = [o for _, o in sorted(zip(result.award_ranks, result.offers, strict=True))]
    bottom = [0.0] * len(order)
    for r in range(len(result.offers)):
        heights = [result.rank_probability[result.offers.index(o)][r] for o in order]
        if any(heights):
            ax.bar(order, heights, bottom=bottom, label=f"rang {r + 1}")
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_ylabel("Probabilité")
    ax.set_ylim(0, 1)
    ax.set_title(f"Rangs sur {result.n} tirages de poids — lot {result.lot}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return fig


def plot_critical_weights(
    evaluation: Evaluation, critical: tuple[Critical, ...] | None = None, lot: str | None = None
) -> Figure:
    """Horizontal bars: the range of each criterion's weight over which the winner holds.

    The bar runs from the critical weight below to the critical weight above
    (0 or 100 when none); the dot is the tender's weight.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> fig = plot_critical_weights(score(load_tender(sample_path("nettoyage"))))
    >>> [float(x) for x in fig.axes[0].get_xlim()]
    [0.0, 100.0]
    """
    from efc_scoring.mcda.critical import critical_weights

    items = critical if critical is not None else critical_weights(evaluation, lot)
    rows: dict[str, dict[str, float]] = {}
    for c in items:
        row = rows.setdefault(
            c.criterion or "", {"current": float(c.current), "down": 0.0, "up": 100.0}
        )
        if c.threshold is not None:
            row[c.direction] = float(c.threshold)
    names = list(rows)
    labels = [_short(evaluation.tender.criterion(n).label) for n in names]
    fig = _figure(8.0, 0.45 * len(names) + 1.5)
    ax = fig.add_subplot()
    for y, n in enumerate(names):
        row = rows[n]
        ax.barh(y, row["up"] - row["down"], left=row["down"], color="tab:green", alpha=0.4)
        ax.plot([row["current"]], [y], "o", color="black")
    ax.set_yticks(range(len(names)), labels, fontsize="small")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Poids du critère (points sur 100), les autres ajustés en proportion")
    ax.set_title("Poids entre lesquels le lauréat ne change pas")
    return fig


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
