"""Report commands: the offers-analysis report, side-by-side comparison, OCDS interchange."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from efc_scoring.cli._app import (
    JsonOpt,
    LedgerOpt,
    NoCacheOpt,
    ProvisionalOpt,
    ScoresOpt,
    TenderArg,
    _console,
    _decisions,
    _fail,
    _load,
    app,
    echo,
    echo_json,
)
from efc_scoring.mcda import DEFAULT_DRAWS

ocds_app = typer.Typer(
    help="Échange au format OCDS (Open Contracting Data Standard 1.1).", no_args_is_help=True
)


@app.command("report")
def report_cmd(
    tender: TenderArg,
    out: Annotated[Path, typer.Option(help="Dossier où écrire le rapport.")],
    scores: ScoresOpt = None,
    ledger: LedgerOpt = None,
    format: Annotated[
        list[str] | None,
        typer.Option("--format", help="html, md ou docx (plusieurs fois possible)."),
    ] = None,
    draws: Annotated[
        int, typer.Option(help="Tirages de pondérations de l'analyse de sensibilité.")
    ] = DEFAULT_DRAWS,
    no_evidence: Annotated[
        bool, typer.Option("--no-evidence", help="Sans le moteur d'analyse des réponses.")
    ] = False,
    no_cache: NoCacheOpt = False,
    provisional: ProvisionalOpt = False,
    version: Annotated[
        str,
        typer.Option(
            "--version",
            help="interne (tout), publique (méthode, classement, offre retenue ; communicable "
            "à tous) ou candidat (pour un candidat non retenu : ses notes, celles de l'offre "
            "retenue, le classement).",
        ),
    ] = "interne",
    bidders: Annotated[
        list[str] | None,
        typer.Option(
            "--offre",
            help="Version candidat : l'offre non retenue (répéter l'option) ; sans elle, une "
            "version par offre non retenue, chacune dans OUT/<offre>.",
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Écrit le rapport d'analyse des offres (HTML, Markdown, Word), décisions de la commission
    et procédure du journal comprises (offres écartées, offres anormalement basses, tours,
    PSE) ; refusé tant que des points de l'ordre du jour restent à trancher."""
    from efc_scoring.cli._app import round_of
    from efc_scoring.committee.decisions import ledger_path
    from efc_scoring.errors import ParameterError
    from efc_scoring.report import ReportVersion, write_report

    try:
        chosen = ReportVersion.parse(version)
    except Exception as exc:
        echo(f"Erreur : --version : {exc}", err=True)
        raise typer.Exit(2) from None
    if bidders and chosen is not ReportVersion.BIDDER:
        echo("Erreur : --offre ne sert qu'à la version candidat (--version candidat)", err=True)
        raise typer.Exit(2)
    t = _load(tender, scores, say=True)
    _, consolidation = _decisions(tender, ledger, t)
    formats = tuple(format or ("html", "md"))
    options: dict[str, Any] = {
        "formats": formats,
        "draws": draws,
        "evidence": not no_evidence,
        "consolidation": consolidation,
        "provisional": provisional,
        "ledger": ledger or ledger_path(tender),
        "round": round_of(tender),
        "version": chosen,
    }
    try:
        targets: list[tuple[Path, str | None]] = [(out, None)]
        if chosen is ReportVersion.BIDDER:
            evaluation = consolidation.evaluate()
            received = evaluation.offers_received
            here = {o.id for o in received.offers}
            left = _left_earlier(tender, t, here)
            for asked in bidders or ():
                if asked in left:
                    raise ParameterError(
                        f"{asked} n'a pas d'offre au tour « {_round_title(t, tender)} » : "
                        f"{left[asked]}"
                    )
            ids = bidders or [
                o.id for o in received.offers if o.id not in evaluation.winners(o.lot)
            ]
            for gone, where in left.items() if not bidders else ():
                echo(f"{gone} : {where}", err=True)
            targets = (
                [(out / offer, offer) for offer in ids]
                if not bidders or len(ids) > 1
                else [(out, ids[0])]
            )
            options["evaluation"] = evaluation
        paths = []
        with _console().status("Rédaction du rapport…") if not json_out else _nothing():
            for folder, offer in targets:
                paths += write_report(t, folder, bidder=offer, **options)
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(json.dumps({"written": [str(p) for p in paths]}, ensure_ascii=False))
        return
    console = _console()
    console.print("Rapport écrit :")
    for path in paths:
        console.print(f"  {path}")


def _round_title(t: Any, tender_path: Path) -> str:
    from efc_scoring.cli._app import round_of

    current = round_of(tender_path)
    return next(r.title for r in t.round_list if r.id == current)


def _left_earlier(tender_path: Path, t: Any, here: set[str]) -> dict[str, str]:
    """The offers of earlier rounds that are not in this one: for each, the round of its last
    offer and the command that writes its version there."""
    from efc_scoring.io.tender import round_folder, tender_root

    root, current = tender_root(tender_path)
    if current is None:
        return {}
    rounds = list(t.round_list)
    out: dict[str, str] = {}
    for position, earlier in enumerate(rounds[: [r.id for r in rounds].index(current)]):
        folder = round_folder(root, None if position == 0 else earlier.id)
        try:
            offers = _load(folder, None).offers
        except Exception:  # an earlier round that no longer loads: nothing to point to
            continue
        for offer in offers:
            if offer.id not in here:
                out[offer.id] = (
                    f"dernière offre au tour « {earlier.title} » ; sa version candidat s'écrit "
                    f"sur le dossier de ce tour : efc-scoring report {folder} --version "
                    f"candidat --offre {offer.id} --out …"
                )
    return out


def _nothing() -> Any:
    import contextlib

    return contextlib.nullcontext()


@app.command("compare")
def compare_cmd(
    tender: TenderArg,
    question: Annotated[str, typer.Option(help="Identifiant de la question ouverte.")],
    out: Annotated[Path, typer.Option(help="Fichier .html ou .xlsx.")],
    lot: Annotated[str | None, typer.Option(help="Seulement les offres de ce lot.")] = None,
    no_cache: NoCacheOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Met côte à côte les réponses de toutes les offres à une question (HTML ou Excel)."""
    from efc_scoring.report import compare_answers

    t = _load(tender)
    try:
        comparison = compare_answers(t, question, lot)
        path = comparison.write(out)
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(comparison.to_frame().to_json(orient="records", force_ascii=False))
        return
    _console().print(f"{len(comparison.answers)} réponses côte à côte écrites dans {path}")


@ocds_app.command("export")
def ocds_export(
    tender: TenderArg,
    out: Annotated[Path, typer.Option(help="Fichier JSON à écrire.")],
    scores: Annotated[Path | None, typer.Option(help="CSV des notes de la commission.")] = None,
    no_evaluation: Annotated[
        bool, typer.Option("--no-evaluation", help="Sans notes ni attributions.")
    ] = False,
    ocid_prefix: Annotated[str, typer.Option(help="Préfixe OCDS de l'éditeur.")] = "ocds-efc000",
    include_bids: Annotated[
        bool,
        typer.Option(
            "--include-bids",
            help="Ajoute les réponses des candidats, les justifications et les prix des offres "
            "non retenues (jamais pour une publication en données ouvertes).",
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Exporte le marché, ses offres et leur évaluation en OCDS 1.1 (JSON).

    Par défaut, sans les réponses des candidats, les justifications des évaluateurs ni les
    prix des offres non retenues : le format est fait pour la publication en données ouvertes.
    """
    from efc_scoring.cli._app import _compared, _decisions
    from efc_scoring.ocds import write_ocds

    t = _load(tender, scores, say=not no_evaluation)
    _, consolidation = _decisions(tender, None, t)
    try:
        evaluation = None if no_evaluation else consolidation.evaluate()
        path = write_ocds(
            _compared(t, consolidation),  # bids and awards at the prices compared
            out,
            evaluation,
            ocid_prefix=ocid_prefix,
            include_bids=include_bids,
        )
    except Exception as exc:
        _fail(exc)
    if include_bids:
        echo(
            "Attention : ce paquet contient les réponses des candidats, les justifications des "
            "évaluateurs et les prix de toutes les offres (secret des affaires) ; ne pas le "
            "publier en données ouvertes.",
            err=True,
        )
    if json_out:
        echo_json(
            json.dumps({"written": str(path), "include_bids": include_bids}, ensure_ascii=False)
        )
    else:
        echo(f"Paquet OCDS écrit dans {path}")


@ocds_app.command("import")
def ocds_import(
    package: Annotated[
        Path, typer.Argument(help="Fichier JSON OCDS (paquet de publications ou publication).")
    ],
    out: Annotated[Path, typer.Option(help="tender.yaml à écrire.")],
    lot: Annotated[str | None, typer.Option(help="Seulement ce lot.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Crée le début d'un tender.yaml à partir des lots et critères d'un marché OCDS."""
    import yaml

    from efc_scoring.io._atomic import write_text_atomic
    from efc_scoring.ocds import read_ocds

    try:
        data = read_ocds(package, lot=lot)
    except Exception as exc:
        _fail(exc)
    missing = [c["id"] for c in data["criteria"] if c.get("weight") is None]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    write_text_atomic(out, text)
    if json_out:
        echo_json(json.dumps({"written": str(out), "missing_weights": missing}, ensure_ascii=False))
        return
    echo(f"Début de fichier de marché écrit dans {out}")
    if missing:
        echo("Pondérations à compléter : " + ", ".join(missing))
