"""A committee member's process appending to the ledger in a loop, to be killed mid-append.

Used by tests/committee/test_ledger_crash.py: `python ledger_writer.py LEDGER SIZE` prints
`ready` and appends entries of SIZE characters until it is killed.
"""

import sys

from efc_scoring.committee.ledger import Ledger


def main(path: str, size: int) -> None:
    ledger = Ledger(path)
    text = "x" * size
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        ledger.append("note", {"i": i, "texte": text}, who="évaluatrice")


if __name__ == "__main__":  # only when run as a script, never when a test collector imports it
    main(sys.argv[1], int(sys.argv[2]))
