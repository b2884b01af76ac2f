"""Rule violations raised inside model validators (defined in :mod:`efc_scoring.errors`)."""

from __future__ import annotations

from efc_scoring.errors import ModelRuleError, rule_error

__all__ = ["ModelRuleError", "rule_error"]
