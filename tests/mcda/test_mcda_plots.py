"""Plots: each returns a matplotlib Figure that renders under the Agg backend."""

from __future__ import annotations

import io

import matplotlib
import pytest

from efc_scoring import load_tender, sample_path, score
from efc_scoring.mcda import sensitivity
from efc_scoring.mcda.plots import (
    plot_contributions,
    plot_critical_weights,
    plot_radar,
    plot_rank_distribution,
)

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def cleaning():
    return score(load_tender(sample_path("nettoyage")))


def _renders(fig) -> bool:
    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return isinstance(fig, Figure) and buffer.getvalue()[:4] == b"\x89PNG"


def test_contributions_stack_to_the_totals(cleaning):
    fig = plot_contributions(cleaning)
    ax = fig.axes[0]
    tops = {}
    for patch in ax.patches:
        x = round(patch.get_x() + patch.get_width() / 2)
        tops[x] = max(tops.get(x, 0), patch.get_y() + patch.get_height())
    assert sorted(tops.values(), reverse=True) == pytest.approx(
        sorted((float(t) for t in cleaning.totals.values()), reverse=True)
    )
    assert len(ax.get_legend().get_texts()) == len(cleaning.tender.criteria)
    assert _renders(fig)
    assert _renders(plot_contributions(cleaning, level="leaves"))


def test_radar_one_axis_per_offer(cleaning):
    fig = plot_radar(cleaning)
    assert sum(ax.name == "polar" for ax in fig.axes) == 5
    assert _renders(fig)


def test_rank_distribution(cleaning):
    fig = plot_rank_distribution(sensitivity(cleaning, n=500, concentration=5, ranks=True))
    heights = {}
    for patch in fig.axes[0].patches:
        x = round(patch.get_x() + patch.get_width() / 2)
        heights[x] = heights.get(x, 0) + patch.get_height()
    assert list(heights.values()) == pytest.approx([1.0] * 5)
    assert _renders(fig)


def test_critical_weights_chart(cleaning):
    fig = plot_critical_weights(cleaning)
    assert len(fig.axes[0].patches) == 8  # one bar per criterion of the tree
    assert _renders(fig)
