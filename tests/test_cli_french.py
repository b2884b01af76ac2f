"""Every message of the command line is in French, click's and typer's own included."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from efc_scoring import sample_path
from efc_scoring.cli import app
from efc_scoring.cli._french import translate_message

runner = CliRunner()
ENGLISH = ("Show this message", "Usage:", "Missing ", "No such", "Try '", "Error", "Invalid value")


def commands(group=None, prefix=()):  # type: ignore[no-untyped-def]
    import typer.main

    root = typer.main.get_command(app) if group is None else group
    for name, command in sorted(getattr(root, "commands", {}).items()):
        yield (*prefix, name)
        yield from commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [(), *commands()], ids=lambda p: " ".join(p) or "efc-scoring")
def test_help_is_french(path):
    result = runner.invoke(app, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "Affiche cette aide et quitte." in result.output
    assert "Utilisation :" in result.output
    assert not [word for word in ENGLISH if word in result.output]


@pytest.mark.parametrize(
    ("args", "french"),
    [
        (["consensus", "SAMPLE", "--offer", "O2"], "Option manquante"),
        (["score"], "Argument manquant"),
        (["score", "SAMPLE", "--nope"], "Option inconnue : --nope"),
        (["robustness", "SAMPLE", "--n", "abc"], "nombre entier attendu"),
        (["nope"], "Commande inconnue"),
        (["letter", "SAMPLE", "--offer"], "attend une valeur"),
    ],
)
def test_usage_errors_are_french_and_exit_2(args, french):
    args = [str(sample_path("nettoyage")) if a == "SAMPLE" else a for a in args]
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 2
    assert french in result.output
    assert "Erreur" in result.output
    assert not [word for word in ENGLISH if word in result.output]


def test_unknown_messages_pass_through():
    assert translate_message("Ceci est déjà en français.") == "Ceci est déjà en français."
