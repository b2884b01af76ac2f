"""Core commands: validate, score, schema, demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from efc_scoring import present
from efc_scoring.cli._app import (
    JsonOpt,
    LedgerOpt,
    NoCacheOpt,
    TenderArg,
    _console,
    _decisions,
    _fail,
    _justified_low,
    _load,
    _ranking_table,
    app,
    echo,
    echo_json,
    styled,
)


@app.command()
def validate(tender: TenderArg, json_out: JsonOpt = False) -> None:
    """Vérifie un marché (critères, pondérations, offres, notes) et signale chaque problème.

    Liste toutes les erreurs à la fois (code de sortie 1), puis les avertissements (une offre
    qui ne répond pas à une question), qui n'empêchent pas de continuer.
    """
    from efc_scoring import validate_tender
    from efc_scoring.errors import TenderError

    result = validate_tender(tender)
    if result.tender is None:
        if json_out:
            echo_json(
                json.dumps(
                    [{**p.__dict__, "severity": "erreur"} for p in result.problems],
                    ensure_ascii=False,
                )
            )
        else:
            echo(f"Erreur : {TenderError(list(result.problems), summary=result.summary)}", err=True)
        raise typer.Exit(1)
    t = result.tender
    warnings = [{**p.__dict__, "severity": "avertissement"} for p in result.warnings]
    if not json_out:
        for p in result.warnings:
            echo(f"Avertissement : {p}", err=True)
    counts = {
        "lots": len(t.lots),
        "criteria": len(t.nodes),
        "questions": len(t.questions),
        "offers": len(t.offers),
        "evaluators": len(t.evaluators),
        "scores": len(t.marks),
    }
    summary = {"tender": t.id, **counts}
    if json_out:
        echo_json(json.dumps({"valid": True, **summary, "warnings": warnings}, ensure_ascii=False))
    else:
        echo(
            f"Marché {t.id} valide : {present.count(counts['lots'], 'lot')}, "
            f"{present.count(counts['criteria'], 'critère')}, "
            f"{present.count(counts['questions'], 'question')}, "
            f"{present.count(counts['offers'], 'offre')}, "
            f"{present.count(counts['scores'], 'note')} de "
            f"{present.count(counts['evaluators'], 'évaluateur')}."
        )


@app.command("score")
def score_cmd(
    tender: TenderArg,
    scores: Annotated[
        Path | None,
        typer.Option(help="CSV des notes de la commission (sinon scores.csv du dossier)."),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Écrit le détail des points (CSV).")] = None,
    ledger: LedgerOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Notes pondérées et classement par lot, avec les décisions de la commission."""
    t = _load(tender, scores, say=True)
    _, consolidation = _decisions(tender, ledger, t)
    try:
        evaluation = consolidation.evaluate()
    except Exception as exc:
        _fail(exc)
    if out is not None:
        from efc_scoring.io._csv import write_frame_csv

        write_frame_csv(evaluation.to_frame(), out)
    if json_out:
        echo_json(evaluation.ranking().to_json(orient="records", force_ascii=False))
        return
    console = _console()
    justified = _justified_low(tender, ledger)
    console.print(_ranking_table(evaluation, f"{t.title} — classement", justified))
    if out is not None:
        console.print(f"Détail des points écrit dans {out}")


@app.command()
def schema(
    out: Annotated[
        Path | None, typer.Option(help="Fichier où écrire le schéma (sinon la sortie standard).")
    ] = None,
) -> None:
    """Écrit le schéma JSON du fichier de marché (pour l'autocomplétion dans un éditeur)."""
    from efc_scoring import tender_json_schema

    text = json.dumps(tender_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        echo(text, nl=False)
    else:
        from efc_scoring.io._atomic import write_text_atomic

        write_text_atomic(out, text)
        echo(f"Schéma écrit dans {out}")


@app.command()
def assess(
    tender: TenderArg,
    out: Annotated[
        Path | None, typer.Option(help="Écrit les niveaux proposés (.csv ou .json).")
    ] = None,
    no_cache: NoCacheOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Lit chaque réponse aux questions ouvertes : niveau proposé, éléments, justification."""
    from efc_scoring import assess as assess_tender

    t = _load(tender)
    try:
        assessments = assess_tender(t)
    except Exception as exc:
        _fail(exc)
    frame = assessments.to_frame()
    if out is not None:
        from efc_scoring.io._atomic import write_text_atomic

        if out.suffix.lower() == ".json":
            write_text_atomic(out, frame.to_json(orient="records", force_ascii=False, indent=1))
        else:
            from efc_scoring.io._csv import write_frame_csv

            # no level (the engine proposes none): an empty cell, not « <NA> »
            write_frame_csv(frame.astype(object).where(frame.notna(), None), out)
    if json_out:
        echo_json(
            json.dumps(
                json.loads(frame.to_json(orient="records", force_ascii=False)), ensure_ascii=False
            )
        )
        return
    console = _console()
    console.print(_assessment_table(t, frame))
    if out is not None:
        console.print(f"Niveaux proposés écrits dans {out}")


def _assessment_table(t, frame):  # type: ignore[no-untyped-def]
    from rich.table import Table

    table = Table(
        title=f"{t.title} — niveaux proposés par la grille de lecture",
        title_justify="left",
        show_lines=True,
    )
    for col, justify in (
        ("Offre", "left"),
        ("Question", "left"),
        ("Niveau", "right"),
        ("Éléments", "left"),
        ("Justification", "left"),
    ):
        table.add_column(col, justify=justify)
    for row in frame.itertuples(index=False):
        table.add_row(
            f"{row.offer}\n{row.bidder}",
            row.question,
            row.proposal,
            row.features,
            row.justification,
        )
    return table


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Dossier des sorties.")] = Path("demo-output"),
    no_cache: NoCacheOpt = False,
) -> None:
    """Déroule la chaîne complète sur l'exemple « nettoyage » et écrit les sorties."""
    from efc_scoring import (
        agenda,
        load_tender,
        present,
        robustness,
        sample_path,
        score,
        write_consolidated,
        write_grids,
        write_report,
    )
    from efc_scoring import (
        assess as assess_tender,
    )
    from efc_scoring.io._atomic import write_text_atomic
    from efc_scoring.io._csv import write_frame_csv

    console = _console()
    path = sample_path("nettoyage")
    t = load_tender(path)
    console.print(styled(t.title, "bold"), f"— {t.buyer}")
    console.print(
        f"{len(t.offers)} offres, {len(t.questions)} questions ouvertes, {len(t.marks)} "
        f"notes de {len(t.evaluators)} évaluateurs ({path})\n"
    )
    with console.status("Lecture des réponses (modèle français de spaCy)..."):
        assessments = assess_tender(t)
    frame = assessments.to_frame()
    console.print(_levels_matrix(frame))
    evaluation = score(t)
    console.print(_ranking_table(evaluation, "Classement (moyenne des notes de la commission)"))
    with console.status("Robustesse de l'attribution..."):
        report = robustness(evaluation, seed=0)
    for sentence in report.sentences()[:4]:
        console.print(f"  • {sentence}")
    out.mkdir(parents=True, exist_ok=True)
    disputed = agenda(t, assessments=assessments)
    with console.status("Écriture des grilles, de la synthèse et du rapport..."):
        written = [
            write_frame_csv(evaluation.to_frame(), out / "points.csv"),
            write_frame_csv(evaluation.ranking(), out / "classement.csv"),
            write_frame_csv(frame, out / "niveaux-proposes.csv"),
            write_text_atomic(
                out / "explications.txt",
                "\n\n".join(evaluation.explain(o.id) for o in t.offers) + "\n",
            ),
            *write_grids(t, out / "grilles", assessments=assessments),
            write_consolidated(
                t,
                evaluation,
                out / "synthese.xlsx",
                assessments=assessments,
                agenda=disputed,
            ),
        ]
        reports = write_report(
            t,
            out / "rapport",
            evaluation,
            assessments=assessments,
            provisional=True,
            computed=[report],
        )
    console.print("\nSorties écrites :")
    for path_written in [*written, *reports[1:]]:
        console.print(f"  {path_written}")
    console.print(f"\nRapport d'analyse des offres (provisoire) : {reports[0]}")
    console.print(
        f"Il reste provisoire tant que la commission n'a pas tranché "
        f"{present.count(len(disputed), 'point')} de l'ordre du jour ("
        + " ; ".join(f"offre {it.offer}, {it.label}" for it in disputed)
        + ") : voir la feuille « Ordre du jour » de synthese.xlsx et `efc-scoring consensus`.",
        markup=False,
    )


def _levels_matrix(frame):  # type: ignore[no-untyped-def]
    import pandas as pd
    from rich.table import Table

    from efc_scoring import present

    table = Table(title="Niveaux proposés par la grille de lecture (0 à 5)", title_justify="left")
    questions = list(dict.fromkeys(frame["question"]))
    table.add_column("Offre")
    for q in questions:
        table.add_column(q, justify="center")
    for offer, rows in frame.groupby("offer", sort=False):
        levels = dict(zip(rows["question"], rows["level"], strict=True))
        feats = dict(zip(rows["question"], rows["features"], strict=True))
        labels = dict(zip(rows["question"], rows["label"], strict=True))
        table.add_row(
            offer,
            *(
                present.proposal(None, labels[q])
                if pd.isna(levels[q])
                else f"{levels[q]} ({feats[q]})"
                for q in questions
            ),
        )
    return table
