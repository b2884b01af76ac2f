"""The public API: explicit, sorted, lazy, and light to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

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


def test_lot_comes_right_after_the_object_it_selects_from():
    """``lot`` is the second parameter of every public function that narrows to one lot."""
    import inspect

    import efc_scoring as efc
    from efc_scoring import mcda, procedure

    functions = [
        efc.sensitivity,
        efc.robustness,
        efc.compare_methods,
        efc.critical_values,
        efc.price_effects,
        efc.committee_checks,
        efc.unsettled_items,
        efc.to_decision_matrix,
        efc.from_ocds,
        efc.read_ocds,
        mcda.draw_weights,
        mcda.critical_weights,
        mcda.critical_marks,
        mcda.critical_prices,
        mcda.plot_radar,
        mcda.plot_contributions,
        procedure.rank_combinations,
        procedure.retain_options,
    ]
    for func in functions:
        params = list(inspect.signature(func).parameters.values())
        assert params[1].name == "lot", func.__name__
        assert params[1].default in (None, inspect.Parameter.empty), func.__name__
        assert params[1].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, func.__name__
        for old in ("offer_id", "lot_id", "question_id", "evaluator_id", "criterion_id"):
            assert old not in inspect.signature(func).parameters, (func.__name__, old)


def test_calls_in_the_old_parameter_order_still_work_with_a_warning():
    import efc_scoring as efc
    from efc_scoring import mcda

    tender = efc.load_tender(efc.sample_path("nettoyage"))
    ev = efc.score(tender)
    with pytest.warns(DeprecationWarning, match="lot vient juste après"):
        old = efc.sensitivity(ev, 300, 20.0, None, 3)
    assert old.p_first == efc.sensitivity(ev, n=300, concentration=20.0, seed=3).p_first
    with pytest.warns(DeprecationWarning, match="n=..."):
        weights = mcda.draw_weights(ev, 5, seed=2)
    assert (weights == mcda.draw_weights(ev, n=5, seed=2)).all()
    with pytest.warns(DeprecationWarning, match="methods=..."):
        cmp = efc.compare_methods(ev, ["topsis"])
    assert cmp.methods == efc.compare_methods(ev, methods=["topsis"]).methods
    consolidation = efc.consolidate(tender)
    with pytest.warns(DeprecationWarning, match="rule=..."):
        items = efc.unsettled_items(consolidation, 1)
    assert items == efc.unsettled_items(consolidation, rule=1)
    assert efc.unsettled_items(consolidation, "1") == ()  # a lot id: no warning, no such item
    with pytest.raises(efc.EfcError, match="deux fois"):
        mcda.draw_weights(ev, 5, n=5)
    with pytest.raises(efc.EfcError, match="au plus"):
        mcda.draw_weights(ev, 5, 6)


def test_offer_question_and_evaluator_keywords_kept_under_their_old_names():
    import efc_scoring as efc

    tender = efc.load_tender(efc.sample_path("nettoyage"))
    with pytest.warns(DeprecationWarning, match=r"question="):
        old = efc.compare_answers(tender, question_id="q_transport", evidence=False)
    assert old == efc.compare_answers(tender, question="q_transport", evidence=False)
    with pytest.warns(DeprecationWarning, match=r"evaluator="):
        assert efc.grid_filename(evaluator_id="acheteuse") == "grille-acheteuse.xlsx"
    ev = efc.score(tender)
    with pytest.warns(DeprecationWarning, match=r"offer="):
        letter = efc.disclosure_letter(tender, ev, offer_id="O2", provisional=True)
    assert letter.offer == "O2"
