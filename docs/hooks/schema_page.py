"""MkDocs hook: generate the tender-file schema page from ``efc_scoring.tender_json_schema()``.

The page is built at each docs build, so it always matches the model; nothing
is written into ``docs/``.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from mkdocs.structure.files import File, Files

PAGE = "tender-schema.md"


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec:
        return " or ".join(_type(s) for s in spec["anyOf"])
    if "oneOf" in spec:
        return " or ".join(_type(s) for s in spec["oneOf"])
    if spec.get("type") == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    return str(spec.get("type", "any"))


def _cell(text: Any) -> str:
    flat = " ".join(str(text).split())
    for char in "\\|[]*_<>`":
        flat = flat.replace(char, "\\" + char)
    return flat


def _object(name: str, spec: dict[str, Any]) -> list[str]:
    out = [f"## {name}", ""]
    if spec.get("description"):
        out += [_cell(spec["description"]), ""]
    if "properties" not in spec:
        if "enum" in spec:
            out += ["One of: " + ", ".join(f"`{v}`" for v in spec["enum"]), ""]
        return out
    required = set(spec.get("required", []))
    out += [
        "| field | type | required | default | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for field, sub in spec["properties"].items():
        default = f"`{json.dumps(sub['default'], ensure_ascii=False)}`" if "default" in sub else ""
        default = default.replace("|", "\\|")
        out.append(
            f"| `{field}` | {_type(sub)} | {'yes' if field in required else ''} | "
            f"{default} | {_cell(sub.get('description', ''))} |"
        )
    for example in spec.get("examples", []):
        text = yaml.safe_dump(example, allow_unicode=True, sort_keys=False, width=96)
        out += ["", "Example:", "", "```yaml", text.rstrip("\n"), "```"]
    return [*out, ""]


def render(schema: dict[str, Any]) -> str:
    lines = [
        "# Tender file schema",
        "",
        "Generated at each build from `efc_scoring.tender_json_schema()` (the JSON Schema that",
        "`efc-scoring schema` writes). See [The tender folder](tender-file.md) for a guided tour.",
        "",
    ]
    lines += _object("Tender", schema)
    for name, sub in sorted(schema.get("$defs", {}).items()):
        lines += _object(name, sub)
    return "\n".join(lines) + "\n"


PLAN_PAGE = "plan-schema.md"


def render_plan(plan: dict[str, Any], review: dict[str, Any]) -> str:
    """The schema page of the progress-plan file and of the review file."""
    lines = [
        "# Plan and review file schema",
        "",
        "Generated at each build from the models `efc_scoring.progress.ProgressPlan` and",
        "`efc_scoring.progress.Review`. See [Plan and review files](plan-files.md) for a guided",
        "tour.",
        "",
    ]
    defs = {**plan.get("$defs", {}), **review.get("$defs", {})}
    lines += _object("ProgressPlan", plan)
    lines += _object("Review", review)
    for name, sub in sorted(defs.items()):
        if name not in ("ProgressPlan", "Review"):
            lines += _object(name, sub)
    return "\n".join(lines) + "\n"


def on_files(files: Files, config: Any) -> Files:
    from efc_scoring import tender_json_schema
    from efc_scoring.progress.plan import ProgressPlan
    from efc_scoring.progress.records import Review

    files.append(File.generated(config, PAGE, content=render(tender_json_schema())))
    plan_page = render_plan(ProgressPlan.model_json_schema(), Review.model_json_schema())
    files.append(File.generated(config, PLAN_PAGE, content=plan_page))
    return files
