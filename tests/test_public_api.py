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
