"""One file written atomically: a writer killed mid-write leaves the previous file whole, and
the temporary file it leaves is removed by the next write (never one of a running writer)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from efc_scoring.io._atomic import write_bytes_atomic

KILLED_MID_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    from efc_scoring.io._atomic import atomic_path
    with atomic_path(sys.argv[1]) as tmp:
        tmp.write_bytes(b"half of the new")
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_writer_killed_mid_write_leaves_the_previous_file_and_its_leftover_goes(tmp_path):
    target = tmp_path / "scores.csv"
    write_bytes_atomic(target, b"previous")
    done = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(target)], check=False, timeout=120
    )
    assert done.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"previous"
    [leftover] = [p for p in tmp_path.iterdir() if p != target]
    assert leftover.name.startswith(".scores.csv.") and leftover.suffix == ".tmp"
    running = tmp_path / f".scores.csv.{os.getppid()}.abcd1234.tmp"
    running.write_bytes(b"another writer at work")
    write_bytes_atomic(target, b"next")
    assert target.read_bytes() == b"next"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, running.name])


def test_an_output_path_that_is_a_folder_is_refused_in_french(tmp_path):
    """``export decp … --out dossier`` (a folder that exists) failed with « fichier
    inaccessible : …/.dossier.32166.f05rfav7.tmp (Is a directory) »: the temporary name and
    the system's English. Every atomic writer now names the path given and the fix."""
    from typer.testing import CliRunner

    from efc_scoring import sample_path
    from efc_scoring.cli import app
    from efc_scoring.errors import OutputPathError
    from efc_scoring.io._atomic import write_text_atomic

    folder = tmp_path / "dossier"
    folder.mkdir()
    with pytest.raises(OutputPathError, match="est un dossier"):
        write_text_atomic(folder, "x")
    assert list(tmp_path.iterdir()) == [folder] and not any(folder.iterdir())
    result = CliRunner().invoke(
        app, ["export", "eforms", str(sample_path("nettoyage")), "--out", str(folder)]
    )
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert f"{folder} est un dossier" in said and "nom de fichier" in said
    assert ".tmp" not in said and "Is a directory" not in said
