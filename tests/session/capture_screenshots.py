"""Screenshots of the how-to « the committee's meeting in a browser » (docs/how-to/img/).

Run by hand after a change of the pages:
``.venv/bin/python tests/session/capture_screenshots.py``. A session on a copy
of the cleaning tender, Debian's chromium at 1280x720 (a projector), the PNGs
reduced to a small palette so that the repository stays light.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "docs" / "how-to" / "img"


def _small(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=48, dither=Image.Dither.NONE)
    reduced.save(path, optimize=True)


def main() -> None:
    sys.path.insert(0, str(HERE))
    from browser import chromium, served

    from efc_scoring import sample_path
    from efc_scoring.session import Meeting

    folder = Path(tempfile.mkdtemp()) / "marche"
    shutil.copytree(sample_path("nettoyage"), folder)
    meeting = Meeting(folder, by="Claire Morel, présidente")
    OUT.mkdir(parents=True, exist_ok=True)
    shots = []
    with served(meeting, documents={"draws": 200}) as (base, access), chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{base}/entrer?jeton={access.chair}")
        page.screenshot(path=str(OUT / "seance-levee.png"))
        shots.append("seance-levee.png")
        page.click("#lever")
        page.wait_for_selector("#accord", timeout=120_000)
        page.screenshot(path=str(OUT / "seance-vue-ensemble.png"))
        shots.append("seance-vue-ensemble.png")
        page.click("#premier-point")
        page.wait_for_selector("#form-decision")
        page.screenshot(path=str(OUT / "seance-point.png"))
        shots.append("seance-point.png")
        page.locator("#simulation").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('simulation').scrollIntoView()")
        page.screenshot(path=str(OUT / "seance-simulation.png"))
        shots.append("seance-simulation.png")
        page.keyboard.press("g")
        page.wait_for_selector("html.grand")
        page.screenshot(path=str(OUT / "seance-grands-caracteres.png"))
        shots.append("seance-grands-caracteres.png")
    for name in shots:
        _small(OUT / name)
        print(f"{OUT / name}: {(OUT / name).stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
