"""Spreadsheet commands: ``efc-scoring grids | import | consolidate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from efc_scoring import present
from efc_scoring.cli._app import (
    JsonOpt,
    NoCacheOpt,
    ScoresOpt,
    TenderArg,
    _console,
    _fail,
    _load,
    app,
    echo,
    echo_json,
    round_of,
)

GridsArg = Annotated[
    list[Path], typer.Argument(help="Grilles .xlsx renvoyées par les évaluateurs.")
]
KeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--key-file", help="Fichier de la clé secrète de l'acheteur (signature HMAC des grilles)."
    ),
]
KeyEnvOpt = Annotated[
    str | None,
    typer.Option(
        "--key-env",
        help="Variable d'environnement qui contient la clé secrète de l'acheteur (plutôt que "
        "--key-file).",
    ),
]


def _key(path: Path | None, env: str | None) -> bytes | None:
    """The buyer's key from a file or an environment variable (never both)."""
    import os

    from efc_scoring.errors import EfcError, ErrorCode

    if path is not None and env is not None:
        raise EfcError(
            "donner la clé par --key-file ou par --key-env, pas les deux",
            code=ErrorCode.INVALID_ARGUMENT,
        )
    if env is not None:
        value = os.environ.get(env, "").strip()
        if not value:
            raise EfcError(
                f"la variable d'environnement {env} est vide ou absente : elle doit contenir "
                "la clé de l'acheteur",
                code=ErrorCode.INVALID_ARGUMENT,
            )
        return value.encode("utf-8")
    if path is None:
        return None
    if not path.is_file():
        raise EfcError(f"fichier de clé introuvable : {path}", code=ErrorCode.NOT_FOUND)
    key = path.read_bytes().strip()
    if not key:
        raise EfcError(f"le fichier de clé {path} est vide", code=ErrorCode.INVALID_ARGUMENT)
    return key


def _report_failures(exc, json_out: bool) -> None:  # type: ignore[no-untyped-def]
    if json_out:
        echo_json(exc.failure_cases.to_json(orient="records", force_ascii=False))
    else:
        _failure_table(exc)


def _failure_table(exc) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    table = Table(title=str(exc).splitlines()[0], title_justify="left")
    for col in (
        "Fichier",
        "Feuille",
        "Cellule",
        "Offre",
        "Critère",
        "Code",
        "Problème",
        "Correction",
    ):
        table.add_column(col, overflow="fold")
    for p in exc.failure_cases.itertuples(index=False):
        table.add_row(p.file, p.sheet, p.cell, p.offer, p.criterion, p.code, p.message, p.fix)
    _console().print(table)


@app.command()
def grids(
    tender: TenderArg,
    out: Annotated[Path, typer.Option(help="Dossier où écrire les grilles.")],
    evaluator: Annotated[
        list[str] | None,
        typer.Option(
            "--evaluator", help="Identifiant d'un évaluateur (répéter l'option) ; tous par défaut."
        ),
    ] = None,
    blind: Annotated[
        bool,
        typer.Option(
            "--blind",
            help="Masque les noms des candidats, leurs coordonnées (téléphone, courriel, "
            "site, SIRET) et les prix.",
        ),
    ] = False,
    propose: Annotated[
        bool,
        typer.Option("--propose/--no-propose", help="Niveaux proposés par le moteur d'analyse."),
    ] = True,
    key_file: KeyOpt = None,
    no_cache: NoCacheOpt = False,
    key_env: KeyEnvOpt = None,
    json_out: JsonOpt = False,
    override: Annotated[
        str | None,
        typer.Option(
            "--dispense",
            help="Raison d'envoyer une grille à un évaluateur sans déclaration d'absence de "
            "conflit d'intérêts (consignée au journal).",
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Qui envoie les grilles (consigné au journal).")
    ] = None,
) -> None:
    """Écrit une grille d'évaluation .xlsx par évaluateur.

    Quand la commission déclare ses conflits d'intérêts (``governance.declarations`` du
    marché, ou une déclaration au journal), pas de grille sans déclaration
    (``efc-scoring declare``), sauf --dispense ; l'envoi est consigné au journal.
    """
    from efc_scoring.excel import write_grids

    t = _load(tender)
    try:
        from efc_scoring.committee.decisions import ledger_path
        from efc_scoring.procedure import read_records, send_grids

        journal = ledger_path(tender)
        options: dict[str, Any] = {
            "blind": blind,
            "propose": propose,
            "key": _key(key_file, key_env),
        }
        if t.governance.declarations or read_records(journal).declarations:
            paths = send_grids(
                t,
                out,
                by=by or "efc-scoring grids",
                ledger=journal,
                evaluators=evaluator or None,
                override=override,
                round=round_of(tender),
                **options,
            )
        else:
            paths = write_grids(t, out, evaluators=evaluator or None, **options)
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(json.dumps({"grids": [str(p) for p in paths], "blind": blind}))
        return
    console = _console()
    console.print(
        f"{present.count(len(paths), 'grille écrite', 'grilles écrites')} dans {out}"
        + (" (à l'aveugle)" if blind else "")
    )
    for path in paths:
        console.print(f"  {path}")


def _backup(target: Path) -> Path | None:
    """Copy an existing marks file aside as ``<name>.bak-<timestamp>`` before it is replaced."""
    import shutil
    from datetime import datetime

    if not target.is_file():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.name}.bak-{stamp}")
    n = 1
    while backup.exists():
        n += 1
        backup = target.with_name(f"{target.name}.bak-{stamp}-{n}")
    shutil.copy2(target, backup)
    return backup


def _mentions_warnings(t, marks) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """One warning per justification cell that names another bidder, with where and whom."""
    from efc_scoring.committee.mentions import BidderMentions

    detector = BidderMentions(t)
    found = []
    for row in marks.to_dict("records"):
        mentions = detector.find(str(row["justification"] or ""), reader=row["offer"])
        if not mentions:
            continue
        named = " ; ".join(f"« {m.text} » ({m.label}, offre {m.offer})" for m in mentions)
        found.append(
            {
                "file": str(row.get("file", "")),
                "cell": str(row.get("justification_cell", "")),
                "offer": str(row["offer"]),
                "criterion": str(row["criterion"]),
                "message": f"la justification cite un autre candidat : {named} ; elle sera "
                "remplacée dans la lettre au candidat, la reformuler sans comparaison nominative",
            }
        )
    return found


@app.command("import")
def import_cmd(
    tender: TenderArg,
    grid_files: GridsArg,
    out: Annotated[
        Path | None,
        typer.Option(
            help="CSV des notes à écrire (par défaut scores.csv du dossier du marché, que lisent "
            "toutes les commandes ; le fichier précédent est gardé en scores.csv.bak-<date>)."
        ),
    ] = None,
    key_file: KeyOpt = None,
    key_env: KeyEnvOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Lit les grilles renvoyées et écrit les notes (scores.csv) ; signale toutes les erreurs."""
    from efc_scoring import present
    from efc_scoring.excel import GridError, read_grids, write_scores_csv

    t = _load(tender)
    try:
        marks = read_grids(t, grid_files, key=_key(key_file, key_env))
    except GridError as exc:
        _report_failures(exc, json_out)
        raise typer.Exit(1) from None
    except Exception as exc:
        _fail(exc)
    folder = tender if tender.is_dir() else tender.parent
    target = out if out is not None else folder / "scores.csv"
    backup = _backup(target)
    write_scores_csv(marks, target)
    warnings = _mentions_warnings(t, marks)
    if json_out:
        echo_json(
            json.dumps(
                {
                    "scores": str(target),
                    "marks": len(marks),
                    "backup": str(backup) if backup else None,
                    "warnings": warnings,
                },
                ensure_ascii=False,
            )
        )
        return
    for w in warnings:
        echo(
            f"Attention : {w['file']} [Grille!{w['cell']}] (offre {w['offer']}, critère "
            f"{w['criterion']}) : {w['message']}",
            err=True,
        )
    if backup is not None:
        echo(f"Notes précédentes gardées dans {backup}")
    echo(
        f"{present.count(len(marks), 'note')} de "
        f"{present.count(marks['evaluator'].nunique(), 'évaluateur')} "
        f"{'écrites' if len(marks) > 1 else 'écrite'} dans {target}"
    )


@app.command()
def consolidate(
    tender: TenderArg,
    grid_files: Annotated[
        list[Path] | None,
        typer.Argument(help="Grilles renvoyées ; sans grille, les notes du marché (scores.csv)."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Classeur de synthèse à écrire.")] = Path(
        "synthese.xlsx"
    ),
    propose: Annotated[
        bool,
        typer.Option(
            "--propose/--no-propose",
            help="Niveaux proposés par le moteur à côté de ceux de la commission.",
        ),
    ] = True,
    key_file: KeyOpt = None,
    key_env: KeyEnvOpt = None,
    scores: ScoresOpt = None,
    no_cache: NoCacheOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Écrit le classeur de synthèse (formules vivantes et leurs valeurs, ordre du jour).

    Affiche les notes consolidées (les plus disputées d'abord) et l'accord de la commission.
    """
    from dataclasses import replace

    from efc_scoring import agenda, consolidate, score
    from efc_scoring.cli._app import round_of
    from efc_scoring.cli.committee import show_consolidation
    from efc_scoring.committee.decisions import ledger_path
    from efc_scoring.excel import GridError, read_grids, tender_with_marks, write_consolidated
    from efc_scoring.procedure import read_records
    from efc_scoring.procedure._state import round_offers

    t = _load(tender, scores, say=not grid_files and not json_out)
    try:
        if grid_files:
            t = tender_with_marks(t, read_grids(t, grid_files, key=_key(key_file, key_env)))
        # like `score`: the offers the ledger sets aside are not ranked, the prices compared
        # include the PSE retained
        ranked, gone = round_offers(t, read_records(ledger_path(tender)), round_of(tender))
        evaluation = score(ranked)
        if gone:
            evaluation = replace(evaluation, set_aside=gone, received=t)
        disputed = agenda(ranked, evidence=propose)
        write_consolidated(ranked, evaluation, out, propose=propose, agenda=disputed)
        consolidation = consolidate(ranked)
        agreed = consolidation.agreement()
    except GridError as exc:
        _report_failures(exc, json_out)
        raise typer.Exit(1) from None
    except Exception as exc:
        _fail(exc)
    show_consolidation(t, consolidation, agreed, "mean", json_out, extra={"workbook": str(out)})
    if not json_out:
        _console().print(
            f"Synthèse écrite dans {out} ({len(t.offers)} offres, {len(t.marks)} notes, "
            f"{present.count(len(disputed), 'point')} à l'ordre du jour)"
        )
