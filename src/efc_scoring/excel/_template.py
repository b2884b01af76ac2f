"""The evaluator grid's template: sheets, columns, rows, the guide sheet, and its digest.

Writer and reader share this module, so that what the reader expects is, by
construction, what the writer wrote: the rows of an evaluator's grid, the cells
of the « Consignes » sheet, and the SHA-256 of every template-owned cell.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import pairwise
from typing import Any

from efc_scoring import present
from efc_scoring.excel._styles import FEATURES
from efc_scoring.excel.safety import clean_text
from efc_scoring.model.committee import Evaluator
from efc_scoring.model.criteria import RubricScoring
from efc_scoring.model.scale import Scale
from efc_scoring.model.tender import Tender

FORMAT = "efc-scoring/grille-evaluation"
FORMAT_VERSION = "1"
#: Start of the metadata key of a row's proposal (« proposition O2 env »): its value is
#: the proposed level and a fingerprint of the proposed justification (« 3|9f86d08188 »),
#: so that an edit of either cell is reported at the cell. Grids written before have none.
PROPOSAL_KEY = "proposition "
#: Metadata keys covered by the digest (with the template cells).
DIGEST_META_KEYS = ("format", "format_version", "tender_id", "evaluator_id", "blind", "grid_sheet")
GRID_SHEET = "Grille"
GUIDE_SHEET = "Consignes"
META_SHEET = "_meta"
HEADER_ROW = 3  # 0-based: title, subtitle, blank, header
FIRST_ROW = HEADER_ROW + 1


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    wrap: bool = False
    hidden: bool = False


COLUMNS = (
    Column("offer_key", "clé offre", 8, hidden=True),
    Column("criterion_key", "clé critère", 8, hidden=True),
    Column("lot", "Lot", 5),
    Column("offer", "Offre", 13, wrap=True),
    Column("criterion", "Critère", 16, wrap=True),
    Column("question", "Question", 22, wrap=True),
    Column("answer", "Réponse du candidat (passages relevés en couleur)", 62, wrap=True),
    Column("proposed", "Niveau proposé", 8),
    Column("proposed_why", "Justification proposée", 26, wrap=True),
    Column("level", "Votre niveau", 8),
    Column("justification", "Votre justification (obligatoire)", 30, wrap=True),
    Column("weight", "Poids (pts)", 6),
    Column("points", "Points", 7),
)
COL = {c.key: i for i, c in enumerate(COLUMNS)}
#: Columns whose content the template owns (checked and hashed), in hash order.
TEMPLATE_KEYS = (
    "offer_key",
    "criterion_key",
    "lot",
    "offer",
    "criterion",
    "question",
    "answer",
    "proposed",
    "proposed_why",
    "weight",
)

NO_QUESTION = (
    "Pas de question ouverte pour ce critère : apprécier l'offre sur le mémoire "
    "technique et les pièces du dossier."
)
NO_ANSWER = "(aucune réponse du candidat)"
#: What replaces the bidder's own name, trade names and offer id in a blind grid.
BLIND_MASK = "[candidat]"


def col_letter(index: int) -> str:
    """Spreadsheet letters of a 0-based column index (0 -> A, 26 -> AA)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def blind_key(position: int) -> str:
    """Pseudonym letter of the offer at ``position`` (0 -> A, 25 -> Z, 26 -> AA)."""
    return col_letter(position)


@dataclass(frozen=True)
class GridRow:
    """One row of a grid: an offer and a rubric criterion."""

    offer_id: str
    offer_key: str
    criterion_id: str
    lot: str
    offer_label: str
    criterion_label: str
    question: str
    segments: tuple[tuple[str, str | None], ...]  # bidder text in pieces, with a feature code
    weight: Decimal
    scale: Scale
    question_ids: tuple[str, ...] = ()
    proposed: Decimal | None = None
    proposed_why: str = ""
    proposed_note: str = ""  # « à relire » when the engine proposes no level

    @property
    def answer(self) -> str:
        """The cell's text: the pieces joined, then cleaned (whatever cut them)."""
        return clean_text("".join(text for text, _ in self.segments))


def offer_labels(tender: Tender, blind: bool) -> dict[str, tuple[str, str]]:
    """Offer id -> (key written in the grid, label shown)."""
    out = {}
    for i, offer in enumerate(tender.offers):
        if blind:
            letter = blind_key(i)
            out[offer.id] = (letter, f"Offre {letter}")
        else:
            out[offer.id] = (offer.id, f"{offer.id} — {offer.bidder}")
    return out


def grid_rows(
    tender: Tender, blind: bool, spans: dict[tuple[str, str], Any] | None = None
) -> list[GridRow]:
    """The rows of an evaluator's grid; ``spans`` maps (offer, question) to evidence spans."""
    return list(iter_grid_rows(tender, blind, spans))


def iter_grid_rows(
    tender: Tender,
    blind: bool,
    spans: dict[tuple[str, str], Any] | None = None,
    *,
    digest_order: bool = False,
) -> Iterator[GridRow]:
    """The rows of :func:`grid_rows`, one at a time: in the grid's order (offers, then
    criteria), or with ``digest_order`` sorted by their canonical keys as the digest sorts
    them."""
    labels = offer_labels(tender, blind)
    rubric = [c for c in tender.leaves if isinstance(c.scoring, RubricScoring)]
    mentions = None
    if blind:  # the bidder's own name, trade names and offer id are masked in its answers
        from efc_scoring.committee.mentions import BidderMentions, mask_segments

        mentions = BidderMentions(tender)
    offers = list(tender.offers)
    if digest_order:
        offers.sort(key=lambda o: canon(labels[o.id][0]))
        rubric.sort(key=lambda c: canon(c.id))
    # what depends on the criterion only, once per criterion (not once per offer)
    per_criterion = []
    for crit in rubric:
        assert isinstance(crit.scoring, RubricScoring)
        questions = tender.questions_for(crit.id)
        if not questions:
            qtext = crit.description.strip() or "—"
        else:
            numbered = len(questions) > 1
            qtext = "\n".join(
                (f"{i}. " if numbered else "") + q.text.strip() for i, q in enumerate(questions, 1)
            )
        label = f"{crit.label} ({_num(crit.weight)} pts)"
        per_criterion.append(
            (crit, crit.scoring.scale, questions, qtext, label, tuple(q.id for q in questions))
        )
    for offer in offers:
        key, label = labels[offer.id]
        for crit, scale, questions, qtext, criterion_label, question_ids in per_criterion:
            segments: list[tuple[str, str | None]] = []
            if not questions:
                segments.append((NO_QUESTION, None))
            else:
                numbered = len(questions) > 1
                for i, q in enumerate(questions, 1):
                    if numbered:
                        segments.append(((("\n\n" if i > 1 else "") + f"{i}. "), None))
                    text = offer.answers.get(q.id, "")
                    if not text.strip():
                        segments.append((NO_ANSWER, None))
                        continue
                    found = (spans or {}).get((offer.id, q.id)) or ()
                    runs = split_spans(text, found)
                    if mentions is not None:
                        ranges = mentions.mask_ranges(text, offer.id)
                        runs = mask_segments(runs, ranges, BLIND_MASK)
                    segments += runs
            yield GridRow(
                offer.id,
                key,
                crit.id,
                offer.lot,
                label,
                criterion_label,
                qtext,
                tuple(segments),
                crit.weight,
                scale,
                question_ids,
            )


def split_spans(text: str, spans: Any) -> list[tuple[str, str | None]]:
    """Cut ``text`` into runs, each coloured by the most specific code of the spans over it."""
    if not spans:  # no evidence (grids without proposals): one plain run
        return [(text, None)] if text else []
    from efc_scoring.excel._styles import FEATURE_PRIORITY

    rank = {c: i for i, c in enumerate(FEATURE_PRIORITY)}
    found = [
        (max(0, int(s.start)), min(len(text), int(s.end)), s.code)
        for s in spans
        if getattr(s, "code", None) in rank
    ]
    found = [(a, b, c) for a, b, c in found if a < b]
    if not found:
        return [(text, None)] if text else []
    cuts = sorted({0, len(text), *(a for a, _, _ in found), *(b for _, b, _ in found)})
    runs: list[tuple[str, str | None]] = []
    for a, b in pairwise(cuts):
        over = [c for s, e, c in found if s <= a and b <= e]
        code = min(over, key=rank.__getitem__) if over else None
        if runs and runs[-1][1] == code:
            runs[-1] = (runs[-1][0] + text[a:b], code)
        else:
            runs.append((text[a:b], code))
    return runs


# ------------------------------------------------------------------ guide sheet
@dataclass
class Guide:
    """Cells of the « Consignes » sheet and where the reader finds weights and scales."""

    cells: list[tuple[int, int, Any, str]] = field(default_factory=list)
    scale_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)  # value cells, col A
    weight_cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    row: int = 0

    def put(self, col: int, value: Any, style: str = "text") -> None:
        self.cells.append((self.row, col, value, style))

    def line(self, *values: Any, style: str = "text") -> None:
        for col, value in enumerate(values):
            if value is not None and value != "":
                self.put(col, value, style)
        self.row += 1


INSTRUCTIONS = (
    "Dans l'onglet « Grille », une ligne par offre et par critère noté par la commission.",
    "Lisez la question et la réponse du candidat. Les passages en couleur sont ceux que le moteur "
    "d'analyse a relevés (légende ci-dessous) ; le niveau proposé et sa justification ne sont "
    "qu'une proposition, à confirmer ou corriger.",
    "« Votre niveau » (cases jaunes) : choisissez un niveau de l'échelle dans la liste. N'écrivez "
    "ni « NC », ni « - », ni « 4,5 », ni de formule. Une case vide veut dire « non noté », "
    "jamais 0.",
    "« Votre justification » : obligatoire. Elle peut être communiquée aux candidats évincés. "
    "Une case rouge signale un niveau sans justification.",
    "Ne modifiez pas les autres cellules ; n'insérez ni ne supprimez de lignes ; ne renommez pas "
    "les onglets et ne fusionnez pas de cellules. La grille est protégée (sans mot de passe) et "
    "son contenu est vérifié à l'import.",
    "Enregistrez au format .xlsx (pas .xlsm, pas de mot de passe) et renvoyez le fichier à "
    "l'acheteur sans le renommer.",
)


def guide_layout(tender: Tender, evaluator: Evaluator, blind: bool) -> Guide:
    """The « Consignes » sheet, cell by cell (a pure function of its arguments)."""
    g = Guide()
    g.line(f"Grille d'évaluation — {tender.title}", style="title")
    g.line(f"Acheteur : {tender.buyer} — marché {tender.id} ({tender.procedure})")
    g.line(f"Évaluateur : {evaluator.name} ({evaluator.role_label}, identifiant {evaluator.id})")
    if blind:
        g.line(
            "Notation à l'aveugle : les noms des candidats et les prix sont masqués "
            "(offres désignées par une lettre).",
            style="strong",
        )
    g.row += 1
    g.line("Comment remplir la grille", style="h2")
    for i, text in enumerate(INSTRUCTIONS, 1):
        g.line(f"{i}.", text, style="wrap")
    scales: dict[str, Scale] = {}
    for leaf in tender.leaves:
        if isinstance(leaf.scoring, RubricScoring):
            scales.setdefault(leaf.scoring.scale.id, leaf.scoring.scale)
    for scale in scales.values():
        g.row += 1
        g.line(f"Échelle : {scale.label}", style="h2")
        g.line("Niveau", "Libellé", "Ce que la réponse doit montrer", style="th")
        first = g.row
        for level in scale.levels:
            g.line(level.value, level.label, level.descriptor, style="td")
        g.scale_ranges[scale.id] = (first, g.row - 1)
    g.row += 1
    g.line("Légende des passages relevés dans les réponses", style="h2")
    g.line("Code", "Élément relevé", style="th")
    for code, (label, _) in FEATURES.items():
        g.put(0, code, f"code:{code}")
        g.put(1, label, f"code:{code}")
        g.row += 1
    g.row += 1
    g.line("Critères et pondérations (points sur 100)", style="h2")
    g.line("Code", "Critère", "Notation", "Poids", style="th")
    for node, parents in tender.nodes.values():
        method = {
            "rubric": "par la commission",
            "price": "formule de prix",
            "numeric": "valeur déclarée",
        }.get(node.scoring.method if node.scoring else "", "somme des sous-critères")
        g.put(0, node.id, "td")
        g.put(1, "    " * len(parents) + node.label, "td")
        g.put(2, method, "td")
        g.put(3, node.weight, "td_num")
        g.weight_cells[node.id] = (g.row, 3)
        g.row += 1
    g.row += 1
    g.line("Offres", style="h2")
    labels = offer_labels(tender, blind)
    if blind:
        g.line("Offre", "Lot", style="th")
        for offer in tender.offers:
            g.line(labels[offer.id][1], offer.lot, style="td")
    else:
        g.line("Offre", "Candidat", "Lot", f"Prix total ({tender.currency} HT)", style="th")
        for offer in tender.offers:
            price = offer.total_price
            g.put(0, offer.id, "td")
            g.put(1, offer.bidder, "td")
            g.put(2, offer.lot, "td")
            g.put(3, price if price is not None else "—", "td_money" if price is not None else "td")
            g.row += 1
    return g


# ---------------------------------------------------------------------- digest
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CANON_CHANGES = re.compile("_x|x005F_")  # what canon() changes in a text


def canon_as_is(texts: Any) -> bool:
    """Whether :func:`canon` leaves each of ``texts`` (a sequence) as it is: all are texts,
    none holding « _x » nor « x005F_ » (one search of them all, not two a text)."""
    return set(map(type, texts)) == {str} and not _CANON_CHANGES.search("\x00".join(texts))


def canon(value: Any) -> str:
    """A cell value as the reader sees it, in one canonical text form."""
    if value.__class__ is str and "_x" not in value and "x005F_" not in value:
        return value  # the usual case, first
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return format(d.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    # XlsxWriter escapes `_xHHHH_` as `_x005F_xHHHH_`; openpyxl then drops every `x005F_`.
    text = str(value)
    if "_x" not in text and "x005F_" not in text:
        return text
    return _ESCAPED.sub(r"_x005F\1", text).replace("x005F_", "")


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest_payload(
    meta: dict[str, str], rows: list[list[str]], guide: list[tuple[str, str]]
) -> bytes:
    """Canonical bytes of the template-owned cells (rows sorted: sorting the grid is allowed).

    The JSON text of ``{"meta": meta, "rows": sorted(rows), "guide": sorted(guide)}``;
    :class:`TemplateDigest` computes its hashes without holding the rows.
    """
    return digest_payload_of(meta, rows_json(rows), guide)


def rows_json(rows: list[list[str]]) -> bytes:
    """The rows' part of :func:`digest_payload`: each row's JSON, sorted, joined by commas."""
    return _dumps(sorted(rows))[1:-1]


def digest_payload_of(meta: dict[str, str], rows: bytes, guide: list[tuple[str, str]]) -> bytes:
    """:func:`digest_payload` from the rows' part already made (:func:`rows_json`)."""
    return _digest_head(meta) + rows + _digest_tail(guide)


def _digest_head(meta: dict[str, str]) -> bytes:
    return b'{"meta":' + _dumps(meta) + b',"rows":['


def _digest_tail(guide: list[tuple[str, str]]) -> bytes:
    return b'],"guide":' + _dumps([list(g) for g in sorted(guide)]) + b"}"


def payload_digests(
    meta: dict[str, str], rows: bytes, guide: list[tuple[str, str]], key: bytes | str | None
) -> tuple[str, str | None]:
    """The SHA-256 and the HMAC (None without a key) of :func:`digest_payload_of`, fed in
    its three pieces (the payload, as large as the answers, is never copied whole)."""
    digest = TemplateDigest(meta, key)
    digest.update(rows)
    return digest.finish(guide)


def row_json(entry: list[str]) -> bytes:
    """One row of the payload (its template cells' canonical texts, in TEMPLATE_KEYS order)."""
    return _dumps(entry)


class TemplateDigest:
    """The SHA-256 (and HMAC) of :func:`digest_payload`, fed row by row in sorted order."""

    def __init__(self, meta: dict[str, str], key: bytes | str | None) -> None:
        head = _digest_head(meta)
        self._sha = hashlib.sha256(head)
        self._mac = None
        if key is not None:
            raw = key.encode("utf-8") if isinstance(key, str) else key
            self._mac = hmac.new(raw, head, hashlib.sha256)

    def update(self, chunk: bytes) -> None:
        """Feed rows' JSON, already joined by commas and in sorted order."""
        self._sha.update(chunk)
        if self._mac is not None:
            self._mac.update(chunk)

    def finish(self, guide: list[tuple[str, str]]) -> tuple[str, str | None]:
        """The SHA-256 and the HMAC (None without a key), hexadecimal.

        The guide's entries are fed one by one: the bytes are those of
        :func:`_digest_tail`, never held whole (a guide lists every offer)."""
        self.update(b'],"guide":[')
        for i, (coordinate, text) in enumerate(sorted(guide)):
            self.update(b"," + _dumps([coordinate, text]) if i else _dumps([coordinate, text]))
        self.update(b"]}")
        return self._sha.hexdigest(), (self._mac.hexdigest() if self._mac is not None else None)


def why_fingerprint(canonical: str) -> str:
    """A short fingerprint of a proposed justification's canonical text."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def sha256(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def hmac_sha256(key: bytes | str, payload: bytes) -> str:
    raw = key.encode("utf-8") if isinstance(key, str) else key
    return hmac.new(raw, payload, hashlib.sha256).hexdigest()


def _num(x: Decimal) -> str:
    return present.number(x, up_to=None)
