"""A committee member's process appending to the ledger, killed mid-append.

Used by tests/committee/test_ledger_crash.py:

- ``python ledger_writer.py LEDGER SIZE`` prints ``ready`` and appends entries of SIZE
  characters until it is killed (for manual checks);
- ``python ledger_writer.py LEDGER SIZE ENTRY CUT`` appends entries until the ENTRY-th
  one (1-based), of which it writes only CUT bytes (``half``: half the line; ``end``: all
  but the line end; ``all``: the whole line, before its fsync; ``none``: nothing), then
  kills itself (SIGKILL, no clean-up). The crash happens at a chosen point of the write,
  never at a moment chosen by a timer.
"""

import os
import signal
import sys

from efc_scoring.committee.ledger import Ledger


def _cut_write(entry: int, cut: str) -> None:
    real = os.write
    calls = [0]

    def write(fd: int, data: bytes) -> int:
        calls[0] += 1
        if calls[0] < entry:
            return real(fd, data)
        keep = {"none": 0, "half": len(data) // 2, "end": len(data) - 1, "all": len(data)}[cut]
        if keep:
            real(fd, bytes(data)[:keep])
        os.kill(os.getpid(), signal.SIGKILL)
        return keep  # never reached

    os.write = write


def main(path: str, size: int, entry: int | None = None, cut: str = "half") -> None:
    ledger = Ledger(path)
    if entry is not None:
        _cut_write(entry, cut)
    text = "x" * size
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        ledger.append("note", {"i": i, "texte": text}, who="évaluatrice")


if __name__ == "__main__":  # only when run as a script, never when a test collector imports it
    args = sys.argv[1:]
    main(args[0], int(args[1]), *([int(args[2]), args[3]] if len(args) > 2 else []))
