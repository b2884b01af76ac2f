"""A report writer killed mid-write: `python folder_writer.py FOLDER` writes, in a loop, two
different sets of files into FOLDER (version A: html, md, figures, docx; version B: html only),
each file stamped with its run number, through efc_scoring's replace_folder."""

import sys

from efc_scoring.io._atomic import replace_folder


def main(folder: str) -> None:
    print("ready", flush=True)
    run = 0
    while True:
        run += 1
        stamp = f"run {run}\n".encode()
        if run % 2:
            files = {
                "rapport.html": stamp + b"h" * 1_000_000,
                "rapport.md": stamp,
                "figures/points-L1.png": stamp + b"p" * 300_000,
                "figures/points-L2.png": stamp,
                "rapport.docx": stamp + b"d" * 500_000,
            }
        else:
            files = {"rapport.html": stamp + b"H" * 1_000_000}
        replace_folder(folder, files)


if __name__ == "__main__":  # only when run as a script, never when a test collector imports it
    main(sys.argv[1])
