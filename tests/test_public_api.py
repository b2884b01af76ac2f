"""The public API: explicit, sorted, lazy, and light to import."""

from __future__ import annotations

import subprocess
import sys

import efc_scoring


def test_all_is_sorted_and_resolves():
    assert efc_scoring.__all__ == sorted(efc_scoring.__all__)
    for name in efc_scoring.__all__:
        assert getattr(efc_scoring, name) is not None


def test_import_is_light():
    """`import efc_scoring` loads none of the heavy dependencies."""
    code = (
        "import sys, efc_scoring; "
        "heavy = [m for m in ('pandas', 'numpy', 'spacy', 'openpyxl', 'xlsxwriter', "
        "'skcriteria', 'matplotlib', 'pydantic', 'yaml') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        efc_scoring.nope  # noqa: B018


def test_no_public_name_is_a_module_shadowing_its_function():
    """``from efc_scoring.committee import consolidate`` gives the function, as scikit-learn's
    private modules with re-exports do, even once the defining module is imported."""
    import importlib
    import inspect

    for package in (
        "efc_scoring",
        "efc_scoring.committee",
        "efc_scoring.mcda",
        "efc_scoring.excel",
    ):
        module = importlib.import_module(package)
        for name in module.__all__:
            assert not inspect.ismodule(getattr(module, name)), f"{package}.{name}"
    import efc_scoring.committee._agenda
    import efc_scoring.committee._consolidate
    import efc_scoring.mcda._robustness
    import efc_scoring.mcda._sensitivity  # noqa: F401
    from efc_scoring.committee import agenda, consolidate
    from efc_scoring.mcda import price_effects, robustness, sensitivity

    assert all(
        inspect.isfunction(f) for f in (agenda, consolidate, price_effects, robustness, sensitivity)
    )


def test_former_names_still_work_with_a_deprecation_warning():
    import pytest

    import efc_scoring as efc

    with pytest.warns(DeprecationWarning, match="Mark"):
        assert efc.Score is efc.Mark
    with pytest.warns(DeprecationWarning, match="load_marks"):
        assert efc.load_scores is efc.load_marks
    assert "Score" not in efc.__all__ and "load_scores" not in efc.__all__
    tender = efc.load_tender(efc.sample_path("nettoyage"))
    with pytest.warns(DeprecationWarning, match=r"Tender\.marks"):
        assert tender.scores == tender.marks
    with pytest.warns(DeprecationWarning, match=r"marks="):
        old = efc.consolidate(tender, scores=list(tender.marks)[:30])
    assert old.marks() == efc.consolidate(tender, marks=list(tender.marks)[:30]).marks()
    with pytest.raises(efc.EfcError):
        efc.committee_means(tender, scores=[], marks=[])
