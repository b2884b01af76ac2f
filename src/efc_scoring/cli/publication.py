"""Publication exports: essential data (DECP) and eForms award criteria and ranks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from efc_scoring.cli._app import (
    JsonOpt,
    ScoresOpt,
    TenderArg,
    _compared,
    _date,
    _decisions,
    _fail,
    _load,
    echo,
    echo_json,
)

export_app = typer.Typer(
    help="Exports pour les obligations de publication : données essentielles (DECP), "
    "critères d'attribution et classement des offres au format eForms (avis européens).",
    no_args_is_help=True,
)


@export_app.command("decp")
def export_decp(
    tender: TenderArg,
    out: Annotated[Path, typer.Option(help="Fichier JSON à écrire.")],
    scores: ScoresOpt = None,
    date_publication: Annotated[
        str | None,
        typer.Option(
            "--date-publication",
            help="Date de publication des données (datePublicationDonnees) ; aujourd'hui par "
            "défaut.",
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Écrit les données essentielles (DECP) du marché attribué sur chaque lot.

    Format de l'arrêté du 22 décembre 2022 (schéma DECP 2.0.3), à publier sur le portail
    national des données ouvertes. Ce que l'analyse des offres ne connaît pas (SIRET de
    l'acheteur, code CPV, lieu d'exécution, durée, forme et type de prix, date de notification)
    est lu dans la section publication du fichier de marché ; le SIRET du titulaire dans son
    offre.
    """
    from efc_scoring.io.tender import tender_root
    from efc_scoring.publication import write_decp

    published = _date(date_publication, "--date-publication")
    t = _load(tender, scores, say=True)
    _, consolidation = _decisions(tender, None, t)
    root, round_id = tender_root(tender)
    received = None
    if round_id is not None:  # a later round: the offers received are the initial ones
        initial = _load(root, None)
        received = {lot.id: len(initial.offers_in(lot.id)) for lot in initial.lots}
    try:
        # the contract awarded is the offer compared: base, optional tranches, PSE retained
        path = write_decp(
            _compared(t, consolidation),
            out,
            consolidation.evaluate(),
            published=published,
            received=received or {lot.id: len(t.offers_in(lot.id)) for lot in t.lots},
        )
    except Exception as exc:
        _fail(exc)
    lots = len(t.lots)
    if json_out:
        echo_json(json.dumps({"written": str(path), "records": lots}, ensure_ascii=False))
    else:
        echo(
            f"Données essentielles écrites dans {path} "
            f"({lots} marché{'s' if lots > 1 else ''}, un par lot)"
        )


@export_app.command("eforms")
def export_eforms(
    tender: TenderArg,
    out: Annotated[Path, typer.Option(help="Fichier XML à écrire.")],
    scores: ScoresOpt = None,
    no_evaluation: Annotated[
        bool,
        typer.Option("--no-evaluation", help="Critères seuls, sans le classement des offres."),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Écrit les critères d'attribution et le classement des offres au format eForms (XML).

    Critères (BT-539, BT-540, BT-541, BT-5421) et rangs (BT-171), avec les identifiants
    (LOT-, TEN-, TPA-, ORG-) qui les placent dans un avis d'attribution européen.
    """
    from efc_scoring.publication import write_eforms

    t = _load(tender, scores, say=not no_evaluation)
    _, consolidation = _decisions(tender, None, t)
    try:
        evaluation = None if no_evaluation else consolidation.evaluate()
        path = write_eforms(t, out, evaluation)
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(
            json.dumps({"written": str(path), "ranks": not no_evaluation}, ensure_ascii=False)
        )
    else:
        echo(f"Extrait eForms écrit dans {path}")
