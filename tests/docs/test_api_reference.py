"""The API reference documents every public name, grouped by step, and nothing that is not there."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
API = ROOT / "docs" / "api"

#: The packages whose ``__all__`` is public API (the top level and its subpackages).
PACKAGES = [
    "efc_scoring",
    "efc_scoring.committee",
    "efc_scoring.corpus",
    "efc_scoring.errors",
    "efc_scoring.evidence",
    "efc_scoring.excel",
    "efc_scoring.mcda",
    "efc_scoring.ocds",
    "efc_scoring.present",
    "efc_scoring.procedure",
    "efc_scoring.publication",
    "efc_scoring.report",
    "efc_scoring.session",
]

#: The steps of a tender's life, in the order of the site's navigation.
STEPS = [
    "tender",
    "reading",
    "scoring",
    "grids",
    "committee",
    "robustness",
    "documents",
    "progress",
    "errors",
]

_BLOCK = re.compile(r"^::: (\S+)\n    options:\n      members: \[([^\]]*)\]", re.MULTILINE)


def documented() -> dict[str, list[tuple[str, str]]]:
    """``{page: [(module, member), ...]}``: what each reference page renders."""
    pages = {}
    for page in sorted(API.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        bare = [m for m in re.findall(r"^::: (\S+)$", text, re.MULTILINE)]
        blocks = _BLOCK.findall(text)
        # every block names its members: a bare `::: module` would document whatever it holds
        assert len(bare) == len(blocks), f"{page.name}: a ::: block without its members list"
        pages[page.stem] = [
            (module, name.strip()) for module, names in blocks for name in names.split(",")
        ]
    return pages


def test_the_reference_has_one_page_per_step():
    assert sorted(documented()) == sorted([*STEPS, "index"])
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert [s for s in re.findall(r"api/(\w+)\.md", nav) if s != "index"] == STEPS


def test_every_public_name_is_documented_once():
    """Each object of a public ``__all__`` is rendered once, under the module that defines it."""
    seen: dict[object, str] = {}
    for page, entries in documented().items():
        for module, name in entries:
            obj = getattr(importlib.import_module(module), name)
            # a constant (number, string) is known by its name and value, anything else by itself
            key = (name, repr(obj)) if isinstance(obj, int | float | str) else id(obj)
            assert key not in seen, f"{module}.{name} ({page}) already documented as {seen[key]}"
            seen[key] = f"{module}.{name}"
    missing = []
    for package in PACKAGES:
        mod = importlib.import_module(package)
        for name in mod.__all__:
            obj = getattr(mod, name)
            key = (name, repr(obj)) if isinstance(obj, int | float | str) else id(obj)
            if key not in seen:
                missing.append(f"{package}.{name}")
    assert not missing, "public names missing from docs/api/: " + ", ".join(missing)


def test_nothing_private_is_documented():
    """A documented member is public: listed in the ``__all__`` of its package or module."""
    public = set()
    for package in PACKAGES:
        mod = importlib.import_module(package)
        public |= {id(getattr(mod, name)) for name in mod.__all__}
    for entries in documented().values():
        for module, name in entries:
            obj = getattr(importlib.import_module(module), name)
            listed = name in getattr(importlib.import_module(module), "__all__", ())
            assert id(obj) in public or listed, f"{module}.{name} is not public"
