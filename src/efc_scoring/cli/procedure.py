"""Procedure commands: ``check-method`` before publication."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from efc_scoring import present
from efc_scoring.cli._app import JsonOpt, TenderArg, _console, _fail, app, echo, echo_json, styled


def _percent(text: str, option: str) -> float:
    """« 10 % », « 10% », « 0,1 » or « 0.1 » as a share (0.1), or a usage error."""
    raw = text.strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        echo(f"Erreur : {option} : « {text} » n'est pas un pourcentage (10 %, 0,1)", err=True)
        raise typer.Exit(2) from None
    if not 0 < value <= 5:
        echo(f"Erreur : {option} : {text} hors de (0 ; 500 %]", err=True)
        raise typer.Exit(2)
    return value


@app.command("check-method")
def check_method_cmd(
    tender: TenderArg,
    spread: Annotated[
        str,
        typer.Option(
            "--ecart-prix",
            help="Écart attendu entre le prix le plus bas et le plus haut (10 %, 0,15), d'après "
            "le sourcing ou la dernière consultation.",
        ),
    ] = "10 %",
    json_out: JsonOpt = False,
) -> None:
    """Vérifie la méthode de notation avant publication : chaque règle, sa source, la correction.

    Code de sortie 1 si une irrégularité est relevée ; les risques sont signalés sans bloquer.
    """
    from efc_scoring import load_tender
    from efc_scoring.io.tender import tender_root
    from efc_scoring.procedure import check_method

    reference = _percent(spread, "--ecart-prix")

    try:
        root, round_id = tender_root(tender)
        t = load_tender(tender if round_id is None else root, check_environment=False)
        check = check_method(t, reference_spread=reference)
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(
            json.dumps(
                {
                    "tender": check.tender,
                    "ok": check.ok,
                    "findings": check.to_frame().to_dict(orient="records"),
                    "simulations": check.simulation_frame().to_dict(orient="records"),
                },
                ensure_ascii=False,
            )
        )
    else:
        _print_check(check)
    if not check.ok:
        raise typer.Exit(1)


def _print_check(check) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    console = _console()
    console.print(check.summary())
    for f in check.findings:
        console.print("")
        where = f" ({f.where})" if f.where else ""
        console.print(styled(f"[{f.severity.label}] {f.title}{where}", "bold"))
        console.print(f"  {f.message}")
        console.print(f"  Source : {f.source}")
        console.print(f"  Correction : {f.fix}")
    if check.simulations:
        table = Table(title="Poids effectif du prix sur des offres simulées", title_justify="left")
        for col, justify in (
            ("Écart des prix", "right"),
            ("Formule", "left"),
            ("Annoncé", "right"),
            ("Effectif", "right"),
            ("Neutralisé ?", "left"),
        ):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        from decimal import Decimal

        for s in check.simulations:
            table.add_row(
                present.percent(Decimal(str(s.spread))),
                s.formula,
                present.number(s.announced, up_to=1),
                present.number(s.effective, up_to=1),
                "oui" if s.caution else "non",
            )
        console.print("")
        console.print(table)
