"""Importing the evidence package must not import spaCy (the model loads lazily)."""

import subprocess
import sys


def test_import_does_not_load_spacy():
    code = (
        "import sys, efc_scoring.evidence as e; "
        "assert 'spacy' not in sys.modules, 'spacy imported at import time'; "
        "print(e.assess_answer.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
