"""Rule violations raised inside model validators, with the path of the faulty field.

Pydantic wraps a ``ValueError`` raised in a validator and keeps the original
exception in the error's context; the loaders unwrap it to report the full path
(``criteria[2].children[0].weight``), what was found and how to fix it.
"""

from __future__ import annotations

__all__ = ["ModelRuleError", "rule_error"]


class ModelRuleError(ValueError):
    """A cross-field rule of a model is broken.

    ``problems`` holds ``(relative_path, message, fix)`` triples; the path is
    relative to the model that raised it (empty for the model itself).
    """

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"{p + ': ' if p else ''}{m} (fix: {f})" for p, m, f in problems)
        )


def rule_error(path: str, message: str, fix: str) -> ModelRuleError:
    """Build a one-problem :class:`ModelRuleError`."""
    return ModelRuleError([(path, message, fix)])
