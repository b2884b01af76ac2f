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

from typing import TYPE_CHECKING

from efc_scoring._lazy import lazy_exports

if TYPE_CHECKING:  # the real types for a type checker; at run time each name loads on first use
    from efc_scoring.mcda._committee_checks import CommitteeCheck as CommitteeCheck
    from efc_scoring.mcda._committee_checks import CommitteeRobustness as CommitteeRobustness
    from efc_scoring.mcda._committee_checks import committee_checks as committee_checks
    from efc_scoring.mcda._price_effects import PriceEffects as PriceEffects
    from efc_scoring.mcda._price_effects import Reversal as Reversal
    from efc_scoring.mcda._price_effects import neutralisation_caution as neutralisation_caution
    from efc_scoring.mcda._price_effects import price_effects as price_effects
    from efc_scoring.mcda._robustness import RobustnessReport as RobustnessReport
    from efc_scoring.mcda._robustness import robustness as robustness
    from efc_scoring.mcda._sensitivity import SensitivityResult as SensitivityResult
    from efc_scoring.mcda._sensitivity import draw_weights as draw_weights
    from efc_scoring.mcda._sensitivity import rank_draws as rank_draws
    from efc_scoring.mcda._sensitivity import sensitivity as sensitivity
    from efc_scoring.mcda.bridge import to_decision_matrix as to_decision_matrix
    from efc_scoring.mcda.critical import Critical as Critical
    from efc_scoring.mcda.critical import CriticalAnalysis as CriticalAnalysis
    from efc_scoring.mcda.critical import critical_marks as critical_marks
    from efc_scoring.mcda.critical import critical_prices as critical_prices
    from efc_scoring.mcda.critical import critical_values as critical_values
    from efc_scoring.mcda.critical import critical_weights as critical_weights
    from efc_scoring.mcda.methods import DEFAULT_METHODS as DEFAULT_METHODS
    from efc_scoring.mcda.methods import METHODS as METHODS
    from efc_scoring.mcda.methods import MethodComparison as MethodComparison
    from efc_scoring.mcda.methods import compare_methods as compare_methods
    from efc_scoring.mcda.plots import plot_contributions as plot_contributions
    from efc_scoring.mcda.plots import plot_critical_weights as plot_critical_weights
    from efc_scoring.mcda.plots import plot_radar as plot_radar
    from efc_scoring.mcda.plots import plot_rank_distribution as plot_rank_distribution


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
