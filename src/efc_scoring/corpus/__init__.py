"""Read and compare a whole corpus of tenders' answers, on Dask, from a laptop to a cluster.

An analyst of a regional network, a central purchasing body or an observatory
reads hundreds of tenders at once: which commitments bidders make by sector and
axis, how firm and how quantified, how that moves year after year, and which
progress-plan indicators are met.

- :func:`read_corpus` gathers and checks the answers of tender folders, an OCDS
  file or a CSV/Parquet table (every bad row located, none dropped silently);
- :func:`assess_corpus` runs the evidence engine on Dask (one task per
  partition, the French model loaded once per worker), on a local cluster sized
  to the machine or on any ``distributed.Client``; :func:`write_corpus_assessment`
  does the same into a Parquet folder, resumable; :func:`read_assessments` reads it;
- :func:`commitments`, :func:`level_distribution`, :func:`concrete_measures` and
  :func:`plan_outcomes` aggregate; :mod:`efc_scoring.corpus.plots` draws them;
- :func:`local_cluster` starts a local cluster set up as the default one, to share
  between runs;
- :func:`generate_corpus` makes varied corpora for tests and benchmarks.

This package needs the ``corpus`` extra (``pip install "efc-scoring[corpus]"``:
Dask, distributed and pyarrow); ``import efc_scoring`` never imports them.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from efc_scoring._lazy import lazy_exports
from efc_scoring.errors import EfcError, ErrorCode

if TYPE_CHECKING:  # the real types for a type checker; at run time each name loads on first use
    from efc_scoring.corpus.aggregate import commitments as commitments
    from efc_scoring.corpus.aggregate import concrete_measures as concrete_measures
    from efc_scoring.corpus.aggregate import level_distribution as level_distribution
    from efc_scoring.corpus.aggregate import plan_outcomes as plan_outcomes
    from efc_scoring.corpus.assess import CorpusRun as CorpusRun
    from efc_scoring.corpus.assess import assess_corpus as assess_corpus
    from efc_scoring.corpus.assess import read_assessments as read_assessments
    from efc_scoring.corpus.assess import write_corpus_assessment as write_corpus_assessment
    from efc_scoring.corpus.cluster import local_cluster as local_cluster
    from efc_scoring.corpus.generate import generate_corpus as generate_corpus
    from efc_scoring.corpus.read import Corpus as Corpus
    from efc_scoring.corpus.read import read_corpus as read_corpus


_NEEDED = {"dask": "dask", "distributed": "distributed", "pyarrow": "pyarrow"}
_missing = [pkg for module, pkg in _NEEDED.items() if importlib.util.find_spec(module) is None]
if _missing:
    raise EfcError(
        "l'analyse de corpus a besoin de " + ", ".join(_missing) + " : installer "
        'l\'option corpus avec `pip install "efc-scoring[corpus]"`',
        code=ErrorCode.DEPENDENCY_MISSING,
    )

_EXPORTS: dict[str, str] = {
    "Corpus": "efc_scoring.corpus.read",
    "CorpusRun": "efc_scoring.corpus.assess",
    "assess_corpus": "efc_scoring.corpus.assess",
    "commitments": "efc_scoring.corpus.aggregate",
    "concrete_measures": "efc_scoring.corpus.aggregate",
    "generate_corpus": "efc_scoring.corpus.generate",
    "level_distribution": "efc_scoring.corpus.aggregate",
    "local_cluster": "efc_scoring.corpus.cluster",
    "plan_outcomes": "efc_scoring.corpus.aggregate",
    "read_assessments": "efc_scoring.corpus.assess",
    "read_corpus": "efc_scoring.corpus.read",
    "write_corpus_assessment": "efc_scoring.corpus.assess",
}

__all__ = [
    "Corpus",
    "CorpusRun",
    "assess_corpus",
    "commitments",
    "concrete_measures",
    "generate_corpus",
    "level_distribution",
    "local_cluster",
    "plan_outcomes",
    "read_assessments",
    "read_corpus",
    "write_corpus_assessment",
]

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
