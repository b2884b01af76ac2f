"""Bidder-controlled text reaches the terminal as text: no rich markup, no escape sequences."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from efc_scoring import sample_path
from efc_scoring.cli import app
from efc_scoring.cli._app import _console, terminal_safe

runner = CliRunner()

HOSTILE_NAME = (
    "Net[/]Pro [link=http://evil.example]SAS[/link] \x1b]8;;http://x\x07lien\x1b[2J :smile:"
)


@pytest.fixture(scope="module")
def hostile_tender(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    offer = folder / "offers" / "O3-hygiene-pro-centre-est.yaml"
    text = offer.read_text(encoding="utf-8")
    name = json.dumps(HOSTILE_NAME)  # a YAML double-quoted string: escapes kept
    offer.write_text(text.replace("bidder: Hygiène Pro Centre-Est", f"bidder: {name}"), "utf-8")
    tender = folder / "tender.yaml"
    text = tender.read_text(encoding="utf-8")
    tender.write_text(text.replace("label: Prix\n", 'label: "[bold]Prix[/]"\n', 1), "utf-8")
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["score"],
        ["agreement"],
        ["agenda", "--no-evidence"],
        ["letter", "--offer", "O3", "--provisoire"],
        ["robustness", "--n", "200"],
    ],
)
def test_commands_print_bidder_text_as_text(hostile_tender, args):
    result = runner.invoke(app, [args[0], str(hostile_tender), *args[1:]])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "\x1b" not in result.output and "\x07" not in result.output
    if args[0] in ("score", "letter"):
        assert "Net[/]Pro" in result.output.replace("\n", "")
    if args[0] == "score":
        assert "[link=http://evil.example]" in result.output.replace("\n", "")


def test_json_output_keeps_the_data(hostile_tender):
    result = runner.invoke(app, ["score", str(hostile_tender), "--json"])
    assert result.exit_code == 0
    bidders = {row["bidder"] for row in json.loads(result.stdout)}
    assert HOSTILE_NAME in bidders  # the data itself is not altered, only escaped as JSON


def test_errors_naming_bidder_text_are_sanitised(tmp_path):
    folder = tmp_path / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    scores = folder / "scores.csv"
    scores.write_text(
        scores.read_text(encoding="utf-8")
        + 'acheteuse,"O9\x1b[2J",tech.efficacite,4,"[/] motif"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1 and "\x1b" not in result.output


def test_terminal_safe_removes_sequences_and_shows_controls():
    assert terminal_safe("a\x1b[31mb\x1b]0;titre\x07c") == "abc"
    assert terminal_safe("x\x00y\x9bz\u202ew") == "x\ufffdy\ufffdw"  # 8-bit CSI ends at z
    assert terminal_safe("ligne 1\nligne 2\tfin") == "ligne 1\nligne 2\tfin"


def test_console_reads_no_markup_and_no_emoji(capsys):
    console = _console()
    console.print("[bold]x[/bold] [/] :smile: \x1b[31mrouge")
    out = capsys.readouterr().out
    assert "[bold]x[/bold] [/] :smile: rouge" in out


def test_every_command_prints_through_the_safe_helpers():
    """No command prints with typer.echo, print or rich markup of its own: one mechanism."""
    import re
    from pathlib import Path

    import efc_scoring.cli as cli

    folder = Path(cli.__file__).parent
    for path in sorted(folder.glob("*.py")):
        if path.name in ("_app.py", "_french.py"):
            continue  # the helpers themselves; typer's own help strings
        text = path.read_text(encoding="utf-8")
        assert "typer.echo(" not in text, path.name
        assert not re.search(r"console\.print\(f?\"\[", text), path.name
        assert "Console(" not in text, path.name
