"""The YAML examples of the tender-file reference and of its schema page are true: each key is a
field of the model, and each example of the procedure's keys validates."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

from efc_scoring import Offer, Tender, tender_json_schema
from efc_scoring.model.procedure import Governance, Marking, PricedOption, Round, Variants
from efc_scoring.model.publication import Publication
from tender_factories import MINIMAL_TENDER_YAML

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "tender-file.md"
PROCEDURE_KEYS = {"rounds", "options", "variants", "governance", "marking", "publication"}


def examples() -> list[dict]:
    text = PAGE.read_text(encoding="utf-8")
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)]


def test_every_key_of_every_example_is_a_field():
    fields = set(Tender.model_fields) | {"scores"}
    found = examples()
    assert len(found) >= 9
    for example in found:
        keys = set(example)
        if "bidder" in keys:  # an offer file
            assert keys <= set(Offer.model_fields), keys
        else:
            assert keys <= fields, keys - fields


def test_the_procedure_examples_validate_in_a_tender():
    seen: set[str] = set()
    for example in examples():
        if "bidder" in example:
            offer = Offer.model_validate(example)
            assert offer.options  # priced PSE and tranche
            continue
        if not set(example) <= PROCEDURE_KEYS:
            continue
        seen |= set(example)
        data = {**yaml.safe_load(MINIMAL_TENDER_YAML), **example}
        tender = Tender.model_validate(data)
        for key in example:
            assert getattr(tender, key) not in (None, ())
    assert seen == PROCEDURE_KEYS


@pytest.mark.parametrize("model", [Round, PricedOption, Variants, Marking, Governance, Publication])
def test_the_schema_page_shows_a_valid_example_of_each_procedure_table(model):
    schema = model.model_json_schema()
    assert schema["examples"]
    for example in schema["examples"]:
        model.model_validate(example)
    spec = importlib.util.spec_from_file_location("schema_page", ROOT / "docs/hooks/schema_page.py")
    if spec is None or spec.loader is None or importlib.util.find_spec("mkdocs") is None:
        pytest.skip("mkdocs is not installed")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = module.render(tender_json_schema())
    section = page.split(f"## {model.__name__}\n", 1)[1].split("\n## ", 1)[0]
    assert section.count("Example:") == len(schema["examples"])
