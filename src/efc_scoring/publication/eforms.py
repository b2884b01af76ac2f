"""Export the award criteria and the tender ranks of a tender as eForms XML.

European notices are written in eForms since 25 October 2023 (implementing
regulation (EU) 2019/1780): UBL 2.3 documents with the eForms extensions,
whose business terms (BT) the Publications Office describes in the eForms SDK.
:func:`to_eforms` writes the part of a contract award notice that the analysis
of the offers knows, at the places the SDK's fields give:

- for each lot (``cac:ProcurementProjectLot``, ``LOT-0001``...), each leaf
  criterion as a ``cac:SubordinateAwardingCriterion``: its type (BT-539:
  ``price``, ``cost`` or ``quality``), its name (BT-734, parents joined with
  « — »), its description (BT-540, with the price formula for a price
  criterion), its weight (BT-541) and the kind of weight (BT-5421: ``per-exa``,
  exact percentage, as the weights sum to 100), and a minimum score (BT-5423
  ``min-score``) for a leaf with an eliminating threshold;
- in the notice result, each tender (``efac:LotTender``, ``TEN-0001``...) with
  its rank (BT-171) and whether it was ranked (BT-1711: an eliminated offer is
  not), the tender's reference (BT-3201: the offer's id), its lot and its
  tendering party (``TPA-``), and each lot's result (``RES-``) with its tenders;
- the organisations (``ORG-0001`` the buyer, then each bidder) with their names
  (BT-500) and, when the tender file gives them, their SIRET (BT-501).

The identifiers (``LOT-``, ``TEN-``, ``TPA-``, ``ORG-``, ``RES-`` followed by
four digits) are the SDK's identifier schemes, numbered in the tender file's
order, so that the fragments can be placed into a notice prepared in an eForms
application; the XML itself is not a complete notice (no notice type, dates,
procedure type, contact points...).

References
----------
Commission implementing regulation (EU) 2019/1780 (standard forms, eForms),
annex: BT-539, BT-540, BT-541, BT-5421, BT-5423, BT-734, BT-171, BT-1711,
BT-3201; Publications Office of the European Union, eForms SDK 1.14
(``OP-TED/eForms-SDK``): schemas, ``fields/fields.json``, code lists
``award-criterion-type``, ``number-weight`` and ``number-threshold``.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from efc_scoring.model.criteria import PriceScoring

if TYPE_CHECKING:
    from efc_scoring.model.criteria import Criterion
    from efc_scoring.model.tender import Tender
    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["NAMESPACES", "eforms_xml", "to_eforms", "write_eforms"]

#: The namespaces of an eForms contract award notice (UBL 2.3 and the eForms extensions).
NAMESPACES = {
    "": "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
#: Criterion kind -> award criterion type (code list award-criterion-type).
_TYPE_OF_KIND = {"price": "price", "cost": "cost"}  # every other kind is "quality"
#: Language of the texts (eu-official-language code list).
_LANGUAGE = "FRA"


def to_eforms(tender: Tender, evaluation: Evaluation | None = None) -> etree._Element:
    """The award criteria and tender ranks of the tender, as an eForms XML element.

    Parameters
    ----------
    tender
        The tender, with its criteria and offers.
    evaluation
        The result of :func:`efc_scoring.score`; with it, the notice result
        carries each tender's rank (BT-171). Without it, only the lots and
        their award criteria (the part of a contract notice).

    Returns
    -------
    lxml.etree._Element
        A ``ContractAwardNotice`` element holding the lots, their award
        criteria, and (with an evaluation) the notice result and organisations.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> root = to_eforms(tender, score(tender))
    >>> ns = {"cac": NAMESPACES["cac"], "cbc": NAMESPACES["cbc"], "efac": NAMESPACES["efac"]}
    >>> [c.findtext("cbc:AwardingCriterionTypeCode", namespaces=ns)
    ...  for c in root.iterfind(".//cac:SubordinateAwardingCriterion", ns)][:3]
    ['price', 'quality', 'quality']
    >>> ranked = root.iterfind(".//efac:LotTender[cbc:RankCode]", ns)
    >>> [(t.findtext("efac:TenderReference/cbc:ID", namespaces=ns),
    ...   t.findtext("cbc:RankCode", namespaces=ns)) for t in ranked][:2]
    [('O1', '1'), ('O2', '2')]
    """
    lot_ids = {lot.id: f"LOT-{i:04d}" for i, lot in enumerate(tender.lots, 1)}
    nsmap = {prefix or None: uri for prefix, uri in NAMESPACES.items()}
    root = etree.Element(_q("", "ContractAwardNotice"), nsmap=nsmap)
    if evaluation is not None:
        _extensions(root, tender, evaluation, lot_ids)
    party = _sub(_sub(root, "cac", "ContractingParty"), "cac", "Party")
    _id(_sub(party, "cac", "PartyIdentification"), "ORG-0001", "organization")
    project = _sub(root, "cac", "ProcurementProject")
    _id(project, tender.id, "InternalID")
    _text(project, "cbc", "Name", tender.title)
    for lot in tender.lots:
        element = _sub(root, "cac", "ProcurementProjectLot")
        _id(element, lot_ids[lot.id], "Lot")
        terms = _sub(_sub(element, "cac", "TenderingTerms"), "cac", "AwardingTerms")
        criterion = _sub(terms, "cac", "AwardingCriterion")
        total = sum((Fraction(leaf.weight) for leaf in tender.leaves), Fraction(0))
        for leaf in tender.leaves:
            _subordinate(criterion, tender, leaf, "per-exa" if total == 100 else "poi-exa")
        lot_project = _sub(element, "cac", "ProcurementProject")
        _id(lot_project, lot.id, "InternalID")
        _text(lot_project, "cbc", "Name", lot.label)
    return root


def eforms_xml(root: etree._Element) -> str:
    """The element as indented UTF-8 XML text, with its declaration and a final newline.

    The prefixes are those of the eForms SDK's examples (``cac``, ``cbc``, ``ext``,
    ``efac``, ``efbc``, ``efext``); the notice's own namespace is the default one.
    """
    body: bytes = etree.tostring(root, pretty_print=True, encoding="UTF-8", xml_declaration=True)
    _, _, rest = body.decode("utf-8").partition("\n")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + rest


def write_eforms(
    tender: Tender,
    path: str | os.PathLike[str],
    evaluation: Evaluation | None = None,
) -> Path:
    """Write :func:`to_eforms` of the tender to ``path`` atomically and return the path.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from efc_scoring import load_tender, sample_path
    >>> out = Path(tempfile.mkdtemp()) / "eforms.xml"
    >>> written = write_eforms(load_tender(sample_path("nettoyage")), out)
    >>> written.read_text(encoding="utf-8").startswith("<?xml")
    True
    """
    from efc_scoring.io._atomic import write_text_atomic

    return write_text_atomic(path, eforms_xml(to_eforms(tender, evaluation)))


# ------------------------------------------------------------------- parts
def _q(prefix: str, name: str) -> str:
    return f"{{{NAMESPACES[prefix]}}}{name}"


def _sub(parent: etree._Element, prefix: str, name: str) -> etree._Element:
    return etree.SubElement(parent, _q(prefix, name))


def _id(parent: etree._Element, value: str, scheme: str | None = None) -> etree._Element:
    element = _sub(parent, "cbc", "ID")
    if scheme is not None:
        element.set("schemeName", scheme)
    element.text = value
    return element


def _text(parent: etree._Element, prefix: str, name: str, value: str) -> None:
    element = _sub(parent, prefix, name)
    element.set("languageID", _LANGUAGE)
    element.text = value


def _number(value: Any) -> str:
    f = Fraction(value)
    if f.denominator == 1:
        return str(f.numerator)
    return format(float(f), "f").rstrip("0").rstrip(".")


def _parameter(extension: etree._Element, code_list: str, code: str, value: Any) -> None:
    parameter = _sub(extension, "efac", "AwardCriterionParameter")
    code_element = _sub(parameter, "efbc", "ParameterCode")
    code_element.set("listName", code_list)
    code_element.text = code
    _sub(parameter, "efbc", "ParameterNumeric").text = _number(value)


def _subordinate(parent: etree._Element, tender: Tender, leaf: Criterion, weight_code: str) -> None:
    element = _sub(parent, "cac", "SubordinateAwardingCriterion")
    extension = _eforms_extension(element)
    if leaf.threshold is not None:
        _parameter(extension, "number-threshold", "min-score", leaf.threshold)
    _parameter(extension, "number-weight", weight_code, leaf.weight)
    code = _sub(element, "cbc", "AwardingCriterionTypeCode")
    code.set("listName", "award-criterion-type")
    code.text = _TYPE_OF_KIND.get(leaf.kind.value, "quality")
    parents = tender.nodes[leaf.id][1]
    name = " — ".join([*(tender.criterion(p).label for p in parents), leaf.label])
    _text(element, "cbc", "Name", name)
    description = leaf.description or name
    if isinstance(leaf.scoring, PriceScoring):
        from efc_scoring.scoring.price import FORMULA_TEXT

        description = f"{description} Formule : {FORMULA_TEXT[leaf.scoring.formula]}"
    _text(element, "cbc", "Description", description)


def _eforms_extension(parent: etree._Element) -> etree._Element:
    extensions = _sub(parent, "ext", "UBLExtensions")
    content = _sub(_sub(extensions, "ext", "UBLExtension"), "ext", "ExtensionContent")
    return _sub(content, "efext", "EformsExtension")


def _extensions(
    root: etree._Element, tender: Tender, evaluation: Evaluation, lot_ids: dict[str, str]
) -> None:
    extension = _eforms_extension(root)
    result = _sub(extension, "efac", "NoticeResult")
    tender_ids = {o.id: f"TEN-{i:04d}" for i, o in enumerate(tender.offers, 1)}
    bidders = list(dict.fromkeys(o.bidder for o in tender.offers))
    party_ids = {b: f"TPA-{i:04d}" for i, b in enumerate(bidders, 1)}
    org_ids = {b: f"ORG-{i:04d}" for i, b in enumerate(bidders, 2)}
    for i, lot in enumerate(tender.lots, 1):
        lot_result = _sub(result, "efac", "LotResult")
        _id(lot_result, f"RES-{i:04d}", "result")
        for offer in tender.offers_in(lot.id):
            _id(_sub(lot_result, "efac", "LotTender"), tender_ids[offer.id], "tender")
        _id(_sub(lot_result, "efac", "TenderLot"), lot_ids[lot.id], "Lot")
    for offer in tender.offers:
        lot_tender = _sub(result, "efac", "LotTender")
        _id(lot_tender, tender_ids[offer.id], "tender")
        rank = evaluation.ranks.get(offer.id)
        ranked = rank is not None and offer.id not in evaluation.eliminated
        if ranked:
            _sub(lot_tender, "cbc", "RankCode").text = str(rank)
        _sub(lot_tender, "efbc", "TenderRankedIndicator").text = "true" if ranked else "false"
        _id(_sub(lot_tender, "efac", "TenderingParty"), party_ids[offer.bidder], "tendering-party")
        _id(_sub(lot_tender, "efac", "TenderLot"), lot_ids[offer.lot], "Lot")
        _id(_sub(lot_tender, "efac", "TenderReference"), offer.id)
    for bidder in bidders:
        party = _sub(result, "efac", "TenderingParty")
        _id(party, party_ids[bidder], "tendering-party")
        _sub(party, "cbc", "Name").text = bidder
        _id(_sub(party, "efac", "Tenderer"), org_ids[bidder], "organization")
    organizations = _sub(extension, "efac", "Organizations")
    sirets = {o.bidder: o.siret for o in tender.offers if o.siret}
    buyer_siret = tender.publication.buyer_siret if tender.publication else None
    _organization(organizations, "ORG-0001", tender.buyer, buyer_siret)
    for bidder in bidders:
        _organization(organizations, org_ids[bidder], bidder, sirets.get(bidder))


def _organization(parent: etree._Element, oid: str, name: str, siret: str | None) -> None:
    company = _sub(_sub(parent, "efac", "Organization"), "efac", "Company")
    _id(_sub(company, "cac", "PartyIdentification"), oid, "organization")
    _text(_sub(company, "cac", "PartyName"), "cbc", "Name", name)
    if siret is not None:
        _sub(_sub(company, "cac", "PartyLegalEntity"), "cbc", "CompanyID").text = siret
