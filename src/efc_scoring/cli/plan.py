"""Progress-plan commands: ``efc-scoring plan draft | review | report``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from efc_scoring import present
from efc_scoring.cli._app import (
    NoCacheOpt,
    TenderArg,
    _console,
    _date,
    _fail,
    _load,
    echo_json,
    styled,
)
from efc_scoring.io._paths import output_path

plan_app = typer.Typer(
    help="Plan de progrès : projet tiré de l'offre retenue, bilans semestriels, bilan final.",
    no_args_is_help=True,
)

PlanArg = Annotated[Path, typer.Argument(help="Fichier du plan de progrès (plan.yaml).")]


def _load_plan(path: Path):  # type: ignore[no-untyped-def]
    from efc_scoring.progress.io import load_plan

    try:
        return load_plan(path)
    except Exception as exc:
        _fail(exc)


@plan_app.command("draft")
def plan_draft(
    tender: TenderArg,
    offer: Annotated[str, typer.Option("--offer", help="Identifiant de l'offre retenue.")],
    start: Annotated[
        str | None,
        typer.Option(
            help="Début du marché (AAAA-MM-JJ) ; sinon le 1er du mois suivant l'attribution."
        ),
    ] = None,
    months: Annotated[int, typer.Option(help="Durée du marché en mois.")] = 12,
    out: Annotated[
        Path | None, typer.Option(help="Fichier du plan à écrire (sinon plan-<lot>.yaml).")
    ] = None,
    no_cache: NoCacheOpt = False,
    json_out: Annotated[bool, typer.Option("--json", help="Sortie JSON pour les scripts.")] = False,
) -> None:
    """Projet de plan de progrès : les engagements fermes de l'offre deviennent des indicateurs."""
    from efc_scoring.progress._dates import add_months
    from efc_scoring.progress.draft import draft_progress_plan
    from efc_scoring.progress.io import save_plan

    t = _load(tender)
    first = _date(start, "--start")
    try:
        if first is not None:
            begin = first
        elif t.award_date is not None:
            begin = add_months(t.award_date.replace(day=1), 1)
        else:
            begin = add_months(date.today().replace(day=1), 1)
        plan = draft_progress_plan(t, offer, start=begin, months=months)
        target = out or output_path(Path("."), f"plan-{plan.lot}.yaml")
        save_plan(plan, target)
    except Exception as exc:
        _fail(exc)
    indicators = [i for a in plan.axes for i in a.indicators]
    if json_out:
        echo_json(
            json.dumps(
                {
                    "plan": str(target),
                    "indicators": len(indicators),
                    "candidates": len(plan.candidates),
                },
                ensure_ascii=False,
            )
        )
        return
    from rich.table import Table

    table = Table(
        title=f"Projet de plan de progrès — lot {plan.lot}, {plan.supplier}", title_justify="left"
    )
    for col in ("Indicateur", "Cible", "Échéance", "Phrase de l'offre"):
        table.add_column(col)
    for ind in indicators:
        goal = f"{ind.target} {ind.unit}" if ind.kind == "quantitative" else ind.goal
        table.add_row(
            ind.id,
            str(goal),
            str(ind.deadline or "fin du marché"),
            f"« {ind.source.text} »" if ind.source else "",
        )
    console = _console()
    console.print(table)
    console.print(
        f"{present.count(len(plan.candidates), 'proposition non ferme', 'propositions non fermes')}"
        f" à discuter. Plan écrit dans {target}"
    )


def _base_name(plan_file: Path, previous: list[str]) -> str:
    """``plan`` for plan.yaml and for plan-R1.yaml once R1 is recorded: plan-R1 -> plan-R2."""
    stem = plan_file.stem
    if previous and stem.endswith(f"-{previous[-1]}"):
        return stem[: -len(previous[-1]) - 1]
    return stem


@plan_app.command("review")
def plan_review(
    plan_file: PlanArg,
    review_file: Annotated[
        Path, typer.Argument(help="Fichier du bilan semestriel (review-N.yaml).")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            help="Plan mis à jour à écrire (par défaut <plan>-<bilan>.yaml dans le dossier "
            "courant ; le plan lu n'est jamais modifié)."
        ),
    ] = None,
    minutes: Annotated[
        Path | None,
        typer.Option(help="Dossier où écrire le compte rendu du bilan (Markdown et HTML)."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Sortie JSON pour les scripts.")] = False,
) -> None:
    """Enregistre un bilan semestriel : statut des indicateurs, avancement, avenant éventuel."""
    from efc_scoring.progress.io import load_review, save_plan
    from efc_scoring.progress.report import review_minutes
    from efc_scoring.progress.status import plan_status, record_review

    plan = _load_plan(plan_file)
    previous = [r.id for r in plan.reviews]
    try:
        review = load_review(review_file)
        plan = record_review(plan, review)
        status = plan_status(plan)
        if out is None:
            out = output_path(Path("."), f"{_base_name(plan_file, previous)}-{review.id}.yaml")
        if out.resolve() == plan_file.resolve():
            raise typer.BadParameter(
                "--out doit différer du plan lu : un fichier lu n'est jamais modifié"
            )
        save_plan(plan, out)
        if minutes is not None:
            from efc_scoring.io._atomic import write_text_atomic

            for fmt in ("md", "html"):
                write_text_atomic(
                    output_path(minutes, f"bilan-{review.id}.{fmt}"),
                    review_minutes(plan, review.id, fmt),
                )
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(
            json.dumps(
                {
                    "review": review.id,
                    "date": review.date.isoformat(),
                    "progress": float(status.progress),
                    "amendment_needed": status.amendment_needed,
                    "amendment_reason": status.amendment_reason or "",
                    "indicators": [
                        {
                            "indicator": st.indicator,
                            "value": None if st.value is None else str(st.value),
                            "progress": float(st.progress),
                            "status": st.label_fr,
                        }
                        for st in status.states
                    ],
                    "plan": str(out),
                },
                ensure_ascii=False,
            )
        )
        return
    from rich.table import Table

    table = Table(
        title=f"Bilan {review.id} du {present.long_date(review.date)} — "
        f"avancement {present.percent(status.progress)}",
        title_justify="left",
    )
    for col in ("Indicateur", "Valeur", "Avancement", "Statut"):
        table.add_column(col)
    for st in status.states:
        table.add_row(
            st.indicator,
            "—" if st.value is None else str(st.value),
            present.percent(st.progress),
            st.label_fr,
        )
    console = _console()
    console.print(table)
    if status.amendment_needed:
        console.print(styled("Avenant nécessaire", "bold"), f": {status.amendment_reason}")
    console.print(f"Plan mis à jour écrit dans {out}")


@plan_app.command("report")
def plan_report(
    plan_file: PlanArg,
    out: Annotated[
        Path, typer.Option(help="Dossier où écrire le classeur de suivi et les bilans.")
    ],
    json_out: Annotated[bool, typer.Option("--json", help="Sortie JSON pour les scripts.")] = False,
) -> None:
    """Classeur de suivi, comptes rendus, bilan final (Markdown, HTML) et export OCDS."""
    from efc_scoring.progress.ocds import write_ocds_metrics
    from efc_scoring.progress.report import write_final_assessment, write_review_minutes
    from efc_scoring.progress.workbook import write_tracking_workbook

    plan = _load_plan(plan_file)
    try:
        workbook = output_path(out, f"suivi-plan-{plan.lot}.xlsx")
        metrics = output_path(out, f"indicateurs-ocds-{plan.lot}.json")
        written = [write_tracking_workbook(plan, workbook)]
        written += write_review_minutes(plan, out)
        if plan.reviews:
            written += write_final_assessment(plan, out)
        written.append(write_ocds_metrics(plan, metrics))
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(json.dumps({"written": [str(p) for p in written]}, ensure_ascii=False))
        return
    console = _console()
    for path in written:
        console.print(f"Écrit : {path}")


# ------------------------------------------------------------------- paste until here
