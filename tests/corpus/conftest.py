"""Fixtures of the corpus tests: a small Dask cluster per module, the samples as one corpus."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="module")
def cluster_client():
    """A local cluster of two single-threaded worker processes, shared by a module's tests."""
    from distributed import Client

    from efc_scoring.corpus import local_cluster

    cluster = local_cluster(2)
    client = Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()


@pytest.fixture
def samples_corpus(tmp_path):
    """Both samples in one corpus folder; the cleaning tender adds words to an axis."""
    from efc_scoring import sample_path

    root = tmp_path / "marches"
    for name in ("nettoyage", "bof-lycees"):
        shutil.copytree(sample_path(name), root / name)
    tender = root / "nettoyage" / "tender.yaml"
    tender.write_text(
        tender.read_text(encoding="utf-8")
        + "\naxes:\n  - id: packaging\n    measures: [caisse pliable, éco-recharge]\n",
        encoding="utf-8",
    )
    (root / "tenders.csv").write_text(
        "tender,sector\nnettoyage-2027,produits d'entretien\n"
        "bof-lycees-2027,restauration collective\n",
        encoding="utf-8",
    )
    return root
