"""Load a tender: its YAML definition, its offers and the committee's marks.

A tender folder holds::

    tender.yaml        the tender (lots, criteria, questions, evaluators, axes)
    offers/*.yaml      one offer a file (or a list of offers in a file), and/or
    offers.xlsx|.csv   one row per offer: id, bidder, lot, price, one column per
                       question id (the answers), ``values.<key>`` columns
    scores.csv         the committee's marks: evaluator, offer, criterion, value,
                       justification[, timestamp]

Every problem of every file is collected and raised at once as a
:class:`~efc_scoring.errors.TenderError`, each with its file, line or cell,
the path of the field, what was found and how to fix it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from efc_scoring.errors import ErrorCode, Problem, TenderError
from efc_scoring.io._yaml import YamlDoc, read_yaml
from efc_scoring.model._errors import ModelRuleError
from efc_scoring.model.tender import Tender

__all__ = ["SCORE_COLUMNS", "load_scores", "load_tender", "read_scores_csv", "validation_problems"]

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
            cell = self.cells.get(str(rel[0]))
        return self.line, cell


def load_tender(path: str | Path, *, scores: str | Path | None = None) -> Tender:
    """Load a tender from a folder or a single YAML file.

    Parameters
    ----------
    path
        A folder holding ``tender.yaml`` (and optionally ``offers/``,
        ``offers.xlsx`` or ``offers.csv``, ``scores.csv``), or a YAML file.
    scores
        A CSV of committee marks to use instead of the folder's ``scores.csv``.

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
    path = Path(path)
    if not path.exists():
        raise TenderError(
            [
                Problem(
                    str(path),
                    "",
                    "fichier ou dossier introuvable",
                    "vérifier le chemin",
                    code="missing",
                )
            ]
        )
    folder = path if path.is_dir() else path.parent
    tender_file = _find_tender_file(path)
    doc = read_yaml(tender_file, _display(tender_file))
    if not isinstance(doc.data, dict):
        raise TenderError(
            [
                Problem(
                    doc.file,
                    "",
                    "le fichier du marché doit être une table de clés "
                    "(id, title, lots, criteria...)",
                    "partir de `efc-scoring schema` ou d'un exemple fourni",
                    line=1,
                    code="type",
                )
            ]
        )
    raw: dict[str, Any] = dict(doc.data)
    offer_sources: list[_Source] = [
        _Source(doc.file, doc, ("offers", i)) for i in range(len(raw.get("offers") or []))
    ]
    score_sources: list[_Source] = [
        _Source(doc.file, doc, ("scores", i)) for i in range(len(raw.get("scores") or []))
    ]
    problems: list[Problem] = []
    if path.is_dir():
        offers, sources, found = _read_offer_files(folder)
        problems += found
        raw["offers"] = list(raw.get("offers") or []) + offers
        offer_sources += sources
    score_file = Path(scores) if scores is not None else folder / "scores.csv"
    if scores is not None or (path.is_dir() and score_file.exists()):
        rows, sources, found = read_scores_csv(score_file)
        problems += found
        raw["scores"] = list(raw.get("scores") or []) + rows
        score_sources += sources
    if problems:
        raise TenderError(problems)
    try:
        return Tender.model_validate(raw)
    except ValidationError as exc:
        raise TenderError(
            validation_problems(exc, _Source(doc.file, doc), offer_sources, score_sources),
            summary=f"le marché {_display(tender_file)} comporte des erreurs",
        ) from None


def load_scores(path: str | Path, tender: Tender) -> Tender:
    """Return a copy of ``tender`` whose marks are those of the CSV file ``path``.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> len(load_scores(sample_path("nettoyage") / "scores.csv", tender).scores) > 0
    True
    """
    rows, sources, problems = read_scores_csv(Path(path))
    if problems:
        raise TenderError(problems)
    data = tender.model_dump(mode="python", exclude={"scores"})
    data["scores"] = rows
    try:
        return Tender.model_validate(data)
    except ValidationError as exc:
        raise TenderError(
            validation_problems(exc, _Source("<tender>"), [], sources),
            summary=f"les notes de {path} ne correspondent pas au marché",
        ) from None


def read_scores_csv(path: Path) -> tuple[list[dict[str, Any]], list[_Source], list[Problem]]:
    """Read committee marks from a tidy CSV; values are never coerced.

    A decimal comma (``4,5``), a blank, ``NC`` or any text that is not a plain
    number is reported with its line, never read as 0.
    """
    name = _display(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return (
            [],
            [],
            [Problem(name, "", "fichier introuvable", "vérifier le chemin", code="missing")],
        )
    except UnicodeDecodeError:
        return (
            [],
            [],
            [
                Problem(
                    name,
                    "",
                    "le fichier n'est pas en UTF-8",
                    "l'enregistrer en CSV UTF-8",
                    code="encoding",
                )
            ],
        )
    dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in SCORE_COLUMNS[:5] if c not in header]
    unknown = [c for c in header if c not in SCORE_COLUMNS]
    problems: list[Problem] = []
    if missing or unknown:
        problems.append(
            Problem(
                name,
                "",
                f"en-tête {header!r} : "
                + (f"colonnes manquantes {missing}" if missing else "")
                + (" ; " if missing and unknown else "")
                + (f"colonnes inconnues {unknown}" if unknown else ""),
                f"utiliser les colonnes {', '.join(SCORE_COLUMNS)} (timestamp est facultative)",
                line=1,
                code="header",
            )
        )
        return [], [], problems
    rows: list[dict[str, Any]] = []
    sources: list[_Source] = []
    for row in reader:
        line = reader.line_num
        record = {k.strip(): (v if v is not None else "") for k, v in row.items() if k}
        value_text = record["value"].strip()
        if not _PLAIN_NUMBER.match(value_text):
            problems.append(
                Problem(
                    name,
                    "value",
                    f"la note {record['value']!r} n'est pas un nombre simple"
                    + (" (virgule décimale ?)" if re.fullmatch(r"\d+,\d+", value_text) else ""),
                    "écrire le niveau avec un point (4 ou 4.5) ; une case vide ne vaut pas 0",
                    line=line,
                    code="value",
                )
            )
            continue
        record["value"] = Decimal(value_text)
        if not record.get("timestamp"):
            record.pop("timestamp", None)
        rows.append(record)
        sources.append(_Source(name, line=line))
    return rows, sources, problems


_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def validation_problems(
    exc: ValidationError,
    tender_source: _Source,
    offer_sources: list[_Source],
    score_sources: list[_Source],
) -> list[Problem]:
    """Turn a pydantic error into problems located in their files."""
    problems: list[Problem] = []
    errors = exc.errors()
    deeper = {tuple(e["loc"][:n]) for e in errors for n in range(1, len(e["loc"]))}
    for err in errors:
        if err["type"] == "too_short" and tuple(err["loc"]) in deeper:
            continue  # "the list is empty" only because its items were refused: say why instead
        loc = tuple(p for i, p in enumerate(err["loc"]) if not _is_union_tag(err["loc"], i))
        rule = err.get("ctx", {}).get("error") if err["type"] == "value_error" else None
        if isinstance(rule, ModelRuleError):
            for rel, message, fix in rule.problems:
                problems.append(
                    _locate(
                        loc + _parse_path(rel),
                        message,
                        fix,
                        "rule",
                        tender_source,
                        offer_sources,
                        score_sources,
                    )
                )
        else:
            found = err.get("input")
            message = _PYDANTIC_FR.get(err["type"], err["msg"])
            if err["type"] == "extra_forbidden":
                message = f"clé inconnue {loc[-1]!r}"
                fix = "la retirer ou corriger son orthographe (voir `efc-scoring schema`)"
                close = _closest(str(loc[-1]), exc, loc)
                if close:
                    fix = f"vouliez-vous dire `{close}` ? " + fix
            elif err["type"] == "missing":
                fix = "ajouter cette clé"
            else:
                shown = repr(found)
                fix = f"valeur trouvée : {shown[:60] + ('...' if len(shown) > 60 else '')}"
            problems.append(
                _locate(
                    loc,
                    message,
                    fix,
                    ErrorCode.from_pydantic(err["type"]),
                    tender_source,
                    offer_sources,
                    score_sources,
                )
            )
    return problems


#: French messages for the pydantic errors a tender file meets most often.
_PYDANTIC_FR = {
    "missing": "clé obligatoire absente",
    "decimal_parsing": "un nombre est attendu",
    "decimal_type": "un nombre est attendu",
    "int_parsing": "un nombre entier est attendu",
    "float_parsing": "un nombre est attendu",
    "string_type": "un texte est attendu",
    "string_too_short": "ce texte ne peut pas être vide",
    "string_pattern_mismatch": (
        "identifiant invalide : lettres, chiffres, « _ », « . » et « - » seulement"
    ),
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "date_parsing": "une date AAAA-MM-JJ est attendue",
    "date_type": "une date AAAA-MM-JJ est attendue",
    "enum": "valeur non reconnue",
    "literal_error": "valeur non reconnue",
    "greater_than": "la valeur doit être strictement positive",
    "greater_than_equal": "la valeur ne peut pas être négative",
    "list_type": "une liste est attendue",
    "tuple_type": "une liste est attendue",
    "dict_type": "une table de clés est attendue",
    "model_type": "une table de clés est attendue",
    "too_short": "la liste ne peut pas être vide",
    "union_tag_invalid": "méthode de notation inconnue (rubric, price ou numeric)",
    "union_tag_not_found": "`method` manquant (rubric, price ou numeric)",
    "bool_parsing": "true ou false est attendu",
}


def _closest(key: str, exc: ValidationError, loc: tuple[str | int, ...]) -> str | None:
    """The allowed key nearest to a misspelt one, from the model's fields at that place."""
    import difflib

    from efc_scoring.model.tender import Tender

    model: Any = Tender
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    fields = list(getattr(model, "model_fields", {})) if model is not None else []
    match = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    return match[0] if match else None


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside ``tuple[Model, ...]``, ``Model | None`` and the like."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _locate(
    loc: tuple[str | int, ...],
    message: str,
    fix: str,
    code: ErrorCode | str,
    tender_source: _Source,
    offer_sources: list[_Source],
    score_sources: list[_Source],
) -> Problem:
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
    path = _format_path(loc if source is tender_source else rel)
    return Problem(source.file, path, message, fix, line=line, cell=cell, code=code)


def _is_union_tag(loc: tuple[Any, ...], i: int) -> bool:
    return i > 0 and loc[i - 1] == "scoring" and loc[i] in _UNION_TAGS


def _format_path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _parse_path(text: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return tuple(parts)


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
                code="missing",
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
            try:
                doc = read_yaml(file, _display(file))
            except TenderError as exc:
                problems += exc.problems
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


def parse_decimal(text: str) -> Decimal | None:
    """Parse a plain decimal number with a dot; None when it is not one."""
    try:
        return Decimal(text) if _PLAIN_NUMBER.match(text.strip()) else None
    except InvalidOperation:
        return None
