"""The committee's consolidated workbook: live formulas, each written with its value.

Sheets: « Synthèse » (offers x criteria points, totals, eliminations, ranks),
« Niveaux » (every evaluator's level, the committee's mean, the engine's
proposal, the level kept, the points), « Notes » (every mark with its
justification), « Prix » (the price formula), « Valeurs » (numeric criteria),
« Offres anormalement basses » and « Critères ». Every formula refers to the
cells it computes from, so a spreadsheet program recalculates the whole chain;
the value written with it is the library's exact result, so readers that do
not calculate show the same figures.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.errors import EfcError
from efc_scoring.excel import _styles as st
from efc_scoring.excel._consolidated_sheets import SHEETS, InputSheets, num
from efc_scoring.excel._proposals import collect_proposals, proposal_note, proposed_level
from efc_scoring.excel._template import col_letter
from efc_scoring.excel.safety import safe_text
from efc_scoring.io._atomic import atomic_path
from efc_scoring.model.criteria import RubricScoring
from efc_scoring.model.tender import Tender
from efc_scoring.scoring.evaluate import Evaluation, committee_means

if TYPE_CHECKING:
    from efc_scoring._typing import AssessmentsArg
    from efc_scoring.committee._agenda import Agenda

__all__ = ["SHEETS", "write_consolidated"]


def write_consolidated(
    tender: Tender,
    evaluation: Evaluation,
    out_path: str | Path,
    *,
    assessments: AssessmentsArg = None,
    propose: bool = True,
    abnormal_above: Decimal | float | str = "0.20",
    abnormal_below: Decimal | float | str = "0.10",
    agenda: Agenda | None = None,
) -> Path:
    """Write the consolidated workbook of the committee to ``out_path`` (atomically).

    Parameters
    ----------
    tender
        The tender with the committee's marks (``tender.marks``).
    evaluation
        Its evaluation (:func:`efc_scoring.score`); the workbook's values are its
        exact results and its formulas recompute them. The offers it sets aside
        (``evaluation.set_aside``: irregular, unacceptable, inappropriate, rejected
        as abnormally low) are listed under the ranking of « Synthèse », « écartée »
        with their reason, neither scored nor ranked.
    assessments, propose
        The evidence engine's proposals, shown beside the committee's levels
        (as in :func:`~efc_scoring.excel.grids.write_grids`).
    abnormal_above, abnormal_below
        Parameters of the abnormally-low-offer check, written in the sheet.
    agenda
        The committee's discussion agenda (:func:`efc_scoring.agenda`), written
        as the « Ordre du jour » sheet: disputed items first, each evaluator's
        mark and justification side by side.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from efc_scoring import load_tender, sample_path, score
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "synthese.xlsx"
    >>> write_consolidated(tender, score(tender), out, propose=False).name
    'synthese.xlsx'
    """
    if evaluation.tender.id != tender.id:
        raise EfcError(
            f"l'évaluation porte sur le marché {evaluation.tender.id!r}, pas sur {tender.id!r}"
        )
    if evaluation.set_aside:  # given the tender as received: its offers ranked alone
        from efc_scoring.scoring.evaluate import take_out

        ids = {o.id for o in tender.offers}
        present_gone = {o: why for o, why in evaluation.set_aside.items() if o in ids}
        if present_gone:
            tender, _ = take_out(tender, present_gone)
    _, found = collect_proposals(tender, assessments, propose)
    out_path = Path(out_path)
    with atomic_path(out_path) as tmp:
        book = _Book(
            tender, evaluation, found, Decimal(str(abnormal_above)), Decimal(str(abnormal_below))
        )
        book.agenda = agenda
        book.write(tmp)
    return out_path


class _Book(InputSheets):
    def __init__(
        self, tender: Tender, ev: Evaluation, found: Any, above: Decimal, below: Decimal
    ) -> None:
        self.t, self.ev, self.found, self.above, self.below = tender, ev, found, above, below
        self.lines = {(ln.offer, ln.criterion): ln for ln in ev.lines}
        self.points_cell: dict[tuple[str, str], str] = {}  # (offer, leaf) -> sheet!cell
        self.agenda: Any = None

    def _agenda(self) -> None:
        """The disputed items, most decisive first, one row per evaluator's mark; beside the
        first row of each item, the cells where the committee types its decision
        (read back by :func:`efc_scoring.excel.decisions.read_decisions`)."""
        from efc_scoring.excel.decisions import DECISION_HEADERS

        headers = [
            "Ordre",
            "Offre",
            "Critère",
            "Écart",
            "Change l'attributaire",
            "Rangs déplacés",
            "Enjeu (pts)",
            "Évaluateur",
            "Rôle",
            "Niveau",
            "Justification",
            "Moteur de preuves",
            DECISION_HEADERS["level"],
            DECISION_HEADERS["reason"],
            DECISION_HEADERS["departure"],
            DECISION_HEADERS["criterion_key"],
        ]
        widths: list[float] = [7, 10, 24, 7, 12, 9, 9, 24, 10, 8, 60, 40, 12, 48, 30, 8]
        ws = self._sheet("agenda", headers, widths)
        ws.set_column(15, 15, 8, None, {"hidden": True})
        decision = self.wb.add_format(st.base(bg_color=st.INPUT_FILL, text_wrap=True))
        frame = self.agenda.to_frame()
        first_rows: set[int] = set()
        for r, row in enumerate(frame.itertuples(index=False), start=1):
            ws.write_number(r, 0, int(row.order), self.f["td"])
            self._text(ws, r, 1, row.offer)
            self._text(ws, r, 2, row.label, "wrap")
            ws.write_number(r, 3, float(row.range), self.f["lvl"])
            self._text(ws, r, 4, "oui" if row.changes_winner else "non")
            ws.write_number(r, 5, int(row.rank_moves), self.f["td"])
            ws.write_number(r, 6, float(row.swing), self.f["num"])
            self._text(ws, r, 7, row.name, "wrap")
            self._text(ws, r, 8, row.role)
            ws.write_number(r, 9, float(row.mark), self.f["lvl"])
            self._text(ws, r, 10, row.justification, "wrap")
            self._text(ws, r, 11, row.engine or "", "wrap")
            self._text(ws, r, 15, row.criterion)
            if int(row.order) in first_rows:
                continue
            first_rows.add(int(row.order))
            for c in (12, 13, 14):
                ws.write_blank(r, c, None, decision)
            scale = self.t.criterion(row.criterion).scoring.scale  # type: ignore[union-attr]
            ws.data_validation(
                r,
                12,
                r,
                12,
                {
                    "validate": "list",
                    "source": [num(Decimal(v)) for v in scale.values],
                    "input_title": "Niveau retenu",
                    "input_message": f"Niveau décidé par la commission pour {row.offer}"[:255],
                    "error_title": "Niveau",
                    "error_message": "Choisir un niveau de l'échelle.",
                },
            )

    def write(self, path: Path) -> None:
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(
            str(path),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "use_future_functions": True,
            },
        )
        wb = self.wb
        self.f = {
            "th": wb.add_format(st.base(bold=True, bg_color=st.HEADER_FILL, text_wrap=True)),
            "td": wb.add_format(st.base()),
            "wrap": wb.add_format(st.base(text_wrap=True)),
            "num": wb.add_format(st.base(num_format="0.00")),
            "lvl": wb.add_format(st.base(num_format="0.##", align="center")),
            "money": wb.add_format(st.base(num_format="#,##0.00")),
            "pct": wb.add_format(st.base(num_format="0.0%")),
            "total": wb.add_format(st.base(num_format="0.00", bold=True)),
            "title": wb.add_format({"bold": True, "font_size": 13, "font_name": st.FONT}),
        }
        summary = wb.add_worksheet(SHEETS["summary"])
        self._levels()
        self._marks()
        self._price()
        self._numeric()
        self._abnormal()
        self._criteria()
        if self.agenda is not None:
            self._agenda()
        self._summary(summary)
        summary.activate()
        wb.close()

    def _levels(self) -> None:
        t = self.t
        evs = list(t.evaluators)
        headers = [
            "Lot",
            "Offre",
            "Critère",
            *[e.id for e in evs],
            "Moyenne commission",
            "Niveau proposé (moteur)",
            "Écart commission − moteur",
            "Niveau retenu",
            "Poids",
            "Points",
            "Source du niveau retenu",
        ]
        ws = self._sheet("levels", headers, [6, 10, 18, *[9] * len(evs), 11, 11, 11, 10, 7, 8, 24])
        marks = {(s.evaluator, s.offer, s.criterion): s.value for s in t.marks}
        means = committee_means(t)
        ne = len(evs)
        c_mean, c_prop, c_gap, c_kept, c_w, c_pts = (3 + ne + i for i in range(6))
        r = 0
        for offer in t.offers:
            for leaf in t.leaves:
                if not isinstance(leaf.scoring, RubricScoring):
                    continue
                r += 1
                scale, line = leaf.scoring.scale, self.lines[(offer.id, leaf.id)]
                self._offer_cols(ws, r, offer)
                self._text(ws, r, 2, leaf.id)
                for i, e in enumerate(evs):
                    v = marks.get((e.id, offer.id, leaf.id))
                    if v is None:
                        ws.write_blank(r, 3 + i, None, self.f["lvl"])
                    else:
                        ws.write_number(r, 3 + i, float(v), self.f["lvl"])
                span = f"{col_letter(3)}{r + 1}:{col_letter(2 + ne)}{r + 1}" if ne else None
                mean = means.get((offer.id, leaf.id))
                if span:
                    ws.write_formula(
                        r,
                        c_mean,
                        f'=IF(COUNT({span})=0,"",AVERAGE({span}))',
                        self.f["lvl"],
                        float(mean) if mean is not None else "",
                    )
                qids = tuple(q.id for q in t.questions_for(leaf.id))
                prop, _ = proposed_level(offer.id, qids, self.found, scale)
                note = proposal_note(offer.id, qids, self.found)
                mc, pc = f"{col_letter(c_mean)}{r + 1}", f"{col_letter(c_prop)}{r + 1}"
                if prop is None and note:  # the engine could not read an answer: « à relire »
                    self._text(ws, r, c_prop, note)
                elif prop is None:
                    ws.write_blank(r, c_prop, None, self.f["lvl"])
                else:
                    ws.write_number(r, c_prop, float(prop), self.f["lvl"])
                gap = "" if prop is None or mean is None else float(mean - Fraction(prop))
                ws.write_formula(
                    r,
                    c_gap,
                    f'=IF(OR(NOT(ISNUMBER({mc})),NOT(ISNUMBER({pc}))),"",{mc}-{pc})',
                    self.f["lvl"],
                    gap,
                )
                kept = Fraction(scale.min) + line.share * (
                    Fraction(scale.max) - Fraction(scale.min)
                )
                if mean is not None and kept == mean and span:
                    ws.write_formula(r, c_kept, f"={mc}", self.f["lvl"], float(kept))
                    self._text(ws, r, c_pts + 1, "moyenne de la commission")
                else:
                    ws.write_number(r, c_kept, float(kept), self.f["lvl"])
                    self._text(ws, r, c_pts + 1, self.ev.marks_source)
                ws.write_number(r, c_w, float(leaf.weight), self.f["lvl"])
                kc, wc = f"{col_letter(c_kept)}{r + 1}", f"{col_letter(c_w)}{r + 1}"
                lo, hi = num(scale.min), num(scale.max)
                ws.write_formula(
                    r, c_pts, f"={wc}*({kc}-{lo})/({hi}-{lo})", self.f["num"], float(line.points)
                )
                self.points_cell[(offer.id, leaf.id)] = (
                    f"'{SHEETS['levels']}'!{col_letter(c_pts)}{r + 1}"
                )

    def _summary(self, ws: Any) -> None:
        t, ev = self.t, self.ev
        nodes = list(t.nodes.items())
        heads = [
            "Lot",
            "Offre",
            "Candidat",
            *[f"{node.label} (/{num(node.weight)})" for _, (node, _) in nodes],
            "Total (/100)",
            "Éliminée",
            "Rang",
            "total arrondi",
        ]
        widths = [6, 10, 24, *[11] * len(nodes), 10, 9, 6, 10]
        for i, (h, w) in enumerate(zip(heads, widths, strict=True)):
            ws.set_column(i, i, w, None, {"hidden": h == "total arrondi"})
            ws.write_string(1, i, safe_text(h), self.f["th"])
        ws.write_string(0, 0, safe_text(f"Synthèse — {t.title}"), self.f["title"])
        ws.set_row(1, st.row_height([(h, w) for h, w in zip(heads, widths, strict=True)]) + 4)
        col = {nid: 3 + i for i, (nid, _) in enumerate(nodes)}
        c_tot, c_el, c_rank, c_rt = (3 + len(nodes) + i for i in range(4))
        first, last = 3, 2 + len(t.offers)
        node_points = _node_points(ev)
        for r, offer in enumerate(t.offers, first - 1):
            self._text(ws, r, 0, offer.lot)
            self._text(ws, r, 1, offer.id)
            self._text(ws, r, 2, offer.bidder)
            for nid, (node, _) in nodes:
                value = float(node_points[(offer.id, nid)])
                if node.is_leaf:
                    formula = f"={self.points_cell[(offer.id, nid)]}"
                else:
                    kids = "+".join(f"{col_letter(col[k.id])}{r + 1}" for k in node.children)
                    formula = f"={kids}"
                ws.write_formula(r, col[nid], formula, self.f["num"], value)
            tops = ",".join(f"{col_letter(col[c.id])}{r + 1}" for c in t.criteria)
            ws.write_formula(r, c_tot, f"=SUM({tops})", self.f["total"], float(ev.totals[offer.id]))
            tests = [
                f"ROUND({col_letter(col[nid])}{r + 1},9)<{num(node.threshold)}"
                for nid, (node, _) in nodes
                if node.threshold is not None
            ]
            eliminated = "oui" if offer.id in ev.eliminated else "non"
            if tests:
                ws.write_formula(
                    r, c_el, f'=IF(OR({",".join(tests)}),"oui","non")', self.f["td"], eliminated
                )
            else:
                ws.write_string(r, c_el, "non", self.f["td"])
            tc, ec, rt = (f"{col_letter(c)}{r + 1}" for c in (c_tot, c_el, c_rt))
            ws.write_formula(
                r, c_rt, f"=ROUND({tc},9)", self.f["num"], round(float(ev.totals[offer.id]), 9)
            )
            rank = ev.ranks.get(offer.id)
            lots = f"$A${first}:$A${last}"
            els = f"${col_letter(c_el)}${first}:${col_letter(c_el)}${last}"
            rts = f"${col_letter(c_rt)}${first}:${col_letter(c_rt)}${last}"
            ws.write_formula(
                r,
                c_rank,
                f'=IF({ec}="oui","",COUNTIFS({lots},A{r + 1},{els},"non",{rts},">"&{rt})+1)',
                self.f["td"],
                rank if rank is not None else "",
            )
        self._set_aside(ws, last + 1, c_tot, c_el)
        ws.freeze_panes(2, 3)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(1)
        ws.autofilter(1, 0, last - 1, c_rank)

    def _set_aside(self, ws: Any, r: int, c_tot: int, c_el: int) -> None:
        """Under the ranking, the offers set aside: lot, offer, bidder, « écartée » and why."""
        ev = self.ev
        if not ev.set_aside:
            return
        received = ev.offers_received
        ws.write_string(
            r, 0, "Offres écartées du classement (ni notées ni classées)", self.f["title"]
        )
        for n, (offer_id, why) in enumerate(ev.set_aside.items(), start=1):
            offer = received.offer(offer_id)
            self._text(ws, r + n, 0, offer.lot)
            self._text(ws, r + n, 1, offer.id)
            self._text(ws, r + n, 2, offer.bidder)
            if c_tot > 3:
                ws.merge_range(r + n, 3, r + n, c_tot, safe_text(why), self.f["wrap"])
            else:
                self._text(ws, r + n, 3, why, "wrap")
            self._text(ws, r + n, c_el, "écartée")


def _node_points(ev: Evaluation) -> dict[tuple[str, str], Fraction]:
    out: dict[tuple[str, str], Fraction] = {}
    for ln in ev.lines:
        for node in (*ln.parents, ln.criterion):
            out[(ln.offer, node)] = out.get((ln.offer, node), Fraction(0)) + ln.points
    return out
