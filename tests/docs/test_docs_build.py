"""The documentation builds with MkDocs in strict mode (any warning fails)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("mkdocstrings") is None,
    reason="mkdocs and mkdocstrings[python] are not installed (pip install -e '.[docs]')",
)
def test_docs_build_strict(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--site-dir",
            str(tmp_path / "site"),
            "--config-file",
            str(ROOT / "mkdocs.yml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    schema_page = (tmp_path / "site" / "tender-schema" / "index.html").read_text(encoding="utf-8")
    assert "criteria" in schema_page and "Criterion" in schema_page
    # every member the API pages list is rendered, with its anchor (module.member)
    from test_api_reference import documented  # tests/docs is on sys.path (rootdir-less tests)

    for page, entries in documented().items():
        folder = tmp_path / "site" / "api" / ("" if page == "index" else page)
        html = (folder / "index.html").read_text(encoding="utf-8")
        for module, name in entries:
            assert f'id="{module}.{name}"' in html, f"{module}.{name} not rendered on api/{page}"


def test_schema_page_lists_every_tender_field():
    spec = importlib.util.spec_from_file_location("schema_page", ROOT / "docs/hooks/schema_page.py")
    if spec is None or spec.loader is None or importlib.util.find_spec("mkdocs") is None:
        pytest.skip("mkdocs is not installed")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from efc_scoring import tender_json_schema

    schema = tender_json_schema()
    page = module.render(schema)
    for field in schema["properties"]:
        assert f"| `{field}` |" in page, field
    for name in schema["$defs"]:
        assert f"## {name}" in page, name
