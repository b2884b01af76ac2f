"""The progress plan (plan de progrès): axes, indicators, reviews, price revision, final assessment.

Modules: :mod:`~efc_scoring.progress.plan` (the model), :mod:`~efc_scoring.progress.records`
(what a review records), :mod:`~efc_scoring.progress.draft` (the draft from the winning
offer), :mod:`~efc_scoring.progress.status` (recording a review, status of each indicator),
:mod:`~efc_scoring.progress.clauses` (bonus and malus clauses),
:mod:`~efc_scoring.progress.revision` (their amounts, review after review),
:mod:`~efc_scoring.progress.cooperation` (the supplier's cooperation score),
:mod:`~efc_scoring.progress.io` (plan.yaml, review-N.yaml), :mod:`~efc_scoring.progress.report`
(minutes, final assessment), :mod:`~efc_scoring.progress.workbook` (tracking workbook),
:mod:`~efc_scoring.progress.ocds` (OCDS metrics export).
"""
