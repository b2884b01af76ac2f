"""Core commands: validate, score, schema, demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from efc_scoring.cli._app import JsonOpt, TenderArg, _console, _fail, _load, _ranking_table, app


@app.command()
def validate(tender: TenderArg, json_out: JsonOpt = False) -> None:
    """Vérifie un marché (critères, pondérations, offres, notes) et signale chaque problème."""
    from efc_scoring import load_tender
    from efc_scoring.errors import InputError

    try:
        t = load_tender(tender)
    except InputError as exc:
        if json_out:
            typer.echo(json.dumps([p.__dict__ for p in exc.problems], ensure_ascii=False))
        else:
            typer.echo(f"Erreur : {exc}", err=True)
        raise typer.Exit(1) from None
    summary = {
        "tender": t.id,
        "lots": len(t.lots),
        "criteria": len(t.nodes),
        "questions": len(t.questions),
        "offers": len(t.offers),
        "evaluators": len(t.evaluators),
        "scores": len(t.scores),
    }
    if json_out:
        typer.echo(json.dumps({"valid": True, **summary}, ensure_ascii=False))
    else:
        typer.echo(
            f"Marché {t.id} valide : {summary['lots']} lot(s), {summary['criteria']} critères, "
            f"{summary['questions']} question(s), {summary['offers']} offre(s), "
            f"{summary['scores']} note(s) de {summary['evaluators']} évaluateur(s)."
        )


@app.command("score")
def score_cmd(
    tender: TenderArg,
    scores: Annotated[Path | None, typer.Option(help="CSV des notes de la commission (sinon scores.csv du dossier).")] = None,
    out: Annotated[Path | None, typer.Option(help="Écrit le détail des points (CSV).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Calcule les notes pondérées et le classement par lot."""
    from efc_scoring import score

    t = _load(tender, scores)
    try:
        evaluation = score(t)
    except Exception as exc:  # noqa: BLE001
        _fail(exc)
    if out is not None:
        from efc_scoring.io._atomic import write_text_atomic

        write_text_atomic(out, evaluation.to_frame().to_csv(index=False))
    if json_out:
        typer.echo(evaluation.ranking().to_json(orient="records", force_ascii=False))
        return
    console = _console()
    console.print(_ranking_table(evaluation, f"{t.title} — classement"))
    if out is not None:
        console.print(f"Détail des points écrit dans {out}")


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option(help="Fichier où écrire le schéma (sinon la sortie standard).")] = None,
) -> None:
    """Écrit le schéma JSON du fichier de marché (pour l'autocomplétion dans un éditeur)."""
    from efc_scoring import tender_json_schema

    text = json.dumps(tender_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        from efc_scoring.io._atomic import write_text_atomic

        write_text_atomic(out, text)
        typer.echo(f"Schéma écrit dans {out}")


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Dossier des sorties.")] = Path("demo-output"),
) -> None:
    """Déroule la chaîne complète sur l'exemple « nettoyage » et écrit les sorties."""
    from efc_scoring import load_tender, sample_path, score
    from efc_scoring.io._atomic import write_text_atomic

    console = _console()
    path = sample_path("nettoyage")
    t = load_tender(path)
    console.print(f"[bold]{t.title}[/bold] — {t.buyer}\n{len(t.offers)} offres, {len(t.scores)} notes de {len(t.evaluators)} évaluateurs ({path})")
    evaluation = score(t)
    console.print(_ranking_table(evaluation, "Classement (moyenne des notes de la commission)"))
    out.mkdir(parents=True, exist_ok=True)
    written = [
        write_text_atomic(out / "points.csv", evaluation.to_frame().to_csv(index=False)),
        write_text_atomic(out / "classement.csv", evaluation.ranking().to_csv(index=False)),
        write_text_atomic(
            out / "explications.txt",
            "\n\n".join(evaluation.explain(o.id) for o in t.offers) + "\n",
        ),
    ]
    console.print("Sorties écrites :")
    for path_written in written:
        console.print(f"  {path_written}")


