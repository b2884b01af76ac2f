"""Multi-criteria lenses on an award: method comparison, sensitivity and robustness.

The public names load lazily from their modules (scikit-learn's layout: a
function is never shadowed by a module of the same name):

- :func:`sensitivity` (:class:`SensitivityResult`, :func:`draw_weights`,
  :func:`rank_draws`): how often each offer ranks first under random weights;
- :func:`critical_values` and its parts: the weight, mark or price at which the
  award would change;
- :func:`committee_checks`: the award without each evaluator, and with each
  disputed mark settled either way;
- :func:`price_effects`: rank reversals and the effective weight of price;
- :func:`compare_methods`: other MCDA methods beside the weighted sum;
- :func:`robustness`: all of it as one report; :func:`to_decision_matrix` and the
  ``plot_*`` figures.
"""

from __future__ import annotations

from efc_scoring._lazy import lazy_exports

#: Weight draws of the sensitivity analysis unless told otherwise: the report,
#: the demo, the ``robustness`` command and :func:`~efc_scoring.sensitivity` all
#: use this number, and every output states it.
DEFAULT_DRAWS = 10_000

_MODULES = {
    "efc_scoring.mcda._committee_checks": [
        "CommitteeCheck",
        "CommitteeRobustness",
        "committee_checks",
    ],
    "efc_scoring.mcda._price_effects": [
        "PriceEffects",
        "Reversal",
        "neutralisation_caution",
        "price_effects",
    ],
    "efc_scoring.mcda._robustness": ["RobustnessReport", "robustness"],
    "efc_scoring.mcda._sensitivity": [
        "SensitivityResult",
        "draw_weights",
        "rank_draws",
        "sensitivity",
    ],
    "efc_scoring.mcda.bridge": ["to_decision_matrix"],
    "efc_scoring.mcda.critical": [
        "Critical",
        "CriticalAnalysis",
        "critical_marks",
        "critical_prices",
        "critical_values",
        "critical_weights",
    ],
    "efc_scoring.mcda.methods": [
        "DEFAULT_METHODS",
        "METHODS",
        "MethodComparison",
        "compare_methods",
    ],
    "efc_scoring.mcda.plots": [
        "plot_contributions",
        "plot_critical_weights",
        "plot_radar",
        "plot_rank_distribution",
    ],
}
_EXPORTS: dict[str, str] = {name: module for module, names in _MODULES.items() for name in names}

__all__ = sorted(["DEFAULT_DRAWS", *_EXPORTS])

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
