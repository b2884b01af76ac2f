"""Lexicons as data: versioned YAML files, aliases, tender additions, unknown axes."""

from importlib import resources

import pytest
import yaml

from efc_scoring.evidence import UnknownAxisError, assess_answer, load_lexicons
from efc_scoring.model.axis import AxisLexicon


def test_yaml_files_are_versioned_and_shipped():
    folder = resources.files("efc_scoring.evidence").joinpath("lexicons")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    assert names == ["axes.yaml", "cues.yaml", "numbers.yaml", "topics.yaml"]
    for name in names:
        assert "version" in yaml.safe_load(folder.joinpath(name).read_text("utf-8"))


def test_builtin_axes_and_alias():
    lex = load_lexicons()
    assert set(lex.axes) == {"packaging", "transport", "waste", "egalim", "cooperation"}
    assert lex.resolve("local_sourcing") == "egalim"
    assert load_lexicons() is lex  # loaded once


def test_unknown_axis_message_lists_axes_and_fix():
    with pytest.raises(UnknownAxisError) as info:
        load_lexicons().resolve("water")
    message = str(info.value)
    assert "cooperation, egalim, packaging, transport, waste" in message
    assert "axes:" in message
    assert isinstance(info.value, ValueError) and isinstance(info.value, KeyError)


def test_unknown_axis_in_assess_answer():
    with pytest.raises(UnknownAxisError):
        assess_answer("Nous reprenons les bidons.", "water")


def test_tender_adds_an_axis(nlp):
    water = AxisLexicon(
        id="water",
        label="eau",
        subject=["eau", "consommation d'eau"],
        measures=["mousseur", "récupération des eaux de pluie"],
    )
    a = assess_answer(
        "Nous installerons des mousseurs sur 100 % des robinets.", "water", lexicons=[water]
    )
    assert a.level == 4 and {"M", "F", "Q"} <= a.features
    assert "eau" not in load_lexicons().axes  # built-in set untouched


def test_tender_adds_words_to_a_builtin_axis(nlp):
    text = "Les produits sont livrés dans des caisses pliables."
    assert assess_answer(text, "packaging").level < 3
    extra = AxisLexicon(id="packaging", measures=["caisse pliable", "caisses pliables"])
    assert assess_answer(text, "packaging", lexicons=[extra]).level == 3


def test_tender_extends_an_axis(nlp):
    gloves = AxisLexicon(
        id="glove_waste", label="déchets de gants", extends="waste", subject=["gant"]
    )
    a = assess_answer(
        "Nous fournissons des distributeurs muraux.", "glove_waste", lexicons=[gloves]
    )
    assert a.level == 3


def test_axis_lexicon_refuses_nonsense():
    with pytest.raises(ValueError):
        AxisLexicon(id="Eau potable")
    with pytest.raises(ValueError):
        AxisLexicon(id="water", extends="water")
    with pytest.raises(ValueError):
        AxisLexicon(id="water", colour="blue")  # extra="forbid"
    with pytest.raises(UnknownAxisError):
        load_lexicons().with_axes([AxisLexicon(id="empty_axis")])
