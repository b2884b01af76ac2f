"""The command line tells a refused input from a bug: one French line, or a traceback and a plea."""

from __future__ import annotations

import pytest

from efc_scoring import sample_path
from efc_scoring.cli import main
from efc_scoring.cli._app import BUG_EXIT


def test_a_refused_input_is_one_french_line_and_exit_1(capsys):
    code = main(["letter", str(sample_path("nettoyage")), "--offer", "O9", "--provisoire"])
    err = capsys.readouterr().err
    assert code == 1
    last = err.strip().splitlines()[-1]
    assert last.startswith("Erreur : ") and "O9" in last and "Traceback" not in err


def test_an_unreadable_file_is_one_line_too(tmp_path, capsys):
    folder = tmp_path / "dossier.yaml"
    folder.mkdir()  # a folder where a file is expected
    code = main(["validate", str(folder)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err


def test_a_bug_shows_its_traceback_and_asks_to_report_it(monkeypatch, capsys):
    import efc_scoring.scoring.evaluate as evaluate

    def broken(*args, **kwargs):
        return {}["no such key"]  # a KeyError of the library: a bug, not an input error

    monkeypatch.setattr(evaluate, "score", broken)
    monkeypatch.setattr("efc_scoring.score", broken, raising=False)
    code = main(["score", str(sample_path("nettoyage"))])
    err = capsys.readouterr().err
    assert code == BUG_EXIT
    assert "Traceback" in err and "KeyError" in err
    assert "Erreur interne d'efc-scoring (KeyError)" in err and "signaler" in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (
            [
                "plan",
                "draft",
                str(sample_path("nettoyage")),
                "--offer",
                "O1",
                "--start",
                "31/02/2027",
            ],
            "--start",
        ),
        (
            [
                "letter",
                str(sample_path("nettoyage")),
                "--offer",
                "O2",
                "--signature-date",
                "demain",
            ],
            "--signature-date",
        ),
    ],
)
def test_a_bad_date_is_a_usage_error(argv, needle, capsys):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and needle in err and "Traceback" not in err
