"""Start a tender file from an OCDS release: its lots and award criteria.

A package written by :func:`efc_scoring.ocds.to_ocds` carries the whole
criteria tree, the open questions and the axes in ``tender.efcScoring``: they
come back as they were. A package from another publisher gives its lots and the
flat list of award criteria of the award criteria breakdown extension
(``tender.lots[].awardCriteria.criteria``): each becomes a leaf criterion,
weighted by its ``pointsExact`` / ``percentageExact`` number (``decimalExact``
times 100), scored by the price formula when its type is ``price`` and on the
rubric otherwise. A criterion without a weight gets ``weight: null``: complete
it before loading the file.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from efc_scoring.errors import Problem, TenderError
from efc_scoring.ocds._common import PROCEDURE_OF_METHOD, slug

__all__ = ["from_ocds", "read_ocds"]

_WEIGHT_FACTOR = {
    "pointsExact": Decimal(1),
    "pointsRangeMiddle": Decimal(1),
    "percentageExact": Decimal(1),
    "percentageRangeMiddle": Decimal(1),
    "decimalExact": Decimal(100),
    "decimalRangeMiddle": Decimal(100),
}


def from_ocds(package: dict[str, Any], lot: str | None = None) -> dict[str, Any]:
    """The lots and criteria of an OCDS tender as the start of a tender file.

    Parameters
    ----------
    package
        A release package, a record package (its compiled releases) or a single
        release. With several releases, the latest one that has a tender is read.
    lot
        Read only this lot (when the lots of the release have different award
        criteria, which one tender file cannot hold).

    Returns
    -------
    dict
        ``id``, ``title``, ``buyer``, ``procedure``, ``currency``, ``lots``,
        ``criteria`` (and ``description``, ``questions``, ``axes`` when known),
        ready for :meth:`efc_scoring.Tender.model_validate` once every weight
        is set. Offers and marks are not imported.

    Raises
    ------
    TenderError
        When the package holds no tender, or its lots have different criteria.

    Examples
    --------
    >>> release = {"ocid": "ocds-abc123-1", "id": "1", "date": "2026-01-05T00:00:00Z",
    ...   "tag": ["tender"], "initiationType": "tender", "buyer": {"name": "Région"},
    ...   "tender": {"id": "AO-7", "title": "Beurre", "procurementMethod": "open",
    ...     "lots": [{"id": "1", "title": "Beurre doux", "awardCriteria": {"criteria": [
    ...       {"type": "price", "name": "Prix",
    ...        "numbers": [{"number": 60, "weight": "percentageExact"}]},
    ...       {"type": "quality", "name": "Qualité",
    ...        "numbers": [{"number": 40, "weight": "percentageExact"}]}]}}]}}
    >>> data = from_ocds(release)
    >>> [(c["id"], c["weight"], c["scoring"]["method"]) for c in data["criteria"]]
    [('prix', 60, 'price'), ('qualite', 40, 'rubric')]
    >>> from efc_scoring import Tender
    >>> Tender.model_validate(data).lots[0].label
    'Beurre doux'
    """
    release = _latest_release(package)
    tender = release.get("tender") or {}
    lots_in = [x for x in tender.get("lots") or [] if lot is None or str(x.get("id")) == lot]
    if lot is not None and not lots_in:
        known = ", ".join(repr(str(x.get("id"))) for x in tender.get("lots") or [])
        raise _error(
            "tender.lots",
            f"pas de lot {lot!r} dans la publication (lots : {known or 'aucun'})",
            "donner l'identifiant d'un des lots de la publication",
        )
    out: dict[str, Any] = {
        "id": slug(
            str(tender.get("id") or release.get("ocid") or "marche"), fallback="marche", lower=False
        ),
        "title": tender.get("title") or "Marché sans titre",
        "buyer": _buyer_name(release),
        "procedure": tender.get("procurementMethodDetails")
        or PROCEDURE_OF_METHOD.get(tender.get("procurementMethod") or "", "procédure à préciser"),
    }
    if tender.get("description"):
        out["description"] = tender["description"]
    currency = (tender.get("value") or {}).get("currency") or _bid_currency(release)
    out["currency"] = currency or "EUR"
    out["lots"] = [
        {
            "id": slug(str(x.get("id")), fallback=f"L{i + 1}", lower=False),
            "label": x.get("title") or f"Lot {x.get('id')}",
            **({"description": x["description"]} if x.get("description") else {}),
            **({"progress_plan": True} if (x.get("efcScoring") or {}).get("progressPlan") else {}),
        }
        for i, x in enumerate(lots_in)
    ] or [{"id": "L1", "label": "Lot unique"}]
    ours = tender.get("efcScoring") or {}
    if ours.get("criteria"):
        out["criteria"] = ours["criteria"]
        for key in ("questions", "axes"):
            if ours.get(key):
                out[key] = ours[key]
        return out
    out["criteria"] = _flat_criteria(lots_in, tender)
    return out


def read_ocds(path: str | os.PathLike[str], lot: str | None = None) -> dict[str, Any]:
    """Read an OCDS JSON file and return :func:`from_ocds` of it.

    A file that is not JSON raises :class:`~efc_scoring.errors.InputError` at its
    line and column.
    """
    from efc_scoring.errors import ErrorCode, InputError, Problem

    name = str(path)
    try:
        with Path(path).open(encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise InputError(
            [Problem(name, "", "fichier introuvable", "vérifier le chemin", code=ErrorCode.MISSING)]
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(
            [
                Problem(
                    name,
                    "",
                    f"JSON illisible : {exc}",
                    "exporter de nouveau le paquet OCDS (JSON en UTF-8)",
                    line=line,
                    code=ErrorCode.ENCODING
                    if isinstance(exc, UnicodeDecodeError)
                    else ErrorCode.INVALID,
                )
            ]
        ) from None
    return from_ocds(data, lot=lot)


# ---------------------------------------------------------------------- helpers
def _latest_release(package: dict[str, Any]) -> dict[str, Any]:
    if "releases" in package:
        releases = list(package["releases"])
    elif "records" in package:
        releases = [r.get("compiledRelease") or {} for r in package["records"]]
    else:
        releases = [package]
    with_tender = [r for r in releases if isinstance(r, dict) and r.get("tender")]
    if not with_tender:
        raise _error(
            "releases",
            "le paquet ne contient aucune publication avec un appel d'offres (tender)",
            "exporter l'étape de l'appel d'offres de la procédure (étiquette 'tender')",
        )
    return max(with_tender, key=lambda r: str(r.get("date") or ""))


def _buyer_name(release: dict[str, Any]) -> str:
    name = (release.get("buyer") or {}).get("name")
    if name:
        return str(name)
    for party in release.get("parties") or []:
        if "buyer" in (party.get("roles") or []) and party.get("name"):
            return str(party["name"])
    return "Acheteur à préciser"


def _bid_currency(release: dict[str, Any]) -> str | None:
    for bid in (release.get("bids") or {}).get("details") or []:
        currency = (bid.get("value") or {}).get("currency")
        if currency:
            return str(currency)
    return None


def _flat_criteria(lots: list[dict[str, Any]], tender: dict[str, Any]) -> list[dict[str, Any]]:
    lists = [((x.get("awardCriteria") or {}).get("criteria") or [], x.get("id")) for x in lots]
    lists = [(c, lot_id) for c, lot_id in lists if c]
    if not lists:
        return [
            {
                "id": "prix",
                "label": "Prix",
                "kind": "price",
                "weight": None,
                "description": str(tender.get("awardCriteriaDetails") or ""),
                "scoring": {"method": "price", "formula": "proportional"},
            }
        ]
    first, first_lot = lists[0]
    for other, lot_id in lists[1:]:
        if _signature(other) != _signature(first):
            raise _error(
                f"tender.lots[{lot_id}].awardCriteria",
                f"les lots {first_lot!r} et {lot_id!r} ont des critères d'attribution "
                "différents ; un fichier de marché porte un seul arbre de critères pour tous "
                "ses lots",
                "importer un lot à la fois avec `lot=` et faire un fichier de marché par groupe "
                "de lots",
            )
    out: list[dict[str, Any]] = []
    used: set[str] = set()
    for i, c in enumerate(first):
        name = str(c.get("name") or f"Critère {i + 1}")
        cid, n = slug(name, fallback=f"c{i + 1}"), 2
        base = cid
        while cid in used:
            cid, n = f"{base}-{n}", n + 1
        used.add(cid)
        ctype = c.get("type") or "quality"
        kind = ctype if ctype in ("price", "cost") else "quality"
        criterion: dict[str, Any] = {
            "id": cid,
            "label": name,
            "kind": kind,
            "weight": _weight(c.get("numbers") or []),
        }
        if c.get("description"):
            criterion["description"] = str(c["description"])
        criterion["scoring"] = (
            {"method": "price", "formula": "proportional"}
            if ctype == "price"
            else {"method": "rubric"}
        )
        for number in c.get("numbers") or []:
            if number.get("threshold") == "minimumScore" and number.get("number") is not None:
                criterion["threshold"] = _plain(Decimal(str(number["number"])))
        out.append(criterion)
    return out


def _signature(criteria: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(c.get("type"), c.get("name"), _weight(c.get("numbers") or [])) for c in criteria]


def _weight(numbers: list[dict[str, Any]]) -> int | float | None:
    for number in numbers:
        factor = _WEIGHT_FACTOR.get(number.get("weight") or "")
        if factor is not None and number.get("number") is not None:
            return _plain(Decimal(str(number["number"])) * factor)
    return None


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _error(path: str, message: str, fix: str) -> TenderError:
    return TenderError([Problem(file="<ocds>", path=path, message=message, fix=fix)])
