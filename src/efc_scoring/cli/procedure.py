"""Procedure commands: ``check-method`` before publication."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from efc_scoring import present
from efc_scoring.cli._app import (
    JsonOpt,
    LedgerOpt,
    TenderArg,
    _console,
    _fail,
    app,
    echo,
    echo_json,
    styled,
)


def _percent(text: str, option: str) -> float:
    """« 10 % », « 10% », « 0,1 » or « 0.1 » as a share (0.1), or a usage error."""
    from efc_scoring.errors import NumberError
    from efc_scoring.model._number import parse_number

    raw = text.strip()
    share = raw.endswith("%")
    try:  # the one number parser: no exponent, no NaN, no non-ASCII digits
        number = parse_number(raw[:-1].strip() if share else raw, what=option)
    except NumberError:
        echo(f"Erreur : {option} : « {text} » n'est pas un pourcentage (10 %, 0,1)", err=True)
        raise typer.Exit(2) from None
    value = float(number / 100 if share else number)
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


# ------------------------------------------------------------------ the procedure's steps
ByOpt = Annotated[
    str,
    typer.Option("--by", help="Qui enregistre (service acheteur, présidence de la commission)."),
]
RoundOpt = Annotated[
    str | None,
    typer.Option("--tour", help="Tour de la procédure (sinon celui du dossier donné)."),
]

procedure_app = typer.Typer(
    help="La procédure autour de l'analyse : statuts des offres, régularisation, offres "
    "anormalement basses, tours de négociation, phases de la commission.",
    no_args_is_help=True,
)


def _ctx(tender, ledger, round_opt):  # type: ignore[no-untyped-def]
    """The round's tender, its ledger and the round's key."""
    from efc_scoring.cli._app import _load, round_of
    from efc_scoring.committee.decisions import ledger_path
    from efc_scoring.io.tender import round_folder

    round_id = round_opt if round_opt is not None else round_of(tender)
    path = tender if round_opt is None else round_folder(tender, _key_or_none(tender, round_opt))
    t = _load(path)
    try:
        from efc_scoring.procedure._rounds_key import round_key

        key = round_key(t, round_id)
    except Exception as exc:
        _fail(exc)
    return t, ledger or ledger_path(tender), key, path


def _key_or_none(tender, round_opt):  # type: ignore[no-untyped-def]
    """None when ``round_opt`` names the initial round of the tender, else it."""
    from efc_scoring import load_tender
    from efc_scoring.io.tender import tender_root

    try:
        first = load_tender(tender_root(tender)[0], check_environment=False).round_list[0].id
    except Exception as exc:
        _fail(exc)
    return None if round_opt == first else round_opt


def _done(text: str, ledger) -> None:  # type: ignore[no-untyped-def]
    echo(text)
    echo(f"Journal de la commission : {ledger}")


@app.command("declare")
def declare_cmd(
    tender: TenderArg,
    evaluator: Annotated[str, typer.Option("--evaluator", help="Identifiant de l'évaluateur.")],
    signed_by: Annotated[str, typer.Option("--signataire", help="Nom du signataire.")],
    signed_on: Annotated[str, typer.Option("--date", help="Date de signature (1/09/2026).")],
    by: ByOpt,
    text_file: Annotated[
        Path | None,
        typer.Option("--texte", help="Fichier texte de la déclaration signée (sinon le modèle)."),
    ] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Enregistre la déclaration d'absence de conflit d'intérêts d'un évaluateur."""
    from efc_scoring.cli._app import _date
    from efc_scoring.procedure import DEFAULT_DECLARATION, declare

    t, path, _, _ = _ctx(tender, ledger, None)
    day = _date(signed_on, "--date")
    try:
        text = text_file.read_text(encoding="utf-8") if text_file else DEFAULT_DECLARATION
        d = declare(t, evaluator, signed_by=signed_by, signed_on=day, by=by, ledger=path, text=text)
    except Exception as exc:
        _fail(exc)
    _done(
        f"Déclaration de {t.evaluator(d.evaluator).name} signée par {d.signed_by} le "
        f"{present.long_date(d.signed_on)} enregistrée.",
        path,
    )


@procedure_app.command("phase")
def phase_cmd(
    tender: TenderArg,
    phase: Annotated[
        str,
        typer.Argument(help="grids_sent, returned, revealed, consensus ou report."),
    ],
    by: ByOpt,
    detail: Annotated[str, typer.Option("--detail", help="Précision consignée.")] = "",
    round_opt: RoundOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Enregistre une phase du travail de la commission, horodatée."""
    from efc_scoring.procedure import record_phase

    t, path, key, _ = _ctx(tender, ledger, round_opt)
    try:
        p = record_phase(t, phase, by=by, ledger=path, round=key, detail=detail)
    except Exception as exc:
        _fail(exc)
    _done(f"Phase « {p.phase.label} » enregistrée.", path)


@procedure_app.command("status")
def status_cmd(
    tender: TenderArg,
    offer: Annotated[str, typer.Argument(help="Identifiant de l'offre.")],
    status: Annotated[
        str, typer.Argument(help="conforme, irrégulière, inacceptable ou inappropriée.")
    ],
    reason: Annotated[str, typer.Option("--motif", help="Motif, communiqué au candidat.")],
    by: ByOpt,
    round_opt: RoundOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Enregistre le statut d'une offre (art. L. 2152-1 à L. 2152-4) et son motif."""
    from efc_scoring.procedure import record_status

    t, path, key, _ = _ctx(tender, ledger, round_opt)
    try:
        s = record_status(t, offer, status, reason, by=by, ledger=path, round=key)
    except Exception as exc:
        _fail(exc)
    _done(f"Offre {s.offer} : {s.status.label} ({s.status.article}).", path)


@procedure_app.command("regularise")
def regularise_cmd(
    tender: TenderArg,
    by: ByOpt,
    request: Annotated[
        bool,
        typer.Option("--demande", help="Invite toutes les offres irrégulières à régulariser."),
    ] = False,
    deadline: Annotated[str | None, typer.Option("--date-limite", help="Date limite.")] = None,
    sent_on: Annotated[
        str | None,
        typer.Option("--envoi", help="demande : date d'envoi de l'invitation (aujourd'hui)."),
    ] = None,
    reason: Annotated[str, typer.Option("--motif", help="Ce qui est demandé.")] = "",
    offer: Annotated[
        str | None, typer.Option("--offre", help="Offre dont la régularisation est reçue.")
    ] = None,
    received: Annotated[str, typer.Option("--recu", help="Ce qui a été reçu.")] = "",
    received_on: Annotated[str | None, typer.Option("--le", help="Date de réception.")] = None,
    round_opt: RoundOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Régularisation des offres irrégulières (art. R. 2152-2) : la demande, puis chaque réponse."""
    from efc_scoring.cli._app import _date
    from efc_scoring.procedure import record_regularised, request_regularisation

    t, path, key, _ = _ctx(tender, ledger, round_opt)
    if request == (offer is not None):
        echo("Erreur : donner soit --demande, soit --offre (une réponse reçue)", err=True)
        raise typer.Exit(2)
    try:
        if request:
            if deadline is None:
                echo("Erreur : --date-limite est requise avec --demande", err=True)
                raise typer.Exit(2)
            r = request_regularisation(
                t,
                deadline=_date(deadline, "--date-limite"),
                reason=reason,
                by=by,
                ledger=path,
                round=key,
                sent_on=_date(sent_on, "--envoi"),
            )
            if r.sent_on is None and r.at.date() > r.deadline:
                echo(
                    f"Attention : invitation enregistrée le {present.long_date(r.at.date())}, "
                    f"après sa date limite ({present.long_date(r.deadline)}) : le rapport la "
                    "dira adressée ce jour-là ; donner sa date d'envoi (--envoi)",
                    err=True,
                )
            _done(
                f"Invitation à régulariser adressée à {present.join(r.offers)}, réponse avant le "
                f"{present.long_date(r.deadline)}.",
                path,
            )
        else:
            if received_on is None:
                echo("Erreur : --le (date de réception) est requise avec --offre", err=True)
                raise typer.Exit(2)
            g = record_regularised(
                t,
                str(offer),
                received=received,
                received_on=_date(received_on, "--le"),
                by=by,
                ledger=path,
                round=key,
            )
            _done(f"Offre {g.offer} régularisée : elle redevient conforme.", path)
    except typer.Exit:
        raise
    except Exception as exc:
        _fail(exc)


@procedure_app.command("abnormal")
def abnormal_cmd(
    tender: TenderArg,
    offer: Annotated[str, typer.Argument(help="Identifiant de l'offre.")],
    step: Annotated[str, typer.Argument(help="demande, justification ou decision.")],
    by: ByOpt,
    deadline: Annotated[
        str | None, typer.Option("--date-limite", help="demande : date limite de réponse.")
    ] = None,
    sent_on: Annotated[
        str | None, typer.Option("--envoi", help="demande : date d'envoi (aujourd'hui).")
    ] = None,
    suspicion: Annotated[
        str, typer.Option("--suspicion", help="demande : motif d'une offre non signalée.")
    ] = "",
    letter: Annotated[
        Path | None, typer.Option("--lettre", help="demande : écrit la lettre (.md) ici.")
    ] = None,
    threshold: Annotated[
        str | None,
        typer.Option(
            "--seuil",
            help="demande : seuil de détection, écart sous la moyenne corrigée (10 %, 0,15) ; "
            "par défaut 10 %.",
        ),
    ] = None,
    received_on: Annotated[
        str | None, typer.Option("--le", help="justification : date de réception.")
    ] = None,
    summary: Annotated[str, typer.Option("--resume", help="justification : résumé.")] = "",
    kept: Annotated[
        bool | None,
        typer.Option("--retenue/--rejetee", help="decision : offre retenue ou rejetée."),
    ] = None,
    reason: Annotated[str, typer.Option("--motif", help="decision : motif.")] = "",
    round_opt: RoundOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Procédure de l'offre anormalement basse (art. R. 2152-3 à R. 2152-5) : demande de
    justification (et sa lettre), justification reçue, décision motivée."""
    from datetime import date
    from decimal import Decimal

    from efc_scoring.cli._app import _date
    from efc_scoring.io._atomic import atomic_path
    from efc_scoring.procedure import (
        decide_abnormal,
        record_explanation,
        request_explanation,
        request_letter,
    )
    from efc_scoring.procedure.abnormal import BELOW

    t, path, key, _ = _ctx(tender, ledger, round_opt)
    name = step.strip().lower().replace("é", "e")
    try:
        if name == "demande":
            if deadline is None:
                echo("Erreur : --date-limite est requise pour la demande", err=True)
                raise typer.Exit(2)
            day = _date(deadline, "--date-limite")
            sent = _date(sent_on, "--envoi") or date.today()
            below = Decimal(str(BELOW))
            if threshold is not None:
                below = Decimal(str(_percent(threshold, "--seuil")))
                if below >= 1:
                    echo(f"Erreur : --seuil : {threshold} doit rester sous 100 %", err=True)
                    raise typer.Exit(2)
            request_explanation(
                t,
                offer,
                deadline=day,
                sent_on=sent,
                by=by,
                ledger=path,
                round=key,
                suspicion=suspicion,
                below=below,
            )
            text = request_letter(
                t,
                offer,
                deadline=day,
                sent_on=sent,
                round=key,
                suspicion=suspicion,
                below=below,
                ledger=path,
            )
            if letter is not None:
                with atomic_path(letter) as tmp:
                    tmp.write_text(text, encoding="utf-8")
            _done(
                f"Demande de justification à l'offre {offer}, réponse avant le "
                f"{present.long_date(day)}" + (f" ; lettre : {letter}" if letter else "") + ".",
                path,
            )
        elif name == "justification":
            if received_on is None:
                echo("Erreur : --le (date de réception) est requise", err=True)
                raise typer.Exit(2)
            record_explanation(
                t,
                offer,
                received_on=_date(received_on, "--le"),
                summary=summary,
                by=by,
                ledger=path,
                round=key,
            )
            _done(f"Justifications de l'offre {offer} enregistrées.", path)
        elif name == "decision":
            if kept is None:
                echo("Erreur : --retenue ou --rejetee est requise pour la décision", err=True)
                raise typer.Exit(2)
            decide_abnormal(t, offer, kept=kept, reason=reason, by=by, ledger=path, round=key)
            _done(
                f"Offre {offer} "
                + ("retenue" if kept else "rejetée comme anormalement basse")
                + ".",
                path,
            )
        else:
            echo("Erreur : étape inconnue ; demande, justification ou decision", err=True)
            raise typer.Exit(2)
    except typer.Exit:
        raise
    except Exception as exc:
        _fail(exc)


@procedure_app.command("close")
def close_cmd(
    tender: TenderArg,
    by: ByOpt,
    round_opt: RoundOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Clôt un tour : empreintes de ses fichiers, totaux et rangs des offres admissibles."""
    from efc_scoring.cli._app import _decisions
    from efc_scoring.procedure import close_round

    t, path, key, folder = _ctx(tender, ledger, round_opt)
    _, consolidation = _decisions(folder, path, t)  # without the offers set aside
    try:
        c = close_round(
            consolidation.tender,
            consolidation.evaluate(),
            tender_path=folder,
            by=by,
            ledger=path,
            round=key,
        )
    except Exception as exc:
        _fail(exc)
    _done(
        f"Tour clos : {present.count(len(c.files), 'fichier')} figé(s), "
        f"{present.count(len(c.totals), 'offre classée', 'offres classées')}.",
        path,
    )


@procedure_app.command("admit")
def admit_cmd(
    tender: TenderArg,
    offer: Annotated[str, typer.Argument(help="Identifiant de l'offre.")],
    reason: Annotated[str, typer.Option("--motif", help="Pourquoi (égalité de traitement).")],
    by: ByOpt,
    admitted: Annotated[
        bool, typer.Option("--admise/--non-admise", help="Admise au tour suivant, ou non.")
    ] = True,
    round_opt: RoundOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Admet (ou non) une offre d'un tour clos au tour suivant, avec le motif."""
    from efc_scoring.procedure import admit
    from efc_scoring.procedure._rounds_key import round_title

    t, path, key, _ = _ctx(tender, ledger, round_opt)
    try:
        a = admit(t, offer, admitted=admitted, reason=reason, by=by, ledger=path, round=key)
    except Exception as exc:
        _fail(exc)
    _done(
        f"Offre {a.offer} {'admise' if a.admitted else 'non admise'} au tour "
        f"« {round_title(t, a.to_round)} ».",
        path,
    )


@procedure_app.command("show")
def show_cmd(
    tender: TenderArg,
    round_opt: RoundOpt = None,
    ledger: LedgerOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Où en est la procédure d'un tour : statuts, offres écartées, offres anormalement
    basses, phases, trace des tours."""
    from efc_scoring.procedure import read_records, set_aside, statuses, trace
    from efc_scoring.procedure._rounds_key import round_title

    t, path, key, _ = _ctx(tender, ledger, round_opt)
    try:
        records = read_records(path)
        status = statuses(t, records, key)
        gone = set_aside(t, records, key)
        through = trace(t, path)
    except Exception as exc:
        _fail(exc)
    phases = [(p.phase.label, p.at, p.by) for p in records.phases if p.round == key]
    abnormal = [(s.offer, s.step, s.kept, s.reason) for s in records.abnormal if s.round == key]
    if json_out:
        echo_json(
            json.dumps(
                {
                    "round": key,
                    "statuses": {
                        o: {"status": s.value, "reason": r} for o, (s, r) in status.items()
                    },
                    "set_aside": gone,
                    "abnormal": [
                        {"offer": o, "step": s, "kept": k, "reason": r} for o, s, k, r in abnormal
                    ],
                    "phases": [{"phase": p, "at": a.isoformat(), "by": b} for p, a, b in phases],
                    "trace": [
                        {**row, "total": None if row["total"] is None else str(row["total"])}
                        for row in through.rows
                    ],
                },
                ensure_ascii=False,
            )
        )
        return
    echo(f"Journal de la commission : {path}")
    for offer, (s, r) in status.items():
        line = f"  {offer} : {s.label}" + (f" — {r}" if r else "")
        echo(line + ("  [écartée]" if offer in gone else ""))
    steps = {
        "request": "demande de justification",
        "explanation": "justification reçue",
        "decision": "décision",
    }
    for o, step, k, r in abnormal:
        state = "" if k is None else (" : retenue" if k else " : rejetée")
        shown = steps.get(step, step)
        echo(f"  Offre anormalement basse {o} — {shown}{state}" + (f" ({r})" if r else ""))
    for p, a, b in phases:
        echo(f"  Phase « {p} » le {present.long_date(a.date())} par {b}")
    for row in through.rows:
        total = "—" if row["total"] is None else present.points(row["total"])
        adm = {None: "", True: " → admise", False: " → non admise"}[row["admitted"]]
        echo(
            f"  Tour « {round_title(t, row['round'])} » : {row['offer']} {total} pts, rang "
            f"{row['rank'] or '—'}{adm}" + (f" ({row['reason']})" if row["reason"] else "")
        )


@procedure_app.command("pse")
def pse_cmd(
    tender: TenderArg,
    lot: Annotated[str, typer.Option("--lot", help="Lot dont les PSE sont examinées.")],
    retain: Annotated[
        list[str] | None,
        typer.Option(
            "--retenir",
            help="PSE retenue (répéter l'option) : la même pour toutes les offres, consignée.",
        ),
    ] = None,
    none: Annotated[
        bool, typer.Option("--aucune", help="Ne retenir aucune PSE (consigné).")
    ] = False,
    reason: Annotated[str, typer.Option("--motif", help="Pourquoi (besoin, crédits).")] = "",
    by: Annotated[str | None, typer.Option("--by", help="Qui enregistre le choix.")] = None,
    round_opt: RoundOpt = None,
    ledger: LedgerOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Classe les offres pour chaque combinaison des PSE obligatoires ; avec --retenir ou
    --aucune, consigne les PSE retenues, les mêmes pour toutes les offres."""
    from efc_scoring.procedure import rank_combinations, retain_options

    t, path, key, _ = _ctx(tender, ledger, round_opt)
    if (retain or none) and not by:
        echo("Erreur : --by est requise pour consigner les PSE retenues", err=True)
        raise typer.Exit(2)
    if retain and none:
        echo("Erreur : --retenir ou --aucune, pas les deux", err=True)
        raise typer.Exit(2)
    try:
        ranking = rank_combinations(t, lot, ledger=path, round=key)
        entry = None
        if retain or none:
            entry = retain_options(t, lot, retain or [], reason, by=str(by), ledger=path, round=key)
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(
            json.dumps(
                {
                    "lot": lot,
                    "combinations": ranking.to_frame().to_dict(orient="records"),
                    "winner_depends_on_choice": ranking.winner_depends_on_choice,
                    "retained": None if entry is None else entry["what"]["pse"],
                },
                ensure_ascii=False,
            )
        )
        return
    for sentence in ranking.sentences():
        echo(sentence)
    if entry is not None:
        chosen = entry["what"]["pse"]
        _done(
            "PSE retenues pour toutes les offres du lot : "
            + (present.join(chosen) if chosen else "aucune")
            + ".",
            path,
        )


@procedure_app.command("variants")
def variants_cmd(
    tender: TenderArg,
    ledger: LedgerOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Classe les variantes à part des offres de base, ou avec elles, comme le dit le marché
    (``variants.ranking``), avec les décisions de la commission."""
    from efc_scoring.cli._app import _decisions, _ranking_table
    from efc_scoring.procedure import variant_rankings

    t, path, _, folder = _ctx(tender, ledger, None)
    _, consolidation = _decisions(folder, path, t, quiet=True)
    try:
        rankings = variant_rankings(consolidation.tender, consolidation.marks())
    except Exception as exc:
        _fail(exc)
    titles = {
        "base": "Offres de base",
        "variantes": "Variantes (classement distinct)",
        "ensemble": "Offres de base et variantes (classement commun)",
    }
    if json_out:
        echo_json(
            json.dumps(
                {
                    "ranking": t.variants.ranking.value,
                    "rankings": {
                        k: e.ranking().to_dict(orient="records") for k, e in rankings.items()
                    },
                },
                ensure_ascii=False,
                default=str,
            )
        )
        return
    console = _console()
    for key, evaluation in rankings.items():
        console.print(_ranking_table(evaluation, titles[key]))
