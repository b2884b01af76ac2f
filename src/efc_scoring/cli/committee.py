"""Committee commands: agreement, agenda, letter, verify-ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from efc_scoring import present
from efc_scoring.cli._app import (
    JsonOpt,
    LedgerOpt,
    NoCacheOpt,
    ProvisionalOpt,
    ScoresOpt,
    TenderArg,
    _console,
    _date,
    _decisions,
    _fail,
    _load,
    app,
    echo,
    echo_json,
    styled,
)

MethodOpt = Annotated[
    str, typer.Option("--method", help="Consolidation : mean, median ou trimmed_mean.")
]
UsersOpt = Annotated[
    str,
    typer.Option(
        "--users", help="Usagers : include, apart, ou un poids (2 = note comptée double)."
    ),
]


def _users_arg(users: str) -> str | float:
    if users in ("include", "apart"):
        return users
    from efc_scoring.errors import NumberError
    from efc_scoring.model._number import parse_number

    try:
        return float(parse_number(users, what="--users", ge=0))
    except NumberError as exc:
        echo(f"Erreur : --users attend include, apart ou un nombre : {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def agreement(
    tender: TenderArg,
    scores: ScoresOpt = None,
    method: MethodOpt = "mean",
    users: UsersOpt = "include",
    json_out: JsonOpt = False,
) -> None:
    """Notes consolidées et leur dispersion, accord de la commission, désaccords d'abord."""
    from efc_scoring.committee._consolidate import consolidate

    t = _load(tender, scores, say=not json_out)
    _sealed_refused(tender, None, t, "accord de la commission")
    try:
        c = consolidate(t, method=method, users=_users_arg(users))  # type: ignore[arg-type]
        agreed = c.agreement()
    except Exception as exc:
        _fail(exc)
    show_consolidation(t, c, agreed, method, json_out)


def _sealed_refused(tender_path: Path, ledger: Path | None, t: Any, what: str) -> None:
    """Exit with an error while the round's individual marks are sealed (before the reveal)."""
    from efc_scoring.cli._app import round_of
    from efc_scoring.committee.decisions import ledger_path
    from efc_scoring.procedure import check_unsealed

    try:
        check_unsealed(t, ledger or ledger_path(tender_path), round_of(tender_path), what=what)
    except Exception as exc:
        _fail(exc)


def show_consolidation(  # type: ignore[no-untyped-def]
    t, c, agreed, method: str, json_out: bool, extra: dict | None = None
) -> None:
    """Print the consolidated marks (most disputed first), alpha with its reading, severity."""
    from rich.table import Table

    frame = c.to_frame().sort_values(
        ["range", "offer", "criterion"], ascending=[False, True, True], kind="stable"
    )
    if json_out:
        echo_json(
            json.dumps(
                {
                    "marks": json.loads(frame.to_json(orient="records", force_ascii=False)),
                    "alpha": json.loads(
                        agreed.to_frame().to_json(orient="records", force_ascii=False)
                    ),
                    **(extra or {}),
                },
                ensure_ascii=False,
            )
        )
        return
    console = _console()
    table = Table(
        title=f"{t.title} — notes consolidées ({method}), les plus disputées d'abord",
        title_justify="left",
    )
    for col, justify in (
        ("Offre", "left"),
        ("Critère", "left"),
        ("Note", "right"),
        ("Min", "right"),
        ("Max", "right"),
        ("Écart", "right"),
        ("Écart-type", "right"),
        ("Usagers", "right"),
        ("Notes", "left"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for row in frame.itertuples(index=False):
        item = c.item(row.offer, row.criterion)
        marks = ", ".join(f"{ev} {present.mark(m)}" for ev, m in item.marks)
        style = "bold red" if row.range >= 2 else None
        table.add_row(
            row.offer,
            row.label,
            present.mark(row.mark),
            present.mark(row.min),
            present.mark(row.max),
            present.mark(row.range),
            present.number(row.std, 2),
            present.number(row.users_mean, 2),
            marks,
            style=style,
        )
    console.print(table)
    alpha = Table(title="Accord de la commission (alpha de Krippendorff)", title_justify="left")
    for col, justify in (
        ("Critère", "left"),
        ("Ordinal", "right"),
        ("Intervalle", "right"),
        ("Lecture (ordinal)", "left"),
        ("Items", "right"),
    ):
        alpha.add_column(col, justify=justify)  # type: ignore[arg-type]
    rows = agreed.to_frame()
    for crit, group in rows.groupby("criterion", sort=False):
        ordinal = group[group["level"] == "ordinal"].iloc[0]
        interval = group[group["level"] == "interval"].iloc[0]
        alpha.add_row(
            ordinal["label"],
            present.number(ordinal["alpha"], 3),
            present.number(interval["alpha"], 3),
            ordinal["reading"],
            str(ordinal["n_units"]),
            style="bold" if crit == "*" else None,
        )
    console.print(alpha)
    console.print(agreed.summary())
    if agreed.severity is not None:
        names = {e.id: e.name for e in t.evaluators}
        sev = Table(
            title="Sévérité des évaluateurs (écart moyen aux autres, IC 95 %)", title_justify="left"
        )
        for col in ("Évaluateur", "Écart moyen", "IC bas", "IC haut"):
            sev.add_column(col, justify="left" if col == "Évaluateur" else "right")
        for r in agreed.severity.itertuples(index=False):
            sev.add_row(
                names.get(r.evaluator, r.evaluator),
                present.number(r.severity, 2),
                present.number(r.ci_low, 2),
                present.number(r.ci_high, 2),
            )
        console.print(sev)


@app.command("agenda")
def agenda_cmd(
    tender: TenderArg,
    scores: ScoresOpt = None,
    ledger: LedgerOpt = None,
    rule: Annotated[
        float,
        typer.Option(
            "--rule", help="Écart minimal entre évaluateurs, en niveaux d'une échelle 0-5."
        ),
    ] = 2.0,
    method: MethodOpt = "mean",
    evidence: Annotated[
        bool,
        typer.Option("--evidence/--no-evidence", help="Niveau proposé par le moteur de preuves."),
    ] = True,
    workbook: Annotated[
        Path | None,
        typer.Option(
            "--workbook", help="Écrit aussi le classeur de synthèse avec l'ordre du jour (.xlsx)."
        ),
    ] = None,
    no_cache: NoCacheOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Ordre du jour de la commission : les points en désaccord, les plus décisifs d'abord."""
    from rich.table import Table

    from efc_scoring.committee._agenda import agenda
    from efc_scoring.committee._consolidate import consolidate

    t = _load(tender, scores, say=True)
    _sealed_refused(tender, ledger, t, "ordre du jour")
    decisions, ranked = _decisions(tender, ledger, t)
    t = ranked.tender  # the offers ranked: none set aside, on the prices compared
    try:
        settled = (
            consolidate(t, method="consensus", consensus=decisions, fallback=method)  # type: ignore[arg-type]
            if decisions
            else consolidate(t, method=method)  # type: ignore[arg-type]
        )
        result = agenda(t, rule=rule, evidence=evidence, consolidation=settled)
        if workbook is not None:
            from dataclasses import replace

            from efc_scoring import score, write_consolidated

            evaluation = score(t)  # the offers set aside listed « écartée » with their reason
            if ranked.set_aside:
                evaluation = replace(
                    evaluation, set_aside=ranked.set_aside, received=ranked.received
                )
            write_consolidated(t, evaluation, workbook, propose=evidence, agenda=result)
    except Exception as exc:
        _fail(exc)
    if json_out:
        echo_json(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    console = _console()
    console.print(styled(f"Ordre du jour de la commission — {t.title}", "bold"))
    console.print(f"Règle : {result.rule}.")
    if not len(result):
        console.print("Aucun point en désaccord : la commission peut valider les notes.")
        return
    for n, it in enumerate(result, start=1):
        title = styled(
            f"{n}. {it.offer} ({it.bidder}) — {it.label} : notes de {present.mark(it.low)} "
            f"à {present.mark(it.high)}, enjeu {present.points(it.swing)} pts, "
            f"{present.count(it.rank_moves, 'rang déplacé', 'rangs déplacés')}, ",
            "",
        )
        if it.changes_winner:
            title.append_text(styled("change l'attributaire", "bold red"))
        else:
            title.append("ne change pas l'attributaire")
        table = Table(title=title, title_justify="left", show_lines=True)
        for col, justify in (
            ("Évaluateur", "left"),
            ("Rôle", "left"),
            ("Note", "right"),
            ("Justification", "left"),
        ):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        for _, name, role, mark, justification in it.marks:
            table.add_row(name, role, present.mark(mark), justification)
        for p in it.proposals:
            quotes = " ; ".join(f"« {q} »" for q in p.quotes[:4]) or "aucune preuve citée"
            table.add_row(
                "Grille de lecture",
                "proposition",
                p.shown,
                f"question {p.question} — {quotes}",
                style="italic",
            )
        console.print(table)
    if result.engine_note:
        console.print(f"Note : {result.engine_note}.")
    if workbook is not None:
        console.print(f"Classeur de synthèse avec l'ordre du jour écrit dans {workbook}")


@app.command()
def letter(
    tender: TenderArg,
    offer: Annotated[
        str | None, typer.Option("--offer", help="Identifiant de l'offre non retenue.")
    ] = None,
    all_offers: Annotated[
        bool,
        typer.Option(
            "--all", help="Une lettre par offre non retenue, écrites dans le dossier --out."
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Fichier de la lettre (.md : Markdown, .html : page à imprimer, sinon texte), "
            "ou dossier existant (lettre-<offre>.md et .html) ; avec --all, le dossier des "
            "lettres.",
        ),
    ] = None,
    scores: ScoresOpt = None,
    ledger: LedgerOpt = None,
    winner: Annotated[
        str | None, typer.Option("--winner", help="Offre retenue, en cas d'ex aequo.")
    ] = None,
    sent: Annotated[
        str | None,
        typer.Option(
            "--date", help="Date d'envoi de la lettre (26/06/2027 ; par défaut aujourd'hui)."
        ),
    ] = None,
    paper: Annotated[
        bool,
        typer.Option(
            "--papier",
            help="Envoi hors voie électronique : délai de suspension de 16 jours au lieu de 11.",
        ),
    ] = False,
    signature_date: Annotated[
        str | None,
        typer.Option(
            "--signature-date",
            help="Date (26/06/2027) avant laquelle le marché ne sera pas signé ; par défaut la "
            "fin du délai de suspension (art. R. 2182-1). Une date trop tôt est signalée.",
        ),
    ] = None,
    signatory: Annotated[
        str | None,
        typer.Option("--signataire", help="Nom et qualité du signataire de la lettre."),
    ] = None,
    court: Annotated[
        str | None,
        typer.Option("--tribunal", help="Tribunal compétent (« tribunal administratif de Lyon »)."),
    ] = None,
    provisional: ProvisionalOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Lettre au candidat évincé : motifs, offre retenue, délai de suspension, voies de recours."""
    from efc_scoring.committee.letter import disclosure_letter
    from efc_scoring.committee.mentions import BidderMentions

    if (offer is None) == (not all_offers):
        echo("Erreur : indiquer --offer OFFRE, ou --all avec --out DOSSIER", err=True)
        raise typer.Exit(2)
    if all_offers and out is None:
        echo("Erreur : --all écrit une lettre par offre dans le dossier --out", err=True)
        raise typer.Exit(2)
    t = _load(tender, scores, say=True)
    _, consolidation = _decisions(tender, ledger, t)
    options: dict[str, Any] = {
        "winner": winner,
        "sent": _date(sent, "--date"),
        "electronic": not paper,
        "signature_date": _date(signature_date, "--signature-date"),
        "signatory": signatory,
        "court": court,
        "provisional": provisional,
    }
    if len(t.round_list) > 1:
        letters = _round_letters(tender, ledger, scores, offer, options)
        _write_letters(letters, out, all_offers, json_out)
        return
    try:
        evaluation = consolidation.evaluate()
        mentions = BidderMentions(t)
        if all_offers:
            targets = [
                o.id
                for o in t.offers
                if o.id not in (winner,) and o.id not in evaluation.winners(o.lot)
            ]
        else:
            assert offer is not None  # checked above: --offer or --all
            targets = [offer]
        letters = [
            disclosure_letter(t, evaluation, target, consolidation, mentions=mentions, **options)
            for target in targets
        ]
    except Exception as exc:
        _fail(exc)
    _write_letters(letters, out, all_offers, json_out)


def _round_letters(  # type: ignore[no-untyped-def]
    tender: Path, ledger: Path | None, scores: Path | None, offer: str | None, options
) -> list[Any]:
    """The letters of a procedure with negotiation: ``offer``'s, or every one due (--all)."""
    from efc_scoring.cli._app import round_of
    from efc_scoring.committee.decisions import ledger_path
    from efc_scoring.committee.letter import disclosure_letter
    from efc_scoring.errors import LetterError
    from efc_scoring.procedure import eliminations, rejection_letters, stage_letter
    from efc_scoring.procedure._rounds_key import round_title

    path = ledger or ledger_path(tender)
    try:
        if offer is None:
            return list(rejection_letters(tender, ledger=path, scores=scores, **options))
        if offer in eliminations(tender, ledger=path):
            return [stage_letter(tender, offer, ledger=path, **options)]
        t = _load(tender, scores)
        here = round_of(tender)
        if (here or t.round_list[0].id) != t.round_list[-1].id:
            raise LetterError(
                f"l'offre {offer} n'a pas quitté la procédure au tour « {round_title(t, here)} » "
                "(ni non admise au tour suivant, ni écartée) : la négociation se poursuit avec "
                "elle, sa lettre de rejet s'écrit au dernier tour"
            )
        _, consolidation = _decisions(tender, ledger, t, quiet=True)
        return [disclosure_letter(t, consolidation.evaluate(), offer, consolidation, **options)]
    except Exception as exc:
        _fail(exc)


def _write_letters(letters: list[Any], out: Path | None, all_offers: bool, json_out: bool) -> None:
    """Write the letters (two files each with --all, or in an existing folder given to
    --out), say where, or print the one letter."""
    written = []
    in_folder = all_offers or (out is not None and out.is_dir())  # a folder: as with --all
    for result in letters:
        if in_folder:
            assert out is not None
            for suffix in ("md", "html"):
                written.append(result.save(out / f"lettre-{result.offer}.{suffix}"))
        elif out is not None:
            written.append(result.save(out))
        for warning in dict.fromkeys(result.warnings):
            echo(f"Attention ({result.offer}) : {warning}.", err=True)
    if json_out:
        payload = [
            {
                "offer": r.offer,
                "bidder": r.bidder,
                "provisional": r.provisional,
                "signature_date": r.signature_date.isoformat() if r.signature_date else None,
                "stage": r.stage,
                "warnings": list(r.warnings),
                "markdown": r.markdown,
            }
            for r in letters
        ]
        echo_json(
            json.dumps(
                {"letters": payload, "files": [str(p) for p in written]}
                if all_offers
                else {
                    **payload[0],
                    **({"file": str(written[0])} if written else {}),
                    **({"files": [str(p) for p in written]} if in_folder else {}),
                },
                ensure_ascii=False,
            )
        )
    elif out is None:
        echo(letters[0].text, nl=False)
    else:
        for path in written:
            echo(f"Lettre écrite : {path}")


@app.command("verify-ledger")
def verify_ledger_cmd(
    path: Annotated[Path, typer.Argument(help="Journal de la commission (JSON lines).")],
    key_env: Annotated[
        str | None,
        typer.Option("--key-env", help="Variable d'environnement qui contient la clé HMAC."),
    ] = None,
    head: Annotated[
        str | None,
        typer.Option("--head", help="Dernière empreinte notée (détecte une fin tronquée)."),
    ] = None,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Met de côté une dernière ligne coupée par un arrêt brutal (fichier .torn-…) "
            "et le note dans le journal ; ne touche à rien d'autre.",
        ),
    ] = False,
    who: Annotated[
        str, typer.Option("--who", help="Qui fait la réparation (noté dans le journal).")
    ] = "efc-scoring",
    json_out: JsonOpt = False,
) -> None:
    """Vérifie la chaîne d'empreintes du journal et dit quelles entrées ont été modifiées."""
    import os

    from efc_scoring.committee.ledger import Ledger, verify_ledger

    key = None
    if key_env is not None:
        key = os.environ.get(key_env)
        if not key:
            echo(f"Erreur : la variable d'environnement {key_env} est vide ou absente.", err=True)
            raise typer.Exit(2)
    repaired = None
    if repair:
        try:
            repaired = Ledger(path, key=key).repair(who=who)
        except Exception as exc:
            _fail(exc)
        if repaired is not None and not json_out:
            echo(
                f"Dernière ligne coupée ({repaired.n_bytes} octets) mise de côté dans "
                f"{repaired.moved_to} ; réparation notée dans le journal (entrée "
                f"{repaired.note_seq})."
            )
    report = verify_ledger(path, key=key, head=head)
    if json_out:
        echo_json(
            json.dumps(
                {
                    "ok": report.ok,
                    "entries": report.n_entries,
                    "head": report.head,
                    "problems": [p.__dict__ for p in report.problems],
                    "repaired": None
                    if repaired is None
                    else {"moved_to": str(repaired.moved_to), "bytes": repaired.n_bytes},
                },
                ensure_ascii=False,
            )
        )
    else:
        echo(report.message())
    if not report.ok:
        raise typer.Exit(1)
