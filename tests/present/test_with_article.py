"""A buyer's name after « Pour »: its definite article built from the name, never hard-coded."""

from __future__ import annotations

import pytest

from efc_scoring.present import with_article


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # masculine
        (
            "Centre communal d'action sociale de Valmont",
            "le Centre communal d'action sociale de Valmont",
        ),
        ("Département du Rhône", "le Département du Rhône"),
        ("SDIS du Rhône", "le SDIS du Rhône"),
        ("Haut-commissariat au plan", "le Haut-commissariat au plan"),  # aspirated h
        # feminine
        ("Ville de Villeurbanne", "la Ville de Villeurbanne"),
        ("Commune de Valmont", "la Commune de Valmont"),
        ("Région Bretagne", "la Région Bretagne"),
        # plural
        ("Hospices civils de Lyon", "les Hospices civils de Lyon"),
        ("Voies navigables de France", "les Voies navigables de France"),
        # elided, before a vowel or a mute h, acronyms included
        ("Université de Nantes", "l'Université de Nantes"),
        (
            "Établissement public foncier de Normandie",
            "l'Établissement public foncier de Normandie",
        ),
        ("Hôpital de Vienne", "l'Hôpital de Vienne"),
        ("UGAP", "l'UGAP"),
        # an article already there: kept, in lower case after « Pour »
        ("La Métropole de Lyon", "la Métropole de Lyon"),
        ("Le Centre hospitalier de Vienne", "le Centre hospitalier de Vienne"),
        ("Les Hospices civils de Lyon", "les Hospices civils de Lyon"),
        ("L'Agence de l'eau", "l'Agence de l'eau"),
        ("L’Agence de l’eau", "l'Agence de l’eau"),
        # not a known noun: a company, a place, left as given
        ("Valmont-sur-Loire", "Valmont-sur-Loire"),
        ("Acme SAS", "Acme SAS"),
    ],
)
def test_with_article(name: str, expected: str) -> None:
    assert with_article(name) == expected
    assert with_article(f"  {name} ") == expected
