"""A tender folder of many offers, built from the bundled cleaning sample (for benchmarks).

The offers copy the sample's five offers in turn, each with its own bidder name,
price and a sentence of its own in every answer (so that no two answers are the
same text and each is read by the engine); three evaluators mark every offer,
two levels apart on about one item in six (the committee's agenda).
"""

from __future__ import annotations

import csv
import random
import shutil
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "nettoyage"
RUBRIC = ("tech.efficacite", "env.emballages", "env.transport", "coop")
EVALUATORS = ("acheteuse", "technicien", "agente")


def build_big_tender(folder: Path, n_offers: int = 50, seed: int = 0) -> Path:
    """Write a copy of the cleaning tender with ``n_offers`` offers into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE / "tender.yaml", folder / "tender.yaml")
    (folder / "offers").mkdir(exist_ok=True)
    bases = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((SAMPLE / "offers").glob("*.yaml"))
    ]
    with open(SAMPLE / "scores.csv", encoding="utf-8", newline="") as fh:
        sample_marks = {(r["offer"], r["criterion"], r["evaluator"]): r for r in csv.DictReader(fh)}
    rows = []
    for i in range(n_offers):
        base = bases[i % len(bases)]
        oid = f"N{i + 1:02d}"
        offer = dict(base)
        offer["id"] = oid
        offer["bidder"] = f"Entreprise {oid} SAS"
        offer.pop("trade_names", None)
        factor = Decimal(str(round(rng.uniform(0.85, 1.2), 3)))
        offer["lines"] = [
            {
                **line,
                "unit_price": float(
                    (Decimal(str(line["unit_price"])) * factor).quantize(Decimal("0.01"))
                ),
            }
            for line in base["lines"]
        ]
        offer.pop("price", None)
        offer["answers"] = {
            q: f"{text} Engagement propre à l'offre {oid} : point d'étape n° {i + 1}."
            for q, text in base["answers"].items()
        }
        (folder / "offers" / f"{oid}.yaml").write_text(
            yaml.safe_dump(offer, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        for crit in RUBRIC:
            dispute = rng.random() < 1 / 6
            for k, ev in enumerate(EVALUATORS):
                mark = int(sample_marks[(base["id"], crit, ev)]["value"])
                if dispute and k == 0:
                    mark = mark - 2 if mark >= 2 else mark + 2
                rows.append(
                    {
                        "evaluator": ev,
                        "offer": oid,
                        "criterion": crit,
                        "value": mark,
                        "justification": f"Appréciation de {ev} sur l'offre {oid}.",
                    }
                )
    with open(folder / "scores.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["evaluator", "offer", "criterion", "value", "justification"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return folder
