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
from efc_scoring.io._yaml import YamlDoc, read_yaml
from efc_scoring.model._errors import ModelRuleError
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
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
        return dumper.represent_scalar("tag:yaml.org,2002:int", str(int(value)))
    text = f"{value:f}"
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _decimal)


def dump_yaml(data: Any) -> str:
    """YAML text of plain data: keys in order, unicode kept, decimals exact."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _load(path: Path, model: type[_M], what: str) -> _M:
    from efc_scoring.errors import TenderError

    if not path.exists():
        raise PlanFileError(
            [Problem(str(path), "", "no such file", "check the path", code="missing")]
        )
    try:
        doc = read_yaml(path)
    except TenderError as exc:
        raise PlanFileError(exc.problems) from None
    if not isinstance(doc.data, dict):
        raise PlanFileError(
            [
                Problem(
                    doc.file,
                    "",
                    f"the {what} file must be a mapping of keys",
                    "start from a bundled sample",
                    line=1,
                    code="type",
                )
            ]
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise PlanFileError(_problems(exc, doc), summary=f"the {what} {path} is invalid") from None


def _problems(exc: ValidationError, doc: YamlDoc) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if p not in _TAGS)
        rule = err.get("ctx", {}).get("error") if err["type"] == "value_error" else None
        if isinstance(rule, ModelRuleError):
            for rel, message, fix in rule.problems:
                full = loc + _parse(rel)
                problems.append(
                    Problem(doc.file, _fmt(full), message, fix, line=doc.line_of(full), code="rule")
                )
            continue
        if err["type"] == "extra_forbidden":
            message, fix = f"unknown key {loc[-1]!r}", "remove it or correct its spelling"
        elif err["type"] == "missing":
            message, fix = err["msg"], "add this key"
        else:
            shown = repr(err.get("input"))
            message, fix = err["msg"], f"found {shown[:60]}"
        problems.append(
            Problem(
                doc.file,
                _fmt(loc),
                message,
                fix,
                line=doc.line_of(loc),
                code=ErrorCode.from_pydantic(err["type"]),
            )
        )
    return problems


def _parse(rel: str) -> tuple[str | int, ...]:
    import re

    return tuple(int(i) if i else n for n, i in re.findall(r"([^.\[\]]+)|\[(\d+)\]", rel))


def _fmt(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
