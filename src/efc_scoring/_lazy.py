"""Lazy public names (PEP 562): a package lists its names and loads each module on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str,
    namespace: dict[str, Any],
    exports: Mapping[str, str],
    moved: Mapping[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose names load lazily.

    ``exports`` maps each public name to the module defining it; a name is
    imported on first access and then cached in the package's ``namespace``.
    ``moved`` maps a former name to its new one: it still resolves, with a
    DeprecationWarning, and is not listed.
    """

    def __getattr__(name: str) -> Any:
        if moved and name in moved:
            from efc_scoring._deprecation import warn

            warn(f"{package}.{name}", f"{package}.{moved[name]}")
            return __getattr__(moved[name])
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    return __getattr__, __dir__
