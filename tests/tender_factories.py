"""Seeded factories of small valid tenders shared by the tests.

Import with ``from tender_factories import build_tender``.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from efc_scoring import Tender

#: The smallest tender file that loads: one lot, a price and a numeric criterion ``delai``
#: (offers and marks are added by the tests, in files beside it).
MINIMAL_TENDER_YAML = """\
id: T
title: Marché minimal
buyer: Ville
procedure: appel d'offres ouvert
lots: [{id: L1, label: Lot unique}]
criteria:
  - {id: prix, label: Prix, kind: price, weight: 60, scoring: {method: price}}
  - id: delai
    label: Délai
    kind: quality
    weight: 40
    scoring: {method: numeric, key: delai, direction: lower_is_better}
"""


def build_tender(
    n_offers: int = 3,
    *,
    seed: int = 0,
    formula: str = "proportional",
    award_date: str | None = "2027-03-01",
    lots: int = 1,
    threshold: int | None = None,
    extra: dict[str, Any] | None = None,
) -> Tender:
    """A small valid tender: price 40, technical 30 (rubric 20 + delay 10), environment 30."""
    rng = random.Random(seed)
    tech: dict[str, Any] = {
        "id": "tech",
        "label": "Valeur technique",
        "kind": "quality",
        "weight": 30,
        "children": [
            {
                "id": "tech.q",
                "label": "Qualité",
                "kind": "quality",
                "weight": 20,
                "scoring": {"method": "rubric"},
            },
            {
                "id": "tech.delai",
                "label": "Délai",
                "kind": "quality",
                "weight": 10,
                "scoring": {
                    "method": "numeric",
                    "key": "delai",
                    "direction": "lower_is_better",
                    "unit": "jours",
                },
            },
        ],
    }
    if threshold is not None:
        tech["threshold"] = threshold
    data: dict[str, Any] = {
        "id": "T-TEST",
        "title": "Marché de test",
        "buyer": "Ville de Test",
        "procedure": "appel d'offres ouvert",
        "award_date": award_date,
        "lots": [{"id": f"L{i + 1}", "label": f"Lot {i + 1}"} for i in range(lots)],
        "criteria": [
            {
                "id": "prix",
                "label": "Prix",
                "kind": "price",
                "weight": 40,
                "scoring": {"method": "price", "formula": formula},
            },
            tech,
            {
                "id": "env",
                "label": "Emballages",
                "kind": "environment",
                "weight": 30,
                "scoring": {"method": "rubric"},
            },
        ],
        "questions": [
            {
                "id": "q-emb",
                "text": "Comment réduisez-vous les emballages ?",
                "axis": "packaging",
                "criterion": "env",
            },
        ],
        "evaluators": [
            {"id": "E1", "name": "Acheteuse", "role": "buyer"},
            {"id": "E2", "name": "Technicien", "role": "technical"},
            {"id": "E3", "name": "Agente", "role": "user"},
        ],
        "offers": [],
        "scores": [],
    }
    for i in range(n_offers * lots):
        oid = f"O{i + 1}"
        data["offers"].append(
            {
                "id": oid,
                "bidder": f"Candidat {i + 1}",
                "lot": f"L{i % lots + 1}",
                "price": Decimal(rng.randint(8000, 15000)),
                "values": {"delai": Decimal(rng.randint(1, 10))},
                "answers": {"q-emb": "Nous reprenons les bidons vides."},
            }
        )
        for crit in ("tech.q", "env"):
            for ev in ("E1", "E2", "E3"):
                data["scores"].append(
                    {
                        "evaluator": ev,
                        "offer": oid,
                        "criterion": crit,
                        "value": rng.randint(0, 5),
                        "justification": "Motif de test.",
                    }
                )
    if extra:
        data.update(extra)
    return Tender.model_validate(data)
