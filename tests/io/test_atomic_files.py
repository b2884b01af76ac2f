"""One file written atomically: a writer killed mid-write leaves the previous file whole, and
the temporary file it leaves is removed by the next write (never one of a running writer)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from efc_scoring.io._atomic import write_bytes_atomic

KILLED_MID_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    from efc_scoring.io._atomic import atomic_path
    with atomic_path(sys.argv[1]) as tmp:
        tmp.write_bytes(b"half of the new")
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_writer_killed_mid_write_leaves_the_previous_file_and_its_leftover_goes(tmp_path):
    target = tmp_path / "scores.csv"
    write_bytes_atomic(target, b"previous")
    done = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(target)], check=False, timeout=120
    )
    assert done.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"previous"
    [leftover] = [p for p in tmp_path.iterdir() if p != target]
    assert leftover.name.startswith(".scores.csv.") and leftover.suffix == ".tmp"
    running = tmp_path / f".scores.csv.{os.getppid()}.abcd1234.tmp"
    running.write_bytes(b"another writer at work")
    write_bytes_atomic(target, b"next")
    assert target.read_bytes() == b"next"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, running.name])
