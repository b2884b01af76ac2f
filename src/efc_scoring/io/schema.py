"""The JSON Schema of the tender file, for editors that complete and check YAML."""

from __future__ import annotations

from typing import Any

__all__ = ["tender_json_schema"]


def tender_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a tender file.

    Examples
    --------
    >>> schema = tender_json_schema()
    >>> schema["title"], "criteria" in schema["properties"]
    ('Tender', True)
    """
    from efc_scoring.model.tender import Tender

    schema = Tender.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        "Tender definition for efc_scoring: lots, criteria tree (weights in points out of "
        "100), open questions, committee, and optionally offers and marks."
    )
    return schema
