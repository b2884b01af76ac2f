"""Aggregates of a corpus's results: commitments by axis, sector and year, measures, plans.

Every function takes the results of :func:`~efc_scoring.corpus.assess_corpus`
(or :func:`~efc_scoring.corpus.read_assessments`, or ``pandas.read_parquet`` of
a results folder) and returns a tidy DataFrame. Shares are over every answer of
the group, unanswered questions included (a bidder who does not answer makes no
commitment); ``answered`` says how many were answered.

Examples
--------
>>> import pandas as pd
>>> results = pd.DataFrame({
...     "axis": ["packaging", "packaging", "transport"], "sector": ["nettoyage"] * 3,
...     "year": [2026, 2027, 2027], "level": [5, 2, 3],
...     "features": [["R", "M", "F", "Q"], ["R", "M"], ["R", "M", "F"]],
...     "answer": ["a", "b", "c"],
...     "evidence": [[{"code": "M", "start": 0, "end": 1, "text": "a"}], [], []]})
>>> commitments(results, by=["axis"])[["axis", "answers", "share_firm", "share_quantified"]]
        axis  answers  share_firm  share_quantified
0  packaging        2         0.5               0.5
1  transport        1         1.0               0.0
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from efc_scoring.errors import ParameterError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from efc_scoring.corpus.read import Corpus
    from efc_scoring.progress.plan import ProgressPlan

__all__ = ["commitments", "concrete_measures", "has_feature", "level_distribution", "plan_outcomes"]

#: Feature code -> column of :func:`commitments`.
SHARES = {
    "R": "share_relevant",
    "F": "share_firm",
    "Q": "share_quantified",
    "T": "share_timed",
    "I": "share_monitored",
    "C": "share_cooperative",
    "P": "share_proven",
    "N": "share_refused",
}
_LEADING = re.compile(
    r"^(?:(?:le|la|les|un|une|des|du|de|au|aux|nos|notre|nous|vos|votre|ce|ces|cette|et|en|à|a)"
    r"\s+|[ld]'\s*)+",
    re.IGNORECASE,
)


def _by(results: pd.DataFrame, by: str | Sequence[str]) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by)
    unknown = [k for k in keys if k not in results.columns]
    if unknown or not keys:
        raise ParameterError(
            f"regroupement impossible par {', '.join(map(repr, unknown)) or 'rien'} : choisir "
            "parmi " + ", ".join(c for c in results.columns if c not in _NOT_KEYS)
        )
    return keys


#: Columns that are not groups (lists, free text, per-answer figures).
_NOT_KEYS = {
    "features",
    "evidence",
    "justification",
    "answer",
    "confidence",
    "row",
    "label",
    "fingerprint",
}


def has_feature(results: pd.DataFrame, code: str) -> np.ndarray:
    """A boolean array: which answers hold the feature ``code`` (vectorised over Arrow lists).

    Examples
    --------
    >>> import pandas as pd
    >>> has_feature(pd.DataFrame({"features": [["R", "F"], [], ["R"]]}), "F").tolist()
    [True, False, False]
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    lists = pa.array(results["features"], type=pa.list_(pa.string()))
    mask = np.zeros(len(lists), dtype=bool)
    flat = pc.list_flatten(lists)
    if len(flat):
        parents = pc.list_parent_indices(lists).to_numpy()
        hits = pc.equal(flat, code).to_numpy(zero_copy_only=False)
        mask[parents[hits]] = True
    return mask


def commitments(
    results: pd.DataFrame, by: str | Sequence[str] = ("axis", "sector", "year")
) -> pd.DataFrame:
    """What bidders commit to, by group: firm, quantified, dated, monitored, levels.

    Parameters
    ----------
    results
        The results of a corpus run.
    by
        Columns to group by (``axis``, ``sector``, ``year``, ``tender``...);
        missing values form their own group.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``answers``, ``answered``, the shares of answers with
        each feature (``share_relevant``, ``share_firm`` (F), ``share_quantified``
        (Q), ``share_timed`` (T), ``share_monitored`` (I), ``share_cooperative``
        (C), ``share_proven`` (P), ``share_refused`` (N)), ``mean_level``,
        ``abstained`` (answers the engine left to a reader, « à relire », level
        missing) and ``fragile`` (levels proposed with a low confidence).
    """
    import pandas as pd

    keys = _by(results, by)
    frame = pd.DataFrame({k: _plain(results[k]) for k in keys})
    frame["answered"] = _plain(results["answer"]).fillna("").str.strip().str.len() > 0
    level = pd.to_numeric(_plain(results["level"]), errors="coerce").astype("Float64")
    frame["level"] = level
    frame["abstained"] = level.isna()
    frame["fragile"] = (
        _plain(results["fragile"]).fillna(False).astype(bool)
        if "fragile" in results.columns
        else False
    )
    for code, column in SHARES.items():
        frame[column] = has_feature(results, code)
    grouped = frame.groupby(keys, dropna=False, sort=True)
    out = grouped.agg(
        answers=("answered", "size"),
        answered=("answered", "sum"),
        **{column: (column, "mean") for column in SHARES.values()},
        mean_level=("level", "mean"),
        abstained=("abstained", "sum"),
        fragile=("fragile", "sum"),
    ).reset_index()
    out["answered"] = out["answered"].astype(int)
    out["abstained"] = out["abstained"].astype(int)
    out["fragile"] = out["fragile"].astype(int)
    out["mean_level"] = out["mean_level"].astype(float).round(3)
    out["mean_level"] = out["mean_level"].astype(object).where(out["mean_level"].notna(), None)
    return _tidy(out, keys)


def level_distribution(results: pd.DataFrame, by: str | Sequence[str] = ("axis",)) -> pd.DataFrame:
    """How many answers stand at each level, by group (long format).

    Returns one row per group and level (0 to 5, and ``None`` for answers the
    engine abstained on, when there are some): ``answers`` and ``share`` of the group.

    Examples
    --------
    >>> import pandas as pd
    >>> results = pd.DataFrame({"axis": ["waste"] * 3, "level": [2, 2, 5]})
    >>> level_distribution(results)[["level", "answers", "share"]].query("answers > 0")
       level  answers     share
    2      2        2  0.666667
    5      5        1  0.333333
    """
    import pandas as pd

    keys = _by(results, by)
    frame = pd.DataFrame({k: _plain(results[k]) for k in keys})
    frame["level"] = pd.to_numeric(_plain(results["level"]), errors="coerce").astype("Int8")
    counts = frame.groupby([*keys, "level"], dropna=False, sort=True).size()
    rows = []
    for group, sub in frame.groupby(keys, dropna=False, sort=True):
        group = group if isinstance(group, tuple) else (group,)
        total = len(sub)
        levels: list[Any] = list(range(6)) + ([None] if sub["level"].isna().any() else [])
        for lv in levels:
            key = (*group, pd.NA if lv is None else lv)
            n = int(counts.get(key, 0)) if lv is not None else int(sub["level"].isna().sum())
            rows.append(
                {
                    **dict(zip(keys, group, strict=True)),
                    "level": lv,
                    "answers": n,
                    "share": n / total if total else 0.0,
                }
            )
    out = pd.DataFrame(rows, columns=[*keys, "level", "answers", "share"])
    out["level"] = out["level"].astype("Int8")
    return _tidy(out, keys)


def _normalise(text: str) -> str:
    """A measure as counted: lower case, one space, no leading article or trailing punctuation."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    text = " ".join(text.split()).strip(' .,;:!?«»"()-–—')
    return _LEADING.sub("", text).strip()


def concrete_measures(
    results: pd.DataFrame, by: str | Sequence[str] = ("axis",), *, top: int = 10
) -> pd.DataFrame:
    """The concrete measures (evidence spans of code M) bidders name most, by group.

    A measure counts once per answer. Spans are compared in lower case, without
    leading articles (« les bidons vides » and « Bidons vides » are one measure).

    Returns
    -------
    pandas.DataFrame
        For each group, the ``top`` measures: ``measure`` (normalised),
        ``example`` (its most frequent wording), ``answers`` (answers naming it)
        and ``share`` (of the group's answers that name a measure).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = lambda *spans: [{"code": "M", "start": 0, "end": 1, "text": s} for s in spans]
    >>> results = pd.DataFrame({"axis": ["packaging"] * 3,
    ...     "evidence": [ev("les bidons vides", "vrac"), ev("Bidons vides"), []]})
    >>> concrete_measures(results)[["measure", "answers", "share"]]
           measure  answers  share
    0  bidons vides        2    1.0
    1         vrac        1    0.5
    """
    import pandas as pd

    keys = _by(results, by)
    groups = [tuple(g) for g in zip(*(_plain(results[k]).tolist() for k in keys), strict=True)]
    counts: dict[tuple[Any, ...], Counter[str]] = {}
    wordings: dict[tuple[Any, ...], dict[str, Counter[str]]] = {}
    with_measure: Counter[tuple[Any, ...]] = Counter()
    for group, spans in zip(groups, _spans(results["evidence"]), strict=True):
        found: dict[str, str] = {}
        for code, text in spans:
            if code == "M":
                norm = _normalise(text)
                if norm:
                    found.setdefault(norm, text.strip())
                    wordings.setdefault(group, {}).setdefault(norm, Counter())[text.strip()] += 1
        if found:
            with_measure[group] += 1
            counts.setdefault(group, Counter()).update(found.keys())
    rows = []
    for group in sorted(counts, key=lambda g: tuple((x is None, str(x)) for x in g)):
        ranked = sorted(counts[group].items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        for measure, n in ranked:
            rows.append(
                {
                    **dict(zip(keys, group, strict=True)),
                    "measure": measure,
                    "example": wordings[group][measure].most_common(1)[0][0],
                    "answers": n,
                    "share": n / with_measure[group],
                }
            )
    return pd.DataFrame(rows, columns=[*keys, "measure", "example", "answers", "share"])


def _spans(evidence: Iterable[Any]) -> Iterable[list[tuple[str, str]]]:
    for spans in evidence:
        if spans is None:
            yield []
            continue
        yield [(str(s["code"]), str(s["text"])) for s in spans]


def plan_outcomes(plans: Corpus | Iterable[ProgressPlan]) -> pd.DataFrame:
    """Where each indicator of each progress plan stands at its plan's last review.

    Parameters
    ----------
    plans
        A :class:`~efc_scoring.corpus.Corpus` (its plans) or progress plans with
        their reviews recorded. Plans without a review are left out (nothing
        measured yet).

    Returns
    -------
    pandas.DataFrame
        One row per indicator: ``tender``, ``lot``, ``plan``, ``supplier``,
        ``review``, ``date``, ``axis``, ``indicator``, ``status`` (``achieved``,
        ``on_track``, ``at_risk``, ``late``, ``not_measured``), ``status_label``
        (French) and ``progress`` (0 to 1).

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> from efc_scoring.corpus import read_corpus
    >>> outcomes = plan_outcomes(read_corpus(sample_path("bof-lycees")))
    >>> outcomes.groupby("plan")["review"].first().to_dict()
    {'plan-L1': 'R3', 'plan-L3': 'R3'}
    """
    import pandas as pd

    from efc_scoring.progress.status import plan_status

    items = plans.plans if hasattr(plans, "plans") else tuple(plans)
    rows = []
    for plan in items:
        if not plan.reviews:
            continue
        status = plan_status(plan)
        for state in status.states:
            rows.append(
                {
                    "tender": plan.tender,
                    "lot": plan.lot,
                    "plan": plan.id,
                    "supplier": plan.supplier,
                    "review": status.review,
                    "date": status.date,
                    "axis": state.axis,
                    "indicator": state.indicator,
                    "status": state.status.value,
                    "status_label": state.status.label,
                    "progress": float(state.progress),
                }
            )
    columns = [
        "tender",
        "lot",
        "plan",
        "supplier",
        "review",
        "date",
        "axis",
        "indicator",
        "status",
        "status_label",
        "progress",
    ]
    return pd.DataFrame(rows, columns=columns)


def _plain(series: pd.Series) -> pd.Series:
    """A column with numpy/object dtype (Arrow-backed columns group the same way)."""
    import pandas as pd

    if isinstance(series.dtype, pd.ArrowDtype):
        return series.astype(object).where(series.notna(), None)
    return series


def _tidy(out: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Missing group values as None, year as a nullable integer."""
    for k in keys:
        if k == "year":
            out[k] = out[k].astype("Int16")
        else:
            out[k] = out[k].astype(object).where(out[k].notna(), None)
    return out.reset_index(drop=True)
