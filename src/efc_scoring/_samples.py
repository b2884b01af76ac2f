"""Locate the bundled sample tenders."""

from __future__ import annotations

from pathlib import Path

__all__ = ["SAMPLES", "sample_path"]

#: The bundled samples: name -> what it is.
SAMPLES = {
    "nettoyage": "Produits d'entretien d'une ville (d'après le cas de Villeurbanne), un lot",
    "bof-lycees": "Beurre, œufs, fromages pour les lycées d'un groupement régional, trois lots",
}


def sample_path(name: str = "nettoyage") -> Path:
    """Path of a bundled sample tender folder.

    Samples ship inside the package (``efc_scoring/samples``) when installed
    from a wheel, and live in ``data/samples`` of a source checkout.

    Examples
    --------
    >>> sample_path("nettoyage").name
    'nettoyage'
    """
    if name not in SAMPLES:
        known = ", ".join(sorted(SAMPLES))
        raise KeyError(f"unknown sample {name!r} (known: {known})")
    here = Path(__file__).resolve().parent
    for base in (here / "samples", here.parents[1] / "data" / "samples"):
        if (base / name).is_dir():
            return base / name
    raise FileNotFoundError(
        f"sample {name!r} not found beside the package nor in data/samples; "
        "reinstall efc-scoring or run from a source checkout"
    )
