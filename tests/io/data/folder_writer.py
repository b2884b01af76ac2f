"""A report writer killed at every step of its writes, deterministically.

``python folder_writer.py ROOT`` first writes, through efc_scoring's replace_folder, three
sets of files one after the other into ``ROOT/complete/rapport`` (run 1: html, md, figures,
docx; run 2: html only; run 3: the first set again), each file stamped with its run number,
and records every step of the writes: before and after each ``os.fsync``, ``os.rename``,
the folder exchange and ``shutil.rmtree``. Then, for each step ``p``, it forks a child that
does the same three runs into ``ROOT/<p>/rapport`` and kills itself (SIGKILL, no clean-up)
when it reaches step ``p``. It prints, as JSON, the steps and how each child ended.

No timing decides where a writer dies: every step is a kill point, once.
"""

import json
import os
import shutil
import signal
import sys
from pathlib import Path

from efc_scoring.io import _atomic
from efc_scoring.io._atomic import replace_folder

STEPS: list[str] = []
KILL_AT: list[int | None] = [None]


def _step(label: str) -> None:
    STEPS.append(label)
    if KILL_AT[0] is not None and len(STEPS) - 1 == KILL_AT[0]:
        os.kill(os.getpid(), signal.SIGKILL)


def _hook(module: object, name: str) -> None:
    real = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        _step(f"before {name}")
        result = real(*args, **kwargs)
        _step(f"after {name}")
        return result

    setattr(module, name, wrapper)


for _module, _name in ((os, "fsync"), (os, "rename"), (_atomic, "_exchange"), (shutil, "rmtree")):
    _hook(_module, _name)


def files_of(run: int) -> dict[str, bytes]:
    stamp = f"run {run}\n".encode()
    if run % 2:
        return {
            "rapport.html": stamp + b"h" * 4000,
            "rapport.md": stamp,
            "figures/points-L1.png": stamp + b"p" * 3000,
            "figures/points-L2.png": stamp,
            "rapport.docx": stamp + b"d" * 5000,
        }
    return {"rapport.html": stamp + b"H" * 4000}


def runs(folder: Path) -> None:
    for run in (1, 2, 3):
        _step(f"start run {run}")
        replace_folder(folder, files_of(run))


def main(root: str) -> None:
    base = Path(root)
    runs(base / "complete" / "rapport")
    steps = list(STEPS)
    ended = {}
    for point in range(len(steps)):
        pid = os.fork()
        if pid == 0:  # the child: the same runs, killed at `point`
            STEPS.clear()
            KILL_AT[0] = point
            try:
                runs(base / str(point) / "rapport")
            finally:
                os._exit(3)  # reached only if the kill point was never met
        _, status = os.waitpid(pid, 0)
        ended[point] = os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)
    print(json.dumps({"steps": steps, "signals": ended}), flush=True)


if __name__ == "__main__":  # only when run as a script, never when a test collector imports it
    main(sys.argv[1])
