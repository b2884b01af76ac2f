"""One CSV reader and one CSV writer for every CSV file the library reads or writes.

Reading (:func:`read_csv`)
--------------------------
- **RFC 4180 quoting**: a field may be enclosed in double quotes, and then holds
  delimiters, line breaks and doubled quotes (``""``) as text. A quote in the
  middle of an unquoted field, or text after a closing quote, is refused at its
  line and column instead of being guessed.
- **The delimiter** (``,``, ``;`` or tab) is declared (the ``delimiter``
  argument, or a first line ``sep=;`` as spreadsheet programs write it) or
  chosen from the structure of the *whole file*: the delimiter under which the
  header holds the expected columns and the most records have the header's
  length. It is never guessed from one line.
- **Every record must have the header's length**: a record with more or fewer
  fields is refused at the physical line where it starts (a quoted field may
  span lines), never truncated or padded. An unquoted decimal comma under a
  comma delimiter (``acheteuse,O1,tech.efficacite,4,5,"…"``) is named as such.
- **Bounded**: at most :data:`MAX_CSV_BYTES` bytes, :data:`MAX_FIELDS` fields
  in a record and :data:`MAX_CELLS` fields in the file; a bigger file is refused
  before it is parsed.
- UTF-8 (a byte-order mark is allowed); a byte that is not UTF-8 is reported
  with its line.

Writing (:func:`csv_text`, :func:`write_csv`, :func:`write_frame_csv`)
-----------------------------------------------------------------------
Every field goes through :func:`csv_escape`: a text that a spreadsheet program
would run as a formula gets a leading apostrophe (OWASP « CSV Injection »).
:func:`read_csv` removes exactly that apostrophe again (:func:`csv_unescape`),
so that what the library writes reads back identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.errors import ErrorCode, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DELIMITERS",
    "MAX_CELLS",
    "MAX_CSV_BYTES",
    "MAX_FIELDS",
    "CsvRecord",
    "CsvTable",
    "csv_escape",
    "csv_text",
    "csv_unescape",
    "parse_csv",
    "read_csv",
    "write_csv",
    "write_frame_csv",
]

#: Delimiters a CSV file may use.
DELIMITERS = (",", ";", "\t")
#: Largest CSV file read (bytes).
MAX_CSV_BYTES = 32 * 1024 * 1024
#: Most fields in one record.
MAX_FIELDS = 1_000
#: Most fields in one file.
MAX_CELLS = 1_000_000

_TRIGGERS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
_ESCAPED = re.compile(f"^'*[{re.escape(_TRIGGERS)}]")
_UNESCAPE = re.compile(f"^'+[{re.escape(_TRIGGERS)}]")
_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')
_BREAK = re.compile(r"\r\n|\r|\n")
_DELIMITER_NAMES = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}
_SEP_LINE = re.compile(r"sep=(.)\r?\n")


def csv_escape(value: object) -> str:
    """A CSV field that no spreadsheet program will run as a formula (OWASP).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    (and their full-width forms, which some programs also accept), possibly
    after apostrophes, gets one more leading apostrophe, as the OWASP « CSV
    Injection » page recommends; :func:`csv_unescape` removes exactly that one.
    Numbers are written as numbers (a negative number keeps its sign); ``None``
    gives ``""``.

    References
    ----------
    OWASP, « CSV Injection », https://owasp.org/www-community/attacks/CSV_Injection

    Examples
    --------
    >>> csv_escape("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> csv_escape("Reprise des bidons"), csv_escape(-2), csv_escape(Decimal("4.5"))
    ('Reprise des bidons', '-2', '4.5')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal | Fraction):
        return str(value)
    text = str(value)
    if _ESCAPED.match(text):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    """Undo :func:`csv_escape` on a field read from a CSV file.

    >>> csv_unescape("'=SOMME(A1)"), csv_unescape("''=x"), csv_unescape("'bonjour")
    ('=SOMME(A1)', "'=x", "'bonjour")
    """
    return text[1:] if _UNESCAPE.match(text) else text


# --------------------------------------------------------------------- reading
@dataclass(frozen=True)
class CsvRecord:
    """One record of a CSV file: the physical line it starts on and its fields."""

    line: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read whole: its delimiter, header, well-formed records and problems.

    Records whose length differs from the header's are not in ``records``: each
    is a problem at its line.
    """

    file: str
    delimiter: str
    header: tuple[str, ...]
    records: tuple[CsvRecord, ...]
    problems: tuple[Problem, ...] = field(default=())

    def rows(self) -> list[tuple[int, dict[str, str]]]:
        """Each record as ``(line, {column: text})``."""
        return [(r.line, dict(zip(self.header, r.fields, strict=True))) for r in self.records]


class CsvSyntaxError(ValueError):
    """A field that RFC 4180 does not allow, with its line, field and column."""

    def __init__(self, line: int, field_no: int, column: int, message: str, fix: str) -> None:
        self.line, self.field_no, self.column = line, field_no, column
        self.message, self.fix = message, fix
        super().__init__(f"ligne {line}, champ {field_no} : {message}")


class _TooBig(ValueError):
    def __init__(self, line: int) -> None:
        self.line = line
        super().__init__(f"line {line}")


def parse_csv(text: str, delimiter: str, first_line: int = 1) -> list[CsvRecord]:
    """The records of a CSV text (RFC 4180), each with the physical line it starts on.

    Fully empty lines are skipped. Raises :class:`CsvSyntaxError` on a quote
    that RFC 4180 does not allow.

    Examples
    --------
    >>> [(r.line, r.fields) for r in parse_csv('a,b\\n1,"x, ""y""\\nz"\\n2,w\\n', ",")]
    [(1, ('a', 'b')), (2, ('1', 'x, "y"\\nz')), (4, ('2', 'w'))]
    """
    unquoted = re.compile(f'[^{re.escape(delimiter)}"\\r\\n]*')
    records: list[CsvRecord] = []
    pos, n, line, line_start, cells = 0, len(text), first_line, 0, 0
    name = _DELIMITER_NAMES[delimiter]
    while pos < n:
        start_line = line
        fields: list[str] = []
        while True:
            column = pos - line_start + 1
            if pos < n and text[pos] == '"':
                match = _QUOTED.match(text, pos)
                if match is None:
                    raise CsvSyntaxError(
                        line,
                        len(fields) + 1,
                        column,
                        "ce guillemet ouvre un texte qui n'est jamais refermé",
                        "fermer le texte par un guillemet ; un guillemet à l'intérieur d'un "
                        'texte entre guillemets s\'écrit doublé ("")',
                    )
                raw = match.group(1)
                breaks = list(_BREAK.finditer(raw))
                if breaks:
                    line += len(breaks)
                    line_start = pos + 1 + breaks[-1].end()
                fields.append(raw.replace('""', '"'))
                pos = match.end()
                if pos < n and text[pos] not in (delimiter, "\r", "\n"):
                    raise CsvSyntaxError(
                        line,
                        len(fields),
                        pos - line_start + 1,
                        f"après le guillemet qui ferme ce champ, un séparateur ({name}) ou une "
                        f"fin de ligne est attendu, pas « {_char(text[pos])} »",
                        "doubler les guillemets à l'intérieur d'un texte entre guillemets (\"\")",
                    )
            else:
                match = unquoted.match(text, pos)
                assert match is not None
                pos = match.end()
                if pos < n and text[pos] == '"':
                    raise CsvSyntaxError(
                        line,
                        len(fields) + 1,
                        pos - line_start + 1,
                        "guillemet au milieu d'un champ qui ne commence pas par un guillemet",
                        "mettre tout le champ entre guillemets et doubler les guillemets "
                        'intérieurs ("")',
                    )
                fields.append(match.group(0))
            cells += 1
            if len(fields) > MAX_FIELDS or cells > MAX_CELLS:
                raise _TooBig(start_line)
            if pos < n and text[pos] == delimiter:
                pos += 1
                continue
            if pos < n:
                pos += 2 if text.startswith("\r\n", pos) else 1
                line += 1
                line_start = pos
            break
        if fields != [""]:
            records.append(CsvRecord(start_line, tuple(csv_unescape(f) for f in fields)))
    return records


def read_csv(
    path: str | Path,
    *,
    required: Sequence[str] = (),
    delimiter: str | None = None,
    numeric: Callable[[str], bool] = lambda column: False,
    name: str | None = None,
) -> CsvTable:
    """Read a CSV file whole, with every problem located (see the module's docstring).

    Parameters
    ----------
    path
        The CSV file (UTF-8).
    required
        Columns the header must hold; they also tell which delimiter the file uses.
    delimiter
        The delimiter, when it is known; otherwise it is chosen from the file.
    numeric
        Tells which columns hold numbers, to name an unquoted decimal comma.
    name
        The file's name in messages (default: the path as given).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "notes.csv"
    >>> _ = path.write_text('evaluator;value;justification\\nE1;4,5;"Bien; ""net"" ici"\\n',
    ...                     encoding="utf-8")
    >>> table = read_csv(path, required=["evaluator", "value"])
    >>> table.delimiter, table.rows()
    (';', [(2, {'evaluator': 'E1', 'value': '4,5', 'justification': 'Bien; "net" ici'})])
    """
    path = Path(path)
    shown = name or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return _failed(
            shown,
            Problem(shown, "", "fichier introuvable", "vérifier le chemin", code=ErrorCode.MISSING),
        )
    if size > MAX_CSV_BYTES:
        return _failed(
            shown,
            Problem(
                shown,
                "",
                f"fichier de {size / 2**20:.0f} Mio : un fichier CSV en compte au plus "
                f"{MAX_CSV_BYTES // 2**20}",
                "vérifier qu'il s'agit du bon fichier, ou le découper",
                code=ErrorCode.TOO_LARGE,
            ),
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return _failed(
            shown,
            Problem(
                shown,
                "",
                f"l'octet 0x{data[exc.start]:02X} n'est pas de l'UTF-8 (fichier enregistré en "
                "Windows-1252 ou Latin-1 ?)",
                "l'enregistrer au format « CSV UTF-8 »",
                line=line,
                code=ErrorCode.ENCODING,
            ),
        )
    first_line = 1
    declared = delimiter
    sep = _SEP_LINE.match(text)
    if sep is not None and declared is None:
        declared, text, first_line = sep.group(1), text[sep.end() :], 2
    if declared is not None and declared not in DELIMITERS:
        return _failed(
            shown,
            Problem(
                shown,
                "",
                f"séparateur « {_char(declared)} » non pris en charge",
                "utiliser la virgule, le point-virgule ou la tabulation",
                line=1,
                code=ErrorCode.DELIMITER,
            ),
        )
    candidates = [declared] if declared is not None else list(DELIMITERS)
    parsed: list[tuple[tuple[int, ...], str, list[CsvRecord] | CsvSyntaxError]] = []
    for candidate in candidates:
        try:
            records: list[CsvRecord] | CsvSyntaxError = parse_csv(text, candidate, first_line)
        except CsvSyntaxError as exc:
            records = exc
        except _TooBig as exc:
            return _failed(
                shown,
                Problem(
                    shown,
                    "",
                    f"trop de champs (plus de {MAX_FIELDS} dans une ligne ou de {MAX_CELLS} "
                    "dans le fichier)",
                    "vérifier qu'il s'agit du bon fichier",
                    line=exc.line,
                    code=ErrorCode.TOO_LARGE,
                ),
            )
        parsed.append((_fitness(records, required), candidate, records))
    _, chosen, result = max(parsed, key=lambda item: item[0])
    if isinstance(result, CsvSyntaxError):
        return _failed(
            shown,
            Problem(
                shown,
                f"colonne {result.column}",
                f"champ {result.field_no}, caractère {result.column} : {result.message}",
                result.fix,
                line=result.line,
                code=ErrorCode.CSV_SYNTAX,
            ),
            chosen,
        )
    if not result:
        return _failed(
            shown,
            Problem(
                shown,
                "",
                "fichier vide",
                "écrire l'en-tête puis une ligne par enregistrement",
                line=1,
                code=ErrorCode.EMPTY,
            ),
            chosen,
        )
    header = tuple(h.strip() for h in result[0].fields)
    problems: list[Problem] = []
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(
            Problem(
                shown,
                "",
                f"l'en-tête ({_list(header)}) n'a pas la colonne {_list(missing)} "
                f"(séparateur lu : {_DELIMITER_NAMES[chosen]})",
                f"mettre en première ligne les colonnes {_list(required)}, séparées par des "
                "virgules ou des points-virgules",
                line=result[0].line,
                code=ErrorCode.HEADER,
            )
        )
        return CsvTable(shown, chosen, header, (), tuple(problems))
    duplicated = sorted({h for h in header if header.count(h) > 1 and h})
    if duplicated:
        problems.append(
            Problem(
                shown,
                "",
                f"colonne {_list(duplicated)} en double dans l'en-tête",
                "garder une seule colonne de ce nom",
                line=result[0].line,
                code=ErrorCode.HEADER,
            )
        )
        return CsvTable(shown, chosen, header, (), tuple(problems))
    good: list[CsvRecord] = []
    for record in result[1:]:
        if len(record.fields) == len(header):
            good.append(record)
        else:
            problems.append(_length_problem(shown, chosen, header, record, numeric))
    return CsvTable(shown, chosen, header, tuple(good), tuple(problems))


def _fitness(records: list[CsvRecord] | CsvSyntaxError, required: Sequence[str]) -> tuple[int, ...]:
    """How well a delimiter explains the whole file (compared as a tuple, higher is better)."""
    if isinstance(records, CsvSyntaxError):
        return (0, 0, 0, 0)
    if not records:
        return (1, 0, 0, 0)
    header = [h.strip() for h in records[0].fields]
    has_required = all(c in header for c in required) if required else len(header) > 1
    fitting = sum(1 for r in records[1:] if len(r.fields) == len(header))
    return (2, int(has_required), fitting, len(header))


def _length_problem(
    file: str,
    delimiter: str,
    header: tuple[str, ...],
    record: CsvRecord,
    numeric: Callable[[str], bool],
) -> Problem:
    got, want = len(record.fields), len(header)
    name = _DELIMITER_NAMES[delimiter]
    if delimiter == "," and got == want + 1:
        for i in range(want):
            left, right = record.fields[i].strip(), record.fields[i + 1].strip()
            if numeric(header[i]) and left.isdigit() and right.isdigit() and left.isascii():
                return Problem(
                    file,
                    header[i],
                    f"{header[i]} « {left},{right} » écrit avec une virgule décimale sans "
                    f"guillemets : la virgule coupe la ligne en {got} champs au lieu de {want} "
                    f"(colonne {i + 1})",
                    f'écrire {left}.{right}, ou "{left},{right}" entre guillemets',
                    line=record.line,
                    code=ErrorCode.DECIMAL_COMMA,
                )
    return Problem(
        file,
        "",
        f"cette ligne a {got} champ{'s' if got > 1 else ''} mais l'en-tête en a {want} "
        f"(séparateur : {name})"
        + (" : un séparateur de trop dans un texte sans guillemets ?" if got > want else ""),
        "mettre entre guillemets les textes qui contiennent le séparateur ou un retour à la "
        "ligne, et écrire les nombres avec un point",
        line=record.line,
        code=ErrorCode.ROW_LENGTH,
    )


def _failed(file: str, problem: Problem, delimiter: str = ",") -> CsvTable:
    return CsvTable(file, delimiter, (), (), (problem,))


def _char(c: str) -> str:
    return c if c.isprintable() else f"U+{ord(c):04X}"


def _list(items: Iterable[str]) -> str:
    return ", ".join(items)


# --------------------------------------------------------------------- writing
def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (comma, RFC 4180 quoting, LF line ends) with every field escaped.

    Fields are quoted when they hold a comma, a quote, a carriage return or a
    line feed; quotes inside are doubled.

    >>> print(csv_text(["bidder", "total"], [["=HYPERLINK(\\"x\\")", 81.5]]), end="")
    bidder,total
    "'=HYPERLINK(""x"")",81.5
    """
    lines = [",".join(_quoted(csv_escape(h)) for h in header)]
    lines += [",".join(_quoted(csv_escape(_cell(v))) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """The field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line end.

    A lone ``\r`` is quoted too (Python's ``csv`` module leaves it bare, and a
    reader then ends the record there).
    """
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _cell(value: Any) -> Any:
    """``None`` for missing values (``None``, NaN, ``pd.NA``), the value otherwise."""
    if value is None:
        return None
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):  # pd.NA compares to nothing
        return None
    return value


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """Write :func:`csv_text` to ``path`` atomically and return the path."""
    from efc_scoring.io._atomic import write_text_atomic

    return write_text_atomic(path, csv_text(header, rows))


def write_frame_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a DataFrame (without its index) as an escaped CSV file, atomically."""
    return write_csv(path, [str(c) for c in frame.columns], frame.itertuples(index=False))
