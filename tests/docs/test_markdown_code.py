"""Every ```python block of the README and the docs runs: each page's blocks in order, in one
namespace, in a temporary folder that holds the samples under the names the pages use."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import efc_scoring as efc

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")], key=lambda p: str(p.relative_to(ROOT))
)
_FENCE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)

#: Pages whose blocks need what a test folder does not have, with the reason.
NOT_RUN = {
    "docs/how-to/corpus.md": "a Dask cluster, OCDS and Parquet exports of many tenders",
    "docs/how-to/session.md": "a meeting needs the evaluators' returned grids",
    "docs/evaluation-grids.md": "reading grids needs grids the evaluators filled",
}


def _blocks(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in _FENCE.finditer(text)]


RUN = [
    p
    for p in PAGES
    if _blocks(p) and str(p.relative_to(ROOT)) not in NOT_RUN and "site" not in p.parts
]


def test_the_pages_left_out_still_exist_and_hold_code():
    for page in NOT_RUN:
        assert _blocks(ROOT / page), page


@pytest.mark.slow
@pytest.mark.parametrize("page", RUN, ids=[str(p.relative_to(ROOT)) for p in RUN])
def test_python_blocks_run(page, tmp_path, monkeypatch):
    shutil.copytree(efc.sample_path("nettoyage"), tmp_path / "mon-marche")
    shutil.copytree(efc.sample_path("nettoyage"), tmp_path / "marches" / "2027-nettoyage")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for line, code in _blocks(page):
        where = f"{page.relative_to(ROOT)}:{line}"
        exec(compile(code, where, "exec"), namespace)  # the docs' own examples
    assert os.getcwd() == str(tmp_path)
