"""Small seeded tenders for the Excel tests (a helper module, not a test module).

Imported by name from the test modules of this folder, so that they do not depend on
which ``conftest`` module ``from conftest import ...`` resolves to in a full run.
Shape: price 40 points, « Valeur technique » 30 (``tech.q`` marked 20, ``tech.delai``
numeric 10), ``env`` marked 30 fed by the open question ``q-emb``; evaluators E1-E3.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from efc_scoring import Tender


def small_tender(
    n_offers: int = 3,
    *,
    lots: int = 1,
    seed: int = 0,
    formula: str = "proportional",
    threshold: int | None = None,
    tender_id: str = "T-TEST",
) -> Tender:
    """A valid tender with ``n_offers`` offers per lot and every evaluator's marks."""
    rng = random.Random(seed)
    rubric = {"method": "rubric"}
    technical: dict[str, Any] = {
        "id": "tech", "label": "Valeur technique", "kind": "quality", "weight": 30,
        "children": [
            {"id": "tech.q", "label": "Qualité", "kind": "quality", "weight": 20,
             "scoring": rubric},
            {"id": "tech.delai", "label": "Délai", "kind": "quality", "weight": 10,
             "scoring": {"method": "numeric", "key": "delai", "direction": "lower_is_better",
                         "unit": "jours"}},
        ],
    }  # fmt: skip
    if threshold is not None:
        technical["threshold"] = threshold
    offers, scores = [], []
    for i in range(n_offers * lots):
        oid = f"O{i + 1}"
        offers.append({
            "id": oid, "bidder": f"Candidat {i + 1}", "lot": f"L{i % lots + 1}",
            "price": Decimal(rng.randint(8_000, 15_000)),
            "values": {"delai": Decimal(rng.randint(1, 10))},
            "answers": {"q-emb": "Nous reprenons les bidons vides."},
        })  # fmt: skip
        scores += [
            {"evaluator": ev, "offer": oid, "criterion": crit, "value": rng.randint(0, 5),
             "justification": f"Motif {ev} {oid} {crit}."}
            for crit in ("tech.q", "env") for ev in ("E1", "E2", "E3")
        ]  # fmt: skip
    return Tender.model_validate({
        "id": tender_id, "title": "Marché de test", "buyer": "Ville de Test",
        "procedure": "appel d'offres ouvert", "award_date": "2027-03-01",
        "lots": [{"id": f"L{i + 1}", "label": f"Lot {i + 1}"} for i in range(lots)],
        "criteria": [
            {"id": "prix", "label": "Prix", "kind": "price", "weight": 40,
             "scoring": {"method": "price", "formula": formula}},
            technical,
            {"id": "env", "label": "Emballages", "kind": "environment", "weight": 30,
             "scoring": rubric},
        ],
        "questions": [{"id": "q-emb", "text": "Comment réduisez-vous les emballages ?",
                       "axis": "packaging", "criterion": "env"}],
        "evaluators": [{"id": "E1", "name": "Acheteuse", "role": "buyer"},
                       {"id": "E2", "name": "Technicien", "role": "technical"},
                       {"id": "E3", "name": "Agente", "role": "user"}],
        "offers": offers,
        "scores": scores,
    })  # fmt: skip
