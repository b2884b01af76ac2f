"""Multi-criteria lenses on an award: method comparison, sensitivity and robustness."""

#: Weight draws of the sensitivity analysis unless told otherwise: the report,
#: the demo, the ``robustness`` command and :func:`~efc_scoring.sensitivity` all
#: use this number, and every output states it.
DEFAULT_DRAWS = 10_000
