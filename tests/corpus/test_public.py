"""The corpus API: public names, light imports, a clear message without the corpus extra."""

from __future__ import annotations

import subprocess
import sys

import efc_scoring
import efc_scoring.corpus as corpus


def test_names_are_sorted_resolve_and_reach_the_top_level():
    assert corpus.__all__ == sorted(corpus._EXPORTS)
    for name in corpus.__all__:
        assert getattr(corpus, name) is not None
    for name in (
        "Corpus",
        "assess_corpus",
        "read_assessments",
        "read_corpus",
        "write_corpus_assessment",
    ):
        assert getattr(efc_scoring, name) is getattr(corpus, name)


def _modules_after(code: str) -> set[str]:
    probe = code + "; import sys; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_imports_stay_light():
    loaded = _modules_after("import efc_scoring")
    assert not {"dask", "distributed", "pyarrow", "spacy"} & loaded
    # reading a corpus needs pyarrow's schema, not Dask
    loaded = _modules_after("from efc_scoring.corpus import read_corpus, commitments")
    assert not {"dask", "distributed", "spacy"} & loaded


def test_without_the_corpus_extra_the_message_says_what_to_install():
    code = (
        "import importlib.util as u; real = u.find_spec; "
        "u.find_spec = lambda name, *a: None if name == 'distributed' else real(name, *a); "
        "import efc_scoring.corpus"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 1
    assert 'pip install "efc-scoring[corpus]"' in out.stderr
    assert "distributed" in out.stderr.splitlines()[-1]
