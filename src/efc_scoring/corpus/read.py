"""Read a corpus of answers: tender folders, an OCDS file, or a CSV/Parquet table.

Every row is checked (ids present, axis known, year and date readable, no answer
given twice); every problem is reported with its file and line (or its tender
folder, offer and question), all at once, in a :class:`~efc_scoring.errors.CorpusError`.
No row is ever dropped silently: with ``on_error="skip"`` the bad rows are left
out *and listed* in :attr:`Corpus.problems`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from efc_scoring.corpus._sources import RawRow, TenderInfo, folder_rows, ocds_rows, table_rows
from efc_scoring.corpus.schema import ANSWER_COLUMNS
from efc_scoring.errors import CorpusError, ErrorCode, ParameterError, Problem
from efc_scoring.model.axis import AxisLexicon

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.progress.plan import ProgressPlan

__all__ = ["Corpus", "read_corpus"]

_IDS = ("tender", "lot", "offer", "question")
_TEXTS = ("bidder", "question_text", "answer")
_FIRST_YEAR, _LAST_YEAR = 1990, 2200


@dataclass(frozen=True)
class Corpus:
    """Answers of many tenders, checked, with the tenders' own axes and progress plans.

    Attributes
    ----------
    answers : pandas.DataFrame
        One row per offer and open question, columns
        :data:`~efc_scoring.corpus.schema.ANSWER_COLUMNS`, in the source's order.
    axes : dict
        Tender id -> the reading-grid axes the tender defines (may be empty).
    plans : tuple of ProgressPlan
        Progress plans found beside the tenders, with their reviews recorded.
    problems : tuple of Problem
        Rows left out with ``on_error="skip"`` (empty otherwise), each located.
    source : str
        What was read.

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> corpus = read_corpus(sample_path("nettoyage"))
    >>> len(corpus), corpus.answers["tender"].unique().tolist()
    (15, ['nettoyage-2027'])
    """

    answers: pd.DataFrame
    axes: Mapping[str, tuple[AxisLexicon, ...]] = field(default_factory=dict)
    plans: tuple[ProgressPlan, ...] = ()
    problems: tuple[Problem, ...] = ()
    source: str = ""

    def __len__(self) -> int:
        return len(self.answers)

    def tenders(self) -> pd.DataFrame:
        """One row per tender: sector, year, offers, answers, answered (non-empty answers)."""
        df = self.answers.assign(answered=self.answers["answer"].str.strip().str.len() > 0)
        grouped = df.groupby("tender", sort=False, dropna=False)
        out = grouped.agg(
            sector=("sector", "first"),
            year=("year", "first"),
            offers=("offer", "nunique"),
            answers=("answer", "size"),
            answered=("answered", "sum"),
        )
        return out.reset_index()

    def __repr__(self) -> str:
        n_tenders = self.answers["tender"].nunique()
        return (
            f"Corpus({len(self)} answers, {n_tenders} tenders, {len(self.plans)} plans, "
            f"{len(self.problems)} problems, source={self.source!r})"
        )

    def _repr_html_(self) -> str:
        from efc_scoring import present

        head = (
            f"<p>Corpus : {present.count(len(self), 'réponse')} de "
            f"{present.count(int(self.answers['tender'].nunique()), 'marché')}, "
            f"{present.count(len(self.plans), 'plan')} de progrès"
            + (f", {present.count(len(self.problems), 'ligne')} écartées" if self.problems else "")
            + "</p>"
        )
        return head + self.tenders().to_html(index=False)


def read_corpus(
    source: str | os.PathLike[str] | pd.DataFrame,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    sectors: Mapping[str, str] | None = None,
    axes: Iterable[AxisLexicon | Mapping[str, Any]] | None = None,
) -> Corpus:
    """Gather the answers of a corpus of tenders and check every row.

    Parameters
    ----------
    source
        - a folder of tender folders (each with its ``tender.yaml``, offers and
          optionally progress plans in sub-folders: ``plan/plan.yaml`` and
          ``review-N.yaml``), or one tender folder; an optional ``tenders.csv``
          at its root gives each tender's ``sector`` (and ``year``);
        - an OCDS file (``.json``: release or record package; ``.jsonl``: one
          per line) whose bids carry their answers (``efcScoring.answers``, as
          :func:`~efc_scoring.ocds.to_ocds` writes them with ``include_bids=True``);
        - a table (``.csv`` in UTF-8 with ``,`` or ``;``, ``.parquet``, or a
          pandas DataFrame) with the columns ``tender, lot, offer, question,
          axis, answer`` and optionally ``bidder, question_text, sector, year, date``
          (and ``source``: a DataFrame's own says where each row came from).
    on_error
        ``"raise"`` (default): any bad row raises, with every problem listed.
        ``"skip"``: bad rows are left out and listed in :attr:`Corpus.problems`.
    sectors
        Tender id -> sector, overriding what the source says.
    axes
        Axes (:class:`~efc_scoring.model.axis.AxisLexicon`) added to every tender
        of a table (tender folders and OCDS files carry their own).

    Raises
    ------
    CorpusError
        With every problem found, each with its file, line or folder, and the fix.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"tender": ["T1", "T1"], "lot": ["L1", "L1"],
    ...     "offer": ["O1", "O2"], "question": ["q1", "q1"], "axis": ["packaging", "eau"],
    ...     "answer": ["Nous reprenons les bidons vides.", ""]})
    >>> read_corpus(table)
    Traceback (most recent call last):
      ...
    efc_scoring.errors.CorpusError: 1 problème trouvé:
      - <tableau>:3: axis: axe inconnu 'eau' ...
    >>> corpus = read_corpus(table, on_error="skip")
    >>> len(corpus), corpus.problems[0].line
    (1, 3)
    """
    if on_error not in ("raise", "skip"):
        raise ParameterError(f"on_error vaut 'raise' ou 'skip', pas {on_error!r}")
    infos: dict[str, TenderInfo] = {}
    extra = tuple(
        a if isinstance(a, AxisLexicon) else AxisLexicon.model_validate(a) for a in axes or ()
    )
    if _is_frame(source):
        shown = "<tableau>"
        rows, problems = _frame_rows(source)
    else:
        path = Path(source)  # type: ignore[arg-type]
        shown = str(path)
        if not path.exists():
            raise CorpusError(
                [
                    Problem(
                        str(path),
                        "",
                        "fichier ou dossier introuvable",
                        "vérifier le chemin",
                        code=ErrorCode.MISSING,
                    )
                ]
            )
        suffix = path.suffix.lower()
        if path.is_dir():
            rows, infos, problems = folder_rows(path)
        elif suffix in (".csv", ".parquet", ".pq"):
            rows, problems = table_rows(path)
        elif suffix in (".json", ".jsonl"):
            rows, infos, problems = ocds_rows(path)
        else:
            raise CorpusError(
                [
                    Problem(
                        path.name,
                        "",
                        f"type de fichier non reconnu ({suffix or 'sans extension'})",
                        "donner un dossier de marchés, un fichier OCDS (.json, .jsonl) ou un "
                        "tableau (.csv, .parquet)",
                        code=ErrorCode.FORMAT,
                    )
                ]
            )
    if problems and not rows:
        raise CorpusError(problems, summary=_summary(problems, shown))
    for tender_id in {str(r.values.get("tender") or "") for r in rows} - set(infos):
        infos[tender_id] = TenderInfo()
    if extra:
        for info in infos.values():
            info.axes = (*info.axes, *extra)
    records, bad = _check(rows, infos, sectors or {})
    problems = [*problems, *bad]
    if problems and on_error == "raise":
        raise CorpusError(problems, summary=_summary(problems, shown))
    answers = _frame(records)
    used = set(answers["tender"].unique())
    return Corpus(
        answers=answers,
        axes={t: info.axes for t, info in infos.items() if t in used},
        plans=tuple(p for t, info in infos.items() if t in used for p in info.plans),
        problems=tuple(problems),
        source=shown,
    )


def _summary(problems: list[Problem], shown: str) -> str:
    n = len(problems)
    return f"{n} problème{'s' if n > 1 else ''} trouvé{'s' if n > 1 else ''}" + (
        f" dans {shown}" if shown != "<tableau>" else ""
    )


def _is_frame(source: object) -> bool:
    return type(source).__name__ == "DataFrame" and hasattr(source, "columns")


def _frame_rows(df: Any) -> tuple[list[RawRow], list[Problem]]:
    from efc_scoring.corpus._sources import _header_problems

    header = [str(c) for c in df.columns]
    problems = _header_problems(header, "<tableau>")
    if problems:
        return [], problems
    records = df.to_dict(orient="records")
    rows = [
        RawRow({k: _none(v) for k, v in record.items()}, "<tableau>", i + 2)
        for i, record in enumerate(records)
    ]
    return rows, []


def _none(value: Any) -> Any:
    """pandas' missing values (NaN, NA, NaT) as None."""
    try:
        import pandas as pd

        if pd.api.types.is_scalar(value) and pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _text(value: Any) -> str | None:
    """A cell as text: strings stripped, integers written plainly, anything else None."""
    value = _none(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None


def _check(
    rows: list[RawRow], infos: dict[str, TenderInfo], sectors: Mapping[str, str]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    from efc_scoring.evidence.lexicon import as_lexicons

    problems: list[Problem] = []
    records: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str], RawRow] = {}
    lots: dict[tuple[str, str], tuple[str, RawRow]] = {}
    lexicons: dict[str, Any] = {}

    for raw in rows:
        found: list[Problem] = []

        def bad(
            column: str,
            message: str,
            fix: str,
            code: ErrorCode,
            raw: RawRow = raw,
            found: list[Problem] = found,
        ) -> None:
            found.append(
                Problem(raw.file, _path(raw, column), message, fix, line=raw.line, code=code)
            )

        rec: dict[str, Any] = {}
        for col in _IDS:
            text = _text(raw.values.get(col))
            if text is None:
                bad(col, f"{col} doit être un texte", "écrire un identifiant", ErrorCode.TYPE)
            elif not text.strip():
                bad(col, f"{_WHAT[col]} est vide", _FIX[col], ErrorCode.EMPTY)
            else:
                rec[col] = text.strip()
        for col in _TEXTS:
            text = _text(raw.values.get(col))
            if text is None:
                bad(col, f"{col} doit être un texte", "écrire du texte", ErrorCode.TYPE)
            else:
                rec[col] = text.strip() if col != "answer" else text
        axis = _text(raw.values.get("axis"))
        rec["axis"] = (axis or "").strip() or None
        if axis is None:
            bad("axis", "axis doit être un texte", "écrire l'identifiant de l'axe", ErrorCode.TYPE)
        elif rec["axis"] is not None and "tender" in rec:
            tender = rec["tender"]
            if tender not in lexicons:
                info = infos.get(tender)
                lexicons[tender] = as_lexicons(info.axes if info else None)
            lex = lexicons[tender]
            if rec["axis"].lower() not in lex.aliases:
                bad(
                    "axis",
                    f"axe inconnu {rec['axis']!r} ; axes connus : {', '.join(sorted(lex.axes))}",
                    "corriger l'axe, le laisser vide pour que le moteur le déduise, ou le définir "
                    "dans les axes du marché (axes: dans tender.yaml)",
                    ErrorCode.UNKNOWN_AXIS,
                )
        sector = _text(raw.values.get("sector"))
        rec["sector"] = (sector or "").strip() or None
        if "tender" in rec and rec["tender"] in sectors:
            rec["sector"] = str(sectors[rec["tender"]])
        rec["date"] = _day(raw.values.get("date"), bad)
        rec["year"] = _year(raw.values.get("year"), rec["date"], bad)
        given = _text(raw.values.get("source")) if raw.file == "<tableau>" else None
        rec["source"] = given.strip() if given and given.strip() else raw.where()
        if not found and all(c in rec for c in _IDS):
            key = (rec["tender"], rec["offer"], rec["question"])
            if key in seen:
                first = seen[key]
                bad(
                    "question",
                    f"la réponse de l'offre {key[1]!r} à la question {key[2]!r} du marché "
                    f"{key[0]!r} est déjà donnée ({first.where()})",
                    "garder une seule ligne par offre et par question",
                    ErrorCode.DUPLICATE_ID,
                )
            else:
                seen[key] = raw
            lot_key = (rec["tender"], rec["offer"])
            known = lots.setdefault(lot_key, (rec["lot"], raw))
            if known[0] != rec["lot"]:
                bad(
                    "lot",
                    f"l'offre {rec['offer']!r} est au lot {known[0]!r} ({known[1].where()}) "
                    f"et ici au lot {rec['lot']!r}",
                    "une offre porte sur un seul lot : donner un identifiant d'offre par lot",
                    ErrorCode.VALUE,
                )
        if found:
            problems += found
        else:
            records.append(rec)
    return records, problems


_WHAT = {
    "tender": "l'identifiant du marché",
    "lot": "le lot",
    "offer": "l'identifiant de l'offre",
    "question": "l'identifiant de la question",
}
_FIX = {
    "tender": "indiquer le marché de la réponse",
    "lot": "indiquer le lot de l'offre (L1 pour un lot unique)",
    "offer": "indiquer l'offre qui donne la réponse",
    "question": "indiquer la question ouverte à laquelle l'offre répond",
}


def _path(raw: RawRow, column: str) -> str:
    return f"{raw.path} : {column}" if raw.path and raw.file != "<tableau>" else column


def _day(value: Any, bad: Any) -> str | None:
    value = _none(value)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return date.fromisoformat(
            text[:10] if len(text) > 10 and text[10] == "T" else text
        ).isoformat()
    except ValueError:
        bad(
            "date",
            f"date illisible {text!r}",
            "écrire la date au format 2027-03-15",
            ErrorCode.VALUE,
        )
        return None


def _year(value: Any, day: str | None, bad: Any) -> int | None:
    value = _none(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return int(day[:4]) if day else None
    try:
        if isinstance(value, bool):
            raise ValueError
        year = int(value) if not isinstance(value, float) or value.is_integer() else None
        if isinstance(value, str):
            year = int(value.strip())
    except ValueError:
        year = None
    if year is None or not _FIRST_YEAR <= year <= _LAST_YEAR:
        bad(
            "year",
            f"année illisible {value!r}",
            "écrire l'année sur quatre chiffres (2027)",
            ErrorCode.VALUE,
        )
        return None
    if day is not None and int(day[:4]) != year:
        bad(
            "year",
            f"l'année {year} ne correspond pas à la date {day}",
            "corriger l'année ou la date, ou n'en donner qu'une",
            ErrorCode.VALUE,
        )
    return year


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    data = {col: [r.get(col) for r in records] for col in ANSWER_COLUMNS}
    df = pd.DataFrame(data, columns=list(ANSWER_COLUMNS))
    for col in ANSWER_COLUMNS:
        if col == "year":
            df[col] = df[col].astype("Int16")
        else:
            df[col] = df[col].astype("string")
    return df
