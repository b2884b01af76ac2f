"""assess_corpus and write_corpus_assessment on a two-worker local cluster (one per module).

The results are the engine's own, answer by answer, whatever the partitioning;
a results folder resumes; a worker killed in the middle of a run changes nothing.
"""

from __future__ import annotations

import os
import signal

import pandas as pd
import pytest
from corpus_helpers import DEV_SETS, assert_same, reference

from efc_scoring.corpus import (
    assess_corpus,
    generate_corpus,
    read_assessments,
    read_corpus,
    write_corpus_assessment,
)
from efc_scoring.errors import CorpusRunError, OutputPathError


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory):
    """The cleaning sample's 15 answers, one in English, and 30 generated ones, one corpus."""
    from efc_scoring import sample_path

    root = tmp_path_factory.mktemp("corpus")
    generated = generate_corpus(30, seed=5, sources=[p for p in DEV_SETS if p.exists()])
    samples = read_corpus(sample_path("nettoyage")).answers
    foreign = samples.iloc[[0]].assign(
        offer="O9",
        answer="We will take back all empty containers and report every quarter.",
        source="",
    )
    table = pd.concat([samples, foreign, generated], ignore_index=True)
    path = root / "answers.parquet"
    table.drop(columns=["source"]).to_parquet(path)
    return read_corpus(path)


@pytest.fixture(scope="module")
def expected(mixed_corpus):
    return reference(mixed_corpus)


@pytest.mark.parametrize("size", [4, 200])
def test_same_results_as_the_engine_answer_by_answer(cluster_client, mixed_corpus, expected, size):
    results = assess_corpus(mixed_corpus, client=cluster_client, partition_size=size)
    assert_same(results, mixed_corpus, expected)
    assert results["level"].isna().sum() == 1  # the engine abstains on the English answer
    assert results["fingerprint"].nunique() == 1
    assert str(results["level"].dtype) == "int8[pyarrow]"


def test_tender_axes_reach_the_workers(cluster_client, samples_corpus):
    corpus = read_corpus(samples_corpus)
    assert corpus.axes["nettoyage-2027"] and not corpus.axes["bof-lycees-2027"]
    results = assess_corpus(corpus, client=cluster_client, partition_size=25)
    assert_same(results, corpus, reference(corpus))
    by_tender = results.groupby("tender")["fingerprint"].first()
    assert by_tender["nettoyage-2027"] != by_tender["bof-lycees-2027"]
    assert set(results["sector"]) == {"produits d'entretien", "restauration collective"}


def test_results_folder_resumes_and_reads_back(cluster_client, mixed_corpus, expected, tmp_path):
    out = tmp_path / "corpus.parquet"
    first = write_corpus_assessment(mixed_corpus, out, client=cluster_client, partition_size=10)
    assert (first.partitions, first.computed, first.skipped) == (5, 5, 0)
    assert all(w["load_seconds"] > 0 and w["peak_mib"] > 100 for w in first.workers.values())
    results = read_assessments(out)
    assert_same(results, mixed_corpus, expected)
    # pandas reads the folder as one dataset (the manifest starts with "_")
    assert len(pd.read_parquet(out)) == len(mixed_corpus)

    parts = sorted(out.glob("part-*.parquet"))
    parts[1].unlink()
    parts[3].write_bytes(parts[3].read_bytes()[:100])  # damaged: read again, never trusted
    seen = []
    again = write_corpus_assessment(
        mixed_corpus, out, client=cluster_client, partition_size=10, progress=seen.append
    )
    assert (again.computed, again.skipped) == (2, 3)
    assert seen[0].partitions_done == 3 and seen[-1].answers_done == len(mixed_corpus)
    assert read_assessments(out).equals(results)

    # one answer changed: only its partition is read again, the old part goes
    answers = mixed_corpus.answers.copy()
    answers.loc[25, "answer"] = "Nous livrerons en vélo-cargo dès la notification."
    changed = read_corpus(answers.drop(columns=["source"]))
    third = write_corpus_assessment(changed, out, client=cluster_client, partition_size=10)
    assert (third.computed, third.skipped, third.removed) == (1, 4, 1)
    assert len(list(out.glob("part-*.parquet"))) == 5
    assert read_assessments(out)["answer"][25] == answers.loc[25, "answer"]


def test_an_interrupted_run_loses_no_finished_partition(cluster_client, mixed_corpus, tmp_path):
    out = tmp_path / "corpus.parquet"

    def stop(progress):
        if progress.partitions_done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_corpus_assessment(
            mixed_corpus, out, client=cluster_client, partition_size=10, progress=stop
        )
    with pytest.raises(CorpusRunError, match="pas fini"):
        read_assessments(out)
    rows = read_assessments(out, partial=True)["row"].tolist()
    parts = {r // 10 for r in rows}
    assert len(parts) == 3 and rows == [r for r in range(len(mixed_corpus)) if r // 10 in parts]
    resumed = write_corpus_assessment(mixed_corpus, out, client=cluster_client, partition_size=10)
    assert resumed.skipped == 3 and resumed.computed == resumed.partitions - 3
    assert read_assessments(out)["row"].tolist() == list(range(len(mixed_corpus)))


def test_a_results_folder_is_not_mixed_with_other_files(mixed_corpus, tmp_path):
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(OutputPathError, match="d'autres fichiers"):
        write_corpus_assessment(mixed_corpus, tmp_path, partition_size=10)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "à garder"


def test_a_worker_killed_mid_run_leaves_every_answer_exactly_once(
    cluster_client, mixed_corpus, expected
):
    pids = cluster_client.run(os.getpid)
    killed = []

    def kill_a_busy_worker(progress):
        if killed or progress.partitions_done == 0:
            return
        busy = [w for w, keys in cluster_client.processing().items() if keys]
        victim = busy[0] if busy else next(iter(pids))
        os.kill(pids[victim], signal.SIGKILL)
        killed.append(victim)

    results = assess_corpus(
        mixed_corpus, client=cluster_client, partition_size=5, progress=kill_a_busy_worker
    )
    assert killed, "no worker was killed: the run ended before the first partition"
    assert set(cluster_client.run(os.getpid).values()) != set(pids.values())
    assert results["row"].is_unique
    assert_same(results, mixed_corpus, expected)


def test_the_local_cluster_workers_run_quiet(cluster_client):
    def settings():
        import dask

        return (
            os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            os.environ.get("OMP_NUM_THREADS"),
            dask.config.get("distributed.worker.profile.enabled"),
            dask.config.get("distributed.admin.tick.interval"),
        )

    # glibc's own memory trimming (the nanny's eager one costs page faults), BLAS on one
    # thread, no statistical profiler, a slow event-loop tick
    found = set(cluster_client.run(settings).values())
    assert found == {(None, "1", False, "500ms")}
