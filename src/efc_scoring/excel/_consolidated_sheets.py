"""Sheets of the consolidated workbook computed from the offers: prices, numeric criteria,
abnormally low offers; the marks and the criteria tree; shared writing helpers."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from efc_scoring.excel import _styles as st
from efc_scoring.excel.safety import safe_text
from efc_scoring.model.criteria import NumericScoring, PriceFormula, PriceScoring
from efc_scoring.model.tender import Tender
from efc_scoring.scoring.abnormal import check_abnormally_low

SHEETS = {
    "summary": "Synthèse",
    "levels": "Niveaux",
    "marks": "Notes",
    "price": "Prix",
    "numeric": "Valeurs",
    "abnormal": "Offres anormalement basses",
    "criteria": "Critères",
    "agenda": "Ordre du jour",
}
_PRICE_FORMULA = {  # Excel formula of each price method: P in C, Pmin in D, Pmax in E, Nmax in F
    PriceFormula.PROPORTIONAL: "F{r}*D{r}/C{r}",
    PriceFormula.LINEAR: "IF(E{r}=D{r},F{r},F{r}*(E{r}-C{r})/(E{r}-D{r}))",
    PriceFormula.RELATIVE_GAP: "MAX(0,F{r}*(1-(C{r}-D{r})/D{r}))",
}


def num(x: Decimal) -> str:
    """A decimal as plain text for a formula (``12.5``)."""
    return format(x.normalize(), "f")


class InputSheets:
    """Writers of the input sheets, mixed into the workbook builder."""

    t: Tender
    f: dict[str, Any]
    wb: Any
    lines: dict[tuple[str, str], Any]
    points_cell: dict[tuple[str, str], str]
    above: Decimal
    below: Decimal

    def _sheet(self, key: str, headers: list[str], widths: list[float]) -> Any:
        ws = self.wb.add_worksheet(SHEETS[key])
        for i, (h, w) in enumerate(zip(headers, widths, strict=True)):
            ws.set_column(i, i, w)
            ws.write_string(0, i, h, self.f["th"])
        ws.set_row(0, st.row_height(list(zip(headers, widths, strict=True))) + 4)
        ws.freeze_panes(1, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        return ws

    def _text(self, ws: Any, r: int, c: int, value: object, fmt: str = "td") -> None:
        ws.write_string(r, c, safe_text(value), self.f[fmt])

    def _offer_cols(self, ws: Any, r: int, offer: Any) -> None:
        self._text(ws, r, 0, offer.lot)
        self._text(ws, r, 1, offer.id)

    def _marks(self) -> None:
        ws = self._sheet(
            "marks",
            ["Évaluateur", "Rôle", "Offre", "Critère", "Niveau", "Justification", "Horodatage"],
            [14, 11, 10, 18, 8, 70, 19],
        )
        roles = {e.id: e.role_label for e in self.t.evaluators}
        for r, s in enumerate(self.t.marks, 1):
            self._text(ws, r, 0, s.evaluator)
            self._text(ws, r, 1, roles.get(s.evaluator, ""))
            self._text(ws, r, 2, s.offer)
            self._text(ws, r, 3, s.criterion)
            ws.write_number(r, 4, float(s.value), self.f["lvl"])
            text = safe_text(s.justification, where=f"note de {s.evaluator} sur {s.offer}")
            ws.write_string(r, 5, text, self.f["wrap"])
            ws.set_row(r, st.row_height([(text, 70)]))
            self._text(ws, r, 6, s.timestamp.isoformat(sep=" ") if s.timestamp else "")

    def _price(self) -> None:
        leaves = [c for c in self.t.leaves if isinstance(c.scoring, PriceScoring)]
        priced = [o for o in self.t.offers if o.total_price is not None]
        if not leaves or not priced:
            return
        ws = self._sheet(
            "price",
            [
                "Lot",
                "Offre",
                "Prix (P)",
                "Pmin du lot",
                "Pmax du lot",
                "Nmax (poids)",
                "Points",
                "Critère",
                "Formule",
            ],
            [6, 10, 13, 13, 13, 9, 9, 12, 36],
        )
        n = len(priced) * len(leaves) + 1
        r = 0
        for leaf in leaves:
            assert isinstance(leaf.scoring, PriceScoring)
            for offer in priced:
                r += 1
                line = self.lines[(offer.id, leaf.id)]
                lots = [
                    Fraction(o.total_price)
                    for o in self.t.offers_in(offer.lot)
                    if o.total_price is not None
                ]
                self._offer_cols(ws, r, offer)
                assert offer.total_price is not None  # priced offers only
                ws.write_number(r, 2, float(offer.total_price), self.f["money"])
                crit, rng, lot = f"$H$2:$H${n}", f"$C$2:$C${n}", f"$A$2:$A${n}"
                ws.write_formula(
                    r,
                    3,
                    f"=MINIFS({rng},{lot},A{r + 1},{crit},H{r + 1})",
                    self.f["money"],
                    float(min(lots)),
                )
                ws.write_formula(
                    r,
                    4,
                    f"=MAXIFS({rng},{lot},A{r + 1},{crit},H{r + 1})",
                    self.f["money"],
                    float(max(lots)),
                )
                ws.write_number(r, 5, float(leaf.weight), self.f["lvl"])
                ws.write_formula(
                    r,
                    6,
                    "=" + _PRICE_FORMULA[leaf.scoring.formula].format(r=r + 1),
                    self.f["num"],
                    float(line.points),
                )
                self._text(ws, r, 7, leaf.id)
                self._text(ws, r, 8, line.formula)
                self.points_cell[(offer.id, leaf.id)] = f"'{SHEETS['price']}'!G{r + 1}"

    def _numeric(self) -> None:
        leaves = [c for c in self.t.leaves if isinstance(c.scoring, NumericScoring)]
        if not leaves:
            return
        ws = self._sheet(
            "numeric",
            [
                "Lot",
                "Offre",
                "Critère",
                "Valeur",
                "Meilleure",
                "Pire",
                "Part",
                "Poids",
                "Points",
                "Sens",
            ],
            [6, 10, 16, 10, 10, 10, 8, 7, 8, 18],
        )
        last = len(leaves) * len(self.t.offers) + 1
        rng, lot, crit = f"$D$2:$D${last}", f"$A$2:$A${last}", f"$C$2:$C${last}"
        r = 0
        for leaf in leaves:
            s = leaf.scoring
            assert isinstance(s, NumericScoring)
            higher = s.direction.value == "higher_is_better"
            for offer in self.t.offers:
                r += 1
                line = self.lines[(offer.id, leaf.id)]
                values = [Fraction(o.values[s.key]) for o in self.t.offers_in(offer.lot)]
                best = (
                    Fraction(s.best)
                    if s.best is not None
                    else (max(values) if higher else min(values))
                )
                worst = (
                    Fraction(s.worst)
                    if s.worst is not None
                    else (min(values) if higher else max(values))
                )
                self._offer_cols(ws, r, offer)
                self._text(ws, r, 2, leaf.id)
                ws.write_number(r, 3, float(offer.values[s.key]), self.f["lvl"])
                for col, bound, pick in (
                    (4, s.best, "MAXIFS" if higher else "MINIFS"),
                    (5, s.worst, "MINIFS" if higher else "MAXIFS"),
                ):
                    value = float(best if col == 4 else worst)
                    if bound is not None:
                        ws.write_number(r, col, float(bound), self.f["lvl"])
                    else:
                        ws.write_formula(
                            r,
                            col,
                            f"={pick}({rng},{lot},A{r + 1},{crit},C{r + 1})",
                            self.f["lvl"],
                            value,
                        )
                ws.write_formula(
                    r,
                    6,
                    f"=IF(E{r + 1}=F{r + 1},1,MIN(1,MAX(0,(D{r + 1}-F{r + 1})"
                    f"/(E{r + 1}-F{r + 1}))))",
                    self.f["pct"],
                    float(line.share),
                )
                ws.write_number(r, 7, float(leaf.weight), self.f["lvl"])
                ws.write_formula(r, 8, f"=G{r + 1}*H{r + 1}", self.f["num"], float(line.points))
                self._text(ws, r, 9, "plus haut = mieux" if higher else "plus bas = mieux")
                self.points_cell[(offer.id, leaf.id)] = f"'{SHEETS['numeric']}'!I{r + 1}"

    def _abnormal(self) -> None:
        priced = [o for o in self.t.offers if o.total_price is not None]
        if not priced:
            return
        ws = self._sheet(
            "abnormal",
            [
                "Lot",
                "Offre",
                "Prix",
                "Moyenne brute du lot",
                "Moyenne corrigée",
                "Écart à la moyenne corrigée",
                "Signalée",
                "Motif",
            ],
            [6, 10, 13, 13, 13, 11, 9, 90],
        )
        ws.write_string(0, 9, "Seuil haut (exclusion de la moyenne)", self.f["th"])
        ws.write_number(0, 10, float(self.above), self.f["pct"])
        ws.write_string(1, 9, "Seuil bas (signalement)", self.f["th"])
        ws.write_number(1, 10, float(self.below), self.f["pct"])
        ws.set_column(9, 9, 22)
        n = len(priced) + 1
        rng, lot = f"$C$2:$C${n}", f"$A$2:$A${n}"
        checks = {}
        for lot_ in self.t.lots:
            prices = [
                (o.id, o.total_price)
                for o in self.t.offers_in(lot_.id)
                if o.total_price is not None
            ]
            for c in check_abnormally_low(
                prices, above=self.above, below=self.below, currency=self.t.currency
            ):
                checks[c.offer] = c
        for r, offer in enumerate(priced, 1):
            c = checks[offer.id]
            self._offer_cols(ws, r, offer)
            assert offer.total_price is not None  # priced offers only
            ws.write_number(r, 2, float(offer.total_price), self.f["money"])
            ws.write_formula(
                r, 3, f"=AVERAGEIFS({rng},{lot},A{r + 1})", self.f["money"], float(c.first_mean)
            )
            ws.write_formula(
                r,
                4,
                f'=AVERAGEIFS({rng},{lot},A{r + 1},{rng},"<="&D{r + 1}*(1+$K$1))',
                self.f["money"],
                float(c.corrected_mean),
            )
            ws.write_formula(r, 5, f"=(C{r + 1}-E{r + 1})/E{r + 1}", self.f["pct"], float(c.gap))
            ws.write_formula(
                r,
                6,
                f'=IF(C{r + 1}<E{r + 1}*(1-$K$2),"OUI","non")',
                self.f["td"],
                "OUI" if c.flagged else "non",
            )
            text = safe_text(c.reason)
            ws.write_string(r, 7, text, self.f["wrap"])
            ws.set_row(r, st.row_height([(text, 90)]))

    def _criteria(self) -> None:
        ws = self._sheet(
            "criteria",
            ["Code", "Critère", "Parent", "Poids", "Notation", "Seuil"],
            [16, 46, 12, 8, 22, 8],
        )
        for r, (node, parents) in enumerate(self.t.nodes.values(), 1):
            self._text(ws, r, 0, node.id)
            self._text(ws, r, 1, "    " * len(parents) + node.label)
            self._text(ws, r, 2, parents[-1] if parents else "")
            ws.write_number(r, 3, float(node.weight), self.f["lvl"])
            self._text(ws, r, 4, node.scoring.method if node.scoring else "somme des sous-critères")
            if node.threshold is not None:
                ws.write_number(r, 5, float(node.threshold), self.f["lvl"])
