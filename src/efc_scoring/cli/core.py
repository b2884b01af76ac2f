"""The ``efc-scoring`` command line. Thin: every command calls the public API.

Exit codes: 0 success, 1 invalid input, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    name="efc-scoring",
    help="Notation des offres EFC : critères pondérés, réponses argumentées, grilles d'évaluation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

TenderArg = Annotated[Path, typer.Argument(help="Dossier du marché (tender.yaml, offers/, scores.csv) ou fichier YAML.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Sortie JSON pour les scripts.")]


def _console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(soft_wrap=False, highlight=False)


def _fail(exc: Exception) -> None:
    from efc_scoring.errors import EfcError

    if isinstance(exc, EfcError):
        typer.echo(f"Erreur : {exc}", err=True)
        raise typer.Exit(1)
    raise exc


def _load(path: Path, scores: Path | None = None):  # type: ignore[no-untyped-def]
    from efc_scoring import load_tender

    try:
        return load_tender(path, scores=scores)
    except Exception as exc:  # noqa: BLE001 - _fail re-raises what is not ours
        _fail(exc)


def _ranking_table(evaluation, title: str):  # type: ignore[no-untyped-def]
    from rich.table import Table

    frame = evaluation.ranking()
    table = Table(title=title, title_justify="left")
    for col, justify in (("Lot", "left"), ("Rang", "right"), ("Offre", "left"), ("Candidat", "left"),
                         ("Prix", "right"), ("Total /100", "right"), ("Remarques", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for row in frame.itertuples(index=False):
        notes = []
        if row.eliminated:
            notes.append("éliminée : " + row.elimination_reason)
        if row.tied:
            notes.append("ex aequo")
        if row.abnormally_low:
            notes.append("prix possiblement anormalement bas")
        price = "" if row.price is None else f"{row.price:,.2f}".replace(",", " ").replace(".", ",")
        table.add_row(
            row.lot,
            "—" if row.rank is None or str(row.rank) == "<NA>" else str(row.rank),
            row.offer,
            row.bidder,
            price,
            f"{row.total:.2f}".replace(".", ","),
            "; ".join(notes),
        )
    return table


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


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``efc-scoring`` script."""
    try:
        return app(args=argv, standalone_mode=True)
    except SystemExit as exc:
        if argv is None:
            raise
        return exc.code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
