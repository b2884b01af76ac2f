"""Cache commands: ``efc-scoring cache info | clear``."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from efc_scoring.cli._app import JsonOpt, _console, echo_json

cache_app = typer.Typer(
    help="Cache des lectures : chaque réponse n'est lue qu'une fois par le moteur.",
    no_args_is_help=True,
)


def _size(n: int) -> str:
    from fractions import Fraction

    from efc_scoring.present import number

    if n < 1024 * 1024:
        return f"{number(Fraction(n, 1024), 1)} Kio"
    return f"{number(Fraction(n, 1024 * 1024), 1)} Mio"


@cache_app.command("info")
def cache_info(json_out: JsonOpt = False) -> None:
    """Où est le cache des lectures, combien de réponses il garde et pour quels moteurs."""
    from efc_scoring.evidence.cache import AssessmentCache, resolve_cache

    cache = resolve_cache() or AssessmentCache()
    info = cache.info()
    off = resolve_cache() is None
    if json_out:
        data = {
            "path": str(info.path),
            "entries": info.entries,
            "bytes": info.bytes,
            "engines": info.engines,
            "current_entries": info.current_entries,
            "enabled": not off,
        }
        echo_json(json.dumps(data, ensure_ascii=False))
        return
    from efc_scoring.present import count

    console = _console()
    console.print(f"Cache des lectures : {cache.folder}" + (" (désactivé)" if off else ""))
    console.print(
        f"{count(info.entries, 'réponse lue', 'réponses lues')} ({_size(info.bytes)}), "
        f"dont {info.current_entries} par le moteur actuel ; "
        f"{count(info.engines, 'version', 'versions')} du moteur."
    )


@cache_app.command("clear")
def cache_clear(
    stale: Annotated[
        bool,
        typer.Option("--stale", help="Ne supprime que les lectures des autres versions du moteur."),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Vide le cache des lectures (les réponses seront relues à la prochaine commande)."""
    from efc_scoring.evidence.cache import AssessmentCache, resolve_cache

    cache = resolve_cache() or AssessmentCache()
    removed = cache.clear(stale=stale)
    if json_out:
        echo_json(json.dumps({"path": str(cache.folder), "removed": removed}, ensure_ascii=False))
        return
    from efc_scoring.present import count

    _console().print(
        f"{count(removed, 'lecture supprimée', 'lectures supprimées')} du cache {cache.folder}"
    )
