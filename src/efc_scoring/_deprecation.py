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

__all__ = ["lot_moved", "moved_names", "renamed_keywords", "warn"]

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


def lot_moved(*old_order: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Keep calls written for an older parameter order working once ``lot`` moved forward.

    ``old_order`` names the positional parameters after the first one, in their
    old order. ``lot`` now comes right after the object it selects from; a lot is
    a string id, so a call whose second positional argument is neither a string
    nor None was written for the old order: its positional arguments are matched
    to the old names, passed by keyword, and a DeprecationWarning says so.

    Examples
    --------
    >>> @lot_moved("n", "lot")
    ... def draw(evaluation, lot=None, *, n=10):
    ...     return evaluation, lot, n
    >>> draw("ev", "lot-1", n=3)
    ('ev', 'lot-1', 3)
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     draw("ev", 3, "lot-1")
    ('ev', 'lot-1', 3)
    >>> "lot" in str(seen[0].message)
    True
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if len(args) > 1 and args[1] is not None and not isinstance(args[1], str):
                rest = args[1:]
                if len(rest) > len(old_order):
                    from efc_scoring.errors import ParameterError

                    raise ParameterError(
                        f"{func.__name__}() : {len(args)} arguments positionnels, "
                        f"{len(old_order) + 1} au plus : passer les autres par leur nom"
                    )
                for name, value in zip(old_order, rest, strict=False):
                    if name in kwargs:
                        from efc_scoring.errors import ParameterError

                        raise ParameterError(
                            f"{func.__name__}() : {name}= donné deux fois (par position et par nom)"
                        )
                    kwargs[name] = value
                given = ", ".join(f"{name}=..." for name in old_order[: len(rest)])
                warn(
                    f"{func.__name__}() avec {given} par position",
                    f"{func.__name__}(..., lot, {given}) : lot vient juste après le premier "
                    "argument, les autres se passent par leur nom",
                )
                return func(args[0], **kwargs)  # type: ignore[arg-type]
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
