"""The report folder is written as a whole: the previous complete set or the new one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
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


def test_killing_the_writer_at_every_step_leaves_one_complete_set(tmp_path):
    """The writer is killed (SIGKILL) once at each step of three successive writes (before
    and after every fsync, rename, exchange and removal): the folder is then missing (only
    before the first set is in place), or holds one whole set, the last one swapped in; and
    the next write replaces it."""
    done = subprocess.run(
        [sys.executable, str(WRITER), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    steps, signals = report["steps"], report["signals"]
    swaps = [i for i, s in enumerate(steps) if s in ("after rename", "after _exchange")]
    assert len(swaps) == 3 and len(steps) > 40
    expected_files = {
        1: ["figures/points-L1.png", "figures/points-L2.png", "rapport.docx", "rapport.html",
            "rapport.md"],
        2: ["rapport.html"],
    }  # fmt: skip
    for point in range(len(steps)):
        assert signals[str(point)] == signal.SIGKILL, (point, steps[point])
        out = tmp_path / str(point) / "rapport"
        run = sum(1 for i in swaps if i <= point)  # sets swapped in before the kill
        if run == 0:
            assert not out.exists(), (point, steps[point])
        else:
            listed = json.loads((out / MANIFEST).read_text())["files"]
            assert listed == expected_files[2 - run % 2], (point, steps[point])
            assert _names(out) == sorted([MANIFEST, *listed]), (point, steps[point])
            stamps = {(out / name).read_bytes().split(b"\n")[0] for name in listed}
            assert stamps == {f"run {run}".encode()}, (point, steps[point], stamps)
        replace_folder(out, {"rapport.html": b"next"})  # a crash never blocks the next run
        assert _names(out) == [MANIFEST, "rapport.html"]
        assert [p.name for p in out.parent.iterdir()] == ["rapport"]  # leftovers removed


def test_a_temporary_folder_of_a_running_writer_is_kept(tmp_path):
    out = tmp_path / "rapport"
    mine = tmp_path / f".rapport.{os.getpid()}.abcd1234.tmp"
    alive = tmp_path / f".rapport.{os.getppid()}.abcd1234.tmp"
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    dead = tmp_path / f".rapport.{child.stdout.strip()}.abcd1234.tmp"
    for folder in (mine, alive, dead):
        folder.mkdir()
    replace_folder(out, {"a.html": b"1"})
    assert mine.is_dir() and alive.is_dir() and not dead.exists()
