"""The notebooks of ``notebooks/`` run from top to bottom on the samples, and are kept stripped.

Each notebook is executed with nbclient in a fresh kernel (the venv's Python),
from the repository root, with a per-cell timeout. A cell that raises fails
the test with the cell's source and the error.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

needs_jupyter = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("nbclient", "nbformat", "ipykernel")),
    reason="nbclient, nbformat and ipykernel are not installed (pip install -e '.[dev]')",
)


def test_there_are_five_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01-analyste.ipynb",
        "02-commission.ipynb",
        "03-plan-de-progres.ipynb",
        "04-corpus.ipynb",
        "05-procedure.ipynb",
    ]


@needs_jupyter
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stripped(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@needs_jupyter
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
