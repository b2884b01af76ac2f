"""The procedure with negotiation of the bundled sample ``blanchisserie``, end to end from the CLI.

The ``sh`` blocks of ``docs/how-to/negotiation.md`` run in order, as written, in a folder
holding a copy of the sample under ``data/samples``: every command through the CLI (in
process), ``cp`` and ``rm`` as the shell would. Between the blocks the test does what people
do (the evaluators fill their grids with the sample's marks), and after each block it checks
what the step wrote: the ledger's entries, the marks, the grids, the letters, the report.
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import efc_scoring as efc
from efc_scoring import present
from efc_scoring.cli import app
from efc_scoring.procedure import OfferStatus, Phase, read_records, sealed, set_aside, statuses

ROOT = Path(__file__).resolve().parents[2]
HOWTO = ROOT / "docs" / "how-to" / "negotiation.md"
EVALUATORS = {
    "acheteur": "Julien Marchand",
    "logistique": "Nadia Ferhat",
    "lingere": "Odile Perrin",
}
LEVEL, WHY = 10, 11  # « Votre niveau », « Votre justification » of the « Grille » sheet (1-based)
runner = CliRunner()


def blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", HOWTO.read_text(encoding="utf-8"), flags=re.DOTALL)


def run(block: str) -> str:
    """Run a block's lines: ``efc-scoring`` in process, ``cp -r`` and ``rm`` as the shell."""
    out = []
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        argv = shlex.split(line)
        if argv[0] == "cp" and argv[1] == "-r":
            shutil.copytree(argv[2], argv[3])
        elif argv[0] == "rm":
            for name in argv[1:]:
                Path(name).unlink()
        elif argv[0] == "efc-scoring":
            args = [
                a for arg in argv[1:] for a in (sorted(glob.glob(arg)) if "*" in arg else [arg])
            ]
            result = runner.invoke(app, args)
            assert result.exit_code == 0, f"{line}\n{result.output}"
            out.append(result.output)
        else:
            raise AssertionError(f"the how-to runs a command the test does not know: {line}")
    return "\n".join(out)


def grids_hold_no_marks(folder: Path) -> list[Path]:
    """Every grid names its own evaluator alone and holds no mark before it is filled."""
    paths = sorted(folder.glob("grille-*.xlsx"))
    assert [p.stem.removeprefix("grille-") for p in paths] == sorted(EVALUATORS)
    for path in paths:
        mine = path.stem.removeprefix("grille-")
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    for evaluator, name in EVALUATORS.items():
                        if evaluator != mine and isinstance(cell.value, str):
                            assert name not in cell.value, (path.name, ws.title, cell.coordinate)
        for row in wb["Grille"].iter_rows(min_row=5):
            assert row[LEVEL - 1].value is None and row[WHY - 1].value is None, path.name
    return paths


def evaluators_fill(folder: Path, sample: Path) -> None:
    """Each evaluator types the sample's level and justification into its grid, row by key."""
    marks = {(m.evaluator, m.offer, m.criterion): m for m in efc.load_tender(sample).marks}
    for path in grids_hold_no_marks(folder):
        evaluator = path.stem.removeprefix("grille-")
        wb = openpyxl.load_workbook(path)
        for row in wb["Grille"].iter_rows(min_row=5):
            mark = marks[(evaluator, row[0].value, row[1].value)]
            row[LEVEL - 1].value, row[WHY - 1].value = int(mark.value), mark.justification
        wb.save(path)


def same_marks(a: efc.Tender, b: efc.Tender) -> bool:
    def key(t: efc.Tender) -> set[tuple[str, str, str, Decimal, str]]:
        return {
            (m.evaluator, m.offer, m.criterion, Decimal(m.value), m.justification) for m in t.marks
        }

    return key(a) == key(b)


@pytest.mark.slow
def test_the_negotiated_procedure_runs_from_the_cli_as_the_howto_says(tmp_path, monkeypatch):
    sample = efc.sample_path("blanchisserie")
    shutil.copytree(sample, tmp_path / "data" / "samples" / "blanchisserie")
    monkeypatch.chdir(tmp_path)
    steps = blocks()
    assert len(steps) == 12
    linge = tmp_path / "linge"
    final = linge / "rounds" / "finale"
    journal = linge / "journal-commission.jsonl"
    checks: list[Callable[[str], None]] = []

    def step(check: Callable[[str], None]) -> Callable[[str], None]:
        checks.append(check)
        return check

    @step
    def method(out: str) -> None:  # 1. copy, method check
        assert "aucune irrégularité ni aucun risque" in out
        assert not (linge / "scores.csv").exists() and not (final / "scores.csv").exists()
        # the tender asks for declarations: no grid before them
        refused = runner.invoke(app, ["grids", "linge", "--out", "sans-declaration"])
        assert refused.exit_code == 1
        assert "déclaration d'absence de conflit d'intérêts" in refused.output
        assert not (tmp_path / "sans-declaration").exists()

    @step
    def declarations_and_grids(out: str) -> None:  # 2.
        records = read_records(journal)
        assert {d.evaluator: d.signed_by for d in records.declarations} == EVALUATORS
        assert records.phase(Phase.GRIDS_SENT, None) is not None
        assert sealed(efc.load_tender(linge), journal)
        evaluators_fill(tmp_path / "grilles-initiales", sample)

    @step
    def returned(out: str) -> None:  # 3.
        assert "60 notes de 3 évaluateurs" in out
        assert same_marks(efc.load_tender(linge), efc.load_tender(sample))
        assert not sealed(efc.load_tender(linge), journal)

    @step
    def regularised(out: str) -> None:  # 4.
        assert "Invitation à régulariser adressée à O3" in out
        tender = efc.load_tender(linge)
        status, reason = statuses(tender, journal)["O3"]
        assert status is OfferStatus.COMPLIANT and "régularisée le 27 octobre 2026" in reason
        assert set_aside(tender, journal) == {}
        records = read_records(journal)  # the irregular status stays beside its regularisation
        assert [s.status for s in records.statuses if s.offer == "O3"] == [OfferStatus.IRREGULAR]
        request = records.request(None)
        assert request is not None and request.offers == ("O3",)
        regularisation = records.regularisation(None, "O3")
        assert regularisation is not None and regularisation.received_on == date(2026, 10, 27)

    @step
    def consensus(out: str) -> None:  # 5.
        assert "Capacité de coopération" in out and "O2" in out
        (decision,) = efc.committee_decisions(journal)
        assert (decision.offer, decision.criterion, decision.mark) == ("O2", "coop", 3)

    @step
    def closed_and_admitted(out: str) -> None:  # 6.
        rows = efc.procedure.trace(efc.load_tender(linge), journal).to_frame()
        initial = rows[rows["round"] == "initiale"].set_index("offer")
        assert list(initial["rank"]) == [1, 2, 3, 4, 5]
        assert f"{float(initial.loc['O2', 'total']):.2f}" == "74.86"  # the committee's 3
        assert list(initial["admitted"]) == [True, True, True, True, False]
        assert "quatre offres les mieux classées" in initial.loc["O5", "reason"]

    @step
    def final_grids(out: str) -> None:  # 7.
        records = read_records(journal)
        assert records.phase(Phase.GRIDS_SENT, "finale") is not None
        evaluators_fill(tmp_path / "grilles-finales", sample / "rounds" / "finale")

    @step
    def final_returned(out: str) -> None:  # 8.
        assert "48 notes de 3 évaluateurs" in out
        assert "Aucun point en désaccord" in out
        assert same_marks(efc.load_tender(final), efc.load_tender(sample / "rounds" / "finale"))
        assert "O5" not in {o.id for o in efc.load_tender(final).offers}

    @step
    def pse(out: str) -> None:  # 9.
        assert "Le choix des PSE ne change pas l'offre classée première." in out
        retained = read_records(journal).retained("finale", "L1")
        assert retained is not None and retained.pse == ("PSE1",)

    @step
    def abnormal(out: str) -> None:  # 10.
        steps_o4 = read_records(journal).abnormal_steps("finale", "O4")
        assert [s.step for s in steps_o4] == ["request", "explanation", "decision"]
        assert steps_o4[-1].kept is True
        assert "O4" not in set_aside(efc.load_tender(final), journal, "finale")
        letter = (tmp_path / "courriers" / "demande-justification-O4.md").read_text(
            encoding="utf-8"
        )
        tender = efc.load_tender(final)
        assert tender.offer("O4").bidder in letter and "27 novembre 2026" in letter
        for other in ("O1", "O2", "O3"):
            assert tender.offer(other).bidder not in letter
            price = f"{tender.offer(other).total_price:,.2f}".replace(",", " ").replace(".", ",")
            assert price not in letter

    @step
    def ranked_and_closed(out: str) -> None:  # 11.
        rows = efc.procedure.trace(efc.load_tender(linge), journal).to_frame()
        finale = rows[rows["round"] == "finale"].set_index("offer")
        assert list(finale.index) == ["O1", "O2", "O3", "O4"]
        assert list(finale["rank"]) == [1, 2, 3, 4]
        # the totals closed are those `score` printed; O1 leads O2 by less than a point
        for total in finale["total"]:
            assert present.points(total) in out
        assert 0 < finale.loc["O1", "total"] - finale.loc["O2", "total"] < 1
        assert efc.procedure.changed_files(efc.load_tender(linge), linge, journal, "finale") == []
        assert "non admise" in out and "retenue" in out
        assert "Tour « Offres finales après négociation »" in out
        # O4 was kept on its explanation: score no longer calls its price suspected
        assert "possiblement anormalement bas" not in out and "justifié" in out

    @step
    def report_and_letters(out: str) -> None:  # 12.
        report = (tmp_path / "rapport" / "rapport-analyse-offres.md").read_text(encoding="utf-8")
        assert "procédure avec négociation" in report
        # five offers received, four in the final round (O5 not admitted)
        assert "nombre d'offres reçues : 5 (4 à ce tour de la négociation)" in report
        for offer in ("O1", "O2", "O3", "O4"):
            assert f"Offre {offer}" in report
        assert "#### Offre O5" not in report  # not admitted: not among the final offers
        assert (tmp_path / "rapport" / "rapport-analyse-offres.html").is_file()
        tender = efc.load_tender(final)
        winner = tender.offer("O1").bidder
        for offer in ("O2", "O3", "O4"):
            text = " ".join(
                (tmp_path / "lettres" / f"lettre-{offer}.md").read_text(encoding="utf-8").split()
            )
            assert tender.offer(offer).bidder in text and winner in text
            for other in {"O2", "O3", "O4"} - {offer}:
                assert tender.offer(other).bidder not in text
        assert not (tmp_path / "lettres" / "lettre-O1.md").exists()
        # O5, not admitted to the final round, gets its stage letter, and nobody else's name
        o5 = " ".join((tmp_path / "lettres" / "lettre-O5.md").read_text(encoding="utf-8").split())
        initial = efc.load_tender(linge)
        assert initial.offer("O5").bidder in o5 and winner in o5
        assert "n'a pas été admise au tour « Offres finales après négociation »" in o5
        assert "**5e rang** sur 5 offres classées" in o5 and "R. 2181-4" in o5
        for other in ("O2", "O3", "O4"):
            assert initial.offer(other).bidder not in o5
        phases = [p.phase for p in read_records(journal).phases if p.round == "finale"]
        assert phases == list(Phase)

    for block, check in zip(steps, checks, strict=True):
        check(run(block))
