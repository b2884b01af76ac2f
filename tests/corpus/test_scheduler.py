"""Against a Dask scheduler and worker started apart, as a user's cluster would be: the CLI.

The test starts ``dask scheduler`` and one ``dask worker`` (the venv's own
commands), runs ``efc-scoring corpus assess --scheduler ADDRESS``, checks the
results against the engine's, and stops the two processes it started.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_helpers import DEV_SETS, assert_same, reference

from efc_scoring.cli import main
from efc_scoring.corpus import generate_corpus, read_assessments, read_corpus
from efc_scoring.corpus.generate import write_table

DASK = Path(sys.executable).with_name("dask")


def _wait_for(path: Path, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 120
    while not path.exists():
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped: {process.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not start within 120 s")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """``dask scheduler`` and one single-threaded ``dask worker``, stopped at the end."""
    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    started = []
    try:
        sched = subprocess.Popen(
            [
                str(DASK),
                "scheduler",
                "--scheduler-file",
                str(info),
                "--port",
                "0",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(sched)
        _wait_for(info, sched, "dask scheduler")
        worker = subprocess.Popen(
            [
                str(DASK),
                "worker",
                "--scheduler-file",
                str(info),
                "--nworkers",
                "1",
                "--nthreads",
                "1",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(worker)
        yield json.loads(info.read_text(encoding="utf-8"))["address"]
    finally:
        for process in reversed(started):
            process.terminate()
        for process in reversed(started):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_cli_against_a_scheduler_started_apart(scheduler, tmp_path, capsys):
    table = generate_corpus(24, seed=11, sources=[p for p in DEV_SETS if p.exists()])
    source = write_table(table, tmp_path / "answers.csv")
    out = tmp_path / "corpus.parquet"
    code = main(
        [
            "corpus",
            "assess",
            str(source),
            "--out",
            str(out),
            "--scheduler",
            scheduler,
            "--workers",
            "1",
            "--partition-size",
            "8",
            "--json",
        ]
    )
    captured = capsys.readouterr()
    assert code in (0, None), captured.err
    run = json.loads(captured.out)
    assert (run["answers"], run["partitions"], run["computed"]) == (24, 3, 3)
    corpus = read_corpus(source)
    assert_same(read_assessments(out), corpus, reference(corpus))

    # the same command again: every partition is already written
    assert main(
        ["corpus", "assess", str(source), "--out", str(out), "--scheduler", scheduler, "--json"]
    ) in (0, None)
    assert json.loads(capsys.readouterr().out)["skipped"] == 3

    assert main(["corpus", "summary", str(out), "--by", "axis"]) in (0, None)
    shown = capsys.readouterr().out
    assert "Engagements des candidats" in shown and "Fermes" in shown


def test_an_unreachable_scheduler_is_one_french_line(tmp_path, capsys):
    import dask

    source = write_table(generate_corpus(3, seed=1), tmp_path / "answers.csv")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(
            [
                "corpus",
                "assess",
                str(source),
                "--out",
                str(tmp_path / "out"),
                "--scheduler",
                "tcp://127.0.0.1:9",
            ]
        )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Erreur : impossible de joindre l'ordonnanceur Dask tcp://127.0.0.1:9")
