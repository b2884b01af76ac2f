"""Plots of a corpus's aggregates, as matplotlib figures (no pyplot, no global state).

Each function takes a table of :mod:`efc_scoring.corpus.aggregate` and returns a
:class:`matplotlib.figure.Figure` with French labels; save it with
``fig.savefig(path)`` or :func:`efc_scoring.report.plots.png_bytes`.

Examples
--------
>>> import pandas as pd
>>> from efc_scoring.corpus import commitments
>>> results = pd.DataFrame({"axis": ["packaging", "transport"], "sector": ["a", "b"],
...     "year": [2026, 2027], "level": [4, 2], "answer": ["x", "y"],
...     "features": [["R", "M", "F"], ["R", "M"]]})
>>> fig = commitments_figure(commitments(results, by=["axis", "sector"]))
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['emballages', 'transport']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from efc_scoring import present

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "commitments_figure",
    "levels_figure",
    "measures_figure",
    "outcomes_figure",
    "trend_figure",
]

_RC: Any = {"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "efc-scoring"}
_LEVEL_COLOURS = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac")
_STATUS_COLOURS = {
    "achieved": "#1a9850",
    "on_track": "#91cf60",
    "at_risk": "#fee08b",
    "late": "#d73027",
    "not_measured": "#bdbdbd",
}
_SHARE_LABELS = {
    "share_relevant": "part des réponses pertinentes",
    "share_firm": "part des engagements fermes",
    "share_quantified": "part des engagements chiffrés",
    "share_timed": "part des engagements datés",
    "share_monitored": "part des engagements suivis",
    "share_cooperative": "part des réponses coopératives",
    "share_proven": "part des réponses avec preuve",
    "share_refused": "part des refus",
}


def _name(key: str, value: Any) -> str:
    if value is None or value != value:  # None, NaN or NA: a group without the value
        return "non renseigné"
    return present.axis_label(str(value)) if key == "axis" else str(value)


def commitments_figure(
    table: pd.DataFrame, value: str = "share_firm", rows: str = "axis", columns: str = "sector"
) -> Figure:
    """A heat map of one share of :func:`~efc_scoring.corpus.commitments`: ``rows`` x ``columns``.

    ``table`` must be grouped by at least ``rows`` and ``columns``; other group
    columns are summed over (weighted by answers).
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    weighted = table.assign(_w=table[value] * table["answers"])
    pivot = weighted.pivot_table(
        index=rows, columns=columns, values=["_w", "answers"], aggfunc="sum", dropna=False
    )
    # a frame: ``values`` is a list, so pivot["_w"] keeps one column per ``columns`` value
    ratio = cast("pd.DataFrame", pivot["_w"] / pivot["answers"])
    shares = ratio.sort_index().sort_index(axis=1)
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(1.3 * shares.shape[1] + 3, 0.5 * shares.shape[0] + 1.8), dpi=100)
        ax = fig.add_subplot()
        image = ax.imshow(shares.to_numpy(dtype=float), vmin=0, vmax=1, cmap="YlGn", aspect="auto")
        ax.set_xticks(
            range(shares.shape[1]),
            [_name(columns, c) for c in shares.columns],
            rotation=30,
            ha="right",
        )
        ax.set_yticks(range(shares.shape[0]), [_name(rows, r) for r in shares.index])
        for (i, j), share in _cells(shares):
            ax.text(
                j,
                i,
                present.percent(share, places=0),
                ha="center",
                va="center",
                color="white" if share > 0.6 else "black",
            )
        fig.colorbar(image, ax=ax, fraction=0.04)
        ax.set_title(_SHARE_LABELS.get(value, value).capitalize())
        fig.tight_layout()
    return fig


def _cells(shares: pd.DataFrame) -> list[tuple[tuple[int, int], float]]:
    out = []
    values = shares.to_numpy(dtype=float)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if values[i, j] == values[i, j]:  # not NaN
                out.append(((i, j), float(values[i, j])))
    return out


def trend_figure(table: pd.DataFrame, value: str = "share_firm", by: str = "axis") -> Figure:
    """One line per ``by`` group: a share of :func:`~efc_scoring.corpus.commitments` by year."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    weighted = table.assign(_w=table[value] * table["answers"])
    sums = weighted.groupby([by, "year"], dropna=False)[["_w", "answers"]].sum().reset_index()
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(7, 3.6), dpi=100, layout="constrained")
        ax = fig.add_subplot()
        for group, sub in sums.groupby(by, dropna=False, sort=True):
            sub = sub.dropna(subset=["year"]).sort_values("year")
            ax.plot(
                sub["year"].astype(int),
                sub["_w"] / sub["answers"],
                marker="o",
                label=_name(by, group),
            )
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(
            mpl.ticker.FuncFormatter(lambda v, _pos: present.percent(v, places=0))
        )
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_xlabel("année")
        ax.set_title(_SHARE_LABELS.get(value, value).capitalize() + " par année")
        fig.legend(fontsize=8, frameon=False, loc="outside right center")
    return fig


def levels_figure(distribution: pd.DataFrame, by: str = "axis") -> Figure:
    """Stacked bars of :func:`~efc_scoring.corpus.level_distribution`: levels 0-5 per group."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    groups = list(dict.fromkeys(distribution[by].tolist()))
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(7, 0.45 * len(groups) + 1.8), dpi=100, layout="constrained")
        ax = fig.add_subplot()
        left = [0.0] * len(groups)
        names = [_name(by, g) for g in groups]
        for level in range(6):
            sub = distribution[distribution["level"] == level]
            share = dict(zip(sub[by].tolist(), sub["share"].tolist(), strict=True))
            widths = [float(share.get(g, 0.0)) for g in groups]
            ax.barh(
                names,
                widths,
                left=left,
                color=_LEVEL_COLOURS[level],
                label=f"niveau {level}",
                edgecolor="white",
                linewidth=0.5,
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(
            mpl.ticker.FuncFormatter(lambda v, _pos: present.percent(v, places=0))
        )
        ax.set_title("Niveaux proposés par le moteur")
        fig.legend(ncol=6, fontsize=7, frameon=False, loc="outside lower center")
    return fig


def measures_figure(measures: pd.DataFrame, by: str = "axis", top: int = 6) -> Figure:
    """Measures most named, a panel per group (:func:`~efc_scoring.corpus.concrete_measures`)."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    groups = list(dict.fromkeys(measures[by].tolist())) or [None]
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(7.5, 1.9 * len(groups) + 0.4), dpi=100)
        for k, group in enumerate(groups):
            ax = fig.add_subplot(len(groups), 1, k + 1)
            sub = measures[measures[by] == group].head(top)
            ax.barh([str(m)[:60] for m in sub["example"]], sub["answers"], color="#4c72b0")
            ax.invert_yaxis()
            ax.set_title(f"{_name(by, group).capitalize()} : mesures les plus citées", fontsize=9)
            ax.set_xlabel("réponses")
        fig.tight_layout()
    return fig


def outcomes_figure(outcomes: pd.DataFrame, by: str = "axis") -> Figure:
    """Indicators of the progress plans by status at their last review, per group."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    from efc_scoring.progress.status import IndicatorStatus

    groups = sorted(set(outcomes[by].tolist()), key=str)
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(7, 0.45 * max(1, len(groups)) + 1.8), dpi=100, layout="constrained")
        ax = fig.add_subplot()
        names = [_name(by, g) for g in groups]
        left = [0] * len(groups)
        for status in IndicatorStatus:
            counts = outcomes[outcomes["status"] == status.value].groupby(by).size()
            widths = [int(counts.get(g, 0)) for g in groups]
            ax.barh(
                names,
                widths,
                left=left,
                color=_STATUS_COLOURS[status.value],
                label=status.label,
                edgecolor="white",
                linewidth=0.5,
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_xlabel("indicateurs")
        ax.set_title("Plans de progrès : indicateurs au dernier bilan")
        fig.legend(ncol=5, fontsize=7, frameon=False, loc="outside lower center")
    return fig
