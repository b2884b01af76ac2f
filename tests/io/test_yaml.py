"""The one YAML loader: no YAML 1.1 coercion, duplicate keys refused, aliases and depth bounded."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from bounded import peak_memory, run_cli

from efc_scoring import TenderError, load_tender, sample_path
from efc_scoring.io._yaml import read_yaml
from efc_scoring.progress.io import PlanFileError, load_plan, load_review

HOSTILE = Path(__file__).parent / "data" / "hostile"


def test_duplicate_keys_are_refused_with_both_lines():
    with pytest.raises(TenderError) as info:
        load_tender(HOSTILE / "tender-duplicates.yaml")
    duplicates = [p for p in info.value.problems if p.code == "duplicate_key"]
    assert [(p.line, "déjà ligne" in p.message) for p in duplicates] == [(11, True), (27, True)]
    assert "« weight »" in duplicates[0].message and "« q1 »" in duplicates[1].message


def test_yaml_11_forms_are_never_coerced():
    with pytest.raises(TenderError) as info:
        load_tender(HOSTILE / "tender-yaml11.yaml")
    weights = {p.path: (p.line, p.message) for p in info.value.problems}
    assert sorted(weights) == [f"criteria[{i}].weight" for i in range(4)]
    assert [line for line, _ in weights.values()] == [7, 8, 9, 10]
    assert "« 1:30 »" in weights["criteria[0].weight"][1]
    assert "« 0x1F »" in weights["criteria[1].weight"][1]
    assert "« 1_000 »" in weights["criteria[2].weight"][1]
    assert "octal (8)" in weights["criteria[3].weight"][1]
    doc = read_yaml(HOSTILE / "tender-yaml11.yaml")
    # texts stay as typed: not 8, not False/True
    assert (doc.data["id"], doc.data["title"], doc.data["buyer"]) == ("010", "no", "yes")
    assert doc.data["lots"] == [{"id": "NO", "label": "on"}]


def test_alias_bomb_fails_fast_and_small(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    shutil.copy(HOSTILE / "tender-bomb.yaml", folder / "tender.yaml")
    error, peak = peak_memory(lambda: load_tender(folder))
    assert isinstance(error, TenderError)
    (problem,) = error.problems
    assert problem.code == "yaml_bound" and problem.line is not None
    assert "alias" in problem.message
    assert peak < 5 * 2**20  # refused from the event stream, nothing expanded


def test_alias_bomb_through_the_command_line_within_resource_limits(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    shutil.copy(HOSTILE / "tender-bomb.yaml", folder / "tender.yaml")
    result = run_cli("validate", str(folder), cpu_seconds=60, memory_mb=2048)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "alias" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr) < 2000  # one short message, no repr of the expanded value


def test_deep_nesting_is_refused_without_a_recursion_error():
    error, peak = peak_memory(lambda: load_tender(HOSTILE / "tender-deep.yaml"))
    assert isinstance(error, TenderError)
    (problem,) = error.problems
    assert problem.code == "yaml_bound" and "imbrication" in problem.message
    assert peak < 5 * 2**20


def test_moderate_aliases_are_still_read(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("base: &b {kind: quality, weight: 10}\na: *b\nb: [*b, *b]\n", encoding="utf-8")
    doc = read_yaml(path)
    assert doc.problems == [] and doc.data["b"] == [doc.data["base"]] * 2


def test_oversized_file_is_refused_before_parsing(tmp_path, monkeypatch):
    from efc_scoring.io import _yaml

    path = tmp_path / "t.yaml"
    path.write_text("a: " + "x" * 5000 + "\n", encoding="utf-8")
    monkeypatch.setattr(_yaml, "MAX_YAML_BYTES", 1000)
    (problem,) = read_yaml(path).problems
    assert problem.code == "too_large"


def test_bad_syntax_and_encoding_are_located(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    (problem,) = read_yaml(path).problems
    assert problem.code == "yaml" and problem.line is not None
    path.write_bytes("a: 1\nb: é\n".encode("latin-1"))
    (problem,) = read_yaml(path).problems
    assert problem.code == "encoding" and problem.line == 2


def test_plans_and_reviews_use_the_same_loader(tmp_path):
    plan = sample_path("bof-lycees") / "plan" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    bad = tmp_path / "plan.yaml"
    bad.write_text(text.replace("months: ", "months: 0x", 1) + "lot: L2\n", encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        load_plan(bad)
    codes = sorted(p.code for p in info.value.problems)
    assert codes == ["duplicate_key", "value"]
    assert all(p.line is not None for p in info.value.problems)
    review = tmp_path / "review.yaml"
    shutil.copy(HOSTILE / "tender-bomb.yaml", review)
    error, peak = peak_memory(lambda: load_review(review))
    assert isinstance(error, PlanFileError) and peak < 5 * 2**20


def test_input_files_are_never_modified():
    before = {p: p.read_bytes() for p in HOSTILE.glob("*.yaml")}
    for path in before:
        with contextlib.suppress(TenderError):
            load_tender(path)
    assert {p: p.read_bytes() for p in before} == before
