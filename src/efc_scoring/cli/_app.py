"""Shared pieces of the command line: the typer app, common options, output helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="efc-scoring",
    help="Notation des offres EFC : critères pondérés, réponses argumentées, grilles d'évaluation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

TenderArg = Annotated[
    Path,
    typer.Argument(help="Dossier du marché (tender.yaml, offers/, scores.csv) ou fichier YAML."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Sortie JSON pour les scripts.")]


def _console():  # type: ignore[no-untyped-def]
    """A rich console: colours only on a terminal; 120 columns when writing to a file or pipe."""
    import sys

    from rich.console import Console

    tty = sys.stdout.isatty()
    return Console(soft_wrap=False, highlight=False, width=None if tty else 120, no_color=not tty)


def _fail(exc: BaseException) -> None:
    """Report an input problem in one line and exit 1; let programming errors through."""
    from efc_scoring.errors import EfcError

    if isinstance(exc, (EfcError, *USER_ERRORS)):
        typer.echo(f"Erreur : {user_message(exc)}", err=True)
        raise typer.Exit(1)
    raise exc


#: Exceptions that mean "the input is wrong" (an unknown id, a value out of range, a
#: missing file), reported in one line with exit code 1 instead of a traceback.
USER_ERRORS: tuple[type[BaseException], ...] = (KeyError, ValueError, FileNotFoundError)


def user_message(exc: BaseException) -> str:
    """The message of an input error, without the quotes ``str(KeyError)`` adds."""
    if isinstance(exc, KeyError) and len(exc.args) == 1:
        return str(exc.args[0])
    return str(exc)


def _load(path: Path, scores: Path | None = None):  # type: ignore[no-untyped-def]
    from efc_scoring import load_tender

    try:
        return load_tender(path, scores=scores)
    except Exception as exc:
        _fail(exc)


def _ranking_table(evaluation, title: str):  # type: ignore[no-untyped-def]
    from rich.table import Table

    frame = evaluation.ranking()
    table = Table(title=title, title_justify="left")
    for col, justify in (
        ("Lot", "left"),
        ("Rang", "right"),
        ("Offre", "left"),
        ("Candidat", "left"),
        ("Prix", "right"),
        ("Total /100", "right"),
        ("Remarques", "left"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for row in frame.itertuples(index=False):
        notes = []
        if row.eliminated:
            notes.append("éliminée : " + row.elimination_reason)
        if row.tied:
            notes.append("ex aequo")
        if row.abnormally_low:
            notes.append("offre anormalement basse ?")
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
