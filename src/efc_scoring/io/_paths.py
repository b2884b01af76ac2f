"""Output paths built from identifiers stay inside their output folder.

Identifiers are checked where they are typed (:data:`efc_scoring.model._ids.Id`);
every file name the library builds from one is checked again here, when the
file is written, so that a model built without validation
(``model_construct``) or a future identifier field cannot write outside the
folder it was given (``plan report`` with ``lot: "x/../../tender/offers"``
once overwrote the tender's offers).
"""

from __future__ import annotations

import os
from pathlib import Path

from efc_scoring.errors import OutputPathError

__all__ = ["OutputPathError", "output_path"]


def output_path(folder: str | os.PathLike[str], name: str) -> Path:
    """``folder / name``, refused unless it names a file directly inside ``folder``.

    Parameters
    ----------
    folder
        The output folder (it may not exist yet).
    name
        A file name, built from identifiers (``plan-L1.yaml``): no folder part,
        no ``..``, not hidden, no control character.

    Examples
    --------
    >>> output_path("rapport", "suivi-plan-L1.xlsx").as_posix()
    'rapport/suivi-plan-L1.xlsx'
    >>> output_path("rapport", "suivi-plan-x/../../tender/offers.xlsx")
    Traceback (most recent call last):
    ...
    efc_scoring.errors.OutputPathError: le nom de fichier « suivi-plan-x/../../tender/...
    """
    bad = (
        not name
        or name in (".", "..")
        or name.startswith(".")
        or any(sep in name for sep in ("/", "\\", "\x00"))
        or any(not c.isprintable() for c in name)
        or len(name.encode("utf-8")) > 255
    )
    base = Path(folder)
    target = base / name
    if not bad:
        root = base.resolve()
        resolved = target.resolve()
        bad = resolved.parent != root
    if bad:
        shown = "".join(c if c.isprintable() else "�" for c in name[:120])
        raise OutputPathError(
            f"le nom de fichier « {shown} » sortirait du dossier de sortie {base} ou n'est pas "
            "un nom de fichier : corriger l'identifiant d'où il vient (lettres, chiffres, "
            "« _ », « . » et « - »)"
        )
    return target
