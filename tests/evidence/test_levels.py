"""The level rule of the rubric."""

import pytest

from efc_scoring.evidence.levels import decide_level


@pytest.mark.parametrize(
    ("codes", "level"),
    [
        ("", 0),
        ("N", 0),
        ("R M N", 0),
        ("R M N P", 0),
        ("R", 1),
        ("R P", 1),
        ("R M", 2),
        ("R M P", 2),
        ("R M F", 3),
        ("R M F N", 3),
        ("R M F Q", 4),
        ("R M F T I C", 4),
        ("R M F Q T", 4),
        ("R M F Q T I", 5),
        ("R M F Q C P", 5),
        ("M F Q T I", 0),  # off-axis, however firm
    ],
)
def test_levels(codes, level):
    assert decide_level(codes.split())[0] == level
