"""The report folder is written as a whole: the previous complete set or the new one."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from efc_scoring import load_tender, sample_path
from efc_scoring.errors import OutputPathError
from efc_scoring.io import _atomic
from efc_scoring.io._atomic import MANIFEST, replace_folder
from efc_scoring.report import write_report

WRITER = Path(__file__).parents[1] / "io" / "data" / "folder_writer.py"


@pytest.fixture(scope="module")
def nettoyage():
    return load_tender(sample_path("nettoyage"))


def _names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_run_with_fewer_formats_leaves_nothing_of_the_previous_one(tmp_path, nettoyage):
    out = tmp_path / "rapport"
    kwargs = {"robustness": False, "evidence": False, "provisional": True}
    write_report(nettoyage, out, formats=("html", "md", "docx"), **kwargs)
    assert "rapport-analyse-offres.md" in _names(out) and "figures/points-L1.png" in _names(out)
    paths = write_report(nettoyage, out, formats=("html",), **kwargs)
    assert _names(out) == [MANIFEST, "rapport-analyse-offres.html"]
    assert [p.name for p in paths] == ["rapport-analyse-offres.html"]
    assert json.loads((out / MANIFEST).read_text())["files"] == ["rapport-analyse-offres.html"]
    assert not list(tmp_path.glob(".rapport.*"))  # no temporary folder left


def test_a_folder_with_other_files_is_refused_and_untouched(tmp_path, nettoyage):
    out = tmp_path / "dossier"
    out.mkdir()
    (out / "notes-de-la-commission.docx").write_bytes(b"precious")
    with pytest.raises(OutputPathError, match=r"notes-de-la-commission\.docx"):
        write_report(
            nettoyage, out, formats=("html",), robustness=False, evidence=False, provisional=True
        )
    assert _names(out) == ["notes-de-la-commission.docx"]


def test_a_report_folder_written_before_manifests_is_replaced(tmp_path, nettoyage):
    out = tmp_path / "rapport"
    (out / "figures").mkdir(parents=True)
    for name in ("rapport-analyse-offres.html", "rapport-analyse-offres.md", "figures/x.png"):
        (out / name).write_bytes(b"old")
    write_report(
        nettoyage, out, formats=("html",), robustness=False, evidence=False, provisional=True
    )
    assert _names(out) == [MANIFEST, "rapport-analyse-offres.html"]


def test_a_failure_before_the_swap_leaves_the_previous_set(tmp_path, monkeypatch):
    out = tmp_path / "rapport"
    replace_folder(out, {"a.html": b"v1", "a.md": b"v1"})

    def broken(a, b):
        raise OSError("disque plein")

    monkeypatch.setattr(_atomic, "_exchange", broken)
    with pytest.raises(OSError, match="disque plein"):
        replace_folder(out, {"a.html": b"v2"})
    assert _names(out) == [MANIFEST, "a.html", "a.md"]
    assert (out / "a.html").read_bytes() == b"v1"
    assert not list(tmp_path.glob(".rapport.*"))


def test_names_that_leave_the_folder_are_refused(tmp_path):
    for name in ("../x", "/etc/x", "a/../../x", ""):
        with pytest.raises(OutputPathError):
            replace_folder(tmp_path / "r", {name: b"x"})
    assert not (tmp_path / "r").exists()


def test_killing_the_writer_leaves_one_complete_set(tmp_path):
    rng = random.Random(15)
    out = tmp_path / "rapport"
    complete = 0
    for _ in range(10):
        writer = subprocess.Popen([sys.executable, str(WRITER), str(out)], stdout=subprocess.PIPE)
        assert writer.stdout is not None and writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.01, 0.25))  # when to kill, not a timing assertion
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        if not out.exists():
            continue  # killed before the first set was in place
        listed = json.loads((out / MANIFEST).read_text())["files"]
        assert _names(out) == sorted([MANIFEST, *listed])
        stamps = {(out / name).read_bytes().split(b"\n")[0] for name in listed}
        assert len(stamps) == 1, stamps  # every file from the same run
        run = int(stamps.pop().split()[1])
        assert listed == (
            sorted(
                [
                    "figures/points-L1.png",
                    "figures/points-L2.png",
                    "rapport.docx",
                    "rapport.html",
                    "rapport.md",
                ]
            )
            if run % 2
            else ["rapport.html"]
        )
        complete += 1
    assert complete > 0
