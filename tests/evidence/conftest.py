"""Shared fixtures of the evidence tests: the French model is loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
#: The shared folder is a sibling of the repository root.
DEV_SET = HERE.parents[1] / ".." / "shared" / "data" / "answers-dev.jsonl"
HARD_CASES = HERE / "data" / "hard-cases.jsonl"


@pytest.fixture(scope="session")
def nlp():
    from efc_scoring.evidence._nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def assess(nlp):
    """``assess(text, axis)`` with the model already loaded."""
    from efc_scoring.evidence import assess_answer

    return assess_answer


@pytest.fixture(scope="session")
def dev_set_path() -> Path:
    return DEV_SET


@pytest.fixture(scope="session")
def hard_cases_path() -> Path:
    return HARD_CASES


_QUALITY_KEY = pytest.StashKey[list]()


@pytest.fixture
def record_quality(request):
    """Keep an agreement table to print in the run's summary (visible in `make test`)."""
    tables = request.config.stash.setdefault(_QUALITY_KEY, [])
    return tables.append


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    tables = config.stash.get(_QUALITY_KEY, [])
    if tables:
        terminalreporter.section("evidence engine: agreement with labelled answers")
        for text in tables:
            terminalreporter.write_line(text)
