"""The committee's decisions: ``efc-scoring consensus`` and ``efc-scoring import-consensus``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from efc_scoring.committee._consolidate import Consensus, Consolidation
    from efc_scoring.model.tender import Tender

from efc_scoring.cli._app import (
    JsonOpt,
    LedgerOpt,
    ScoresOpt,
    TenderArg,
    _decisions,
    _fail,
    _load,
    app,
    echo,
    echo_json,
    round_of,
)

ByOpt = Annotated[
    str,
    typer.Option("--by", help="Qui enregistre la décision (présidence, secrétariat de séance)."),
]


def _remaining(t: Tender, consolidation: Consolidation) -> list[str]:
    from efc_scoring.committee._agenda import unsettled_items

    return [
        f"offre {it.offer}, critère {it.criterion} « {t.criterion(it.criterion).label} »"
        for it in unsettled_items(consolidation)
    ]


def _report(
    t: Tender, tender: Path, ledger: Path | None, recorded: list[dict[str, Any]], json_out: bool
) -> None:
    from efc_scoring import present
    from efc_scoring.committee.decisions import ledger_path

    _, consolidation = _decisions(tender, ledger, t, quiet=True)
    remaining = _remaining(t, consolidation)
    path = ledger or ledger_path(tender)
    if json_out:
        echo_json(
            json.dumps(
                {
                    "ledger": str(path),
                    "recorded": recorded,
                    "unsettled": remaining,
                },
                ensure_ascii=False,
            )
        )
        return
    echo(f"Journal de la commission : {path}")
    for line in recorded:
        echo(f"  {line['text']}")
    if remaining:
        echo(
            f"{present.count(len(remaining), 'point')} de l'ordre du jour "
            f"{'restent' if len(remaining) > 1 else 'reste'} à trancher :"
        )
        for item in remaining:
            echo(f"  - {item}")
    else:
        echo(
            "Tous les points de l'ordre du jour sont tranchés : rapport et lettres peuvent être "
            "établis."
        )


def _line(decision: Consensus) -> dict[str, Any]:
    from efc_scoring import present

    marks = ", ".join(f"{ev} {present.mark(m)}" for ev, m in decision.marks) or "aucune"
    return {
        "offer": decision.offer,
        "criterion": decision.criterion,
        "level": str(decision.mark),
        "reason": decision.justification,
        "by": decision.by,
        "at": decision.at.isoformat(),
        "text": f"Décision : offre {decision.offer}, critère {decision.criterion} : niveau "
        f"{present.mark(decision.mark)} (notes individuelles : {marks}) — {decision.justification}",
    }


@app.command("consensus")
def consensus_cmd(
    tender: TenderArg,
    offer: Annotated[str, typer.Option("--offer", help="Offre du point tranché.")],
    criterion: Annotated[str, typer.Option("--criterion", help="Critère du point tranché.")],
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="Motif de la décision, communiqué au candidat dans sa lettre (obligatoire).",
        ),
    ],
    level: Annotated[
        str | None, typer.Option("--level", help="Niveau retenu par la commission.")
    ] = None,
    lot: Annotated[str | None, typer.Option("--lot", help="Lot de l'offre (vérifié).")] = None,
    departure: Annotated[
        str | None,
        typer.Option(
            "--departure-reason",
            help="Pourquoi la commission s'écarte de toutes les notes individuelles (exigé "
            "quand le niveau retenu est hors de leur étendue).",
        ),
    ] = None,
    withdraw: Annotated[
        bool,
        typer.Option(
            "--withdraw",
            help="Retire la décision en vigueur sur ce point (nouvelle entrée du journal ; "
            "le point revient à l'ordre du jour).",
        ),
    ] = False,
    by: ByOpt = "la commission d'évaluation",
    scores: ScoresOpt = None,
    ledger: LedgerOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Enregistre la décision de la commission sur un point de l'ordre du jour (journal)."""
    from efc_scoring.committee.decisions import ledger_path, record_decision, withdraw_decision

    t = _load(tender, scores, say=not json_out)
    path = ledger or ledger_path(tender)
    if withdraw == (level is not None):
        echo("Erreur : indiquer --level NIVEAU, ou --withdraw pour retirer", err=True)
        raise typer.Exit(2)
    try:
        if withdraw:
            withdraw_decision(
                t, offer, criterion, reason, by=by, ledger=path, round=round_of(tender)
            )
            recorded = [
                {
                    "offer": offer,
                    "criterion": criterion,
                    "withdrawn": True,
                    "text": f"Décision retirée : offre {offer}, critère {criterion} — {reason}",
                }
            ]
        else:
            assert level is not None
            decision = record_decision(
                t,
                offer,
                criterion,
                level.replace(",", "."),
                reason,
                by=by,
                ledger=path,
                lot=lot,
                departure_reason=departure,
                round=round_of(tender),
            )
            recorded = [_line(decision)]
    except Exception as exc:
        _fail(exc)
    _report(t, tender, ledger, recorded, json_out)


@app.command("import-consensus")
def import_consensus_cmd(
    tender: TenderArg,
    workbook: Annotated[
        Path,
        typer.Argument(
            help="Classeur de synthèse dont la feuille « Ordre du jour » porte les décisions "
            "de la commission (colonnes « Décision de la commission »)."
        ),
    ],
    by: ByOpt = "la commission d'évaluation",
    scores: ScoresOpt = None,
    ledger: LedgerOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Lit les décisions saisies dans l'ordre du jour du classeur de synthèse et les journalise."""
    from efc_scoring.committee.decisions import ledger_path, record_decision
    from efc_scoring.excel import GridError
    from efc_scoring.excel.decisions import read_decisions

    t = _load(tender, scores, say=not json_out)
    path = ledger or ledger_path(tender)
    current, _ = _decisions(tender, ledger, t, quiet=True)
    in_force = {(d.offer, d.criterion): (d.mark, d.justification) for d in current}
    try:
        found = read_decisions(t, workbook)
    except GridError as exc:
        from efc_scoring.cli.excel import _report_failures

        _report_failures(exc, json_out)
        raise typer.Exit(1) from None
    except Exception as exc:
        _fail(exc)
    recorded = []
    try:
        for d in found:
            if in_force.get((d.offer, d.criterion)) == (d.level, d.reason):
                continue  # already recorded: importing the same workbook twice changes nothing
            decision = record_decision(
                t,
                d.offer,
                d.criterion,
                d.level,
                d.reason,
                by=by,
                ledger=path,
                departure_reason=d.departure_reason,
                round=round_of(tender),
            )
            recorded.append(_line(decision))
    except Exception as exc:
        _fail(exc)
    if not recorded and not json_out:
        echo("Aucune nouvelle décision dans le classeur.", err=True)
    _report(t, tender, ledger, recorded, json_out)
