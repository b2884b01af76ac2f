"""Targets and observations of a progress plan in the shape of the OCDS metrics extension.

The Open Contracting Data Standard's metrics extension describes a metric
(``id``, ``title``, ``description``) with ``observations`` (``id``,
``measure``, ``unit``, ``period``, ``dimensions``, ``notes``). The targets
agreed at the award go in ``awards[].agreedMetrics`` and
``contracts[].agreedMetrics``; what is observed during execution in
``contracts[].implementation.metrics``. Qualitative milestones are written as
a text ``measure``.

References
----------
Open Contracting Partnership, *Metrics extension* (ocds_metrics_extension),
https://extensions.open-contracting.org/en/extensions/metrics/
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from efc_scoring.io._atomic import write_text_atomic
from efc_scoring.progress.plan import ProgressPlan, QuantitativeIndicator
from efc_scoring.progress.status import indicator_state

__all__ = ["ocds_metrics", "write_ocds_metrics"]


def _measure(value: Any) -> float | int | str:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def _unit(ind: Any) -> dict[str, str]:
    if isinstance(ind, QuantitativeIndicator):
        return {"name": ind.unit}
    return {"name": "étape (" + " / ".join(ind.scale) + ")"}


def ocds_metrics(plan: ProgressPlan) -> dict[str, Any]:
    """An OCDS release fragment with the plan's agreed metrics and observed metrics.

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> from efc_scoring.progress.io import load_plan
    >>> data = ocds_metrics(load_plan(sample_path("bof-lycees") / "plan" / "plan.yaml"))
    >>> metric = data["contracts"][0]["agreedMetrics"][0]
    >>> metric["id"], [o["id"] for o in metric["observations"]]
    ('egalim.part', ['egalim.part-baseline', 'egalim.part-target'])
    """
    agreed: list[dict[str, Any]] = []
    observed: list[dict[str, Any]] = []
    for ind_id, ind in plan.indicators.items():
        axis = plan.axis_of(ind_id)
        deadline = (ind.deadline or plan.end).isoformat()
        base = {
            "id": ind_id,
            "title": ind.label,
            "description": f"Axe : {axis.title}."
            + (f" Source : « {ind.source.text} »" if ind.source else ""),
        }
        targets = []
        start_value = ind.baseline if isinstance(ind, QuantitativeIndicator) else ind.scale[0]
        if start_value is not None:
            targets.append(
                {
                    "id": f"{ind_id}-baseline",
                    "measure": _measure(start_value),
                    "unit": _unit(ind),
                    "period": {
                        "startDate": plan.start.isoformat(),
                        "endDate": plan.start.isoformat(),
                    },
                    "dimensions": {"type": "baseline", "axis": axis.id},
                }
            )
        goal = ind.target if isinstance(ind, QuantitativeIndicator) else ind.goal
        targets.append(
            {
                "id": f"{ind_id}-target",
                "measure": _measure(goal),
                "unit": _unit(ind),
                "period": {"startDate": plan.start.isoformat(), "endDate": deadline},
                "dimensions": {
                    "type": "target",
                    "axis": axis.id,
                    "responsible": ind.responsible.value,
                    "obligation": ind.obligation.value,
                },
            }
        )
        agreed.append({**base, "observations": targets})
        observations = []
        previous = plan.start
        for k, review in enumerate(plan.reviews):
            value = review.value_of(ind_id)
            if value is not None:
                st = indicator_state(plan, ind_id, review, plan.reviews[:k])
                observations.append(
                    {
                        "id": f"{ind_id}-{review.id}",
                        "measure": _measure(value),
                        "unit": _unit(ind),
                        "period": {
                            "startDate": previous.isoformat(),
                            "endDate": review.date.isoformat(),
                        },
                        "dimensions": {
                            "type": "observation",
                            "review": review.id,
                            "status": st.status.value,
                        },
                    }
                )
            previous = review.date
        if observations:
            observed.append({**base, "observations": observations})
    award_id = f"{plan.tender}-{plan.lot}-{plan.offer}"
    return {
        "ocid": plan.tender,
        "awards": [
            {
                "id": award_id,
                "relatedLots": [plan.lot],
                "suppliers": [{"name": plan.supplier}],
                "agreedMetrics": agreed,
            }
        ],
        "contracts": [
            {
                "id": f"{award_id}-contrat",
                "awardID": award_id,
                "period": {"startDate": plan.start.isoformat(), "endDate": plan.end.isoformat()},
                "agreedMetrics": agreed,
                "implementation": {"metrics": observed},
            }
        ],
    }


def write_ocds_metrics(plan: ProgressPlan, path: str | Path) -> Path:
    """Write :func:`ocds_metrics` as UTF-8 JSON, atomically."""
    return write_text_atomic(
        path, json.dumps(ocds_metrics(plan), ensure_ascii=False, indent=2) + "\n"
    )
