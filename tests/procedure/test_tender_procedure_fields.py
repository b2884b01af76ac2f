"""The tender file's procedure fields: round folders, decisions per round, priced options."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from efc_scoring import load_tender, record_decision, sample_path, score
from efc_scoring.committee.decisions import committee_decisions, ledger_path
from efc_scoring.errors import ErrorCode, ScoringError, TenderError
from efc_scoring.io.tender import round_folder, tender_root


def _two_rounds(tmp_path: Path) -> Path:
    """The cleaning sample with a final round holding two of its offers."""
    folder = tmp_path / "marche"
    shutil.copytree(sample_path("nettoyage"), folder)
    tender_file = folder / "tender.yaml"
    data = yaml.safe_load(tender_file.read_text(encoding="utf-8"))
    data["rounds"] = [
        {"id": "initiale", "kind": "initial"},
        {"id": "finale", "kind": "final", "label": "Offres finales après négociation"},
    ]
    tender_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    final = folder / "rounds" / "finale"
    (final / "offers").mkdir(parents=True)
    for name in ("O1-econet-rhone.yaml", "O2-proprete-bugey.yaml"):
        shutil.copy(folder / "offers" / name, final / "offers" / name)
    rows = (folder / "scores.csv").read_text(encoding="utf-8").splitlines(True)
    kept = [rows[0]] + [r for r in rows[1:] if r.split(",")[1] in ("O1", "O2")]
    (final / "scores.csv").write_text("".join(kept), encoding="utf-8")
    return folder


def test_a_round_folder_reads_the_tender_file_of_its_tender(tmp_path):
    folder = _two_rounds(tmp_path)
    initial = load_tender(folder)
    final = load_tender(folder / "rounds" / "finale")
    assert [o.id for o in initial.offers] == ["O1", "O2", "O3", "O4", "O5"]
    assert [o.id for o in final.offers] == ["O1", "O2"]
    assert final.criteria == initial.criteria and final.title == initial.title
    assert {s.offer for s in final.marks} == {"O1", "O2"}
    assert tender_root(folder / "rounds" / "finale") == (folder, "finale")
    assert round_folder(folder, "finale") == folder / "rounds" / "finale"
    assert ledger_path(folder / "rounds" / "finale") == ledger_path(folder)


def test_an_undeclared_round_folder_is_refused(tmp_path):
    folder = _two_rounds(tmp_path)
    shutil.copytree(folder / "rounds" / "finale", folder / "rounds" / "bis")
    with pytest.raises(TenderError, match="ne correspond à aucun tour déclaré"):
        load_tender(folder / "rounds" / "bis")


def test_decisions_hold_for_the_marks_of_their_round(tmp_path):
    folder = _two_rounds(tmp_path)
    journal = ledger_path(folder)
    record_decision(load_tender(folder), "O2", "coop", 3, "Bilan annuel.", by="P", ledger=journal)
    final = load_tender(folder / "rounds" / "finale")
    record_decision(
        final, "O2", "coop", 4, "Bilan semestriel.", by="P", ledger=journal, round="finale"
    )
    assert [d.mark for d in committee_decisions(journal)] == [3]
    assert [d.mark for d in committee_decisions(journal, round="finale")] == [4]


def test_optional_tranches_must_be_priced_before_scoring(small_tender):
    from efc_scoring.procedure.options import price_options

    data = small_tender.model_dump()
    data["options"] = [{"id": "TO1", "kind": "tranche", "label": "Année 2", "lot": "L1"}]
    for i, offer in enumerate(data["offers"]):
        offer["options"] = {"TO1": 1000 + i}
    tender = type(small_tender).model_validate(data)
    with pytest.raises(ScoringError) as info:
        score(tender)
    assert info.value.code is ErrorCode.OPTIONS_NOT_PRICED
    priced = price_options(tender)
    assert priced.priced_options == ("TO1",)
    first = priced.offer("O1")
    assert first.total_price == small_tender.offer("O1").total_price + 1000
    assert first.lines[-1].item.startswith("TO1 : Année 2")
    assert score(priced).totals


def _with_pse(small_tender, prices):
    data = small_tender.model_dump()
    data["options"] = [
        {"id": "PSE1", "kind": "pse", "label": "Accompagnateurs", "lot": "L1", "compulsory": True},
        {"id": "PSE2", "kind": "pse", "label": "Lavage", "lot": "L1"},
    ]
    for offer, price in zip(data["offers"], prices, strict=True):
        offer["options"] = {"PSE1": price}
    return type(small_tender).model_validate(data)


def test_every_combination_of_compulsory_pse_is_ranked(small_tender):
    from efc_scoring.procedure.options import rank_combinations

    base = {o.id: o.total_price for o in small_tender.offers}
    cheapest = min(base, key=base.get)
    # the cheapest base offer prices the PSE so high that it loses first place with it
    tender = _with_pse(small_tender, [50_000 if o == cheapest else 10 for o in base])
    ranking = rank_combinations(tender, "L1")
    assert [c.label for c in ranking.combinations] == ["offre de base", "offre de base + PSE1"]
    frame = ranking.to_frame()
    assert set(frame["combination"]) == {"offre de base", "offre de base + PSE1"}
    with_pse = ranking.combinations[1]
    assert cheapest not in with_pse.winners
    if ranking.winner_depends_on_choice:
        assert "change l'offre classée première" in ranking.sentences()[-1]


def test_the_same_pse_is_retained_for_every_offer(small_tender, tmp_path):
    from efc_scoring.errors import ProcedureError
    from efc_scoring.procedure import read_records
    from efc_scoring.procedure.options import retain_options

    tender = _with_pse(small_tender, [10, 20, 30])
    journal = tmp_path / "journal.jsonl"
    with pytest.raises(ProcedureError, match="pas chiffrée par les offres O1, O2 et O3"):
        retain_options(tender, "L1", ["PSE2"], "Besoin confirmé.", by="A", ledger=journal)
    with pytest.raises(ProcedureError, match="motivé"):
        retain_options(tender, "L1", ["PSE1"], " ", by="A", ledger=journal)
    retain_options(tender, "L1", ["PSE1"], "Crédits ouverts au budget.", by="A", ledger=journal)
    [kept] = read_records(journal).options
    assert (kept.lot, kept.pse, kept.reason) == ("L1", ("PSE1",), "Crédits ouverts au budget.")


def test_variants_are_ranked_apart_or_with_the_base_offers(small_tender):
    from efc_scoring.procedure.options import variant_rankings

    data = small_tender.model_dump()
    variant = dict(data["offers"][0], id="O1-V", variant_of="O1", price=5000)
    data["offers"] = [*data["offers"], variant]
    data["scores"] = [
        *data["scores"],
        *(dict(s, offer="O1-V") for s in data["scores"] if s["offer"] == "O1"),
    ]
    data["variants"] = {"allowed": True, "ranking": "separate"}
    apart = variant_rankings(type(small_tender).model_validate(data))
    assert sorted(apart) == ["base", "variantes"]
    assert set(apart["variantes"].totals) == {"O1-V"}
    assert "O1-V" not in apart["base"].totals
    data["variants"]["ranking"] = "merged"
    merged = variant_rankings(type(small_tender).model_validate(data))
    assert sorted(merged) == ["ensemble"] and "O1-V" in merged["ensemble"].totals
