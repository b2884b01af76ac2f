"""Locate the bundled sample tenders."""

from __future__ import annotations

from pathlib import Path

from efc_scoring.errors import MissingFileError, NotFoundError

__all__ = ["SAMPLES", "sample_path", "samples"]

#: The bundled samples: name -> what it is.
SAMPLES = {
    "nettoyage": "Produits d'entretien d'une ville (d'après le cas de Villeurbanne), un lot",
    "bof-lycees": "Beurre, œufs, fromages pour les lycées d'un groupement régional, trois lots",
    "blanchisserie": "Location-entretien du linge des EHPAD et crèches d'un CCAS, procédure "
    "avec négociation (deux tours, PSE obligatoire)",
}


def samples() -> dict[str, str]:
    """The bundled sample tenders: name -> what it is (in French).

    Each name is a folder that :func:`sample_path` finds. ``blanchisserie`` runs a
    procedure with negotiation: its final offers are in ``rounds/finale/``.

    Examples
    --------
    >>> sorted(samples())
    ['blanchisserie', 'bof-lycees', 'nettoyage']
    """
    return dict(SAMPLES)


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
        raise NotFoundError(f"exemple inconnu {name!r} (exemples : {known})")
    here = Path(__file__).resolve().parent
    for base in (here / "samples", here.parents[1] / "data" / "samples"):
        if (base / name).is_dir():
            return base / name
    raise MissingFileError(
        f"exemple {name!r} introuvable à côté du paquet comme dans data/samples : "
        "réinstaller efc-scoring ou travailler depuis une copie des sources"
    )
