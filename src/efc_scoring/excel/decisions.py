"""The committee's decisions typed in the « Ordre du jour » sheet of the consolidated workbook.

:func:`~efc_scoring.excel.consolidated.write_consolidated` writes, beside each
disputed item of the agenda, empty « Décision de la commission » cells (the
level, the reason told to the bidder, and the reason for departing from every
individual mark when it does). :func:`read_decisions` reads them back after the
meeting, each mistake located by cell, and returns the decisions for
:func:`efc_scoring.committee.decisions.record_decision`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from efc_scoring.errors import GridError, GridProblem, NumberError
from efc_scoring.excel._preflight import DEFAULT_LIMITS, Limits, inspect_workbook
from efc_scoring.excel._workbook import Unreadable, Workbook
from efc_scoring.excel._xmlscan import col_letters
from efc_scoring.model._number import parse_number
from efc_scoring.model.criteria import RubricScoring
from efc_scoring.model.tender import Tender

__all__ = ["DECISION_HEADERS", "AgendaDecision", "read_decisions"]

AGENDA_SHEET = "Ordre du jour"
#: Headers of the decision columns of the agenda sheet, and of the hidden key column.
DECISION_HEADERS = {
    "level": "Décision de la commission : niveau",
    "reason": "Décision de la commission : motif (communiqué au candidat)",
    "departure": "Motif de l'écart aux notes individuelles (si le niveau en sort)",
    "criterion_key": "clé critère",
}
OFFER_HEADER = "Offre"


@dataclass(frozen=True)
class AgendaDecision:
    """A decision read from the agenda sheet: the item, the level, the reasons, the cell."""

    offer: str
    criterion: str
    level: Decimal
    reason: str
    departure_reason: str | None
    cell: str


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # python-calamine reads every number as a float
    return "" if value is None else str(value).strip()


def read_decisions(
    tender: Tender, path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> list[AgendaDecision]:
    """The decisions typed in the agenda sheet of a consolidated workbook.

    Rows without a level and without a reason are items still open. Every
    mistake of the sheet is reported at once, by cell.

    The workbook is read as returned grids are: once, through the bounded
    preflight (:func:`~efc_scoring.excel.inspect_workbook`, with the same
    ``limits``), then python-calamine reads the values of the bytes that
    were checked. A formula typed in a decision cell is read as its text
    (``=3``), never evaluated, and refused as a level.

    Raises
    ------
    GridError
        The file is refused before reading (see :func:`~efc_scoring.excel.preflight`),
        has no agenda sheet or no decision columns, or a decision is wrong: an
        unknown offer or criterion, a level that is not a level of the scale, a
        level without a reason or a reason without a level, two different
        decisions on one item.
    """
    path = Path(path)
    name = path.name
    data, scan, refused = inspect_workbook(path, limits, document="decisions")
    if refused or data is None or scan is None:
        raise GridError(refused, summary=f"{name} est refusé avant lecture")
    problems: list[GridProblem] = []

    def add(code: str, message: str, fix: str, cell: str = "", offer: str = "", crit: str = ""):  # type: ignore[no-untyped-def]
        problems.append(
            GridProblem(
                name,
                "",
                message,
                fix,
                cell=cell or None,
                code=code,
                sheet=AGENDA_SHEET,
                offer=offer,
                criterion=crit,
            )
        )

    try:
        wb = Workbook(data, scan)
    except Unreadable as exc:
        add("unreadable", f"classeur illisible : {exc}", "renvoyer le classeur de synthèse écrit")
        raise GridError(problems, summary=f"{name} est illisible") from None
    try:
        if AGENDA_SHEET not in wb.sheetnames:
            add(
                "not_a_grid",
                f"pas de feuille « {AGENDA_SHEET} » dans ce classeur",
                "saisir les décisions dans le classeur écrit par `efc-scoring agenda --workbook` "
                "ou `efc-scoring consolidate`",
            )
            raise GridError(problems, summary=f"{name} : pas d'ordre du jour")
        try:
            ws = wb[AGENDA_SHEET]
        except Unreadable as exc:
            add(
                "unreadable", f"feuille illisible : {exc}", "renvoyer le classeur de synthèse écrit"
            )
            raise GridError(problems, summary=f"{name} est illisible") from None
        width = max(ws.scan.max_col, 1)
        header = [_text(v) for v in ws.row(1, width)[0]]
        columns = {}
        for key, title in {**DECISION_HEADERS, "offer": OFFER_HEADER}.items():
            if title in header:
                columns[key] = header.index(title)
            elif key != "departure":
                add(
                    "header",
                    f"colonne « {title} » absente de la ligne d'en-tête",
                    "ne pas renommer ni supprimer les colonnes de l'ordre du jour",
                    cell="1",
                )
        if problems:
            raise GridError(problems, summary=f"{name} : ordre du jour sans colonnes de décision")
        found: dict[tuple[str, str], AgendaDecision] = {}
        for number in range(2, max(ws.max_row, ws.scan.max_row) + 1):
            values = ws.row(number, width)[0] + [None] * len(header)

            def cell(key: str, number: int = number) -> str:
                return f"{col_letters(columns[key] + 1)}{number}"

            level_raw = values[columns["level"]]
            reason = _text(values[columns["reason"]])
            departure = _text(values[columns["departure"]]) if "departure" in columns else ""
            if level_raw in (None, "") and not reason:
                continue
            offer = _text(values[columns["offer"]])
            crit = _text(values[columns["criterion_key"]])
            try:
                node = tender.criterion(crit)
                tender.offer(offer)
            except KeyError:
                add(
                    "unknown_row",
                    f"offre « {offer} » ou critère « {crit} » inconnu du marché",
                    "ne pas modifier les colonnes Offre et clé critère",
                    cell=cell("offer"),
                    offer=offer,
                    crit=crit,
                )
                continue
            if not isinstance(node.scoring, RubricScoring):
                add(
                    "unknown_row",
                    f"le critère « {crit} » n'est pas noté par la commission",
                    "ne pas modifier la colonne clé critère",
                    cell=cell("criterion_key"),
                    offer=offer,
                    crit=crit,
                )
                continue
            scale = node.scoring.scale
            allowed = ", ".join(str(v) for v in scale.values)
            if level_raw in (None, ""):
                add(
                    "blank",
                    "motif saisi sans niveau",
                    f"saisir le niveau retenu ({allowed})",
                    cell=cell("level"),
                    offer=offer,
                    crit=crit,
                )
                continue
            try:
                level = parse_number(level_raw, what="le niveau")
            except NumberError as exc:
                add(
                    "not_a_number",
                    exc.message,
                    f"saisir l'un des niveaux {allowed}",
                    cell=cell("level"),
                    offer=offer,
                    crit=crit,
                )
                continue
            if level not in scale.values:
                add(
                    "off_scale",
                    f"le niveau {_text(level_raw)} n'est pas un niveau de l'échelle",
                    f"saisir l'un des niveaux {allowed}",
                    cell=cell("level"),
                    offer=offer,
                    crit=crit,
                )
                continue
            if not reason:
                add(
                    "missing_justification",
                    "niveau saisi sans motif : le motif est communiqué au candidat",
                    "écrire le motif de la décision de la commission",
                    cell=cell("reason"),
                    offer=offer,
                    crit=crit,
                )
                continue
            decision = AgendaDecision(
                offer, crit, level.normalize() + 0, reason, departure or None, cell("level")
            )
            previous = found.get((offer, crit))
            if previous is not None and (previous.level, previous.reason) != (level, reason):
                add(
                    "duplicate_row",
                    f"deux décisions différentes sur ce point (voir aussi {previous.cell})",
                    "ne garder qu'une décision par point",
                    cell=cell("level"),
                    offer=offer,
                    crit=crit,
                )
                continue
            found.setdefault((offer, crit), decision)
    finally:
        wb.close()
    if problems:
        from efc_scoring import present

        raise GridError(
            problems,
            summary=f"{present.count(len(problems), 'problème')} dans l'ordre du jour de {name}",
        )
    return list(found.values())
