"""Krippendorff's alpha from the coincidence matrix (private helpers).

The public entry point is :func:`efc_scoring.committee.agreement.krippendorff_alpha`.
Everything here follows Krippendorff (2011), "Computing Krippendorff's
Alpha-Reliability", sections C (coincidence matrix) and E (difference functions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from efc_scoring.committee._agreement_input import AgreementError, preview

LEVELS = ("nominal", "ordinal", "interval", "ratio")


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise AgreementError(
            f"level={level!r} n'est pas un niveau de mesure de l'alpha de Krippendorff ; "
            f"niveaux : {', '.join(map(repr, LEVELS))}."
        )
    return level


def encode(
    data: Any, level: str, values: Sequence[Any] | None
) -> tuple[NDArray[np.intp], NDArray[Any]]:
    """Turn observers x units marks into integer codes into a value domain.

    Returns ``codes`` (same shape as ``data``; ``-1`` marks a missing value) and
    ``domain`` (the values, in the order the ordinal metric uses). Numeric data
    keep a float domain; labels (strings...) are allowed for the nominal and
    ordinal levels only.
    """
    try:
        marks = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        return _encode_labels(data, level, values)
    if marks.ndim != 2:
        raise AgreementError(
            "l'alpha de Krippendorff demande un tableau à deux dimensions, évaluateurs x "
            "éléments (lignes = évaluateurs, colonnes = éléments notés) ; forme reçue : "
            f"{marks.shape}. Le remettre en forme, une ligne par évaluateur."
        )
    missing = np.isnan(marks)
    if np.isinf(marks).any():
        raise AgreementError(
            "le tableau contient des valeurs infinies ; une note manquante s'écrit np.nan "
            "(ou None)."
        )
    observed = marks[~missing]
    if values is None:
        domain = np.unique(observed)
        codes = np.searchsorted(domain, marks)
    else:
        try:
            domain = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise AgreementError(
                f"values doit contenir des nombres quand les notes en sont ; reçu : "
                f"{preview(values)}."
            ) from None
        if domain.ndim != 1 or domain.size == 0 or np.isnan(domain).any():
            raise AgreementError("values doit être une suite non vide de nombres, sans NaN.")
        if np.unique(domain).size != domain.size:
            raise AgreementError(
                f"values ne doit pas répéter une valeur ; reçu : {preview(domain.tolist())}."
            )
        order = np.argsort(domain, kind="stable")
        sorted_domain = domain[order]
        position = np.clip(np.searchsorted(sorted_domain, marks), 0, domain.size - 1)
        unknown = ~missing & (sorted_domain[position] != marks)
        if unknown.any():
            raise AgreementError(
                "des notes ne figurent pas dans values : "
                f"{preview(np.unique(marks[unknown]).tolist())} ; les ajouter à values ou "
                "corriger les notes."
            )
        codes = order[position]
    codes = np.where(missing, -1, codes).astype(np.intp)
    if level == "ratio" and (domain[np.unique(codes[codes >= 0])] < 0).any():
        raise AgreementError(
            "level='ratio' demande des valeurs positives ou nulles (une échelle de rapport a "
            "un zéro absolu) ; level='interval' convient aux notes qui peuvent être négatives."
        )
    return codes, domain


def _encode_labels(
    data: Any, level: str, values: Sequence[Any] | None
) -> tuple[NDArray[np.intp], NDArray[Any]]:
    """Encode non-numeric marks (labels); only meaningful for nominal and ordinal data."""
    import pandas as pd

    marks = np.asarray(data, dtype=object)
    if marks.ndim != 2:
        raise AgreementError(
            "l'alpha de Krippendorff demande un tableau à deux dimensions, évaluateurs x "
            f"éléments ; forme reçue : {marks.shape}."
        )
    if level in ("interval", "ratio"):
        raise AgreementError(
            f"level={level!r} demande des notes numériques, or le tableau contient autre "
            "chose ; convertir les notes en nombres ou choisir level='nominal' ou 'ordinal'."
        )
    if level == "ordinal" and values is None:
        raise AgreementError(
            "l'alpha ordinal sur des libellés demande leur ordre : "
            "values=[le plus bas, ..., le plus haut]."
        )
    flat = marks.ravel()
    missing = pd.isna(flat)
    if values is None:
        found, uniques = pd.factorize(flat[~missing])
        codes = np.full(flat.shape, -1, dtype=np.intp)
        codes[~missing] = found
        domain = np.asarray(uniques, dtype=object)
    else:
        domain = np.asarray(list(values), dtype=object)
        index = pd.Index(domain)
        if not index.is_unique:
            raise AgreementError(
                f"values ne doit pas répéter une valeur ; reçu : {preview(domain)}."
            )
        codes = np.where(missing, -1, index.get_indexer(flat)).astype(np.intp)
        unknown = ~missing & (codes < 0)
        if unknown.any():
            raise AgreementError(
                f"des notes ne figurent pas dans values : {preview(set(flat[unknown]))} ; "
                "les ajouter à values ou corriger les notes."
            )
    return codes.reshape(marks.shape), domain


def coincidences(codes: NDArray[np.intp], n_values: int) -> NDArray[np.float64]:
    """Coincidence matrix o_ck of the pairable units (Krippendorff 2011, section C).

    ``o_ck = sum_u n_uc * (n_uk - [c == k]) / (m_u - 1)`` over units with
    ``m_u >= 2`` marks; units with fewer marks contribute nothing.
    """
    present = codes >= 0
    per_unit = present.sum(axis=0)
    keep = per_unit >= 2
    codes, present, per_unit = codes[:, keep], present[:, keep], per_unit[keep]
    n_units = codes.shape[1]
    unit = np.broadcast_to(np.arange(n_units), codes.shape)[present]
    counts = np.bincount(unit * n_values + codes[present], minlength=n_units * n_values).reshape(
        n_units, n_values
    )
    weight = 1.0 / (per_unit - 1)
    weighted = counts * weight[:, None]
    return counts.T @ weighted - np.diag(weighted.sum(axis=0))


def squared_differences(
    level: str, domain: NDArray[Any], totals: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Matrix of squared differences delta^2_ck (Krippendorff 2011, section E)."""
    size = totals.size
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "ordinal":
        # delta_ck = sum_{g=c..k} n_g - (n_c + n_k) / 2 = midrank_k - midrank_c
        midrank = np.cumsum(totals) - totals / 2.0
        return (midrank[:, None] - midrank[None, :]) ** 2
    value = domain.astype(float)
    difference = value[:, None] - value[None, :]
    if level == "interval":
        return difference**2
    total = value[:, None] + value[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(total == 0, 0.0, difference / total)
    return ratio**2


def alpha(codes: NDArray[np.intp], domain: NDArray[Any], level: str) -> float:
    """Alpha = 1 - (n - 1) * sum(o * delta^2) / sum(n_c * n_k * delta^2)."""
    observed = coincidences(codes, domain.size)
    totals = observed.sum(axis=1)
    n_pairable = totals.sum()
    if n_pairable < 2:
        raise AgreementError(
            "l'alpha de Krippendorff demande au moins un élément noté par deux évaluateurs, "
            "or aucune colonne n'a deux notes. Vérifier l'orientation : lignes = évaluateurs, "
            "colonnes = éléments (offres x critères) ; transposer le tableau au besoin."
        )
    if np.count_nonzero(totals) < 2:
        used = domain[np.flatnonzero(totals)]
        raise AgreementError(
            "l'alpha de Krippendorff n'est pas défini sans variation : toutes les notes "
            f"appariables valent {used[0]!r}, le désaccord attendu est nul. Présenter l'accord "
            "comme parfait mais peu informatif, ou ajouter des éléments qui diffèrent."
        )
    delta2 = squared_differences(level, domain, totals)
    observed_disagreement = float((observed * delta2).sum())
    expected_disagreement = float((np.outer(totals, totals) * delta2).sum())
    return 1.0 - (n_pairable - 1.0) * observed_disagreement / expected_disagreement
