"""Corpus commands: ``efc-scoring corpus assess | summary | generate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from efc_scoring.cli._app import JsonOpt, _console, _fail, echo_json

corpus_app = typer.Typer(
    help="Corpus de marchés : lire des milliers de réponses sur Dask, les comparer par axe, "
    "secteur et année.",
    no_args_is_help=True,
)


@corpus_app.command("assess")
def corpus_assess(
    source: Annotated[
        Path,
        typer.Argument(
            help="Dossier de dossiers de marchés, fichier OCDS (.json, .jsonl) ou tableau "
            "(.csv, .parquet : tender, lot, offer, question, axis, answer)."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Dossier des résultats Parquet (une partie par partition, reprise)."
        ),
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Adresse d'un ordonnanceur Dask déjà lancé (tcp://hôte:8786)."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Workers de la grappe locale (par défaut un par cœur) ; avec --scheduler, "
            "nombre de workers à attendre.",
        ),
    ] = None,
    partition_size: Annotated[
        int | None,
        typer.Option(
            "--partition-size",
            min=1,
            help="Réponses par partition (tâche Dask) ; par défaut celle du passage qui a écrit "
            "--out, sinon 200.",
        ),
    ] = None,
    skip_bad_rows: Annotated[
        bool,
        typer.Option(
            "--skip-bad-rows",
            help="Écarter les lignes invalides (elles sont listées) au lieu de tout refuser.",
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Lit toutes les réponses d'un corpus avec le moteur d'analyse, sur Dask, avec reprise.

    Relancée avec le même --out, la commande reprend là où un passage interrompu s'était
    arrêté : les partitions déjà écrites ne sont pas relues.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn

    from efc_scoring.corpus import read_corpus, write_corpus_assessment
    from efc_scoring.corpus.assess import CorpusProgress

    err = _console(stderr=True)
    try:
        corpus = read_corpus(source, on_error="skip" if skip_bad_rows else "raise")
    except Exception as exc:
        _fail(exc)
    if corpus.problems:
        err.print(f"{len(corpus.problems)} ligne(s) écartée(s) :", markup=False)
        for problem in corpus.problems[:20]:
            err.print(f"  - {problem}", markup=False)
        if len(corpus.problems) > 20:
            err.print(f"  … et {len(corpus.problems) - 20} autres", markup=False)
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=json_out,
        transient=True,
    )
    tasks: list[TaskID] = []

    def show(progress: CorpusProgress) -> None:
        # the bar starts once the workers are ready, so that an error is printed alone
        if not tasks:
            bar.start()
            tasks.append(bar.add_task("Réponses lues", total=progress.answers_total))
        bar.update(tasks[0], completed=progress.answers_done)

    try:
        run = write_corpus_assessment(
            corpus,
            out,
            client=scheduler,
            workers=workers,
            partition_size=partition_size,
            progress=show,
        )
    except BaseException as exc:  # Ctrl-C too: the terminal gets its cursor back
        if tasks:
            bar.stop()
        if isinstance(exc, Exception):
            _fail(exc)
        raise
    if tasks:
        bar.stop()
    if json_out:
        echo_json(
            json.dumps(
                {
                    "out": str(out),
                    "answers": run.answers,
                    "partitions": run.partitions,
                    "computed": run.computed,
                    "skipped": run.skipped,
                    "bad_rows": len(corpus.problems),
                    "seconds": round(run.seconds, 3),
                    "engine": dict(run.engine),
                },
                ensure_ascii=False,
            )
        )
        return
    console = _console()
    console.print(run.summary(), markup=False)
    console.print(f"Résultats : {out}", markup=False)


@corpus_app.command("summary")
def corpus_summary(
    results: Annotated[Path, typer.Argument(help="Dossier des résultats de `corpus assess`.")],
    by: Annotated[
        str,
        typer.Option("--by", help="Regroupement : axis, sector, year, séparés par des virgules."),
    ] = "axis,sector,year",
    json_out: JsonOpt = False,
) -> None:
    """Engagements par axe, secteur et année : part des engagements fermes, chiffrés, niveaux."""
    from efc_scoring import present
    from efc_scoring.corpus import commitments, read_assessments

    keys = [k.strip() for k in by.split(",") if k.strip()]
    try:
        table = commitments(read_assessments(results), by=keys)
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(table.to_json(orient="records", force_ascii=False))
        return
    from rich.table import Table

    view = Table(title="Engagements des candidats")
    heads = {"axis": "Axe", "sector": "Secteur", "year": "Année"}
    for k in keys:
        view.add_column(heads.get(k, k))
    for head in ("Réponses", "Fermes", "Chiffrées", "Datées", "Suivies", "Niveau moyen"):
        view.add_column(head, justify="right")
    for rec in table.to_dict(orient="records"):
        cells = [
            present.axis_label(str(rec[k]))
            if k == "axis" and rec[k] is not None
            else ("non renseigné" if rec[k] is None else str(rec[k]))
            for k in keys
        ]
        cells += [
            present.number(rec["answers"]),
            present.percent(rec["share_firm"]),
            present.percent(rec["share_quantified"]),
            present.percent(rec["share_timed"]),
            present.percent(rec["share_monitored"]),
            present.MISSING if rec["mean_level"] is None else present.number(rec["mean_level"], 1),
        ]
        view.add_row(*cells)
    _console().print(view)


@corpus_app.command("generate")
def corpus_generate(
    out: Annotated[Path, typer.Argument(help="Tableau à écrire (.csv ou .parquet).")],
    answers: Annotated[int, typer.Option("--answers", min=1, help="Nombre de réponses.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Graine du tirage.")] = 0,
    extra: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            help="Réponses étiquetées en plus des exemples fournis (JSON Lines : axis, "
            "question, answer).",
        ),
    ] = None,
) -> None:
    """Corpus fictif pour essayer et mesurer : réponses recomposées à partir des exemples."""
    from efc_scoring.corpus import generate_corpus
    from efc_scoring.corpus.generate import write_table

    try:
        table = generate_corpus(answers, seed=seed, sources=extra or ())
        path = write_table(table, out)
    except Exception as exc:
        _fail(exc)
    _console().print(
        f"{len(table)} réponses de {table['tender'].nunique()} marchés écrites dans {path}",
        markup=False,
    )
