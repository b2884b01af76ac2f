"""The rows of a returned grid: keys, template cells, proposals, levels and justifications.

Two paths give the same problems and marks. The bulk path compares whole
columns at once when the grid comes back as it was written (same rows in the
same order, formulas only in the weight and points columns), which is the
usual case; anything else (sorted, inserted, deleted or edited rows) goes row
by row, and every difference is located at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from efc_scoring.excel._checks import Finding, read_justification, read_level
from efc_scoring.excel._template import (
    COL,
    COLUMNS,
    FIRST_ROW,
    TEMPLATE_KEYS,
    canon,
    canon_as_is,
    col_letter,
    rows_json,
    why_fingerprint,
)
from efc_scoring.excel._template_checks import (
    TEMPLATE_COLUMNS,
    Expected,
    ExpectedRow,
    Meta,
    compare_row,
)
from efc_scoring.excel._workbook import Sheet

_PROPOSED, _PROPOSED_WHY = TEMPLATE_KEYS.index("proposed"), TEMPLATE_KEYS.index("proposed_why")
_WIDTH = len(COLUMNS)
_LV, _JC, _WEIGHT, _POINTS = COL["level"], COL["justification"], COL["weight"], COL["points"]
_LV_LETTER, _JC_LETTER = col_letter(_LV), col_letter(_JC)
#: Columns that the bulk path compares to what was written (keys and template texts).
_FIXED = tuple(COL[k] for k in ("offer_key", "criterion_key", "lot", "offer", "criterion"))
_TEXTS = tuple(COL[k] for k in ("question", "answer"))


@dataclass
class Marks:
    """The marks read, column by column (the columns of ``MARK_COLUMNS``)."""

    columns: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, **values: Any) -> None:
        for name, value in values.items():
            self.columns.setdefault(name, []).append(value)


@dataclass(frozen=True)
class Context:
    """Where the rows come from: the file, its evaluator and metadata."""

    evaluator: str
    file: str
    sheet: str
    timestamp: str | None
    meta: Meta


def check_rows(
    ws: Sheet, expected: Expected, blind: bool, ctx: Context, marks: Marks, add: Any
) -> bytes:
    """Check every row of the grid sheet; add its marks; return the rows' part of the
    digest payload (:func:`~efc_scoring.excel._template.rows_json`)."""
    found = _bulk(ws, expected, blind, ctx, marks, add)
    if found is None:
        found = rows_json(_each(ws, expected, blind, ctx, marks, add))
    return found


def _bulk(
    ws: Sheet, expected: Expected, blind: bool, ctx: Context, marks: Marks, add: Any
) -> bytes | None:
    """Whole columns at once, or None when the rows are not as written."""
    order = expected.ordered(blind)
    n = len(order)
    first = FIRST_ROW  # 0-based index of the first data row
    rows = ws.rows_from(first, n)
    if rows is None or any(c not in (_WEIGHT + 1, _POINTS + 1) for c in ws.special_columns(first)):
        return None  # extra rows, short rows, or a formula or error outside its columns
    columns = list(zip(*rows, strict=True))
    reference = expected.columns(blind)
    for c in _FIXED + _TEXTS:
        if columns[c] != reference[c]:
            return None
    formulas = ws.formulas_of(_WEIGHT + 1, first + 1, n)
    if formulas != reference[_WEIGHT]:
        return None
    proposed = _canonical(columns[COL["proposed"]])
    proposed_why = _canonical(columns[COL["proposed_why"]])
    proposals = ctx.meta.proposals
    if proposals:  # the metadata's copy of each proposal, compared all at once
        fingerprints = expected.fingerprints
        for why in set(proposed_why).difference(fingerprints):
            fingerprints[why] = why_fingerprint(why)
        held = list(zip(proposed, map(fingerprints.__getitem__, proposed_why), strict=True))
        if list(map(proposals.get, expected.keys(blind))) != held:
            return None
    cache = (blind, tuple(proposed), tuple(proposed_why))  # the same in every grid
    found = expected.rows_json.get(cache)
    if found is None:
        entries = []
        for i, exp in enumerate(order):
            entry = list(exp.entry)
            entry[_PROPOSED], entry[_PROPOSED_WHY] = proposed[i], proposed_why[i]
            entries.append(entry)
        found = expected.rows_json[cache] = rows_json(entries)
    where = expected.bulk_rows.get(blind)
    if where is None:  # the same rows in every grid returned as written
        where = expected.bulk_rows[blind] = _Rows(
            [(first + 1 + i, exp) for i, exp in enumerate(order)]
        )
    _marks(where, columns[_LV], columns[_JC], ws, ctx, marks, add)
    return found


class _Rows(list[tuple[int, ExpectedRow]]):
    """Rows (number, expected row) with the marks' columns that depend on them alone,
    made once for every grid returned as written."""

    def __init__(self, rows: list[tuple[int, ExpectedRow]]) -> None:
        super().__init__(rows)
        self.offers = [exp.row.offer_id for _, exp in rows]
        self.criteria = [exp.row.criterion_id for _, exp in rows]
        self.cells = [f"{_LV_LETTER}{r}" for r, _ in rows]
        self.why_cells = [f"{_JC_LETTER}{r}" for r, _ in rows]

    @cached_property
    def scale(self) -> Any:
        """The scale's values when every row has the same scale (else None)."""
        scales = {id(exp.levels): exp.levels.values for _, exp in self}
        return next(iter(scales.values())) if len(scales) == 1 else None


def _plain_levels(
    where: list[tuple[int, ExpectedRow]], levels: tuple[Any, ...], whys: tuple[Any, ...], ws: Sheet
) -> list[Decimal] | None:
    """The levels as Decimals when every row holds a number of its scale and a justification
    (the usual case), each distinct number read once at its first row, as the row by row
    reading does; None when a row needs that reading."""
    if set(map(type, levels)) != {float} or set(map(type, whys)) != {str}:
        return None
    if not all(map(str.strip, whys)):
        return None
    decimals: dict[Any, Decimal] = {}
    for level in dict.fromkeys(levels):
        r, exp = where[levels.index(level)]
        value = read_level(ws.cell(r, _LV + 1), exp.levels)
        if not isinstance(value, Decimal):
            return None
        decimals[level] = value
    values = list(map(decimals.__getitem__, levels))
    scale = where.scale if isinstance(where, _Rows) else None
    if scale is not None:
        return values if scale.issuperset(values) else None
    if all(v in exp.levels.values for v, (_, exp) in zip(values, where, strict=True)):
        return values
    return None


def _canonical(column: tuple[Any, ...]) -> list[str]:
    """canon() of each value ("" when empty): a column of texts holding neither « _x » nor
    « x005F_ » is as it is (one search of the column, not a call a cell)."""
    if canon_as_is(column):
        return list(column)
    return [canon(v) if v != "" else "" for v in column]


def _marks(
    where: list[tuple[int, ExpectedRow]],
    levels: tuple[Any, ...],
    whys: tuple[Any, ...],
    ws: Sheet,
    ctx: Context,
    marks: Marks,
    add: Any,
) -> None:
    """Levels and justifications of the rows, in bulk: findings for the unusual cells.

    The rows are read first; the marks' columns are then extended once each (the
    same evaluator, file and sheet on every row), not appended to cell by cell.
    """
    plain = _plain_levels(where, levels, whys, ws)
    if plain is not None:  # every row good: the same marks as read below, read at once
        _extend(marks, where, ctx, plain, list(whys))
        return
    decimals: dict[Any, Decimal] = {}  # the levels typed, as Decimals (a handful of values)
    good: list[int] = []
    values: list[Any] = []  # Decimals (the check above does not narrow for mypy)
    texts: list[Any] = []
    for i, ((r, exp), level, why) in enumerate(zip(where, levels, whys, strict=True)):
        value: Decimal | Finding | None = decimals.get(level) if level.__class__ is float else None
        if value is None or value not in exp.levels.values:
            value = read_level(ws.cell(r, _LV + 1), exp.levels)
            if isinstance(value, Decimal) and level.__class__ is float:
                decimals[level] = value
        text: str | Finding | None
        if why.__class__ is str and why.strip():
            text = why
        else:
            text = read_justification(ws.cell(r, _JC + 1))
        if value.__class__ is Decimal and text.__class__ is str:
            good.append(i)
            values.append(value)
            texts.append(text)
            continue
        _findings(value, text, r, exp, ctx.sheet, add)
    _extend(
        marks, where if len(good) == len(where) else [where[i] for i in good], ctx, values, texts
    )


def _extend(
    marks: Marks,
    rows: list[tuple[int, ExpectedRow]],
    ctx: Context,
    values: list[Any],
    texts: list[Any],
) -> None:
    """Add the marks of ``rows`` (their levels ``values`` and justifications ``texts``)."""
    n = len(rows)
    if not isinstance(rows, _Rows):
        rows = _Rows(rows)
    out = marks.columns
    for name, column in (
        ("evaluator", [ctx.evaluator] * n),
        ("offer", rows.offers),
        ("criterion", rows.criteria),
        ("value", values),
        ("justification", texts),
        ("timestamp", [ctx.timestamp] * n),
        ("file", [ctx.file] * n),
        ("sheet", [ctx.sheet] * n),
        ("cell", rows.cells),
        ("justification_cell", rows.why_cells),
    ):
        out.setdefault(name, []).extend(column)


def _findings(
    level: Decimal | Finding | None,
    why: str | Finding | None,
    r: int,
    exp: ExpectedRow,
    sheet: str,
    add: Any,
) -> None:
    where = {"sheet": sheet, "offer": exp.row.offer_id, "criterion": exp.row.criterion_id}
    lv_cell, jc_cell = f"{_LV_LETTER}{r}", f"{_JC_LETTER}{r}"
    if isinstance(level, Finding):
        add(level.code, level.message, level.fix, cell=lv_cell, **where)
    if isinstance(why, Finding):
        add(why.code, why.message, why.fix, cell=jc_cell, **where)
    elif why is None and not (isinstance(level, Finding) and level.code == "blank"):
        add(
            "missing_justification",
            "niveau sans justification",
            "écrire pourquoi l'offre mérite ce niveau : la justification est obligatoire",
            cell=jc_cell,
            **where,
        )


def _each(
    ws: Sheet, expected: Expected, blind: bool, ctx: Context, marks: Marks, add: Any
) -> list[list[str]]:
    """Row by row, found by their keys: every difference located at its cell."""
    rows_expected = expected.rows(blind)
    grid = ctx.sheet
    entries: list[list[str]] = []
    seen: dict[tuple[str, str], int] = {}
    found: list[tuple[int, ExpectedRow]] = []
    levels: list[Any] = []
    whys: list[Any] = []
    for r in range(FIRST_ROW + 1, ws.max_row + 1):
        values, special = ws.row(r, _WIDTH)
        okey, ckey = values[COL["offer_key"]], values[COL["criterion_key"]]
        if okey is None and ckey is None:
            if any(v not in (None, "") for v in values):
                add(
                    "inserted_row",
                    f"ligne {r} ajoutée dans la grille (sans clé)",
                    "supprimer cette ligne : la grille n'accepte que ses propres lignes",
                    sheet=grid,
                    cell=f"A{r}",
                )
            continue
        k = (canon(okey), canon(ckey))
        exp = rows_expected.get(k)
        if exp is None:
            add(
                "unknown_row",
                f"ligne {r} : clé inconnue {(str(okey), str(ckey))}",
                "renvoyer la grille générée",
                sheet=grid,
                cell=f"A{r}",
            )
            continue
        where = {"sheet": grid, "offer": exp.row.offer_id, "criterion": exp.row.criterion_id}
        if k in seen:
            add(
                "duplicate_row",
                f"ligne {r} : copie de la ligne {seen[k]}",
                "supprimer la copie",
                cell=f"A{r}",
                **where,
            )
            continue
        seen[k] = r
        entry = [canon(values[c]) for c in TEMPLATE_COLUMNS]
        entries.append(entry)
        compare_row(exp, entry, values[_WEIGHT], r, add, where)
        proposal = ctx.meta.proposals.get(k)
        if proposal is not None:
            _compare_proposal(proposal, entry, r, add, where)
        found.append((r, exp))
        # a formula or an error value is never taken for a level or a justification
        levels.append(None if (_LV + 1) in special else values[_LV])
        whys.append(None if (_JC + 1) in special else values[_JC])
    _marks(found, tuple(levels), tuple(whys), ws, ctx, marks, add)
    for k, exp in rows_expected.items():
        if k not in seen:
            add(
                "missing_row",
                "ligne absente de la grille (supprimée ?)",
                "renvoyer la grille complète",
                sheet=grid,
                offer=exp.row.offer_id,
                criterion=exp.row.criterion_id,
            )
    return entries


def _compare_proposal(
    proposal: tuple[str, str], entry: list[str], r: int, add: Any, where: dict[str, str]
) -> None:
    """Report the engine's proposal cells that differ from the metadata sheet's copy."""
    level, why = proposal
    got = entry[_PROPOSED]
    if got != level:
        add(
            "proposal_changed",
            f"niveau proposé modifié : « {got or 'vide'} » au lieu de « {level or 'vide'} »",
            "remettre la grille d'origine : votre niveau se saisit dans « Votre niveau »",
            cell=f"{col_letter(COL['proposed'])}{r}",
            **where,
        )
    if why_fingerprint(entry[_PROPOSED_WHY]) != why:
        add(
            "proposal_changed",
            "justification proposée modifiée",
            "remettre la grille d'origine : votre justification se saisit dans "
            "« Votre justification »",
            cell=f"{col_letter(COL['proposed_why'])}{r}",
            **where,
        )
