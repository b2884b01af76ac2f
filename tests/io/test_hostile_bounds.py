"""Every hostile or careless file kept under ``tests/io/data/hostile`` is refused (or read, for
the ones that are valid) within a stated bound: Python allocations measured by tracemalloc,
and `efc-scoring validate` on each, in one child process under CPU-time and address-space
limits (resource limits), with a French message and no traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bounded import peak_memory

from efc_scoring import Tender, TenderError, load_marks, load_tender, sample_path
from tender_factories import MINIMAL_TENDER_YAML

HOSTILE = Path(__file__).parent / "data" / "hostile"
#: Stated bounds: 4 MiB of Python allocations for one file (the largest measured is 0.7 MiB,
#: the offers table with its tender); for the child, 60 s of CPU and 1 GiB of address space
#: for the interpreter, its imports and `validate` on every file.
MEMORY = 4 * 2**20
CPU_SECONDS, ADDRESS_SPACE = 60, 1 << 30
#: The files that hold no mistake: what they test is that they are read whole.
VALID = {"scores-doubled-quotes.csv", "scores-semicolon.csv"}
FILES = sorted(p.name for p in HOSTILE.iterdir() if p.suffix in (".csv", ".yaml"))


def test_every_hostile_file_is_listed_here_and_in_the_readme():
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    assert len(FILES) == 11
    assert all(f"`{name}`" in readme for name in FILES)


def _folder(name: str, root: Path) -> Path:
    """A tender folder in which the hostile file plays its part."""
    folder = root / name.replace(".", "-")
    root.mkdir(parents=True, exist_ok=True)
    if name.startswith("scores-"):
        shutil.copytree(sample_path("nettoyage"), folder)
        shutil.copy(HOSTILE / name, folder / "scores.csv")
    elif name.startswith("offers-"):
        folder.mkdir()
        (folder / "tender.yaml").write_text(MINIMAL_TENDER_YAML, encoding="utf-8")
        shutil.copy(HOSTILE / name, folder / "offers.csv")
    else:
        folder.mkdir()
        shutil.copy(HOSTILE / name, folder / "tender.yaml")
    return folder


@pytest.fixture(scope="module")
def nettoyage():
    return load_tender(sample_path("nettoyage"))


@pytest.mark.parametrize("name", FILES)
def test_each_file_within_the_memory_bound(nettoyage, name, tmp_path):
    path = HOSTILE / name
    before = path.read_bytes()
    if name.startswith("scores-"):
        load_marks(HOSTILE / "scores-semicolon.csv", nettoyage)  # imports outside the measure
        result, peak = peak_memory(lambda: load_marks(path, nettoyage))
    else:
        folder = _folder(name, tmp_path)
        with pytest.raises(TenderError):  # imports outside the measure, as above
            load_tender(_folder("tender-enums.yaml", tmp_path / "warm"))
        result, peak = peak_memory(lambda: load_tender(folder))
    expected = Tender if name in VALID else TenderError
    assert isinstance(result, expected), (name, result)
    assert peak < MEMORY, f"{name}: {peak / 2**20:.2f} MiB"
    assert path.read_bytes() == before  # input files are never modified


def test_validate_on_every_file_within_cpu_and_address_space_limits(tmp_path):
    folders = {name: str(_folder(name, tmp_path)) for name in FILES}
    script = tmp_path / "child.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import contextlib, io, json, resource
            resource.setrlimit(resource.RLIMIT_CPU, ({CPU_SECONDS}, {CPU_SECONDS}))
            resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))
            from efc_scoring.cli import main
            out = {{}}
            for name, folder in {folders!r}.items():
                text = io.StringIO()
                with contextlib.redirect_stdout(text), contextlib.redirect_stderr(text):
                    code = main(["validate", folder])
                out[name] = [code, text.getvalue()]
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(json.dumps({{"out": out, "cpu": usage.ru_utime + usage.ru_stime}}))
            """
        )
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for name, (code, text) in report["out"].items():
        assert code == (0 if name in VALID else 1), (name, text[-1500:])
        assert "Traceback" not in text, name
        if name not in VALID:
            assert str(Path(folders[name]).name) in text or "tender.yaml" in text, name
    assert report["cpu"] < CPU_SECONDS
    print(f"\nvalidate on {len(FILES)} hostile files: {report['cpu']:.1f} s of CPU with imports")
