"""LibreOffice headless as a real spreadsheet client: recalculate, convert to PDF.

Each call runs ``soffice`` with a fresh, throw-away user profile whose
``registrymodifications.xcu`` forces the recalculation of every formula on
load (LibreOffice otherwise trusts the values stored with the formulas).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from efc_scoring.errors import LibreOfficeError

__all__ = ["LibreOfficeError", "convert", "find_soffice", "recalculate", "to_pdf"]

_RECALC_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    """Path of the ``soffice`` program, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(
    paths: Iterable[str | Path], out_dir: str | Path, target: str, *, timeout: float = 180
) -> list[Path]:
    """Open ``paths`` in LibreOffice (recalculating every formula) and save them as ``target``.

    ``target`` is a LibreOffice filter name such as ``xlsx`` or ``pdf``; the
    converted files keep their stem in ``out_dir``. Several files share one
    start of LibreOffice.
    """
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeError("LibreOffice (soffice) est introuvable : installer libreoffice-calc")
    files = [Path(p).resolve() for p in paths]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="efc-lo-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(_RECALC_ON_LOAD, "utf-8")
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise LibreOfficeError(f"LibreOffice n'a pas fini en {timeout:g} s") from exc
    results = [out / f"{f.stem}.{target.split(':')[0]}" for f in files]
    missing = [r for r in results if not r.exists()]
    if missing:
        raise LibreOfficeError(
            f"LibreOffice n'a pas produit {', '.join(map(str, missing))} "
            f"(code {done.returncode}) : {done.stderr.strip()[:500]}"
        )
    return results


def recalculate(path: str | Path, out_dir: str | Path) -> Path:
    """A copy of the workbook in ``out_dir``, every formula recalculated by LibreOffice."""
    return convert([path], out_dir, "xlsx")[0]


def to_pdf(path: str | Path, out_dir: str | Path) -> Path:
    """The workbook printed to PDF by LibreOffice (as its page setup says)."""
    return convert([path], out_dir, "pdf")[0]
