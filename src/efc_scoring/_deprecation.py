"""Old names kept working for a while, with a DeprecationWarning that names the new one.

A user's notebook written against an older release keeps running: a renamed
class or function stays reachable under its old name, a renamed keyword is
still accepted, and each use says what to write instead.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

__all__ = ["moved_names", "renamed_keywords", "warn"]

P = ParamSpec("P")
R = TypeVar("R")


def warn(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated in favour of ``new``."""
    warnings.warn(
        f"{old} est obsolète : écrire {new} (l'ancien nom sera retiré dans une version future)",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def renamed_keywords(**renames: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Accept each old keyword (``scores=``) as its new one (``marks=``), with a warning.

    Examples
    --------
    >>> @renamed_keywords(scores="marks")
    ... def count(marks=()):
    ...     return len(marks)
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     count(scores=[1, 2])
    2
    >>> "marks=" in str(seen[0].message)
    True
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        from efc_scoring.errors import ParameterError

                        raise ParameterError(f"{old}= et {new}= donnés ensemble : garder {new}=")
                    warn(f"{func.__name__}({old}=...)", f"{func.__name__}({new}=...)")
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper

    return decorate


def moved_names(module: str, moved: Mapping[str, tuple[str, Any]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving old names: ``{old: (new_name, object)}``, with a warning."""

    def __getattr__(name: str) -> Any:
        if name in moved:
            new, value = moved[name]
            warn(f"{module}.{name}", new)
            return value
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
