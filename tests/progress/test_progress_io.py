"""plan.yaml and review-N.yaml: write then read, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from efc_scoring import sample_path
from efc_scoring.progress.io import PlanFileError, load_plan, load_review, save_plan, save_review
from efc_scoring.progress.status import record_review

FOLDER = sample_path("bof-lycees") / "plan"


def sample_plan(n: int = 3):  # type: ignore[no-untyped-def]
    plan = load_plan(FOLDER / "plan.yaml")
    for i in range(1, n + 1):
        plan = record_review(plan, load_review(FOLDER / f"review-{i}.yaml"))
    return plan


def test_plan_with_reviews_round_trips(tmp_path: Path) -> None:
    plan = sample_plan()
    out = save_plan(plan, tmp_path / "plan.yaml")
    again = load_plan(out)
    assert again == plan
    assert "calendar" not in out.read_text(encoding="utf-8")  # default calendar left out


def test_review_round_trips(tmp_path: Path) -> None:
    review = load_review(FOLDER / "review-3.yaml")
    assert load_review(save_review(review, tmp_path / "r.yaml")) == review


def test_errors_have_line_and_path(tmp_path: Path) -> None:
    text = (FOLDER / "plan.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "plan.yaml"
    broken = text.replace("months: 18", "months: 18\ncolour: red").replace(
        "target: 70", "target: soixante-dix"
    )
    bad.write_text(broken, encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        load_plan(bad)
    problems = {p.path: p for p in info.value.problems}
    assert problems["colour"].line == broken.splitlines().index("colour: red") + 1
    assert "axes[0].indicators[0].target" in problems
    assert len(info.value.failure_cases) == 2
    # cross-field rules are located too
    broken = text.replace("deadline: 2028-06-01", "deadline: 2031-06-01")
    bad.write_text(broken, encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        load_plan(bad)
    (problem,) = info.value.problems
    assert problem.path == "axes[0].indicators[0].deadline" and "sort du marché" in problem.message
    assert broken.splitlines()[problem.line - 1].strip() == "deadline: 2031-06-01"


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "review.yaml"
    bad.write_text("id: R1\ndate: [2028-03-01\n", encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        load_review(bad)
    assert info.value.problems[0].code == "yaml" and info.value.problems[0].line is not None


def test_missing_file() -> None:
    with pytest.raises(PlanFileError, match="fichier introuvable"):
        load_plan("/nonexistent/plan.yaml")
