"""The one CSV reader and writer: RFC 4180 quoting, the delimiter from the whole file,
rows of the wrong length refused at their physical line, escaping that reads back identical."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efc_scoring import TenderError, load_marks, load_tender, sample_path, write_scores_csv
from efc_scoring.io._csv import csv_escape, csv_text, csv_unescape, parse_csv, read_csv

HOSTILE = Path(__file__).parent / "data" / "hostile"


@pytest.fixture(scope="module")
def nettoyage():
    return load_tender(sample_path("nettoyage"))


def test_doubled_quotes_commas_semicolons_and_line_breaks_are_read_whole(nettoyage):
    tender = load_marks(HOSTILE / "scores-doubled-quotes.csv", nettoyage)
    first, second = tender.marks
    assert first.justification == (
        'Gamme "complète", fiches; essais\nconcluants dans "deux" écoles.'
    )
    assert second.justification == '=SOMME(A1) n\'est pas une formule, mais "du texte".'


def test_unquoted_decimal_comma_is_reported_never_read_as_a_whole_mark(nettoyage):
    with pytest.raises(TenderError) as info:
        load_marks(HOSTILE / "scores-decimal-comma.csv", nettoyage)
    (problem,) = info.value.problems
    assert problem.line == 2 and problem.code == "decimal_comma" and problem.path == "value"
    assert "« 4,5 »" in problem.message and "virgule décimale" in problem.message
    assert "4.5" in problem.fix


def test_semicolon_file_is_recognised_from_the_whole_file(nettoyage):
    # the first data line has more commas than semicolons: a one-line sniffer would choose ","
    table = read_csv(HOSTILE / "scores-semicolon.csv", required=["evaluator", "value"])
    assert table.delimiter == ";" and not table.problems
    tender = load_marks(HOSTILE / "scores-semicolon.csv", nettoyage)
    assert [str(s.value) for s in tender.marks] == ["4.0", "5"]  # unambiguous decimal comma
    assert tender.marks[0].justification == "Gamme complète, fiches techniques détaillées"


def test_malformed_fields_get_one_french_error_with_line_and_column(nettoyage):
    with pytest.raises(TenderError) as info:
        load_marks(HOSTILE / "scores-malformed.csv", nettoyage)
    (problem,) = info.value.problems
    assert problem.code == "csv_syntax" and problem.line == 2
    assert problem.path == "colonne 45"  # the space after the closing quote
    assert "champ 5" in problem.message and "séparateur (virgule)" in problem.message
    assert '""' in problem.fix


def test_quote_inside_an_unquoted_field_is_located(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('a,b\n1,Formules "concentrées"\n', encoding="utf-8")
    (problem,) = read_csv(path, required=["a", "b"]).problems
    assert problem.line == 2 and problem.path == "colonne 12" and "champ 2" in problem.message


def test_unclosed_quote_points_to_where_it_opens(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('a,b\n1,ok\n2,"jamais fermé\n3,x\n', encoding="utf-8")
    (problem,) = read_csv(path, required=["a", "b"]).problems
    assert problem.line == 3 and "jamais refermé" in problem.message


def test_rows_of_the_wrong_length_are_refused_at_their_physical_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('a,b,c\n1,"deux\nlignes",3\n4,5\n6,7,8,9\n10,11,12\n', encoding="utf-8")
    table = read_csv(path, required=["a", "b", "c"])
    assert [r.line for r in table.records] == [2, 6]
    assert [(p.line, p.code) for p in table.problems] == [(4, "row_length"), (5, "row_length")]
    assert "2 champs mais l'en-tête en a 3" in table.problems[0].message


def test_declared_delimiter_and_excel_sep_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("sep=;\na;b\n1,5;x\n", encoding="utf-8")
    table = read_csv(path, required=["a", "b"])
    assert table.delimiter == ";" and table.rows() == [(3, {"a": "1,5", "b": "x"})]


def test_not_utf8_is_located(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("a,b\n1,é\n".encode("cp1252"))
    (problem,) = read_csv(path).problems
    assert problem.code == "encoding" and problem.line == 2 and "0xE9" in problem.message


def test_size_bounds_refuse_before_parsing(tmp_path, monkeypatch):
    from efc_scoring.io import _csv

    path = tmp_path / "x.csv"
    path.write_text("a,b\n" + "1,2\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(_csv, "MAX_CSV_BYTES", 1024)
    assert read_csv(path).problems[0].code == "too_large"
    monkeypatch.setattr(_csv, "MAX_CSV_BYTES", 2**20)
    monkeypatch.setattr(_csv, "MAX_CELLS", 100)
    assert read_csv(path).problems[0].code == "too_large"


def test_input_files_are_never_modified(nettoyage):
    before = {p: p.read_bytes() for p in HOSTILE.glob("scores-*.csv")}
    for path in before:
        with contextlib.suppress(TenderError):
            load_marks(path, nettoyage)
    assert {p: p.read_bytes() for p in before} == before


def test_escape_and_unescape_are_inverse():
    for text in ["=1+1", "'=x", "''@y", "-2 jours", "'bonjour", "\tindent", "+", "", "texte"]:
        assert csv_unescape(csv_escape(text)) == text
    assert csv_escape("=1+1").startswith("'") and not csv_escape("texte").startswith("'")


def test_parse_csv_counts_physical_lines_across_crlf_and_quoted_breaks():
    text = 'a,b\r\n1,"x\r\ny"\r\n\r\n2,z\r\n'
    assert [(r.line, r.fields) for r in parse_csv(text, ",")] == [
        (1, ("a", "b")),
        (2, ("1", "x\r\ny")),
        (5, ("2", "z")),
    ]


def test_csv_text_escapes_every_field():
    text = csv_text(["bidder", "total"], [["@SUM(1)", 1.5], ["-cmd", None]])
    assert text.splitlines() == ["bidder,total", "'@SUM(1),1.5", "'-cmd,"]


def test_score_out_escapes_bidder_names(tmp_path):
    from typer.testing import CliRunner

    from efc_scoring.cli import app

    folder = tmp_path / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    offer = folder / "offers" / "O1-econet-rhone.yaml"
    text = offer.read_text(encoding="utf-8")
    offer.write_text(text.replace("bidder: EcoNet Rhône SAS", 'bidder: "=HYPERLINK(1)"'), "utf-8")
    out = tmp_path / "points.csv"
    result = CliRunner().invoke(app, ["score", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert set(frame.loc[frame["offer"] == "O1", "bidder"]) == {"'=HYPERLINK(1)"}
    assert not any(v.startswith(("=", "+", "-", "@")) for v in frame["bidder"])


# ------------------------------------------------------------ property: import -> load
_TRICKY = st.sampled_from(['"', "'", ",", ";", "\n", "\r\n", "\r", "\t", " ", '""', "=", "+"])
_JUSTIFICATIONS = st.builds(
    lambda lead, body: lead + body,
    st.sampled_from(["", "=", "+", "-", "@", "'=", "''+", "\t", "\r", '"']),
    st.lists(
        st.one_of(
            _TRICKY,
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=8,
            ),
        ),
        max_size=12,
    ).map("".join),
).filter(lambda text: text.strip() != "")


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nettoyage")
    shutil.copytree(sample_path("nettoyage"), folder, dirs_exist_ok=True)
    return folder, load_tender(folder)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(justifications=st.lists(_JUSTIFICATIONS, min_size=1, max_size=4))
def test_what_import_writes_load_tender_reads_back_identically(sample_copy, justifications):
    folder, tender = sample_copy
    marks = pd.DataFrame(
        [
            {
                "evaluator": s.evaluator,
                "offer": s.offer,
                "criterion": s.criterion,
                "value": s.value,
                "justification": text,
                "timestamp": "2027-02-01T10:00:00",
            }
            for s, text in zip(tender.marks, justifications, strict=False)
        ]
    )
    write_scores_csv(marks, folder / "scores.csv")
    back = load_tender(folder)
    assert [s.justification for s in back.marks] == list(marks["justification"])
    assert [s.value for s in back.marks] == list(marks["value"])
