"""Fixtures shared by the procedure tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from efc_scoring import sample_path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the cleaning sample, free to change (its ledger starts empty)."""
    target = tmp_path / "nettoyage"
    shutil.copytree(sample_path("nettoyage"), target)
    return target
