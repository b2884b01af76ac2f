"""Errors of efc_scoring: what went wrong, where, and how to fix it.

Every error derives from :class:`EfcError` and from the matching built-in
(``ValueError``, ``FileNotFoundError``...) so that callers can catch either.
Each carries a stable :class:`ErrorCode` (``error.code``) that scripts may test,
and a French message for the buyer. Errors about input files collect *every*
problem before raising, and expose them as ``problems`` (each with its own
code) and as a ``failure_cases`` DataFrame, as pandera's ``SchemaErrors`` does.

The command line reports an :class:`EfcError` in one French line (exit code 1);
any other exception is a bug of efc_scoring and is shown with its traceback.

Examples
--------
>>> from efc_scoring.errors import EfcError, ErrorCode, ScoringError
>>> try:
...     raise ScoringError("note manquante pour l'offre O2", code=ErrorCode.MISSING_MARK)
... except ValueError as exc:  # also a ValueError
...     (exc.code, exc.code.label, isinstance(exc, EfcError))
(<ErrorCode.MISSING_MARK: 'missing_mark'>, 'note manquante', True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from efc_scoring.present._labels import LabelledEnum

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AgreementError",
    "ConsensusError",
    "CorpusError",
    "CorpusRunError",
    "DefusedXmlMissingError",
    "EfcError",
    "ErrorCode",
    "GridError",
    "GridProblem",
    "GridWriteError",
    "InputError",
    "LedgerError",
    "LetterError",
    "LibreOfficeError",
    "MissingFileError",
    "ModelRuleError",
    "NotFoundError",
    "NumberError",
    "OutputPathError",
    "ParameterError",
    "PlanFileError",
    "Problem",
    "ProcedureError",
    "ProgressError",
    "ReportError",
    "ScoringError",
    "TenderError",
    "TextTooLongError",
    "UnknownAxisError",
    "UnsafeFileError",
    "rule_error",
]


class ErrorCode(LabelledEnum):
    """Stable codes of errors and of the problems found in input files.

    The value (``"decimal_comma"``) is what ``error.code``, ``problem.code`` and
    the ``code`` column of ``failure_cases`` hold; it never changes between
    versions. ``label`` says it in French. Codes are grouped by the step that
    finds them.

    Examples
    --------
    >>> ErrorCode("weights").label
    'pondérations incohérentes'
    >>> ErrorCode.DECIMAL_COMMA.value  # what scripts test
    'decimal_comma'
    """

    # -- any step --------------------------------------------------------------
    INVALID = "invalid", "donnée invalide"
    INVALID_ARGUMENT = "invalid_argument", "paramètre invalide"
    INVALID_DATE = "invalid_date", "date illisible ou impossible"
    NOT_FOUND = "not_found", "élément introuvable"
    MISSING = "missing", "fichier ou clé manquant"
    DEPENDENCY_MISSING = "dependency_missing", "logiciel nécessaire absent"
    # -- tender, offers and marks files (YAML, CSV) ----------------------------
    YAML = "yaml", "YAML illisible"
    ENCODING = "encoding", "encodage du fichier"
    HEADER = "header", "en-tête de tableau"
    ROW_LENGTH = "row_length", "ligne de longueur inattendue"
    VALUE = "value", "valeur non reconnue"
    TYPE = "type", "type de valeur inattendu"
    UNKNOWN_KEY = "unknown_key", "clé inconnue"
    EMPTY = "empty", "valeur vide"
    ID = "id", "identifiant invalide"
    RULE = "rule", "règle du modèle non respectée"
    DUPLICATE_ID = "duplicate_id", "identifiant en double"
    UNKNOWN_ID = "unknown_id", "identifiant inconnu"
    WEIGHTS = "weights", "pondérations incohérentes"
    UNKNOWN_AXIS = "unknown_axis", "axe de lecture inconnu"
    CSV_SYNTAX = "csv_syntax", "champ CSV mal formé"
    DELIMITER = "delimiter", "séparateur CSV non pris en charge"
    DUPLICATE_KEY = "duplicate_key", "clé en double"
    YAML_BOUND = "yaml_bound", "YAML démesuré (imbrication, alias)"
    NO_ANSWER = "no_answer", "pas de réponse à une question"
    # -- scoring ---------------------------------------------------------------
    SCORING = "scoring", "notation impossible"
    MISSING_MARK = "missing_mark", "note manquante"
    PRICE = "price", "prix inutilisable"
    # -- grids written and read back (preflight: the file before any parser) ---
    GRID_WRITE = "grid_write", "grilles impossibles à écrire"
    TEXT_TOO_LONG = "text_too_long", "texte trop long pour une cellule"
    NOT_XLSX = "not_xlsx", "pas un classeur .xlsx"
    FORMAT = "format", "format de fichier refusé"
    MACRO_FILE = "macro_file", "classeur à macros"
    MACRO = "macro", "macro"
    ACTIVEX = "activex", "contrôle ActiveX"
    OLE_OBJECT = "ole_object", "objet OLE incorporé"
    EXTERNAL_LINK = "external_link", "lien externe"
    DATA_CONNECTION = "data_connection", "connexion de données"
    ENCRYPTED = "encrypted", "classeur chiffré"
    CORRUPT = "corrupt", "archive illisible"
    TOO_LARGE = "too_large", "fichier trop volumineux"
    TOO_MANY_PARTS = "too_many_parts", "trop de parties dans l'archive"
    PART_TOO_LARGE = "part_too_large", "partie d'archive trop volumineuse"
    ZIP_BOMB = "zip_bomb", "archive à taux de compression suspect"
    DOCTYPE = "doctype", "déclaration DOCTYPE"
    USED_RANGE = "used_range", "plage de cellules démesurée"
    CELL_REFERENCE = "cell_reference", "cellule sans référence lisible"
    UNREADABLE = "unreadable", "classeur illisible"
    UNSAFE_FILE = "unsafe_file", "fichier refusé avant lecture"
    # -- grids: the template ---------------------------------------------------
    INVALID_GRID = "invalid_grid", "grille invalide"
    NOT_A_GRID = "not_a_grid", "pas une grille d'évaluation"
    FORMAT_VERSION = "format_version", "version de grille inconnue"
    WRONG_TENDER = "wrong_tender", "grille d'un autre marché"
    WRONG_EVALUATOR = "wrong_evaluator", "grille d'un autre évaluateur"
    UNKNOWN_EVALUATOR = "unknown_evaluator", "évaluateur inconnu"
    DUPLICATE_EVALUATOR = "duplicate_evaluator", "deux grilles du même évaluateur"
    GRID_MISSING = "grid_missing", "feuille de notation absente"
    GUIDE_MISSING = "guide_missing", "feuille des consignes absente"
    SHEET_RENAMED = "sheet_renamed", "feuille renommée"
    TEMPLATE_CHANGED = "template_changed", "modèle de grille modifié"
    TEMPLATE_HASH = "template_hash", "empreinte du modèle différente"
    PROPOSAL_CHANGED = "proposal_changed", "proposition du moteur modifiée"
    HMAC_MISMATCH = "hmac_mismatch", "signature HMAC invalide"
    HMAC_MISSING = "hmac_missing", "signature HMAC absente"
    HMAC_UNVERIFIED = "hmac_unverified", "grille signée lue sans la clé"
    PROTECTION_REMOVED = "protection_removed", "protection de feuille retirée"
    WEIGHT_CHANGED = "weight_changed", "pondération modifiée"
    MERGED_CELLS = "merged_cells", "cellules fusionnées"
    INSERTED_ROW = "inserted_row", "ligne insérée"
    MISSING_ROW = "missing_row", "ligne supprimée"
    DUPLICATE_ROW = "duplicate_row", "ligne en double"
    UNKNOWN_ROW = "unknown_row", "ligne inconnue"
    # -- grids: one mark cell --------------------------------------------------
    BLANK = "blank", "note non saisie"
    NC = "nc", "non coté (NC)"
    DASH = "dash", "tiret au lieu d'une note"
    DECIMAL_COMMA = "decimal_comma", "note décimale"
    DATE = "date", "date au lieu d'une note"
    ERROR_VALUE = "error_value", "valeur d'erreur du tableur"
    FORMULA = "formula", "formule au lieu d'une note"
    FULLWIDTH_DIGITS = "fullwidth_digits", "chiffres non ASCII"
    NOT_A_NUMBER = "not_a_number", "note non numérique"
    NUMBER_AS_TEXT = "number_as_text", "nombre saisi comme texte"
    OFF_SCALE = "off_scale", "note hors de l'échelle"
    MISSING_JUSTIFICATION = "missing_justification", "justification manquante"
    JUSTIFICATION_NOT_TEXT = "justification_not_text", "justification non textuelle"
    # -- committee -------------------------------------------------------------
    AGREEMENT = "agreement", "statistique d'accord impossible"
    CONSENSUS = "consensus", "consensus impossible à enregistrer"
    LETTER = "letter", "lettre impossible à écrire"
    REPORT = "report", "rapport impossible à établir"
    LEDGER = "ledger", "registre inutilisable"
    LEDGER_TRUNCATED = "truncated", "dernière ligne du registre coupée"
    LEDGER_MALFORMED = "malformed", "ligne du registre illisible"
    LEDGER_EDITED = "edited", "entrée du registre modifiée"
    LEDGER_KEY = "key", "clé du registre"
    LEDGER_REMOVED = "removed", "entrée du registre supprimée"
    LEDGER_INSERTED = "inserted", "entrée du registre insérée"
    LEDGER_REORDERED = "reordered", "entrées du registre déplacées"
    LEDGER_CHAIN = "chain", "chaînage du registre rompu"
    LEDGER_HEAD = "head", "dernière entrée du registre différente"
    # -- procedure around the analysis -----------------------------------------
    PROCEDURE = "procedure", "étape de procédure impossible"
    DECLARATION_MISSING = "declaration_missing", "déclaration d'absence de conflit d'intérêts"
    SEALED = "sealed", "notes individuelles scellées"
    ROUND_CHANGED = "round_changed", "tour clos modifié"
    EQUAL_TREATMENT = "equal_treatment", "égalité de traitement"
    OPTIONS_NOT_PRICED = "options_not_priced", "PSE ou tranches non comprises dans les prix"
    EXPORT = "export", "export de publication impossible"
    # -- progress plan ---------------------------------------------------------
    PROGRESS = "progress", "plan de progrès inutilisable"
    INVALID_PLAN = "invalid_plan", "fichier de plan invalide"
    # -- outputs and tools -----------------------------------------------------
    LIBREOFFICE = "libreoffice", "échec de LibreOffice"
    OUTPUT_PATH = "output_path", "chemin de sortie refusé"
    # -- corpus of tenders on Dask ---------------------------------------------
    CORPUS = "corpus", "corpus de réponses illisible"
    CLUSTER = "cluster", "échec de la grappe de calcul Dask"

    @classmethod
    def from_pydantic(cls, error_type: str) -> ErrorCode:
        """The code of a pydantic validation error type (``int_parsing`` -> ``type``).

        Examples
        --------
        >>> ErrorCode.from_pydantic("extra_forbidden"), ErrorCode.from_pydantic("int_parsing")
        (<ErrorCode.UNKNOWN_KEY: 'unknown_key'>, <ErrorCode.TYPE: 'type'>)
        """
        if error_type in _PYDANTIC:
            return _PYDANTIC[error_type]
        if error_type.endswith(("_parsing", "_type")):
            return cls.TYPE
        return cls.INVALID


_PYDANTIC = {
    "missing": ErrorCode.MISSING,
    "extra_forbidden": ErrorCode.UNKNOWN_KEY,
    "enum": ErrorCode.VALUE,
    "literal_error": ErrorCode.VALUE,
    "union_tag_invalid": ErrorCode.VALUE,
    "union_tag_not_found": ErrorCode.MISSING,
    "greater_than": ErrorCode.VALUE,
    "greater_than_equal": ErrorCode.VALUE,
    "less_than": ErrorCode.VALUE,
    "less_than_equal": ErrorCode.VALUE,
    "string_pattern_mismatch": ErrorCode.ID,
    "string_too_short": ErrorCode.EMPTY,
    "too_short": ErrorCode.EMPTY,
    "value_error": ErrorCode.RULE,
    "assertion_error": ErrorCode.RULE,
}


class EfcError(Exception):
    """Base class of every error raised by efc_scoring.

    ``code`` is a stable :class:`ErrorCode`; each subclass has a default one
    that a raise may refine (``code=ErrorCode.MISSING_MARK``).

    Examples
    --------
    >>> from efc_scoring import load_tender
    >>> try:
    ...     load_tender("dossier-absent")
    ... except EfcError as error:
    ...     print(type(error).__name__, error.code.value, error.problems[0].code.value)
    TenderError invalid missing
    """

    default_code: ClassVar[ErrorCode] = ErrorCode.INVALID

    def __init__(self, *args: object, code: ErrorCode | str | None = None) -> None:
        super().__init__(*args)
        self.code = ErrorCode(code) if code is not None else self.default_code


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where, what, and how to fix it.

    ``path`` is the path of the field inside the file
    (``criteria[2].children[0].weight``); ``line`` the 1-based line of the file
    when known; ``cell`` a spreadsheet cell such as ``Feuil1!C7``; ``code`` an
    :class:`ErrorCode` (a string is converted, an unknown one refused).

    Examples
    --------
    >>> p = Problem("tender.yaml", "criteria[0].weight", "la valeur doit être strictement positive",
    ...             "écrire un poids > 0", line=12, code="value")
    >>> print(p)
    tender.yaml:12: criteria[0].weight: la valeur doit être strictement positive
        → écrire un poids > 0
    >>> p.code
    <ErrorCode.VALUE: 'value'>
    """

    file: str
    path: str
    message: str
    fix: str = ""
    line: int | None = None
    cell: str | None = None
    code: ErrorCode = ErrorCode.INVALID

    if TYPE_CHECKING:  # the code may be given as its string value, converted on construction

        def __init__(
            self,
            file: str,
            path: str,
            message: str,
            fix: str = "",
            line: int | None = None,
            cell: str | None = None,
            code: ErrorCode | str = ErrorCode.INVALID,
        ) -> None: ...

    def __post_init__(self) -> None:
        if not isinstance(self.code, ErrorCode):
            object.__setattr__(self, "code", ErrorCode(self.code))

    def __str__(self) -> str:
        where = self.file or "<entrée>"
        if self.line is not None:
            where += f":{self.line}"
        if self.cell:
            where += f" [{self.cell}]"
        text = f"{where}: {self.path + ': ' if self.path else ''}{self.message}"
        if self.fix:
            text += f"\n    → {self.fix}"
        return text


class InputError(EfcError, ValueError):
    """An input file or object is invalid; ``problems`` lists every problem found.

    Examples
    --------
    >>> error = InputError([Problem("scores.csv", "level", "« 4,5 » n'est pas un niveau",
    ...                             "écrire un entier de 0 à 5", line=7, code="value")])
    >>> print(error)
    1 problème trouvé:
      - scores.csv:7: level: « 4,5 » n'est pas un niveau
        → écrire un entier de 0 à 5
    >>> error.failure_cases[["file", "line", "code"]].to_dict("records")
    [{'file': 'scores.csv', 'line': 7, 'code': 'value'}]
    """

    default_code = ErrorCode.INVALID

    def __init__(
        self,
        problems: Sequence[Problem],
        summary: str | None = None,
        *,
        code: ErrorCode | str | None = None,
    ) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        head = summary or f"{n} problème{'s' if n > 1 else ''} trouvé{'s' if n > 1 else ''}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems), code=code)

    @property
    def failure_cases(self) -> pd.DataFrame:
        """The problems as a DataFrame (file, line, cell, path, code, message, fix)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "file": p.file,
                    "line": p.line,
                    "cell": p.cell,
                    "path": p.path,
                    "code": str(p.code),
                    "message": p.message,
                    "fix": p.fix,
                }
                for p in self.problems
            ],
            columns=["file", "line", "cell", "path", "code", "message", "fix"],
        )


class TenderError(InputError):
    """A tender definition (tender file, offers, scores) is invalid.

    Examples
    --------
    Every problem of the folder is listed at once, with its line and field path:

    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from efc_scoring import load_tender, sample_path
    >>> folder = Path(tempfile.mkdtemp()) / "marche"
    >>> _ = shutil.copytree(sample_path("nettoyage"), folder)
    >>> tender_file = folder / "tender.yaml"
    >>> _ = tender_file.write_text(tender_file.read_text().replace("weight: 40", "weight: 45", 1))
    >>> try:
    ...     load_tender(folder)
    ... except TenderError as error:
    ...     problem = error.problems[0]
    ...     print(problem.line, problem.path, problem.code.value)
    ...     print(problem.message.split(" (")[0])
    27 criteria weights
    les critères principaux totalisent 105 points
    """


class CorpusError(InputError):
    """A corpus of answers (tender folders, OCDS file, CSV/Parquet table) holds bad rows.

    ``problems`` lists every bad row, each with its file and line (or tender
    folder, offer and question); no row is ever dropped silently.
    """

    default_code = ErrorCode.CORPUS


class PlanFileError(InputError):
    """A plan or review file is invalid; ``problems`` lists every problem found."""

    default_code = ErrorCode.INVALID_PLAN


#: Columns of :attr:`GridError.failure_cases`.
GRID_FAILURE_COLUMNS = ("file", "sheet", "cell", "offer", "criterion", "code", "message", "fix")


@dataclass(frozen=True)
class GridProblem(Problem):
    """A :class:`Problem` located in a workbook.

    ``cell`` is a coordinate of ``sheet`` (``J7``); ``offer`` and ``criterion``
    are the ids of the grid row, when the problem is in a row.

    Examples
    --------
    >>> p = GridProblem("grille-E1.xlsx", "", "« 4,5 » : virgule décimale", "écrire 4 ou 5",
    ...                 cell="J7", code="decimal_comma", sheet="Grille", offer="O2",
    ...                 criterion="env")
    >>> str(p).splitlines()[0]
    'grille-E1.xlsx [Grille!J7] (offre O2, critère env): « 4,5 » : virgule décimale'
    """

    sheet: str = ""
    offer: str = ""
    criterion: str = ""

    if TYPE_CHECKING:  # as for Problem: the code may be given as its string value

        def __init__(
            self,
            file: str,
            path: str,
            message: str,
            fix: str = "",
            line: int | None = None,
            cell: str | None = None,
            code: ErrorCode | str = ErrorCode.INVALID,
            sheet: str = "",
            offer: str = "",
            criterion: str = "",
        ) -> None: ...

    def __str__(self) -> str:
        where = self.file or "<classeur>"
        if self.cell or self.sheet:
            sheet = self.sheet + "!" if self.sheet and self.cell else self.sheet
            where += f" [{sheet}{self.cell or ''}]"
        if self.offer or self.criterion:
            where += f" (offre {self.offer or '?'}, critère {self.criterion or '?'})"
        text = f"{where}: {self.message}"
        if self.fix:
            text += f"\n    → {self.fix}"
        return text


class GridError(InputError):
    """Returned grids hold mistakes; ``problems`` lists all of them, of all files.

    ``failure_cases`` is a DataFrame with the columns file, sheet, cell, offer,
    criterion, code, message and fix.

    Examples
    --------
    >>> error = GridError([GridProblem("grille-E1.xlsx", "", "« 4,5 » : virgule décimale",
    ...                                "écrire 4 ou 5", cell="J7", code="decimal_comma",
    ...                                sheet="Grille", offer="O2", criterion="env")])
    >>> error.code.value
    'invalid_grid'
    >>> error.failure_cases[["sheet", "cell", "offer", "code"]].to_dict("records")
    [{'sheet': 'Grille', 'cell': 'J7', 'offer': 'O2', 'code': 'decimal_comma'}]
    """

    default_code = ErrorCode.INVALID_GRID

    @property
    def failure_cases(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [
                {c: str(getattr(p, c, "") or "") for c in GRID_FAILURE_COLUMNS}
                for p in self.problems
            ],
            columns=list(GRID_FAILURE_COLUMNS),
        )


class UnsafeFileError(GridError):
    """A file is refused before any parser reads it (hostile, macro-enabled, encrypted...)."""

    default_code = ErrorCode.UNSAFE_FILE


class ModelRuleError(EfcError, ValueError):
    """A cross-field rule of a model is broken.

    Raised inside model validators: pydantic wraps it and keeps it in the
    error's context, and the loaders unwrap it to report the full path of the
    field (``criteria[2].children[0].weight``), what was found and how to fix
    it. ``problems`` holds ``(relative_path, message, fix)`` triples; the path
    is relative to the model that raised it (empty for the model itself).
    ``related`` maps a problem's path to the fields it involves, as
    ``(relative_path, name)`` pairs (the children whose weights do not add up),
    which the loaders give with their lines; ``codes`` maps a problem's path to
    its own code when it differs from ``code``.
    """

    default_code = ErrorCode.RULE

    def __init__(
        self,
        problems: list[tuple[str, str, str]],
        *,
        code: ErrorCode | str | None = None,
        related: dict[str, list[tuple[str, str]]] | None = None,
        codes: dict[str, ErrorCode] | None = None,
    ) -> None:
        self.problems = problems
        self.related = related or {}
        self.codes = codes or {}
        super().__init__(
            "; ".join(f"{p + ' : ' if p else ''}{m} (correction : {f})" for p, m, f in problems),
            code=code,
        )


class NumberError(ModelRuleError):
    """A value is not a number in the accepted form, or is out of its bounds.

    It is a :class:`ModelRuleError` with one problem
    (no relative path), so that the loaders locate it like any rule of a model.
    """

    def __init__(self, message: str, fix: str) -> None:
        self.message, self.fix = message, fix
        super().__init__([("", message, fix)], code=ErrorCode.VALUE)

    def __str__(self) -> str:
        return f"{self.message} ({self.fix})"


def rule_error(path: str, message: str, fix: str) -> ModelRuleError:
    """A one-problem :class:`ModelRuleError`."""
    return ModelRuleError([(path, message, fix)])


class ScoringError(EfcError, ValueError):
    """Offers cannot be scored as asked (a missing mark, an impossible formula...).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> try:
    ...     score(load_tender(sample_path("nettoyage")), marks={("O1", "coop"): 3})
    ... except ScoringError as error:
    ...     print(error.code.value, "|", str(error).split(" :")[0])
    missing_mark | 19 notes manquantes sur des critères notés par la commission
    """

    default_code = ErrorCode.SCORING


class ProgressError(EfcError, ValueError):
    """A progress plan cannot be drafted, recorded or computed as asked."""

    default_code = ErrorCode.PROGRESS


class ProcedureError(EfcError, ValueError):
    """A step of the procedure cannot be taken as asked (a round, a status, a declaration...)."""

    default_code = ErrorCode.PROCEDURE


class AgreementError(EfcError, ValueError):
    """Marks that an agreement statistic cannot use (too few pairable values, no variation...)."""

    default_code = ErrorCode.AGREEMENT


class ConsensusError(EfcError, ValueError):
    """A consensus mark cannot be recorded as given (unknown item, off-scale, unexplained)."""

    default_code = ErrorCode.CONSENSUS


class LedgerError(EfcError, ValueError):
    """An entry cannot be appended (no justification, unknown kind, damaged ledger)."""

    default_code = ErrorCode.LEDGER


class LetterError(EfcError, ValueError):
    """The letter cannot be written (winning offer, tie to settle, unknown offer)."""

    default_code = ErrorCode.LETTER


class ReportError(EfcError, ValueError):
    """The offers-analysis report cannot be filed as asked (agenda items still unsettled)."""

    default_code = ErrorCode.REPORT


class GridWriteError(EfcError, ValueError):
    """The grids cannot be written as asked (unknown evaluator, no rubric criterion...)."""

    default_code = ErrorCode.GRID_WRITE


#: The most characters a spreadsheet cell holds (UTF-16 code units, Excel's limit).
MAX_CELL_CHARS = 32_767


class TextTooLongError(EfcError, ValueError):
    """A text does not fit in a spreadsheet cell; it is refused, never truncated."""

    default_code = ErrorCode.TEXT_TOO_LONG

    def __init__(self, length: int, where: str = "") -> None:
        self.length = length
        self.where = where
        place = f" ({where})" if where else ""
        super().__init__(
            f"texte de {length} caractères{place} : une cellule de tableur en contient au plus "
            f"{MAX_CELL_CHARS} ; il n'est pas tronqué. Joindre la réponse en document séparé ou "
            "la scinder avant de générer les grilles."
        )


class DefusedXmlMissingError(EfcError, RuntimeError):
    """openpyxl would parse untrusted XML without defusedxml."""

    default_code = ErrorCode.DEPENDENCY_MISSING


class LibreOfficeError(EfcError, RuntimeError):
    """LibreOffice is missing or failed to convert a file."""

    default_code = ErrorCode.LIBREOFFICE


class CorpusRunError(EfcError, RuntimeError):
    """A corpus run could not finish: cluster unreachable, or a partition failed on every try.

    Partitions already written stay on disk; the same command run again resumes.
    """

    default_code = ErrorCode.CLUSTER


class NotFoundError(EfcError, KeyError):
    """An id names nothing of the tender, the plan or a result (an unknown offer, criterion...).

    A ``KeyError`` too, so that mapping-like lookups keep their meaning.
    """

    default_code = ErrorCode.NOT_FOUND

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class UnknownAxisError(NotFoundError, ValueError):
    """An axis id is neither a built-in axis nor one defined by the tender."""

    default_code = ErrorCode.UNKNOWN_AXIS


class OutputPathError(EfcError, ValueError):
    """A file name built from an identifier would leave its output folder."""

    default_code = ErrorCode.OUTPUT_PATH


class ParameterError(EfcError, ValueError, TypeError):
    """A function was called with a parameter it cannot use (an unknown method, a share > 1...).

    Like scikit-learn's ``InvalidParameterError``, both a ``ValueError`` and a
    ``TypeError``.
    """

    default_code = ErrorCode.INVALID_ARGUMENT


class MissingFileError(EfcError, FileNotFoundError):
    """A file or folder that efc_scoring needs is not where it should be."""

    default_code = ErrorCode.MISSING
