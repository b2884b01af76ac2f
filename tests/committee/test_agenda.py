"""The discussion agenda: disputed items, ordered by how much they can move the ranking."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from efc_scoring import Tender, load_tender, sample_path
from efc_scoring.committee import agenda, consolidate, record_consensus


def make_tender(marks: dict[tuple[str, str], dict[str, int]]) -> Tender:
    offers = sorted({o for o, _ in marks})
    return Tender.model_validate(
        {
            "id": "T",
            "title": "Test",
            "buyer": "Ville",
            "procedure": "appel d'offres ouvert",
            "lots": [{"id": "L1", "label": "Lot"}],
            "criteria": [
                {
                    "id": "q",
                    "label": "Qualité",
                    "kind": "quality",
                    "weight": 60,
                    "scoring": {"method": "rubric"},
                },
                {
                    "id": "env",
                    "label": "Emballages",
                    "kind": "environment",
                    "weight": 40,
                    "scoring": {"method": "rubric"},
                },
            ],
            "questions": [
                {"id": "q-emb", "text": "Emballages ?", "axis": "packaging", "criterion": "env"}
            ],
            "evaluators": [
                {"id": "A", "name": "Anne", "role": "buyer"},
                {"id": "B", "name": "Bruno", "role": "technical"},
                {"id": "U", "name": "Ursule", "role": "user"},
            ],
            "offers": [
                {
                    "id": o,
                    "bidder": f"Candidat {o}",
                    "lot": "L1",
                    "answers": {"q-emb": f"Réponse de {o} sur les emballages."},
                }
                for o in offers
            ],
            "scores": [
                {
                    "evaluator": ev,
                    "offer": o,
                    "criterion": c,
                    "value": v,
                    "justification": f"{ev} sur {o}/{c}.",
                }
                for (o, c), by_ev in marks.items()
                for ev, v in by_ev.items()
            ],
        }
    )


MARKS = {
    # O3 is far behind: its dispute on env (0 to 2) moves nothing
    ("O3", "q"): {"A": 0, "B": 0, "U": 0},
    ("O3", "env"): {"A": 0, "B": 2, "U": 0},
    # O1: 48 + 24 = 72 points, undisputed
    ("O1", "q"): {"A": 4, "B": 4, "U": 4},
    ("O1", "env"): {"A": 3, "B": 3, "U": 3},
    # O2: q from 1 to 5 (mean 11/3: 44 points) + env 32 = 76, first; at 1 it falls behind O1
    ("O2", "q"): {"A": 5, "B": 1, "U": 5},
    ("O2", "env"): {"A": 4, "B": 4, "U": 3},
}


@pytest.fixture
def tender() -> Tender:
    return make_tender(MARKS)


def test_disputed_items_come_ordered_by_their_stake(tender):
    result = agenda(tender, evidence=False)
    assert [(it.offer, it.criterion) for it in result] == [("O2", "q"), ("O3", "env")]
    first, last = result.items
    assert first.changes_winner and first.winners_low == ("O1",) and first.winners_high == ("O2",)
    assert (first.rank_now, first.rank_low, first.rank_high) == (1, 2, 1)
    assert first.rank_moves == 2 and first.swing == 48
    assert (first.low, first.high, first.range) == (1, 5, 4)
    assert not last.changes_winner and last.rank_moves == 0 and last.swing == 16
    assert [m[0] for m in first.marks] == ["A", "B", "U"]
    assert first.marks[1][1:] == ("Bruno", "technicien", 1, "B sur O2/q.")


def test_rule_is_configurable(tender):
    assert len(agenda(tender, rule=3, evidence=False)) == 1
    assert len(agenda(tender, rule=1, evidence=False)) == 3  # O2/env (3 to 4) joins

    def users_disagree(item):
        return item.mark_of("U") is not None and item.mark_of("U") != item.value

    chosen = agenda(tender, rule=users_disagree, evidence=False)
    assert {(it.offer, it.criterion) for it in chosen} == {
        ("O2", "q"),
        ("O3", "env"),
        ("O2", "env"),
    }
    assert "users_disagree" in chosen.rule
    with pytest.raises(ValueError, match="positif"):
        agenda(tender, rule=0)


def test_items_settled_by_consensus_leave_the_agenda(tender):
    agreed = record_consensus(tender, "O2", "q", 4, "Accord après relecture.", by="Présidente")
    settled = consolidate(tender, method="consensus", consensus=[agreed])
    result = agenda(tender, consolidation=settled, evidence=False)
    assert [(it.offer, it.criterion) for it in result] == [("O3", "env")]


def test_engine_proposals_are_shown_beside_the_marks(tender):
    span = SimpleNamespace(text="reprise des bidons", code="M", start=0, end=18)
    assessments = {
        ("O3", "q-emb"): SimpleNamespace(
            level=2, label="Passable", evidence=[span], justification="Mesure envisagée."
        )
    }
    result = agenda(tender, assessments=assessments)
    item = next(it for it in result if it.offer == "O3")
    assert item.proposals[0].level == 2 and item.proposals[0].quotes == ("reprise des bidons",)
    assert "« reprise des bidons »" in result.to_text()
    assert next(it for it in result if it.offer == "O2").proposals == ()  # no question feeds q
    assert result.engine_note == ""


def test_agenda_without_the_engine_says_so(tender, monkeypatch):
    import sys

    # The import fails, whether or not an earlier test already imported the engine:
    # a submodule found in sys.modules would be returned without its parent.
    for name in [m for m in sys.modules if m.startswith("efc_scoring.evidence.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "efc_scoring.evidence", None)
    result = agenda(tender)
    assert "indisponible" in result.engine_note and len(result) == 2
    assert "indisponible" in result.to_text()


def test_renderings(tender):
    result = agenda(tender, evidence=False)
    frame = result.to_frame()
    assert len(frame) == 6 and list(frame["order"].unique()) == [1, 2]
    assert {"justification", "mark", "changes_winner"} <= set(frame.columns)
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["items"][0]["changes_winner"] is True
    text = result.to_text()
    assert text.startswith("Ordre du jour") and "change l'attributaire" in text
    assert "<pre>" in result._repr_html_()


def test_no_dispute_means_an_empty_agenda():
    calm = make_tender(
        {(o, c): {"A": 3, "B": 3, "U": 4} for o in ("O1", "O2") for c in ("q", "env")}
    )
    result = agenda(calm, evidence=False)
    assert len(result) == 0 and "Aucun point" in result.to_text()
    assert result.to_frame().empty


def test_cleaning_sample_end_to_end():
    """On the cleaning sample the two items disputed by 2 levels come first, then alpha."""
    tender = load_tender(sample_path("nettoyage"))
    result = agenda(tender, evidence=False)
    assert [(it.offer, it.criterion) for it in result] == [("O5", "env.transport"), ("O2", "coop")]
    assert all(it.range >= 2 for it in result)
    assert result.items[0].rank_moves > result.items[1].rank_moves
    agreement = consolidate(tender).agreement()
    assert agreement.overall.alpha >= 0.8 and agreement.overall.reading == "bon"


@pytest.mark.slow
def test_cleaning_sample_with_the_evidence_engine():
    """The engine's proposed level and quotes sit beside the marks of each disputed item."""
    evidence = pytest.importorskip("efc_scoring.evidence")
    if not hasattr(evidence, "assess_answers"):
        pytest.skip("evidence engine without assess_answers")
    tender = load_tender(sample_path("nettoyage"))
    result = agenda(tender)
    assert result.engine_note == ""
    for item in result:
        (proposal,) = item.proposals  # one open question feeds each disputed criterion
        assert proposal.question == tender.questions_for(item.criterion)[0].id
        assert 0 <= proposal.level <= 5 and proposal.label
        answer = tender.offer(item.offer).answers[proposal.question]
        assert all(quote in answer for quote in proposal.quotes)
    assert "Moteur (" in result.to_text()


def test_an_engine_proposal_without_level_reads_a_relire(tender):
    assessments = {
        ("O3", "q-emb"): SimpleNamespace(
            level=None, label="à relire", evidence=[], justification="Réponse en anglais."
        )
    }
    result = agenda(tender, assessments=assessments)
    item = next(it for it in result if it.offer == "O3")
    assert item.proposals[0].shown == "à relire"
    assert "niveau à relire" in result.to_text()
    assert item.to_dict()["engine"][0]["level"] is None
    frame = result.to_frame()
    assert frame.loc[frame["offer"] == "O3", "engine"].iloc[0] == "q-emb: à relire"


def test_a_fragile_engine_proposal_is_marked(tender):
    assessments = {
        ("O3", "q-emb"): SimpleNamespace(
            level=4, label="Bon", evidence=[], justification="…", fragile=True
        )
    }
    result = agenda(tender, assessments=assessments)
    assert "4 (Bon) — proposition fragile, à lire attentivement" in result.to_text()
