"""Robustness command: ``efc-scoring robustness``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from efc_scoring import present
from efc_scoring.cli._app import JsonOpt, TenderArg, _console, _fail, _load, app, echo_json, styled
from efc_scoring.mcda import DEFAULT_DRAWS


@app.command()
def robustness(
    tender: TenderArg,
    n: Annotated[int, typer.Option("--n", help="Nombre de tirages de poids.")] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option(help="Graine du tirage (même graine, même résultat).")] = 0,
    concentration: Annotated[
        float,
        typer.Option(
            help="Concentration du tirage de Dirichlet (plus grande : poids plus proches de ceux "
            "du marché)."
        ),
    ] = 100.0,
    bounds: Annotated[
        float | None,
        typer.Option(help="Au lieu du tirage de Dirichlet : ± points autour de chaque poids."),
    ] = None,
    lot: Annotated[str | None, typer.Option(help="Lot à examiner (sinon tous les lots).")] = None,
    methode: Annotated[
        list[str] | None,
        typer.Option(
            "--methode",
            help="Méthode à comparer à la somme pondérée (plusieurs fois possible) : topsis, "
            "topsis_minmax, vikor, electre2, moora ; par défaut topsis, vikor et electre2.",
        ),
    ] = None,
    scores: Annotated[
        Path | None,
        typer.Option(help="CSV des notes de la commission (sinon scores.csv du dossier)."),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Robustesse de l'attribution : poids, valeurs critiques, commission, formule de prix."""
    from efc_scoring.cli._app import _decisions
    from efc_scoring.mcda._robustness import robustness as run

    t = _load(tender, scores, say=True)
    _, consolidation = _decisions(tender, None, t)
    try:
        evaluation = consolidation.evaluate()
        lots = [lot] if lot else [x.id for x in t.lots if t.offers_in(x.id)]
        reports = [
            run(
                evaluation,
                x,
                n=n,
                seed=seed,
                concentration=concentration,
                bounds=bounds,
                ranks=True,
                methods=methode or None,
            )
            for x in lots
        ]
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, default=str))
        return
    from rich.table import Table

    console = _console()
    for report in reports:
        console.print(styled(f"{t.title} — lot {report.lot} : robustesse de l'attribution", "bold"))
        res = report.sensitivity
        table = Table(
            title=f"Probabilité d'être classée première ({present.number(res.n)} tirages, "
            f"{res.draws})",
            title_justify="left",
        )
        for col, justify in (
            ("Offre", "left"),
            ("Rang attribué", "right"),
            ("P(1re)", "right"),
            ("Rang moyen", "right"),
        ):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        rows = sorted(zip(res.award_ranks, res.offers, res.p_first, strict=True))
        for award_rank, offer, p_first in rows:
            table.add_row(
                offer,
                str(award_rank),
                present.percent(p_first),
                present.number(res.mean_rank(offer), 2),
            )
        console.print(table)
        for section, items in report.sections().items():
            if section == "Sensibilité aux poids":
                items = items[1:]  # the table above already gives the probabilities
            console.print(styled(section, "bold"))
            for sentence in items:
                console.print(f"  • {sentence}")
        console.print()


# ----------------------------------------------------------------- paste up to here
