"""The French presentation layer: every number, amount, date and label a buyer reads.

Computing modules return data (Fractions, Decimals, dates, enums); this package
turns them into French text, once, for every output: the report, the letters,
the workbooks, the CLI, the progress-plan documents. One amount renders the
same everywhere:

- numbers: decimal comma, narrow no-break space (U+202F) between thousands,
  half-up rounding on the exact value (``2.675`` gives « 2,68 »);
- money: two decimals and « € » (or the ISO code of another currency);
- percentages: at most one decimal (« 13,7 % », « 50 % »);
- dates: « 1er mars 2027 »;
- words: « 3 offres », « 1re », « O1, O2 et O3 »;
- proposals of the evidence engine: « 3 (Satisfaisant) », « à relire » when it
  proposes no level, « proposition fragile, à lire attentivement » when unsure;
- labels: each enum of the package carries its French ``label``
  (:class:`LabelledEnum`); :class:`Feature` names the rubric's codes;
  :func:`axis_label` names an axis from the lexicon data.

The package imports nothing else of efc_scoring (its axis names are read from
the lexicon data file), so that every module, models included, may use it.

Examples
--------
>>> from decimal import Decimal
>>> from datetime import date
>>> from efc_scoring import present
>>> present.money(Decimal("12345.675")).replace("\\u202f", " ")
'12 345,68 €'
>>> present.long_date(date(2027, 3, 1)), present.percent(Decimal("0.137"))
('1er mars 2027', '13,7 %')
>>> present.count(2, "offre"), present.join(["O1", "O2", "O3"])
('2 offres', 'O1, O2 et O3')
"""

from __future__ import annotations

from efc_scoring.present._dates import MONTHS, long_date, month_year, parse_date, parse_month
from efc_scoring.present._labels import Feature, LabelledEnum, axis_label, axis_labels
from efc_scoring.present._numbers import (
    MISSING,
    THOUSANDS,
    Number,
    mark,
    money,
    number,
    percent,
    points,
    to_decimal,
)
from efc_scoring.present._proposals import FRAGILE, NO_ANSWER, TO_READ, proposal
from efc_scoring.present._ranking import ranking_remarks
from efc_scoring.present._words import (
    count,
    join,
    one_line,
    ordinal,
    plural,
    unit,
    with_article,
)

__all__ = [
    "FRAGILE",
    "MISSING",
    "MONTHS",
    "NO_ANSWER",
    "THOUSANDS",
    "TO_READ",
    "Feature",
    "LabelledEnum",
    "Number",
    "axis_label",
    "axis_labels",
    "count",
    "join",
    "long_date",
    "mark",
    "money",
    "month_year",
    "number",
    "one_line",
    "ordinal",
    "parse_date",
    "parse_month",
    "percent",
    "plural",
    "points",
    "proposal",
    "ranking_remarks",
    "to_decimal",
    "unit",
    "with_article",
]
