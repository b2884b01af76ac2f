"""The tracking workbook of a progress plan (XlsxWriter).

Sheets: « Tableau de bord » (one row per indicator: baseline, target, latest
value, progress, status, and the plan's overall progress), one sheet per axis
(one row per indicator and review: observed value, value expected on the
trajectory, progress, status), « Révisions de prix » and « Note de coopération ».

Progress, trajectory and totals are live formulas *with their computed values
stored*, so that a reader that does not recalculate (pandas, openpyxl) reads
the same figures as the spreadsheet. Every text of the plan, the offer or the
reviews goes through :func:`efc_scoring.excel.safety.safe_text` and is written
with ``write_string``, never as a formula; sheet titles are cleaned with
:func:`efc_scoring.excel.safety.sheet_title`. See ``NOTES-spreadsheets.md``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from efc_scoring.excel.safety import safe_text, sheet_title
from efc_scoring.io._atomic import atomic_path
from efc_scoring.progress.cooperation import CooperationComponent, cooperation_scores
from efc_scoring.progress.plan import ProgressPlan, QuantitativeIndicator
from efc_scoring.progress.revision import price_revisions
from efc_scoring.progress.status import indicator_state, plan_status

__all__ = ["write_tracking_workbook"]


def _title(text: str, taken: set[str]) -> str:
    title = sheet_title(text, taken)
    taken.add(title)
    return title


def _f(value: Fraction | Decimal | None) -> float | None:
    return None if value is None else float(value)


class _Sheet:
    """Write cells: text with write_string, numbers, dates and formulas with their values."""

    def __init__(self, ws: Any, fmt: dict[str, Any]) -> None:
        self.ws, self.fmt = ws, fmt

    def text(self, row: int, col: int, value: object, style: str | None = None) -> None:
        text = safe_text(value, where=f"{self.ws.name}, ligne {row + 1}")
        self.ws.write_string(row, col, text, self.fmt.get(style) if style else None)

    def number(self, row: int, col: int, value: object, style: str | None = None) -> None:
        if value is None:
            self.ws.write_blank(row, col, None)
        else:
            self.ws.write_number(row, col, float(value), self.fmt.get(style) if style else None)  # type: ignore[arg-type]

    def day(self, row: int, col: int, value: date | None) -> None:
        if value is None:
            self.ws.write_blank(row, col, None)
        else:
            self.ws.write_datetime(row, col, value, self.fmt["date"])

    def formula(
        self, row: int, col: int, formula: str, value: object, style: str | None = None
    ) -> None:
        self.ws.write_formula(
            row,
            col,
            formula,
            self.fmt.get(style) if style else None,
            "" if value is None else value,
        )

    def header(self, row: int, names: list[str]) -> None:
        for col, name in enumerate(names):
            self.text(row, col, name, "head")


def write_tracking_workbook(plan: ProgressPlan, path: str | Path) -> Path:
    """Write the tracking workbook of ``plan`` to ``path`` (``.xlsx``), atomically.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> from efc_scoring import sample_path
    >>> from efc_scoring.progress.io import load_plan, load_review
    >>> from efc_scoring.progress.status import record_review
    >>> folder = sample_path("bof-lycees") / "plan"
    >>> plan = record_review(load_plan(folder / "plan.yaml"), load_review(folder / "review-1.yaml"))
    >>> out = write_tracking_workbook(plan, Path(tempfile.mkdtemp()) / "suivi.xlsx")
    >>> openpyxl.load_workbook(out).sheetnames[0]
    'Tableau de bord'
    """
    import xlsxwriter

    path = Path(path)
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        fmt = {
            "head": wb.add_format(
                {"bold": True, "bg_color": "#DDDDDD", "text_wrap": True, "border": 1}
            ),
            "date": wb.add_format({"num_format": "dd/mm/yyyy"}),
            "pct": wb.add_format({"num_format": "0%"}),
            "money": wb.add_format({"num_format": "#,##0.00 €"}),
            "title": wb.add_format({"bold": True, "font_size": 13}),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        }
        taken: set[str] = set()
        dash = _Sheet(wb.add_worksheet(_title("Tableau de bord", taken)), fmt)
        axis_sheets = {
            axis.id: _Sheet(wb.add_worksheet(_title(axis.title, taken)), fmt) for axis in plan.axes
        }
        _dashboard(plan, dash)
        for axis in plan.axes:
            _axis_sheet(plan, axis.id, axis_sheets[axis.id])
        _revisions(plan, _Sheet(wb.add_worksheet(_title("Révisions de prix", taken)), fmt))
        _cooperation(plan, _Sheet(wb.add_worksheet(_title("Note de coopération", taken)), fmt))
        wb.close()
    return path


_DASH = [
    "Axe",
    "Indicateur",
    "Libellé",
    "Type",
    "Unité",
    "Référence",
    "Cible",
    "Échéance",
    "Porteur",
    "Dernière valeur",
    "Avancement",
    "Statut",
    "Poids",
]


def _dashboard(plan: ProgressPlan, sh: _Sheet) -> None:
    sh.text(0, 0, f"Plan de progrès — lot {plan.lot} — {plan.supplier}", "title")
    status = plan_status(plan) if plan.reviews else None
    sh.text(1, 0, "Dernier bilan")
    sh.text(1, 1, status.review if status else "aucun")
    sh.header(3, _DASH)
    first = 4
    for i, (ind_id, ind) in enumerate(plan.indicators.items()):
        r = first + i
        st = status.indicator(ind_id) if status else None
        quant = isinstance(ind, QuantitativeIndicator)
        sh.text(r, 0, plan.axis_of(ind_id).title)
        sh.text(r, 1, ind_id)
        sh.text(r, 2, ind.label, "wrap")
        sh.text(r, 3, "quantitatif" if quant else "qualitatif")
        if isinstance(ind, QuantitativeIndicator):
            sh.text(r, 4, ind.unit)
            sh.number(r, 5, ind.baseline)
            sh.number(r, 6, ind.target)
        else:
            sh.text(r, 4, "étapes : " + " / ".join(ind.scale))
            sh.text(r, 5, ind.scale[0])
            sh.text(r, 6, ind.goal)
        sh.day(r, 7, ind.deadline or plan.end)
        sh.text(r, 8, ind.responsible.label)
        value = st.value if st else None
        if quant and value is not None:
            sh.number(r, 9, value)
        else:
            sh.text(r, 9, "" if value is None else value)
        progress = _f(st.progress) if st else 0.0
        if (
            isinstance(ind, QuantitativeIndicator)
            and ind.baseline is not None
            and value is not None
        ):
            cell = f"J{r + 1}"
            formula = (
                f"=IF(OR(AND(G{r + 1}>F{r + 1},{cell}>=G{r + 1}),"
                f"AND(G{r + 1}<F{r + 1},{cell}<=G{r + 1})),1,"
                f"MAX(0,MIN(1,({cell}-F{r + 1})/(G{r + 1}-F{r + 1}))))"
            )
            sh.formula(r, 10, formula, progress, "pct")
        else:
            sh.number(r, 10, progress, "pct")
        sh.text(r, 11, st.label_fr if st else "")
        sh.number(r, 12, ind.weight)
    last = first + len(plan.indicators)
    sh.text(last + 1, 9, "Avancement global", "head")
    overall = _f(status.progress) if status else 0.0
    sh.formula(
        last + 1,
        10,
        f"=IF(SUM(M{first + 1}:M{last})=0,0,SUMPRODUCT(K{first + 1}:K{last},"
        f"M{first + 1}:M{last})/SUM(M{first + 1}:M{last}))",
        overall,
        "pct",
    )
    sh.ws.set_column(0, 0, 28)
    sh.ws.set_column(2, 2, 45)
    sh.ws.set_column(3, 12, 14)
    sh.ws.freeze_panes(4, 2)


def _axis_sheet(plan: ProgressPlan, axis_id: str, sh: _Sheet) -> None:
    axis = next(a for a in plan.axes if a.id == axis_id)
    sh.text(0, 0, axis.title, "title")
    sh.text(1, 0, "Début du marché")
    sh.day(1, 1, plan.start)
    sh.header(
        3,
        [
            "Indicateur",
            "Libellé",
            "Bilan",
            "Date",
            "Référence",
            "Cible",
            "Échéance",
            "Valeur constatée",
            "Attendu sur la trajectoire",
            "Avancement",
            "Statut",
            "Source (offre)",
        ],
    )
    r = 4
    for ind in axis.indicators:
        for k, review in enumerate(plan.reviews):
            st = indicator_state(plan, ind.id, review, plan.reviews[:k])
            sh.text(r, 0, ind.id)
            sh.text(r, 1, ind.label, "wrap")
            sh.text(r, 2, review.id)
            sh.day(r, 3, review.date)
            deadline = ind.deadline or plan.end
            sh.day(r, 6, deadline)
            if isinstance(ind, QuantitativeIndicator):
                sh.number(r, 4, ind.baseline)
                sh.number(r, 5, ind.target)
                sh.number(r, 7, st.value)
                if ind.baseline is not None:
                    share = f"IF(G{r + 1}<=$B$2,1,MAX(0,MIN(1,(D{r + 1}-$B$2)/(G{r + 1}-$B$2))))"
                    sh.formula(r, 8, f"=E{r + 1}+(F{r + 1}-E{r + 1})*{share}", _f(st.expected))  # type: ignore[arg-type]
                else:
                    sh.text(r, 8, "référence à mesurer")
            else:
                sh.text(r, 4, ind.scale[0])
                sh.text(r, 5, ind.goal)
                sh.text(r, 7, "" if st.value is None else st.value)
                sh.text(r, 8, "" if st.expected is None else st.expected)
            sh.number(r, 9, _f(st.progress), "pct")
            sh.text(r, 10, st.status.label)
            sh.text(r, 11, ind.source.text if ind.source else "", "wrap")
            r += 1
    sh.ws.set_column(0, 0, 24)
    sh.ws.set_column(1, 1, 40)
    sh.ws.set_column(2, 10, 13)
    sh.ws.set_column(11, 11, 60)
    sh.ws.freeze_panes(4, 1)


def _revisions(plan: ProgressPlan, sh: _Sheet) -> None:
    sh.header(
        0,
        [
            "Bilan",
            "Début",
            "Fin",
            "Clause",
            "Nature",
            "Indicateur",
            "Appliquée",
            "Prix de la période",
            "Montant",
            "Montant signé",
            "Calcul",
        ],
    )
    revisions = price_revisions(plan)
    r = 1
    for ln in revisions.lines:
        sh.text(r, 0, ln.review)
        sh.day(r, 1, ln.period_start)
        sh.day(r, 2, ln.period_end)
        sh.text(r, 3, ln.clause)
        sh.text(r, 4, ln.kind.value)
        sh.text(r, 5, ln.indicator)
        sh.text(r, 6, "oui" if ln.triggered else "non")
        sh.number(r, 7, ln.base, "money")
        sh.number(r, 8, ln.amount, "money")
        sign = "" if ln.kind.value == "bonus" else "-"
        sh.formula(r, 9, f"={sign}I{r + 1}", float(ln.signed_amount), "money")
        sh.text(r, 10, "\n".join(ln.steps), "wrap")
        r += 1
    sh.text(r + 1, 8, "Solde", "head")
    sh.formula(r + 1, 9, f"=SUM(J2:J{max(r, 2)})", float(revisions.total), "money")
    sh.ws.set_column(0, 9, 13)
    sh.ws.set_column(10, 10, 90)


def _cooperation(plan: ProgressPlan, sh: _Sheet) -> None:
    sh.header(
        0, ["Bilan", "Date", "Note /5", *CooperationComponent.labels().values(), "Justification"]
    )
    for r, score in enumerate(cooperation_scores(plan).scores, start=1):
        sh.text(r, 0, score.review)
        sh.day(r, 1, score.date)
        sh.number(r, 2, score.score)
        for c, key in enumerate(CooperationComponent, start=3):
            value = score.components[key]
            if value is None:
                sh.text(r, c, "non évalué")
            else:
                sh.number(r, c, _f(value), "pct")
        sh.text(r, 3 + len(CooperationComponent), score.justification, "wrap")
    sh.ws.set_column(0, 7, 13)
    sh.ws.set_column(8, 8, 90)
