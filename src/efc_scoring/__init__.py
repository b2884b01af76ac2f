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

from typing import TYPE_CHECKING

from efc_scoring._lazy import lazy_exports

if TYPE_CHECKING:  # the real types for a type checker; at run time each name loads on first use
    from efc_scoring._samples import sample_path as sample_path
    from efc_scoring._samples import samples as samples
    from efc_scoring.committee import Agenda as Agenda
    from efc_scoring.committee import Consensus as Consensus
    from efc_scoring.committee import Consolidation as Consolidation
    from efc_scoring.committee import agenda as agenda
    from efc_scoring.committee import consolidate as consolidate
    from efc_scoring.committee import record_consensus as record_consensus
    from efc_scoring.committee import unsettled_items as unsettled_items
    from efc_scoring.committee.agreement import evaluator_severity as evaluator_severity
    from efc_scoring.committee.agreement import icc as icc
    from efc_scoring.committee.agreement import kendall_w as kendall_w
    from efc_scoring.committee.agreement import krippendorff_alpha as krippendorff_alpha
    from efc_scoring.committee.decisions import committee_decisions as committee_decisions
    from efc_scoring.committee.decisions import record_decision as record_decision
    from efc_scoring.committee.decisions import withdraw_decision as withdraw_decision
    from efc_scoring.committee.ledger import Ledger as Ledger
    from efc_scoring.committee.ledger import verify_ledger as verify_ledger
    from efc_scoring.committee.letter import Letter as Letter
    from efc_scoring.committee.letter import disclosure_letter as disclosure_letter
    from efc_scoring.committee.mentions import BidderMentions as BidderMentions
    from efc_scoring.corpus import Corpus as Corpus
    from efc_scoring.corpus import assess_corpus as assess_corpus
    from efc_scoring.corpus import read_assessments as read_assessments
    from efc_scoring.corpus import read_corpus as read_corpus
    from efc_scoring.corpus import write_corpus_assessment as write_corpus_assessment
    from efc_scoring.errors import EfcError as EfcError
    from efc_scoring.errors import ErrorCode as ErrorCode
    from efc_scoring.errors import InputError as InputError
    from efc_scoring.errors import Problem as Problem
    from efc_scoring.errors import ScoringError as ScoringError
    from efc_scoring.errors import TenderError as TenderError
    from efc_scoring.evidence import AnswerAssessment as AnswerAssessment
    from efc_scoring.evidence import AssessmentCache as AssessmentCache
    from efc_scoring.evidence import Assessments as Assessments
    from efc_scoring.evidence import EvidenceSpan as EvidenceSpan
    from efc_scoring.evidence import assess as assess
    from efc_scoring.evidence import assess_answer as assess_answer
    from efc_scoring.evidence import assess_answers as assess_answers
    from efc_scoring.evidence import use_cache as use_cache
    from efc_scoring.excel import GridError as GridError
    from efc_scoring.excel import csv_escape as csv_escape
    from efc_scoring.excel import grid_filename as grid_filename
    from efc_scoring.excel import marks_to_scores as marks_to_scores
    from efc_scoring.excel import read_grids as read_grids
    from efc_scoring.excel import safe_text as safe_text
    from efc_scoring.excel import tender_with_marks as tender_with_marks
    from efc_scoring.excel import write_consolidated as write_consolidated
    from efc_scoring.excel import write_grids as write_grids
    from efc_scoring.excel import write_scores_csv as write_scores_csv
    from efc_scoring.io.schema import tender_json_schema as tender_json_schema
    from efc_scoring.io.tender import TenderValidation as TenderValidation
    from efc_scoring.io.tender import load_marks as load_marks
    from efc_scoring.io.tender import load_tender as load_tender
    from efc_scoring.io.tender import validate_tender as validate_tender
    from efc_scoring.mcda import MethodComparison as MethodComparison
    from efc_scoring.mcda import RobustnessReport as RobustnessReport
    from efc_scoring.mcda import SensitivityResult as SensitivityResult
    from efc_scoring.mcda import committee_checks as committee_checks
    from efc_scoring.mcda import compare_methods as compare_methods
    from efc_scoring.mcda import critical_values as critical_values
    from efc_scoring.mcda import price_effects as price_effects
    from efc_scoring.mcda import robustness as robustness
    from efc_scoring.mcda import sensitivity as sensitivity
    from efc_scoring.mcda import to_decision_matrix as to_decision_matrix
    from efc_scoring.model.axis import AxisLexicon as AxisLexicon
    from efc_scoring.model.committee import Evaluator as Evaluator
    from efc_scoring.model.committee import Mark as Mark
    from efc_scoring.model.committee import Role as Role
    from efc_scoring.model.criteria import Criterion as Criterion
    from efc_scoring.model.criteria import CriterionKind as CriterionKind
    from efc_scoring.model.criteria import NumericScoring as NumericScoring
    from efc_scoring.model.criteria import PriceScoring as PriceScoring
    from efc_scoring.model.criteria import RubricScoring as RubricScoring
    from efc_scoring.model.offer import Offer as Offer
    from efc_scoring.model.offer import PriceLine as PriceLine
    from efc_scoring.model.scale import DEFAULT_SCALE as DEFAULT_SCALE
    from efc_scoring.model.scale import Level as Level
    from efc_scoring.model.scale import Scale as Scale
    from efc_scoring.model.tender import Lot as Lot
    from efc_scoring.model.tender import OpenQuestion as OpenQuestion
    from efc_scoring.model.tender import Tender as Tender
    from efc_scoring.ocds import from_ocds as from_ocds
    from efc_scoring.ocds import read_ocds as read_ocds
    from efc_scoring.ocds import to_ocds as to_ocds
    from efc_scoring.ocds import write_ocds as write_ocds
    from efc_scoring.procedure.method import MethodCheck as MethodCheck
    from efc_scoring.procedure.method import check_method as check_method
    from efc_scoring.progress.clauses import PriceRevisionClause as PriceRevisionClause
    from efc_scoring.progress.cooperation import cooperation_scores as cooperation_scores
    from efc_scoring.progress.draft import draft_progress_plan as draft_progress_plan
    from efc_scoring.progress.io import load_plan as load_plan
    from efc_scoring.progress.io import save_plan as save_plan
    from efc_scoring.progress.plan import ProgressPlan as ProgressPlan
    from efc_scoring.progress.records import Review as Review
    from efc_scoring.progress.report import final_assessment as final_assessment
    from efc_scoring.progress.revision import price_revisions as price_revisions
    from efc_scoring.progress.status import plan_status as plan_status
    from efc_scoring.progress.status import record_review as record_review
    from efc_scoring.progress.workbook import write_tracking_workbook as write_tracking_workbook
    from efc_scoring.publication import to_decp as to_decp
    from efc_scoring.publication import to_eforms as to_eforms
    from efc_scoring.publication import write_decp as write_decp
    from efc_scoring.publication import write_eforms as write_eforms
    from efc_scoring.report.compare import AnswerComparison as AnswerComparison
    from efc_scoring.report.compare import compare_answers as compare_answers
    from efc_scoring.report.offers import OffersReport as OffersReport
    from efc_scoring.report.offers import build_report as build_report
    from efc_scoring.report.offers import write_report as write_report
    from efc_scoring.scoring.abnormal import AbnormalityCheck as AbnormalityCheck
    from efc_scoring.scoring.abnormal import check_abnormally_low as check_abnormally_low
    from efc_scoring.scoring.evaluate import Evaluation as Evaluation
    from efc_scoring.scoring.evaluate import committee_means as committee_means
    from efc_scoring.scoring.evaluate import score as score
    from efc_scoring.session import Meeting as Meeting


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
    "samples": "efc_scoring._samples",
    "save_plan": "efc_scoring.progress.io",
    "score": "efc_scoring.scoring.evaluate",
    "sensitivity": "efc_scoring.mcda",
    "tender_json_schema": "efc_scoring.io.schema",
    "tender_with_marks": "efc_scoring.excel",
    "to_decision_matrix": "efc_scoring.mcda",
    "to_decp": "efc_scoring.publication",
    "to_eforms": "efc_scoring.publication",
    "to_ocds": "efc_scoring.ocds",
    "unsettled_items": "efc_scoring.committee",
    "use_cache": "efc_scoring.evidence",
    "validate_tender": "efc_scoring.io.tender",
    "verify_ledger": "efc_scoring.committee.ledger",
    "withdraw_decision": "efc_scoring.committee.decisions",
    "write_consolidated": "efc_scoring.excel",
    "write_corpus_assessment": "efc_scoring.corpus",
    "write_grids": "efc_scoring.excel",
    "write_decp": "efc_scoring.publication",
    "write_eforms": "efc_scoring.publication",
    "write_ocds": "efc_scoring.ocds",
    "write_report": "efc_scoring.report.offers",
    "write_scores_csv": "efc_scoring.excel",
    "write_tracking_workbook": "efc_scoring.progress.workbook",
}

__all__ = sorted(_EXPORTS)


#: Former names, still served with a DeprecationWarning (not listed in ``__all__``).
_MOVED = {"Score": "Mark", "load_scores": "load_marks"}

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS, _MOVED)
