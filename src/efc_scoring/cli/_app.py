"""Shared pieces of the command line: the typer app, common options, output helpers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO, overload

import typer

from efc_scoring import present
from efc_scoring.cli._french import install

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from efc_scoring.committee._consolidate import Consensus, Consolidation
    from efc_scoring.model.tender import Tender
    from efc_scoring.scoring.evaluate import Evaluation

install()

app = typer.Typer(
    name="efc-scoring",
    help="Notation des offres EFC : critères pondérés, réponses argumentées, grilles d'évaluation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

TenderArg = Annotated[
    Path,
    typer.Argument(
        help="Dossier du marché (tender.yaml, offers/, scores.csv) ou fichier YAML.",
        metavar="MARCHÉ",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Sortie JSON pour les scripts.")]
ScoresOpt = Annotated[
    Path | None,
    typer.Option("--scores", help="CSV des notes de la commission (sinon scores.csv du dossier)."),
]
LedgerOpt = Annotated[
    Path | None,
    typer.Option(
        "--ledger",
        help="Journal de la commission, où sont ses décisions (sinon journal-commission.jsonl "
        "du dossier).",
    ),
]
ProvisionalOpt = Annotated[
    bool,
    typer.Option(
        "--provisoire",
        help="Écrit le document alors que des points de l'ordre du jour restent à trancher ; "
        "chaque page porte « PROVISOIRE ».",
    ),
]


# ------------------------------------------------------------------ safe output
# Bidders write the names, answers and labels that the commands print, evaluators the
# justifications: every character that reaches the terminal goes through terminal_safe(),
# and rich markup is never read from data. One mechanism for every command: the console
# of _console() sanitises every string it renders (table cells and titles included) and
# reads no markup or emoji codes; echo() does the same for plain lines; styled() is the
# only way to put a style on a piece of data.

#: Escape sequences (CSI, OSC, DCS, APC, PM, SOS and two-character ones) of a terminal.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, DCS, SOS, PM, APC ... BEL or ST
    r"|\x1b[@-Z\\-_]"  # other two-character sequences
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
#: Other control characters (C0 but tab and line feed, DEL, C1) and bidirectional overrides.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: object) -> str:
    """``text`` with terminal escape sequences removed and other control characters shown as �.

    >>> terminal_safe("EcoNet\x1b]8;;http://x\x07 SAS\x1b[2J\x07")
    'EcoNet SAS�'
    """
    clean = _ESCAPES.sub("", str(text))
    return _CONTROLS.sub("\ufffd", clean)


def echo(text: object, *, err: bool = False, nl: bool = True) -> None:
    """Print a plain line (or block) with :func:`terminal_safe`; no markup is read."""
    typer.echo(terminal_safe(text), err=err, nl=nl)


def echo_json(text: str) -> None:
    """Print JSON text with C1 controls and bidirectional overrides as ``\\uXXXX`` escapes.

    The JSON is unchanged as data (``json.loads`` gives the same values); C0 controls are
    already escaped by every JSON writer.
    """
    typer.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def styled(text: object, style: str) -> Text:
    """A rich ``Text`` of ``text`` (made :func:`terminal_safe`) in ``style``."""
    from rich.text import Text

    return Text(terminal_safe(text), style=style)


def _no_cache(ctx: typer.Context, value: bool) -> bool:
    """``--no-cache``: no assessment cache for the rest of the command (closed with it)."""
    if value:
        from efc_scoring.evidence.cache import use_cache

        block = use_cache(False)
        block.__enter__()
        ctx.call_on_close(lambda: block.__exit__(None, None, None))
    return value


NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Relit chaque réponse avec le moteur, sans lire ni remplir le cache des lectures.",
        callback=_no_cache,
    ),
]


def _console(*, stderr: bool = False) -> Console:
    """A rich console that never reads markup from data and sanitises every string it prints.

    Colours only on a terminal; 120 columns when writing to a file or pipe. ``stderr``:
    the console writes to the standard error (progress, rows set aside).
    """
    import sys

    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Text:
            return super().render_str(terminal_safe(text), **kwargs)

    tty = (sys.stderr if stderr else sys.stdout).isatty()
    return SafeConsole(
        stderr=stderr,
        soft_wrap=False,
        highlight=False,
        markup=False,
        emoji=False,
        width=None if tty else 120,
        no_color=not tty,
    )


def _fail(exc: BaseException) -> NoReturn:
    """Report a refused input in one French line and exit 1; let bugs through as bugs."""
    if is_user_error(exc):
        echo(error_line(exc), err=True)
        raise typer.Exit(1)
    raise exc


#: Exit code of a bug of efc_scoring (EX_SOFTWARE of sysexits.h).
BUG_EXIT = 70


def show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Print a warning of efc_scoring (French) as « Attention : ... »; others as Python does."""
    import sys
    import warnings

    if getattr(category, "__module__", "").startswith("efc_scoring."):
        print(f"Attention : {terminal_safe(message)}", file=file or sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def is_user_error(exc: BaseException) -> bool:
    """True for what the user can fix: an input the library refuses, a file the system refuses.

    Every refusal of the library is an :class:`~efc_scoring.errors.EfcError`; a bare
    ``KeyError`` or ``ValueError`` is a bug and must show as one.
    """
    from efc_scoring.errors import EfcError

    return isinstance(exc, EfcError | OSError)


def error_line(exc: BaseException) -> str:
    """The French line reporting a refused input (an OSError says which file and why)."""
    if isinstance(exc, OSError) and not hasattr(exc, "code"):
        where = f" : {exc.filename}" if exc.filename else ""
        return f"Erreur : fichier inaccessible{where} ({exc.strerror or exc})"
    return f"Erreur : {exc}"


def bug_notice(exc: BaseException) -> str:
    """The French line under the traceback of a bug."""
    return (
        f"Erreur interne d'efc-scoring ({type(exc).__name__}) : ce n'est pas une erreur de vos "
        "fichiers mais un défaut du logiciel. Merci de le signaler en joignant le message "
        "ci-dessus et la commande lancée."
    )


def _load(path: Path, scores: Path | None = None, *, say: bool = False) -> Tender:
    """Load the tender (with ``--scores`` when given); ``say``: print which marks were read."""
    from efc_scoring import load_tender

    try:
        t = load_tender(path, marks=scores)
    except Exception as exc:
        _fail(exc)
    if say:
        _say_marks(path, scores, t)
    return t


@overload
def _date(text: str, option: str) -> date: ...
@overload
def _date(text: str | None, option: str) -> date | None: ...
def _date(text: str | None, option: str) -> date | None:
    """A date typed the French way (26/06/2027, 26 juin 2027) or ISO, or a usage error (exit 2)."""
    from efc_scoring.present import parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        echo(f"Erreur : {option} : {exc}", err=True)
        raise typer.Exit(2) from None


def marks_file(tender_path: Path, scores: Path | None) -> Path | None:
    """The marks file a command reads: ``--scores``, else the folder's scores.csv, else none."""
    if scores is not None:
        return scores
    folder = tender_path if tender_path.is_dir() else tender_path.parent
    found = folder / "scores.csv"
    return found if found.is_file() else None


def _say_marks(tender_path: Path, scores: Path | None, t: Tender) -> None:
    """Say on stderr which marks file was read and how many marks it gave."""
    from efc_scoring import present

    source = marks_file(tender_path, scores)
    where = str(source) if source is not None else "notes du fichier du marché"
    evaluators = len({s.evaluator for s in t.marks})
    echo(
        f"Notes lues : {where} ({present.count(len(t.marks), 'note')} de "
        f"{present.count(evaluators, 'évaluateur')})",
        err=True,
    )


def _decisions(
    tender_path: Path, ledger: Path | None, t: Tender, *, quiet: bool = False
) -> tuple[tuple[Consensus, ...], Consolidation]:
    """The committee's decisions in force (from its ledger) and the consolidation with them.

    The offers the ledger sets aside (admissibility statuses, abnormally low offers
    rejected) are left out of the consolidation, kept beside it with their reasons; the
    prices compared include the optional tranches and the PSE retained in the ledger
    (:func:`efc_scoring.procedure.round_consolidation`).
    """
    from efc_scoring import present
    from efc_scoring.committee.decisions import committee_decisions, ledger_path
    from efc_scoring.procedure import round_consolidation

    path = ledger or ledger_path(tender_path)
    try:
        key = round_of(tender_path)
        decisions = committee_decisions(path, round=key)
        consolidation = round_consolidation(t, path, key)
    except Exception as exc:
        _fail(exc)
    gone = consolidation.set_aside
    if not quiet and gone:
        echo(
            f"Offres écartées du classement (journal {path}) : "
            + " ; ".join(f"{o} ({why})" for o, why in gone.items()),
            err=True,
        )
    if not quiet and decisions:
        echo(
            f"Décisions de la commission : {path} "
            f"({present.count(len(decisions), 'point tranché', 'points tranchés')})",
            err=True,
        )
    return decisions, consolidation


def _compared(t: Tender, consolidation: Consolidation) -> Tender:
    """``t`` with its offers at the prices compared: the offers ranked carry the optional
    tranches and the PSE retained in the ledger (what the report, the letters and ``score``
    give), the offers set aside stay as received (still offers received, never priced)."""
    priced = {o.id: o for o in consolidation.tender.offers}
    if consolidation.tender is t or not priced:
        return t
    return t.model_copy(
        update={
            "offers": tuple(priced.get(o.id, o) for o in t.offers),
            "priced_options": consolidation.tender.priced_options,
        }
    )


def round_of(tender_path: Path) -> str | None:
    """The round a tender path designates (``marche/rounds/finale``), None for the tender."""
    from efc_scoring.io.tender import tender_root

    return tender_root(tender_path)[1]


def _justified_low(tender_path: Path, ledger: Path | None) -> frozenset[str]:
    """The offers of this round kept after the abnormally-low-offer procedure (ledger)."""
    from efc_scoring.committee.decisions import ledger_path
    from efc_scoring.procedure import read_records

    path = ledger or ledger_path(tender_path)
    if not path.is_file():
        return frozenset()
    try:
        return read_records(path).justified_low(round_of(tender_path))
    except Exception as exc:
        _fail(exc)


def _ranking_table(
    evaluation: Evaluation, title: str, justified: frozenset[str] = frozenset()
) -> Table:
    """The ranking as a rich table, one row per offer; ``justified``: the offers kept after
    the abnormally-low-offer procedure (the remark says so, not « possiblement »)."""
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
    row: Any  # one row of ranking(): its columns are documented there
    for row in frame.itertuples(index=False):
        notes = present.ranking_remarks(
            eliminated=row.eliminated,
            elimination_reason=row.elimination_reason,
            tied=row.tied,
            abnormally_low=row.abnormally_low,
            justified=row.offer in justified,
        )
        price = "" if row.price is None else present.money(row.price, evaluation.tender.currency)
        table.add_row(
            row.lot,
            "—" if row.rank is None or str(row.rank) == "<NA>" else str(row.rank),
            row.offer,
            row.bidder,
            price,
            present.points(row.total),
            "; ".join(notes),
        )
    received = evaluation.offers_received
    for offer_id, why in evaluation.set_aside.items():
        o = received.offer(offer_id)
        price = "" if o.total_price is None else present.money(o.total_price, received.currency)
        table.add_row(o.lot, "—", o.id, o.bidder, price, "—", f"écartée : {why}")
    return table
