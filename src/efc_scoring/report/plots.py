"""Plots of the report, as matplotlib figures and reproducible PNG bytes.

Figures are built on :class:`matplotlib.figure.Figure` directly (no pyplot, no
global state, no display needed). :func:`png_bytes` saves them without the
software and date metadata, with the bundled DejaVu fonts, so that the same
figure gives the same bytes on every run.
"""

from __future__ import annotations

import io
from collections import defaultdict
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from efc_scoring import present

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["png_bytes", "points_figure", "sensitivity_figure"]

_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c")
_RC: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.hashsalt": "efc-scoring",
    "path.simplify": True,
}


def points_figure(evaluation: Evaluation, lot: str) -> Figure:
    """Stacked bars: each offer's points by top-level criterion, best total first.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> fig = points_figure(score(load_tender(sample_path("nettoyage"))), "L1")
    >>> len(png_bytes(fig)) > 1000
    True
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    tender = evaluation.tender
    tops = [c.id for c in tender.criteria]
    labels = {c.id: f"{c.label} ({present.number(c.weight, up_to=None)})" for c in tender.criteria}
    points: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    for ln in evaluation.lines:
        if ln.lot == lot:
            top = ln.parents[0] if ln.parents else ln.criterion
            points[(ln.offer, top)] += ln.points
    offers = sorted(
        (o.id for o in tender.offers_in(lot)), key=lambda oid: (-evaluation.totals[oid], oid)
    )
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(7.5, 0.55 * len(offers) + 1.6), dpi=100)
        ax = fig.add_subplot()
        left = [0.0] * len(offers)
        for i, top in enumerate(tops):
            widths = [float(points[(oid, top)]) for oid in offers]
            ax.barh(
                offers,
                widths,
                left=left,
                color=_COLOURS[i % len(_COLOURS)],
                label=labels[top],
                edgecolor="white",
                linewidth=0.5,
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        for y, total in enumerate(left):
            ax.text(total + 0.8, y, present.points(total), va="center")
        ax.invert_yaxis()
        ax.set_xlim(0, 110)
        ax.set_xlabel("points sur 100")
        ax.set_title(f"Lot {lot} : points par critère")
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.25 if len(offers) > 2 else -0.4),
            ncol=2,
            frameon=False,
            fontsize=8,
        )
        fig.tight_layout()
    return fig


def sensitivity_figure(result: Any) -> Figure:
    """Bars: each offer's probability of ranking first under random weights.

    ``result`` is a :class:`efc_scoring.mcda._sensitivity.SensitivityResult`.
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    pairs = sorted(zip(result.offers, result.p_first, strict=True), key=lambda p: (-p[1], p[0]))
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(7.5, 0.45 * len(pairs) + 1.3), dpi=100)
        ax = fig.add_subplot()
        ax.barh([o for o, _ in pairs], [100 * p for _, p in pairs], color=_COLOURS[0])
        for y, (_, p) in enumerate(pairs):
            ax.text(100 * p + 1, y, present.percent(p), va="center")
        ax.invert_yaxis()
        ax.set_xlim(0, 112)
        ax.set_xlabel("probabilité d'être classée première (%)")
        ax.set_title(f"Lot {result.lot} : {result.n} tirages de poids")
        fig.tight_layout()
    return fig


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes without software or date metadata (byte-reproducible)."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    with mpl.rc_context(_RC):
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
