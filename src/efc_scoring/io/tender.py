"""Load a tender: its YAML definition, its offers and the committee's marks.

A tender folder holds::

    tender.yaml        the tender (lots, criteria, questions, evaluators, axes)
    offers/*.yaml      one offer a file (or a list of offers in a file), and/or
    offers.xlsx|.csv   one row per offer: id, bidder, lot, price, one column per
                       question id (the answers), ``values.<key>`` columns
    scores.csv         the committee's marks: evaluator, offer, criterion, value,
                       justification[, timestamp]
    rounds/<id>/       the offers and marks of a later round of a procedure with
                       negotiation (``offers/``, ``offers.csv``, ``scores.csv``),
                       for each round the tender declares after the initial one

The tender folder itself holds the initial round; ``load_tender("marche/rounds/finale")``
reads ``marche/tender.yaml`` with the offers and marks of the round ``finale``.

Every problem of every file is collected and raised at once as a
:class:`~efc_scoring.errors.TenderError`, each with its file, line or cell,
the path of the field, what was found and how to fix it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from efc_scoring._deprecation import moved_names, renamed_keywords
from efc_scoring.errors import ErrorCode, Problem, TenderError
from efc_scoring.io._problems import format_path, pydantic_findings
from efc_scoring.io._yaml import YamlDoc, read_yaml
from efc_scoring.model.tender import Tender

__all__ = [
    "ROUNDS_DIR",
    "SCORE_COLUMNS",
    "TenderValidation",
    "load_marks",
    "load_tender",
    "read_scores_csv",
    "round_folder",
    "tender_root",
    "validate_tender",
    "validation_problems",
]

#: The folder of a tender that holds its later rounds (``rounds/<id>/``).
ROUNDS_DIR = "rounds"

SCORE_COLUMNS = ("evaluator", "offer", "criterion", "value", "justification", "timestamp")
_TENDER_NAMES = ("tender.yaml", "tender.yml")
_UNION_TAGS = {"rubric", "price", "numeric"}


class _Source:
    """Where a record came from: a YAML node, a CSV line or a spreadsheet row."""

    def __init__(
        self,
        file: str,
        doc: YamlDoc | None = None,
        prefix: tuple[str | int, ...] = (),
        line: int | None = None,
        cells: dict[str, str] | None = None,
    ) -> None:
        self.file, self.doc, self.prefix, self.line, self.cells = file, doc, prefix, line, cells

    def locate(self, rel: tuple[str | int, ...]) -> tuple[int | None, str | None]:
        if self.doc is not None:
            return self.doc.line_of(self.prefix + rel), None
        cell = None
        if self.cells is not None and rel:
            cell = self.cells.get(".".join(str(p) for p in rel[:2])) or self.cells.get(str(rel[0]))
        return self.line, cell


@renamed_keywords(scores="marks")
def load_tender(
    path: str | Path, *, marks: str | Path | None = None, check_environment: bool = True
) -> Tender:
    """Load a tender from a folder or a single YAML file.

    Parameters
    ----------
    path
        A folder holding ``tender.yaml`` (and optionally ``offers/``,
        ``offers.xlsx`` or ``offers.csv``, ``scores.csv``), or a YAML file.
    marks
        A CSV of committee marks to use instead of the folder's ``scores.csv``.
    check_environment
        False leaves the environmental criterion rule of 21 August 2026 to
        :func:`efc_scoring.check_method`, which reports it among its findings
        (the method check before publication reads a tender file that may
        still break it).

    Raises
    ------
    TenderError
        With every problem found, each with file, line and field path.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> tender.lots[0].label
    'Lot unique : produits d’entretien et d’hygiène'
    """
    validation = validate_tender(path, marks=marks, check_environment=check_environment)
    if validation.tender is None:
        raise TenderError(list(validation.problems), summary=validation.summary)
    return validation.tender


@dataclass(frozen=True)
class TenderValidation:
    """Everything :func:`validate_tender` found: the tender (None when it has errors), the
    errors and the warnings, each with its file, line or cell, field path and code.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from efc_scoring import sample_path
    >>> folder = Path(tempfile.mkdtemp()) / "marche"
    >>> _ = shutil.copytree(sample_path("nettoyage"), folder)
    >>> (folder / "offers" / "O2-proprete-bugey.yaml").unlink()  # scores.csv still names O2
    >>> result = validate_tender(folder)
    >>> result.ok, result.tender is None, len(result.problems)
    (False, True, 12)
    >>> print(str(result.problems[0]).split(": ", 1)[1])
    offer: offre inconnue 'O2' (connues : 'O1', 'O3', 'O4', 'O5')
        → corriger l'identifiant de l'offre
    >>> result.problems[0].line  # of scores.csv
    14
    """

    tender: Tender | None
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    summary: str = ""

    @property
    def ok(self) -> bool:
        """No error (there may be warnings)."""
        return not self.problems


def validate_tender(
    path: str | Path, *, marks: str | Path | None = None, check_environment: bool = True
) -> TenderValidation:
    """Check a tender folder and list every error and every warning, all at once.

    Never raises for a problem of the files: errors are in ``problems`` (then
    ``tender`` is None). Warnings are what is allowed but deserves a look: an
    offer that does not answer a question: the engine proposes no level for it
    and every output says « pas de réponse » (it is never read as level 0).

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> result = validate_tender(sample_path("nettoyage"))
    >>> result.ok, len(result.warnings)
    (True, 0)
    """
    path = Path(path)
    if not path.exists():
        missing = Problem(
            str(path),
            "",
            "fichier ou dossier introuvable",
            "vérifier le chemin",
            code=ErrorCode.MISSING,
        )
        return TenderValidation(None, (missing,), (), "fichier introuvable")
    folder = path if path.is_dir() else path.parent
    root, round_id = tender_root(path)
    try:
        tender_file = _find_tender_file(path if round_id is None else root)
    except TenderError as exc:
        return TenderValidation(None, tuple(exc.problems), (), "pas de marché")
    doc = read_yaml(tender_file, _display(tender_file))
    problems: list[Problem] = list(doc.problems)
    if doc.ok and not isinstance(doc.data, dict):
        problems.append(
            Problem(
                doc.file,
                "",
                "le fichier du marché doit être une table de clés (id, title, lots, criteria...)",
                "partir de `efc-scoring schema` ou d'un exemple fourni",
                line=1,
                code=ErrorCode.TYPE,
            )
        )
    raw: dict[str, Any] = dict(doc.data) if isinstance(doc.data, dict) else {}
    inline_offers = _as_list(raw.get("offers"))
    inline_scores = _as_list(raw.get("scores"))
    offer_sources: list[_Source] = [
        _Source(doc.file, doc, ("offers", i)) for i in range(len(inline_offers))
    ]
    score_sources: list[_Source] = [
        _Source(doc.file, doc, ("scores", i)) for i in range(len(inline_scores))
    ]
    if path.is_dir():
        offers, sources, found = _read_offer_files(folder)
        problems += found
        raw["offers"] = inline_offers + offers
        offer_sources += sources
    score_file = Path(marks) if marks is not None else folder / "scores.csv"
    if marks is not None or (path.is_dir() and score_file.exists()):
        rows, sources, found = read_scores_csv(score_file)
        problems += found
        raw["scores"] = inline_scores + rows
        score_sources += sources
    summary = f"le marché {_display(tender_file)} comporte des erreurs"
    files = [doc.file, *(s.file for s in offer_sources), *(s.file for s in score_sources)]
    tender: Tender | None = None
    if isinstance(doc.data, dict):
        try:
            tender = Tender.model_validate(
                raw, context={"defer_environment": not check_environment}
            )
        except ValidationError as exc:
            problems += validation_problems(
                exc, _Source(doc.file, doc), offer_sources, score_sources, raw
            )
    if problems:
        return TenderValidation(None, tuple(ordered(problems, files)), (), summary)
    assert tender is not None
    if round_id is not None:
        try:
            _check_round(tender, round_id, doc.file)
        except TenderError as exc:
            return TenderValidation(None, tuple(exc.problems), (), summary)
    warnings = ordered(_warnings(tender, offer_sources), files)
    return TenderValidation(tender, (), tuple(warnings), "")


def _warnings(tender: Tender, offer_sources: list[_Source]) -> list[Problem]:
    """What is allowed but deserves a look: an offer that does not answer a question."""
    found: list[Problem] = []
    for i, offer in enumerate(tender.offers):
        source = offer_sources[i] if i < len(offer_sources) else _Source("<tender>")
        for q in tender.questions:
            if (offer.answers.get(q.id) or "").strip():
                continue
            line, cell = source.locate(("answers", q.id))
            if line is None and cell is None:
                line, cell = source.locate(("id",))
            found.append(
                Problem(
                    source.file,
                    f"answers.{q.id}",
                    f"l'offre {offer.id} ne répond pas à la question {q.id} : aucun niveau ne "
                    "lui est proposé, elle figure « pas de réponse » dans les grilles, l'ordre du "
                    "jour, la comparaison et le rapport (jamais un niveau 0 d'office)",
                    "vérifier que la réponse n'a pas été oubliée à la saisie de l'offre avant "
                    "que la commission ne la note",
                    line=line,
                    cell=cell,
                    code=ErrorCode.NO_ANSWER,
                )
            )
    return found


def tender_root(path: str | os.PathLike[str]) -> tuple[Path, str | None]:
    """The folder of the tender and the round a path designates (None: the initial round).

    ``marche`` and ``marche/tender.yaml`` are the tender (its initial round);
    ``marche/rounds/finale`` is the round ``finale`` of the tender ``marche``.

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> root, round_id = tender_root(sample_path("nettoyage"))
    >>> root.name, round_id
    ('nettoyage', None)
    """
    p = Path(path)
    folder = p if p.is_dir() or not p.suffix else p.parent
    if (
        folder.parent.name == ROUNDS_DIR
        and not any((folder / name).exists() for name in _TENDER_NAMES)
        and any((folder.parent.parent / name).exists() for name in _TENDER_NAMES)
    ):
        return folder.parent.parent, folder.name
    return folder, None


def round_folder(tender_path: str | os.PathLike[str], round_id: str | None) -> Path:
    """The folder of a round's offers and marks (the tender folder for the initial round)."""
    root, _ = tender_root(tender_path)
    return root if round_id is None else root / ROUNDS_DIR / round_id


def _check_round(tender: Tender, round_id: str, file: str) -> None:
    declared = [r for r in tender.round_list]
    ids = [r.id for r in declared]
    if round_id not in ids or round_id == ids[0]:
        later = ", ".join(ids[1:]) or "aucun"
        raise TenderError(
            [
                Problem(
                    file,
                    "rounds",
                    f"le dossier {ROUNDS_DIR}/{round_id} ne correspond à aucun tour déclaré après "
                    f"les offres initiales (tours suivants déclarés : {later})",
                    "déclarer le tour dans `rounds` du marché (les offres initiales sont celles "
                    "du dossier du marché lui-même)",
                    code=ErrorCode.UNKNOWN_ID,
                )
            ]
        )


def _as_list(value: Any) -> list[Any]:
    """The items of a list read from YAML; anything else is left for the model to refuse."""
    return list(value) if isinstance(value, list) else []


def ordered(problems: list[Problem], files: list[str] | None = None) -> list[Problem]:
    """Problems grouped by file (in the order ``files`` were read), by line within a file."""
    rank: dict[str, int] = {}
    for name in files or []:
        rank.setdefault(name, len(rank))
    for p in problems:
        rank.setdefault(p.file, len(rank))
    return sorted(problems, key=lambda p: (rank[p.file], p.line or 0))


def load_marks(path: str | Path, tender: Tender) -> Tender:
    """Return a copy of ``tender`` whose marks are those of the CSV file ``path``.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> len(load_marks(sample_path("nettoyage") / "scores.csv", tender).marks) > 0
    True
    """
    rows, sources, problems = read_scores_csv(Path(path))
    data = tender.model_dump(mode="python", exclude={"marks"})
    data["scores"] = rows  # the file format's name: errors are located as scores[i]
    summary = f"les notes de {path} comportent des erreurs"
    try:
        loaded = Tender.model_validate(data)
    except ValidationError as exc:
        problems += validation_problems(exc, _Source("<tender>"), [], sources, data)
        raise TenderError(ordered(problems), summary=summary) from None
    if problems:
        raise TenderError(ordered(problems), summary=summary)
    return loaded


def read_scores_csv(path: Path) -> tuple[list[dict[str, Any]], list[_Source], list[Problem]]:
    """Read committee marks from a tidy CSV; values are never coerced.

    The file is read by the one CSV reader of the library
    (:func:`efc_scoring.io._csv.read_csv`: RFC 4180 quoting, the delimiter chosen
    from the whole file, records of the wrong length refused at their line) and
    each mark by the one number parser (:func:`efc_scoring.model._number.parse_number`):
    a blank, ``NC``, ``1e3`` or an unquoted decimal comma under a comma delimiter
    (``E1,O1,c,4,5,...``) is reported with its line, never read as 0 or as 4.
    """
    from efc_scoring.io._csv import read_csv
    from efc_scoring.model._number import NumberError, parse_number

    name = _display(path)
    table = read_csv(
        path, required=SCORE_COLUMNS[:5], numeric=lambda column: column == "value", name=name
    )
    problems = list(table.problems)
    unknown = [c for c in table.header if c not in SCORE_COLUMNS]
    if unknown:
        problems.append(
            Problem(
                name,
                "",
                f"colonne inconnue {', '.join(unknown)} dans l'en-tête",
                f"utiliser les colonnes {', '.join(SCORE_COLUMNS)} (timestamp est facultative)",
                line=1,
                code=ErrorCode.HEADER,
            )
        )
        return [], [], problems
    rows: list[dict[str, Any]] = []
    sources: list[_Source] = []
    for line, record in table.rows():
        try:
            value = parse_number(record["value"], what="la note")
        except NumberError as exc:
            problems.append(
                Problem(name, "value", exc.message, exc.fix, line=line, code=ErrorCode.VALUE)
            )
            continue
        out: dict[str, Any] = {
            k: v.strip() if k != "justification" else v for k, v in record.items()
        }
        out["value"] = value
        if not out.get("timestamp"):
            out.pop("timestamp", None)
        rows.append(out)
        sources.append(_Source(name, line=line))
    return rows, sources, problems


def validation_problems(
    exc: ValidationError,
    tender_source: _Source,
    offer_sources: list[_Source],
    score_sources: list[_Source],
    raw: dict[str, Any] | None = None,
) -> list[Problem]:
    """Turn a pydantic error into French problems located in their files.

    With the ``raw`` data that was validated, the tender's cross-field rules
    also run on the parts that are valid and stand-ins for the others
    (:func:`efc_scoring.io._salvage.cross_findings`), so that every problem is
    reported at once.
    """
    findings = pydantic_findings(exc, Tender, is_tag=_is_union_tag)
    if raw is not None:
        from efc_scoring.io._salvage import cross_findings

        findings += cross_findings(raw)
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for loc, message, fix, code, related in findings:
        key = (format_path(loc), message)
        if key in seen:
            continue
        seen.add(key)
        problems.append(
            _locate(loc, message, fix, code, tender_source, offer_sources, score_sources, related)
        )
    return problems


def _locate(
    loc: tuple[str | int, ...],
    message: str,
    fix: str,
    code: ErrorCode | str,
    tender_source: _Source,
    offer_sources: list[_Source],
    score_sources: list[_Source],
    related: list[tuple[tuple[str | int, ...], str]] | None = None,
) -> Problem:
    if related:
        lines = [(tender_source.locate(r)[0], name) for r, name in related]
        shown = [f"{name} ligne {line}" for line, name in lines if line is not None]
        if shown:
            message += f" [{', '.join(shown)}]"
    source, rel = tender_source, loc
    if (
        len(loc) >= 2
        and loc[0] == "offers"
        and isinstance(loc[1], int)
        and loc[1] < len(offer_sources)
    ):
        source, rel = offer_sources[loc[1]], loc[2:]
    elif (
        len(loc) >= 2
        and loc[0] == "scores"
        and isinstance(loc[1], int)
        and loc[1] < len(score_sources)
    ):
        source, rel = score_sources[loc[1]], loc[2:]
    line, cell = source.locate(rel)
    path = format_path(loc if source is tender_source else rel)
    return Problem(source.file, path, message, fix, line=line, cell=cell, code=code)


def _is_union_tag(loc: tuple[Any, ...], i: int) -> bool:
    return i > 0 and loc[i - 1] == "scoring" and loc[i] in _UNION_TAGS


def _find_tender_file(path: Path) -> Path:
    if path.is_file():
        return path
    for name in _TENDER_NAMES:
        if (path / name).exists():
            return path / name
    raise TenderError(
        [
            Problem(
                str(path),
                "",
                "ce dossier ne contient pas de tender.yaml",
                "écrire la définition du marché dans tender.yaml (voir `efc-scoring schema`)",
                code=ErrorCode.MISSING,
            )
        ]
    )


def _read_offer_files(folder: Path) -> tuple[list[dict[str, Any]], list[_Source], list[Problem]]:
    offers: list[dict[str, Any]] = []
    sources: list[_Source] = []
    problems: list[Problem] = []
    offer_dir = folder / "offers"
    if offer_dir.is_dir():
        for file in sorted([*offer_dir.glob("*.yaml"), *offer_dir.glob("*.yml")]):
            doc = read_yaml(file, _display(file))
            problems += doc.problems
            if not doc.ok:
                continue
            items = doc.data if isinstance(doc.data, list) else [doc.data]
            for i, item in enumerate(items):
                prefix: tuple[str | int, ...] = (i,) if isinstance(doc.data, list) else ()
                offers.append(item)
                sources.append(_Source(doc.file, doc, prefix))
    for name in ("offers.xlsx", "offers.csv"):
        file = folder / name
        if file.exists():
            from efc_scoring.io.offers_table import read_offers_table

            rows, cells, found = read_offers_table(file)
            problems += found
            offers += rows
            sources += [_Source(_display(file), line=c.get("__line__"), cells=c) for c in cells]
    return offers, sources, problems


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


__getattr__ = moved_names(__name__, {"load_scores": ("load_marks", load_marks)})
