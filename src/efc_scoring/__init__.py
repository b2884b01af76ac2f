"""efc_scoring: score tender answers for environmental progress and cooperation capacity.

French public buyers practising the *économie de la fonctionnalité et de la
coopération* ask bidders open questions and must compare the free-text answers
fairly. This package loads a tender, reads the answers into quoted evidence and
a proposed level, scores and ranks the offers down a weighted criteria tree, and
explains every point.

The public API is loaded lazily: ``import efc_scoring`` stays fast, and pandas,
spaCy or openpyxl are imported only when a function that needs them is used.

Examples
--------
>>> import efc_scoring as efc
>>> tender = efc.load_tender(efc.sample_path("nettoyage"))
>>> evaluation = efc.score(tender)
>>> int(evaluation.ranking()["rank"].iloc[0])
1
"""

from __future__ import annotations

from efc_scoring._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "AbnormalityCheck": "efc_scoring.scoring.abnormal",
    "Agenda": "efc_scoring.committee",
    "AnswerAssessment": "efc_scoring.evidence",
    "AnswerComparison": "efc_scoring.report.compare",
    "AssessmentCache": "efc_scoring.evidence",
    "Assessments": "efc_scoring.evidence",
    "AxisLexicon": "efc_scoring.model.axis",
    "BidderMentions": "efc_scoring.committee.mentions",
    "Consensus": "efc_scoring.committee",
    "Consolidation": "efc_scoring.committee",
    "Corpus": "efc_scoring.corpus",
    "Criterion": "efc_scoring.model.criteria",
    "CriterionKind": "efc_scoring.model.criteria",
    "DEFAULT_SCALE": "efc_scoring.model.scale",
    "EfcError": "efc_scoring.errors",
    "ErrorCode": "efc_scoring.errors",
    "Evaluation": "efc_scoring.scoring.evaluate",
    "Evaluator": "efc_scoring.model.committee",
    "EvidenceSpan": "efc_scoring.evidence",
    "GridError": "efc_scoring.excel",
    "InputError": "efc_scoring.errors",
    "Ledger": "efc_scoring.committee.ledger",
    "Letter": "efc_scoring.committee.letter",
    "Level": "efc_scoring.model.scale",
    "Lot": "efc_scoring.model.tender",
    "Mark": "efc_scoring.model.committee",
    "Meeting": "efc_scoring.session",
    "MethodCheck": "efc_scoring.procedure.method",
    "MethodComparison": "efc_scoring.mcda",
    "NumericScoring": "efc_scoring.model.criteria",
    "Offer": "efc_scoring.model.offer",
    "OffersReport": "efc_scoring.report.offers",
    "OpenQuestion": "efc_scoring.model.tender",
    "PriceLine": "efc_scoring.model.offer",
    "PriceRevisionClause": "efc_scoring.progress.clauses",
    "PriceScoring": "efc_scoring.model.criteria",
    "Problem": "efc_scoring.errors",
    "ProgressPlan": "efc_scoring.progress.plan",
    "Review": "efc_scoring.progress.records",
    "RobustnessReport": "efc_scoring.mcda",
    "Role": "efc_scoring.model.committee",
    "RubricScoring": "efc_scoring.model.criteria",
    "Scale": "efc_scoring.model.scale",
    "ScoringError": "efc_scoring.errors",
    "SensitivityResult": "efc_scoring.mcda",
    "Tender": "efc_scoring.model.tender",
    "TenderValidation": "efc_scoring.io.tender",
    "TenderError": "efc_scoring.errors",
    "agenda": "efc_scoring.committee",
    "assess": "efc_scoring.evidence",
    "assess_answer": "efc_scoring.evidence",
    "assess_answers": "efc_scoring.evidence",
    "assess_corpus": "efc_scoring.corpus",
    "build_report": "efc_scoring.report.offers",
    "check_abnormally_low": "efc_scoring.scoring.abnormal",
    "committee_checks": "efc_scoring.mcda",
    "committee_means": "efc_scoring.scoring.evaluate",
    "compare_answers": "efc_scoring.report.compare",
    "compare_methods": "efc_scoring.mcda",
    "consolidate": "efc_scoring.committee",
    "cooperation_scores": "efc_scoring.progress.cooperation",
    "critical_values": "efc_scoring.mcda",
    "csv_escape": "efc_scoring.excel",
    "disclosure_letter": "efc_scoring.committee.letter",
    "draft_progress_plan": "efc_scoring.progress.draft",
    "evaluator_severity": "efc_scoring.committee.agreement",
    "final_assessment": "efc_scoring.progress.report",
    "from_ocds": "efc_scoring.ocds",
    "grid_filename": "efc_scoring.excel",
    "icc": "efc_scoring.committee.agreement",
    "kendall_w": "efc_scoring.committee.agreement",
    "krippendorff_alpha": "efc_scoring.committee.agreement",
    "load_marks": "efc_scoring.io.tender",
    "load_plan": "efc_scoring.progress.io",
    "load_tender": "efc_scoring.io.tender",
    "marks_to_scores": "efc_scoring.excel",
    "check_method": "efc_scoring.procedure.method",
    "plan_status": "efc_scoring.progress.status",
    "price_effects": "efc_scoring.mcda",
    "price_revisions": "efc_scoring.progress.revision",
    "read_assessments": "efc_scoring.corpus",
    "read_corpus": "efc_scoring.corpus",
    "read_grids": "efc_scoring.excel",
    "read_ocds": "efc_scoring.ocds",
    "committee_decisions": "efc_scoring.committee.decisions",
    "record_consensus": "efc_scoring.committee",
    "record_decision": "efc_scoring.committee.decisions",
    "record_review": "efc_scoring.progress.status",
    "robustness": "efc_scoring.mcda",
    "safe_text": "efc_scoring.excel",
    "sample_path": "efc_scoring._samples",
    "save_plan": "efc_scoring.progress.io",
    "score": "efc_scoring.scoring.evaluate",
    "sensitivity": "efc_scoring.mcda",
    "tender_json_schema": "efc_scoring.io.schema",
    "tender_with_marks": "efc_scoring.excel",
    "to_decision_matrix": "efc_scoring.mcda",
    "to_ocds": "efc_scoring.ocds",
    "unsettled_items": "efc_scoring.committee",
    "use_cache": "efc_scoring.evidence",
    "validate_tender": "efc_scoring.io.tender",
    "verify_ledger": "efc_scoring.committee.ledger",
    "withdraw_decision": "efc_scoring.committee.decisions",
    "write_consolidated": "efc_scoring.excel",
    "write_corpus_assessment": "efc_scoring.corpus",
    "write_grids": "efc_scoring.excel",
    "write_ocds": "efc_scoring.ocds",
    "write_report": "efc_scoring.report.offers",
    "write_scores_csv": "efc_scoring.excel",
    "write_tracking_workbook": "efc_scoring.progress.workbook",
}

__all__ = sorted(_EXPORTS)


#: Former names, still served with a DeprecationWarning (not listed in ``__all__``).
_MOVED = {"Score": "Mark", "load_scores": "load_marks"}

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS, _MOVED)
