"""The public API as a user's type checker sees it: real types, not ``Any``."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import efc_scoring

LAZY_PACKAGES = [
    "efc_scoring",
    "efc_scoring.committee",
    "efc_scoring.corpus",
    "efc_scoring.excel",
    "efc_scoring.mcda",
    "efc_scoring.procedure",
    "efc_scoring.session",
]


def _type_checking_imports(module: str) -> dict[str, str]:
    """``{name: module}`` of the explicit imports under ``if TYPE_CHECKING:`` in a package."""
    path = Path(importlib.util.find_spec(module).origin)
    found: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom), ast.dump(stmt)
                for alias in stmt.names:
                    # `X as X`: an explicit re-export, seen even under mypy --no-implicit-reexport
                    assert alias.asname == alias.name, (module, alias.name)
                    found[alias.name] = stmt.module
    return found


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_lazy_name_has_its_type_checking_import(package):
    """The lazy loader's map and the type checker's imports name the same objects."""
    module = importlib.import_module(package)
    assert _type_checking_imports(package) == dict(module._EXPORTS)


def test_the_package_declares_its_types():
    root = Path(efc_scoring.__file__).parent
    assert (root / "py.typed").is_file()


@pytest.mark.slow
def test_a_users_mypy_sees_real_types(tmp_path):
    """What ``reveal_type`` shows in a user's script: functions and classes, never ``Any``."""
    script = tmp_path / "user.py"
    script.write_text(
        textwrap.dedent(
            """
            import efc_scoring as efc
            from efc_scoring.committee import consolidate
            from efc_scoring.mcda import sensitivity

            reveal_type(efc.score)
            reveal_type(efc.load_tender)
            reveal_type(efc.Tender)
            reveal_type(consolidate)
            reveal_type(sensitivity)
            tender = efc.load_tender(efc.sample_path("nettoyage"))
            reveal_type(efc.score(tender).ranking())
            efc.score("not a tender")
            """
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-incremental",
            "--follow-imports=silent",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(script),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    revealed = [line for line in run.stdout.splitlines() if "Revealed type" in line]
    assert len(revealed) == 6, run.stdout + run.stderr
    assert not any('"Any"' in line for line in revealed), run.stdout
    assert "efc_scoring.scoring.evaluate.Evaluation" in revealed[0], revealed[0]
    assert "efc_scoring.model.tender.Tender" in revealed[1], revealed[1]
    assert "efc_scoring.committee._consolidate.Consolidation" in revealed[3], revealed[3]
    assert "SensitivityResult" in revealed[4], revealed[4]
    assert "DataFrame" in revealed[5], revealed[5]
    # a wrong argument is caught, which an `Any` would let through
    assert 'Argument 1 to "score" has incompatible type "str"' in run.stdout, run.stdout
