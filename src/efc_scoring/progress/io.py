"""Reading and writing a progress plan (``plan.yaml``) and its reviews (``review-N.yaml``).

Every problem of a file is reported at once, with its line and the path of the
field (``axes[1].indicators[0].deadline``), as a :class:`PlanFileError`.
Files are written atomically.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from efc_scoring.errors import ErrorCode, PlanFileError, Problem
from efc_scoring.io._atomic import write_text_atomic
from efc_scoring.io._problems import format_path, pydantic_findings
from efc_scoring.io._yaml import YamlDoc, read_yaml
from efc_scoring.io.tender import ordered
from efc_scoring.progress.plan import ProgressPlan
from efc_scoring.progress.records import Review

__all__ = ["PlanFileError", "dump_yaml", "load_plan", "load_review", "save_plan", "save_review"]

_M = TypeVar("_M", bound=BaseModel)
_TAGS = {"quantitative", "qualitative"}


def load_plan(path: str | Path) -> ProgressPlan:
    """Read a progress plan from a YAML file.

    Raises
    ------
    PlanFileError
        With every problem found, each with its line and field path.

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> plan = load_plan(sample_path("bof-lycees") / "plan" / "plan.yaml")
    >>> plan.lot, plan.supplier
    ('L1', 'Laiterie Coopérative des Flandres')
    """
    return _load(Path(path), ProgressPlan, "plan")


def load_review(path: str | Path) -> Review:
    """Read one review from a YAML file.

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> load_review(sample_path("bof-lycees") / "plan" / "review-1.yaml").id
    'R1'
    """
    return _load(Path(path), Review, "review")


def save_plan(plan: ProgressPlan, path: str | Path) -> Path:
    """Write ``plan`` to a YAML file atomically; :func:`load_plan` reads it back equal.

    The review calendar is left out when it is the default one.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from efc_scoring import sample_path
    >>> plan = load_plan(sample_path("bof-lycees") / "plan" / "plan.yaml")
    >>> copy = save_plan(plan, pathlib.Path(tempfile.mkdtemp()) / "plan.yaml")
    >>> load_plan(copy) == plan
    True
    >>> copy.read_text(encoding="utf-8").startswith("# Plan de progrès du lot L1")
    True
    """
    data = _plain(plan.model_dump(mode="python", exclude_defaults=True))
    default = ProgressPlan.model_validate(
        {k: v for k, v in plan.model_dump(mode="python").items() if k != "calendar"}
    ).calendar
    if plan.calendar == default:
        data.pop("calendar", None)
    for a, axis in enumerate(data.get("axes", [])):
        # the discriminator is a default value: write it, first after the id
        axis["indicators"] = [
            {
                "id": ind["id"],
                "kind": plan.axes[a].indicators[k].kind,
                **{key: v for key, v in ind.items() if key != "id"},
            }
            for k, ind in enumerate(axis.get("indicators", []))
        ]
    head = (
        f"# Plan de progrès du lot {plan.lot} ({plan.supplier}) — marché {plan.tender}\n"
        "# Modifiable à la main ; vérifier avec `efc-scoring plan report`.\n"
    )
    return write_text_atomic(path, head + dump_yaml(data))


def save_review(review: Review, path: str | Path) -> Path:
    """Write one review to a YAML file atomically."""
    return write_text_atomic(
        path, dump_yaml(_plain(review.model_dump(mode="python", exclude_defaults=True)))
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


class _Dumper(yaml.SafeDumper):
    """Plain YAML: never an anchor nor an alias, so that editing one value moves no other."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    exponent = value.as_tuple().exponent  # an int, or a letter for NaN and infinity
    if isinstance(exponent, int) and exponent >= 0 and value == value.to_integral_value():
        return dumper.represent_scalar("tag:yaml.org,2002:int", str(int(value)))
    text = f"{value:f}"
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _decimal)


def dump_yaml(data: Any) -> str:
    """YAML text of plain data: keys in order, unicode kept, decimals exact."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _load(path: Path, model: type[_M], what: str) -> _M:
    doc = read_yaml(path)
    problems = list(doc.problems)
    if doc.ok and not isinstance(doc.data, dict):
        problems.append(
            Problem(
                doc.file,
                "",
                f"le fichier {_WHAT_FR[what]} doit être une table de clés",
                "partir d'un exemple fourni (data/samples/bof-lycees/plan)",
                line=1,
                code=ErrorCode.TYPE,
            )
        )
    summary = f"le fichier {_WHAT_FR[what]} {path} comporte des erreurs"
    if not isinstance(doc.data, dict):
        raise PlanFileError(problems, summary=summary)
    try:
        loaded = model.model_validate(doc.data)
    except ValidationError as exc:
        problems += _problems(exc, doc, model)
        raise PlanFileError(ordered(problems), summary=summary) from None
    if problems:
        raise PlanFileError(ordered(problems), summary=summary)
    return loaded


_WHAT_FR = {"plan": "du plan de progrès", "review": "du bilan"}


def _problems(exc: ValidationError, doc: YamlDoc, model: type[BaseModel]) -> list[Problem]:
    return [
        Problem(doc.file, format_path(loc), message, fix, line=doc.line_of(loc), code=code)
        for loc, message, fix, code, _ in pydantic_findings(
            exc, model, is_tag=lambda loc, i: loc[i] in _TAGS
        )
    ]
