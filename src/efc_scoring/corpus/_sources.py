"""Gather raw answer rows from the three kinds of source, each row with where it came from.

A raw row is a :class:`RawRow`: the values of the answer columns as found
(strings, numbers or ``None``) and its location (file, line, field path). The
checks shared by every source live in :mod:`efc_scoring.corpus.read`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from efc_scoring.errors import ErrorCode, InputError, Problem
from efc_scoring.model.axis import AxisLexicon

__all__ = ["RawRow", "TenderInfo", "folder_rows", "ocds_rows", "table_rows"]

#: The index of a folder corpus: one row per tender (sector, year).
INDEX_NAME = "tenders.csv"
_TENDER_FILES = ("tender.yaml", "tender.yml")
_REVIEW = re.compile(r"^review-(\d+)\.ya?ml$")


@dataclass
class RawRow:
    """One answer as found in its source, before the checks."""

    values: dict[str, Any]
    file: str
    line: int | None = None
    path: str = ""

    def where(self) -> str:
        """Readable location, for the ``source`` column."""
        text = self.file + (f":{self.line}" if self.line is not None else "")
        return text + (f" ({self.path})" if self.path else "")


@dataclass
class TenderInfo:
    """What a source says of one tender besides its answers."""

    axes: tuple[AxisLexicon, ...] = ()
    plans: list[Any] = field(default_factory=list)


def _display(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root.parent)
    except ValueError:
        return str(path)
    return rel.as_posix()


# ------------------------------------------------------------------------ tables
def table_rows(path: Path) -> tuple[list[RawRow], list[Problem]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or Parquet table, with their line."""
    if path.suffix.lower() in (".parquet", ".pq"):
        return _parquet_rows(path)
    return _csv_rows(path)


def _csv_rows(path: Path) -> tuple[list[RawRow], list[Problem]]:
    """Rows of a CSV table, read by the library's one CSV reader
    (:func:`efc_scoring.io._csv.read_csv`: RFC 4180 quoting, the delimiter chosen from the
    whole file, a row of the wrong length refused at the line where it starts)."""
    from efc_scoring.corpus.schema import REQUIRED_COLUMNS
    from efc_scoring.io._csv import read_csv

    name = path.name
    table = read_csv(path, required=REQUIRED_COLUMNS, name=name)
    stopping = ("csv_syntax", "encoding", "too_large", "missing", "delimiter")
    if any(p.code in stopping for p in table.problems):
        return [], list(table.problems)
    header = [h.strip() for h in table.header]
    if not header or not any(header):
        return [], [_empty_table(name)]
    problems = _header_problems(header, name)
    if problems:
        return [], problems
    problems = [p for p in table.problems if p.code != "header"]
    rows = [
        RawRow(dict(zip(header, record.fields, strict=True)), name, record.line)
        for record in table.records
        if any(cell.strip() for cell in record.fields)
    ]
    return rows, problems


def _parquet_rows(path: Path) -> tuple[list[RawRow], list[Problem]]:
    import pyarrow.parquet as pq

    name = path.name
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for an unreadable file
        return [], [
            Problem(
                name,
                "",
                f"fichier Parquet illisible ({type(exc).__name__})",
                "réécrire le tableau avec pandas.DataFrame.to_parquet ou le fournir en CSV",
                code=ErrorCode.CORPUS,
            )
        ]
    header = list(table.column_names)
    problems = _header_problems(header, name)
    if problems:
        return [], problems
    columns = {c: table.column(c).to_pylist() for c in header}
    rows = [
        RawRow({c: columns[c][i] for c in header}, name, i + 2)
        for i in range(table.num_rows)
        if any(columns[c][i] not in (None, "") for c in header)
    ]
    return rows, []


def _empty_table(name: str) -> Problem:
    return Problem(
        name,
        "",
        "le tableau est vide",
        "mettre l'en-tête tender, lot, offer, question, axis, answer puis une ligne par réponse",
        line=1,
        code=ErrorCode.EMPTY,
    )


def _header_problems(header: list[str], name: str) -> list[Problem]:
    from efc_scoring.corpus.schema import ANSWER_COLUMNS, REQUIRED_COLUMNS

    problems = [
        Problem(
            name,
            "",
            f"l'en-tête n'a pas de colonne {col!r}",
            "nommer les colonnes tender, lot, offer, question, axis, answer "
            "(et au besoin bidder, question_text, sector, year, date)",
            line=1,
            code=ErrorCode.HEADER,
        )
        for col in REQUIRED_COLUMNS
        if col not in header
    ]
    known = set(ANSWER_COLUMNS)
    for col in header:
        if col not in known:
            problems.append(
                Problem(
                    name,
                    "",
                    f"colonne inconnue {col!r}",
                    "retirer la colonne ou la renommer : " + ", ".join(ANSWER_COLUMNS),
                    line=1,
                    code=ErrorCode.HEADER,
                )
            )
    seen: set[str] = set()
    for col in header:
        if col in seen:
            problems.append(
                Problem(
                    name,
                    "",
                    f"la colonne {col!r} apparaît deux fois",
                    "garder une seule colonne de ce nom",
                    line=1,
                    code=ErrorCode.HEADER,
                )
            )
        seen.add(col)
    return problems


# ----------------------------------------------------------------------- folders
def tender_folders(root: Path) -> list[Path]:
    """Folders holding a tender file under ``root`` (``root`` itself if it holds one)."""
    if any((root / n).is_file() for n in _TENDER_FILES):
        return [root]
    found = set()
    for name in _TENDER_FILES:
        for path in root.rglob(name):
            rel = path.relative_to(root).parts
            if not any(part.startswith(".") for part in rel):
                found.add(path.parent)
    return sorted(found)


def folder_rows(
    root: Path,
) -> tuple[list[RawRow], dict[str, TenderInfo], list[Problem]]:
    """Every offer's answer to every open question of every tender folder under ``root``."""
    from efc_scoring.io.tender import load_tender

    rows: list[RawRow] = []
    infos: dict[str, TenderInfo] = {}
    problems: list[Problem] = []
    folders = tender_folders(root)
    if not folders:
        problems.append(
            Problem(
                root.name,
                "",
                "aucun dossier de marché (tender.yaml) dans ce dossier ni dans ses sous-dossiers",
                "donner un dossier qui contient un dossier par marché, chacun avec son tender.yaml",
                code=ErrorCode.MISSING,
            )
        )
        return rows, infos, problems
    index = _read_index(root, problems)
    seen: dict[str, str] = {}
    for folder in folders:
        shown = _display(folder, root)
        try:
            tender = load_tender(folder)
        except InputError as exc:
            problems += exc.problems
            continue
        if tender.id in seen:
            problems.append(
                Problem(
                    f"{shown}/tender.yaml",
                    "id",
                    f"le marché {tender.id!r} est déjà dans {seen[tender.id]}",
                    "donner un identifiant différent à chaque marché du corpus",
                    code=ErrorCode.DUPLICATE_ID,
                )
            )
            continue
        seen[tender.id] = shown
        extra = index.pop(tender.id, {})
        sector = extra.get("sector")
        year = extra.get("year")
        day = tender.award_date.isoformat() if tender.award_date else None
        info = TenderInfo(axes=tuple(tender.axes))
        infos[tender.id] = info
        for offer in tender.offers:
            for q in tender.questions:
                rows.append(
                    RawRow(
                        {
                            "tender": tender.id,
                            "lot": offer.lot,
                            "offer": offer.id,
                            "bidder": offer.bidder,
                            "question": q.id,
                            "question_text": q.text,
                            "axis": q.axis,
                            "answer": offer.answers.get(q.id, ""),
                            "sector": sector,
                            "year": year,
                            "date": day,
                        },
                        shown,
                        path=f"offre {offer.id}, question {q.id}",
                    )
                )
        info.plans.extend(_plans(folder, root, tender.id, problems))
    for tender_id, extra in index.items():
        problems.append(
            Problem(
                f"{root.name}/{INDEX_NAME}",
                "tender",
                f"le marché {tender_id!r} n'est pas dans le corpus",
                "corriger l'identifiant (celui du champ id de tender.yaml) ou retirer la ligne",
                line=extra["line"],
                code=ErrorCode.UNKNOWN_ID,
            )
        )
    return rows, infos, problems


def _read_index(root: Path, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    """``tenders.csv`` at the corpus root: ``tender, sector[, year]`` per tender."""
    path = root / INDEX_NAME
    if not path.is_file():
        return {}
    name = f"{root.name}/{INDEX_NAME}"
    from efc_scoring.io._csv import read_csv

    table = read_csv(path, required=("tender", "sector"), name=name)
    header = [h.strip() for h in table.header]
    if any(p.code != "header" for p in table.problems):
        problems.extend(p for p in table.problems if p.code != "header")
        return {}
    if "tender" not in header or "sector" not in header:
        problems.append(
            Problem(
                name,
                "",
                "l'en-tête doit avoir les colonnes tender et sector (et au besoin year)",
                "écrire l'en-tête tender,sector,year puis une ligne par marché",
                line=1,
                code=ErrorCode.HEADER,
            )
        )
        return {}
    out: dict[str, dict[str, Any]] = {}
    for line, record in table.rows():
        tender = (record.get("tender") or "").strip()
        if not tender:
            continue
        if tender in out:
            problems.append(
                Problem(
                    name,
                    "tender",
                    f"le marché {tender!r} est déjà à la ligne {out[tender]['line']}",
                    "garder une ligne par marché",
                    line=line,
                    code=ErrorCode.DUPLICATE_ID,
                )
            )
            continue
        out[tender] = {
            "sector": (record.get("sector") or "").strip() or None,
            "year": (record.get("year") or "").strip() or None,
            "line": line,
        }
    return out


def _plans(folder: Path, root: Path, tender_id: str, problems: list[Problem]) -> Iterator[Any]:
    """Progress plans of a tender folder (``*/plan.yaml`` and their ``review-N.yaml``)."""
    from efc_scoring.errors import ProgressError
    from efc_scoring.progress.io import load_plan, load_review
    from efc_scoring.progress.status import record_review

    for plan_file in sorted(folder.glob("*/plan.y*ml")):
        shown = _display(plan_file, root)
        try:
            plan = load_plan(plan_file)
            reviews = sorted(
                (int(m.group(1)), p)
                for p in plan_file.parent.iterdir()
                if (m := _REVIEW.match(p.name))
            )
            for _, review_file in reviews:
                plan = record_review(plan, load_review(review_file))
        except InputError as exc:
            problems += exc.problems
            continue
        except ProgressError as exc:
            problems.append(
                Problem(shown, "", str(exc), "corriger le bilan signalé", code=exc.code)
            )
            continue
        if plan.tender != tender_id:
            problems.append(
                Problem(
                    shown,
                    "tender",
                    f"le plan est celui du marché {plan.tender!r}, pas de {tender_id!r}",
                    "ranger le plan dans le dossier de son marché ou corriger son champ tender",
                    code=ErrorCode.UNKNOWN_ID,
                )
            )
            continue
        yield plan


# -------------------------------------------------------------------------- OCDS
def ocds_rows(path: Path) -> tuple[list[RawRow], dict[str, TenderInfo], list[Problem]]:
    """Answers of the bids of OCDS releases carrying the ``efcScoring`` extension.

    ``.json``: a release package, a record package or one release; ``.jsonl``:
    one of those per line. With several releases of one contracting process
    (``ocid``), the latest one with a tender is read.
    """
    name = path.name
    problems: list[Problem] = []
    releases: dict[str, tuple[dict[str, Any], str, int | None]] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return (
            [],
            {},
            [
                Problem(
                    name,
                    "",
                    "le fichier n'est pas en UTF-8",
                    "l'exporter en JSON UTF-8",
                    code=ErrorCode.ENCODING,
                )
            ],
        )
    documents: list[tuple[Any, int | None]] = []
    if path.suffix.lower() == ".jsonl":
        for n, text_line in enumerate(text.splitlines(), start=1):
            if text_line.strip():
                documents.append((_json(text_line, name, n, problems), n))
    else:
        documents.append((_json(text, name, None, problems), None))
    for doc, doc_line in documents:
        if doc is None:
            continue
        for where, release in _releases(doc):
            if not isinstance(release, dict) or not isinstance(release.get("tender"), dict):
                continue
            ocid = str(release.get("ocid") or release["tender"].get("id") or where)
            known = releases.get(ocid)
            if known is None or str(release.get("date") or "") >= str(known[0].get("date") or ""):
                releases[ocid] = (release, where, doc_line)
    if not releases and not problems:
        problems.append(
            Problem(
                name,
                "releases",
                "aucune publication OCDS avec un marché (tender) dans ce fichier",
                "exporter les marchés avec `efc-scoring ocds export --include-bids`",
                code=ErrorCode.MISSING,
            )
        )
    rows: list[RawRow] = []
    infos: dict[str, TenderInfo] = {}
    for release, where, at in releases.values():
        rows += _release_rows(release, where, name, at, infos, problems)
    return rows, infos, problems


def _json(text: str, name: str, line: int | None, problems: list[Problem]) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                name,
                "",
                f"JSON illisible : {exc.msg} (colonne {exc.colno})",
                "réexporter le fichier ; ne pas l'éditer à la main",
                line=line if line is not None else exc.lineno,
                code=ErrorCode.CORPUS,
            )
        )
        return None


def _releases(doc: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(doc, dict):
        return
    if isinstance(doc.get("releases"), list):
        for i, r in enumerate(doc["releases"]):
            yield f"releases[{i}]", r
    elif isinstance(doc.get("records"), list):
        for i, r in enumerate(doc["records"]):
            yield f"records[{i}].compiledRelease", (r or {}).get("compiledRelease")
    else:
        yield "", doc


def _release_rows(
    release: dict[str, Any],
    where: str,
    name: str,
    line: int | None,
    infos: dict[str, TenderInfo],
    problems: list[Problem],
) -> list[RawRow]:
    from pydantic import ValidationError

    tender = release["tender"]
    prefix = f"{where}." if where else ""
    ours = tender.get("efcScoring") or {}
    tender_id = str(tender.get("id") or release.get("ocid") or "")
    questions = [q for q in ours.get("questions") or [] if isinstance(q, dict)]
    axes: list[AxisLexicon] = []
    for i, raw in enumerate(ours.get("axes") or []):
        try:
            axes.append(AxisLexicon.model_validate(raw))
        except ValidationError as exc:
            problems.append(
                Problem(
                    name,
                    f"{prefix}tender.efcScoring.axes[{i}]",
                    f"axe de lecture invalide : {exc.errors()[0]['msg']}",
                    "corriger l'axe dans le marché d'origine puis réexporter",
                    line=line,
                    code=ErrorCode.INVALID,
                )
            )
    infos[tender_id] = TenderInfo(axes=tuple(axes))
    day = _release_day(release)
    sector = _sector(tender)
    bids = [b for b in (release.get("bids") or {}).get("details") or [] if isinstance(b, dict)]
    if questions and bids and not any("answers" in (b.get("efcScoring") or {}) for b in bids):
        problems.append(
            Problem(
                name,
                f"{prefix}bids.details",
                f"les offres du marché {tender_id!r} ne portent pas leurs réponses "
                "(efcScoring.answers) : une publication en données ouvertes les omet",
                "exporter le marché avec `efc-scoring ocds export --include-bids` "
                "(fichier d'échange, à ne pas publier)",
                line=line,
                code=ErrorCode.MISSING,
            )
        )
        return []
    rows = []
    for b, bid in enumerate((release.get("bids") or {}).get("details") or []):
        if not isinstance(bid, dict):
            continue
        ext = bid.get("efcScoring") or {}
        answers: dict[str, Any] = {}
        for a in ext.get("answers") or []:
            if isinstance(a, dict) and a.get("question") is not None:
                answers[str(a["question"])] = a.get("text")
        tenderers = bid.get("tenderers") or [{}]
        lots = bid.get("relatedLots") or [""]
        for q in questions:
            rows.append(
                RawRow(
                    {
                        "tender": tender_id,
                        "lot": lots[0],
                        "offer": bid.get("id"),
                        "bidder": (tenderers[0] or {}).get("name") or "",
                        "question": q.get("id"),
                        "question_text": q.get("text") or "",
                        "axis": q.get("axis"),
                        "answer": answers.get(str(q.get("id")), ""),
                        "sector": sector,
                        "year": day[:4] if day else None,
                        "date": day,
                    },
                    name,
                    line,
                    f"{prefix}bids.details[{b}], question {q.get('id')}",
                )
            )
    return rows


def _release_day(release: dict[str, Any]) -> str | None:
    tender = release.get("tender") or {}
    for value in (
        (tender.get("awardPeriod") or {}).get("startDate"),
        release.get("date"),
    ):
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
            return value[:10]
    return None


def _sector(tender: dict[str, Any]) -> str | None:
    for item in tender.get("items") or []:
        cls = (item or {}).get("classification") or {}
        if cls.get("description"):
            return str(cls["description"])
    category = tender.get("mainProcurementCategory")
    return str(category) if category else None
