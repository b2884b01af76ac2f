"""The two tables of a corpus run: the answers read, and the engine's results.

**Answers** (:data:`ANSWER_COLUMNS`), one row per offer and open question, as
:func:`~efc_scoring.corpus.read_corpus` returns them and as a CSV or Parquet
table gives them (``tender, lot, offer, question, axis, answer`` are required in
a table; the others are optional):

========================  =====================================================
``tender``                the tender's id
``lot``                   the lot of the offer
``offer``                 the offer's id (unique within its tender)
``bidder``                the bidder's name (may be empty)
``question``              the open question's id
``question_text``         the question's own words (help the engine; may be empty)
``axis``                  the reading-grid axis (empty: the engine infers it)
``answer``                the bidder's free-text answer (empty: not answered)
``sector``                the purchasing sector, for comparisons (may be missing)
``year``                  the tender's year (may be missing)
``date``                  the tender's date, ISO ``YYYY-MM-DD``: past and future
                          in the answers are read relative to it (may be missing)
``source``                where the row comes from (file and line, or folder)
========================  =====================================================

**Results** (:data:`RESULT_SCHEMA`), one row per answer, in the corpus order
(``row``), typed with pyarrow so that a Parquet file reads back identical: the
answer's identity, then the engine's ``level`` (nullable: the engine abstains on an
answer it cannot read, « à relire »), ``label``, ``confidence``, ``fragile`` (a level
proposed with a low confidence), ``features`` (codes in rubric order), ``evidence``
(``code``, ``start``, ``end``, ``text`` with ``text == answer[start:end]``),
``justification``, ``rule``, the ``answer`` itself, and what produced it:
``engine_version``, ``lexicon_version`` and ``fingerprint`` (the digest of
:func:`~efc_scoring.evidence.engine_fingerprint`).

Examples
--------
>>> RESULT_SCHEMA.field("level").type, RESULT_SCHEMA.field("level").nullable
(DataType(int8), True)
>>> [f.name for f in RESULT_SCHEMA.field("evidence").type.value_type]
['code', 'start', 'end', 'text']
"""

from __future__ import annotations

import pyarrow as pa

__all__ = [
    "ANSWER_COLUMNS",
    "IDENTITY_COLUMNS",
    "REQUIRED_COLUMNS",
    "RESULT_COLUMNS",
    "RESULT_SCHEMA",
]

#: Columns of the answers table, in order.
ANSWER_COLUMNS = (
    "tender",
    "lot",
    "offer",
    "bidder",
    "question",
    "question_text",
    "axis",
    "answer",
    "sector",
    "year",
    "date",
    "source",
)
#: Columns a CSV or Parquet table must have.
REQUIRED_COLUMNS = ("tender", "lot", "offer", "question", "axis", "answer")
#: Columns that name an answer in the results (with ``row``, its place in the corpus).
IDENTITY_COLUMNS = ("tender", "lot", "offer", "bidder", "question", "sector", "year")

EVIDENCE_TYPE = pa.struct(
    [
        pa.field("code", pa.string(), nullable=False),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("end", pa.int32(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
    ]
)

#: Arrow schema of the results (and of every Parquet part written).
RESULT_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("tender", pa.string(), nullable=False),
        pa.field("lot", pa.string(), nullable=False),
        pa.field("offer", pa.string(), nullable=False),
        pa.field("bidder", pa.string(), nullable=False),
        pa.field("question", pa.string(), nullable=False),
        pa.field("sector", pa.string()),
        pa.field("year", pa.int16()),
        pa.field("question_axis", pa.string()),
        pa.field("axis", pa.string()),
        pa.field("level", pa.int8()),
        pa.field("label", pa.string(), nullable=False),
        pa.field("confidence", pa.float64()),
        pa.field("fragile", pa.bool_(), nullable=False),
        pa.field("features", pa.list_(pa.field("item", pa.string(), nullable=False))),
        pa.field("evidence", pa.list_(pa.field("item", EVIDENCE_TYPE, nullable=False))),
        pa.field("justification", pa.string(), nullable=False),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("answer", pa.string(), nullable=False),
        pa.field("engine_version", pa.string(), nullable=False),
        pa.field("lexicon_version", pa.string(), nullable=False),
        pa.field("fingerprint", pa.string(), nullable=False),
    ]
)
#: Columns of the results, in order.
RESULT_COLUMNS = tuple(RESULT_SCHEMA.names)
