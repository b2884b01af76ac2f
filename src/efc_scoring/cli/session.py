"""``efc-scoring session``: the committee's meeting in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from efc_scoring.cli._app import LedgerOpt, NoCacheOpt, ScoresOpt, TenderArg, _fail, app, echo
from efc_scoring.mcda import DEFAULT_DRAWS


@app.command("session")
def session_cmd(
    tender: TenderArg,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            help="Port d'écoute (par défaut 8765, ou un port libre s'il est pris ; 0 : un port "
            "libre).",
        ),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="N'ouvre pas le navigateur (le lien s'affiche).")
    ] = False,
    lan: Annotated[
        bool,
        typer.Option(
            "--lan",
            help="Sert aussi les ordinateurs de la commission sur le réseau local : un lien par "
            "membre (lecture seule) et celui de la présidence (seule à enregistrer).",
        ),
    ] = False,
    by: Annotated[
        str,
        typer.Option("--by", help="Qui enregistre les décisions (noté dans le journal)."),
    ] = "la présidence de la commission",
    blind: Annotated[
        bool,
        typer.Option(
            "--blind",
            help="Séance à l'aveugle : offres désignées par la lettre des grilles, membres par "
            "un numéro, nom du candidat masqué dans sa réponse, prix non affichés.",
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Dossier du rapport et des lettres (par défaut seance/ du marché)."
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option(help="Tirages de pondérations de l'analyse de sensibilité du rapport.")
    ] = DEFAULT_DRAWS,
    no_evidence: Annotated[
        bool,
        typer.Option(
            "--no-evidence", help="Sans le moteur d'analyse des réponses (ni proposition)."
        ),
    ] = False,
    scores: ScoresOpt = None,
    ledger: LedgerOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Ouvre la séance de la commission dans le navigateur : points en désaccord un par un,
    simulation du classement, décisions au journal, rapport et lettres."""
    from efc_scoring.session import serve

    def announce(links) -> None:  # type: ignore[no-untyped-def]
        where = "sur le réseau local" if lan else "sur cet ordinateur seulement"
        echo(f"Séance de la commission ouverte {where} (port {links.port}).")
        echo(f"Lien de la présidence (seule à enregistrer les décisions) : {links.chair}")
        for name, link in links.evaluators:
            echo(f"  Lien de {name} (lecture seule) : {link}")
        echo("Arrêter la séance : Ctrl+C (une décision en cours d'écriture est écrite en entier).")

    try:
        serve(
            tender,
            port=port,
            lan=lan,
            open_browser=not no_browser,
            announce=announce,
            documents={"draws": draws, **({"evidence": False} if no_evidence else {})},
            marks=scores,
            ledger=ledger,
            by=by,
            blind=blind,
            out=out,
            evidence=not no_evidence,
        )
    except Exception as exc:
        _fail(exc)
