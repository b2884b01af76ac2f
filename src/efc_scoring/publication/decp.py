"""Export the essential data of an awarded contract (DECP), format of the arrêté of 22 Dec. 2022.

From 1 January 2024 the buyer publishes, on the national open-data portal, the
essential data (*données essentielles de la commande publique*, DECP) of every
contract of 40 000 euros excl. tax or more, in the regulatory format that the
DAJ publishes as a JSON Schema (``139bercy/format-commande-publique``, schéma
2.0.3). :func:`to_decp` builds one ``marche`` record per lot of the tender,
from the tender file, its ``publication`` section and the award:

- the tender gives the subject (``objet``), the procedure, the number of
  offers received per lot (``offresRecues``) and, from its criteria, the
  environmental and social award criteria (« Critère environnemental » for a
  criterion of kind ``environment`` or marked ``environmental: true``, such as
  a global cost; « Critère social » for a criterion of kind ``social``);
- the ``publication`` section gives what the analysis of the offers does not
  know: the buyer's SIRET, the CPV code, the place of execution, the duration,
  the form and type of the price, the CCAG, the techniques and modes of
  execution, the advance, the execution clauses, the notification date;
- the award gives the holder (``titulaires``: the ``siret`` of the winning
  offer) and the amount (the winning offer's total price, or
  ``publication.amount``).

Every missing or refused field is reported at once, by its field path
(``publication.cpv``, ``siret`` of offer O1), in one French
:class:`~efc_scoring.errors.TenderError` of code ``export``.

References
----------
Arrêté du 22 décembre 2022 relatif aux données essentielles des marchés
publics (NOR : ECOM2236588A); code de la commande publique, articles R. 2196-1
and R. 3131-1; DAJ, format réglementaire des données essentielles, schéma JSON
2.0.3 (``schema_decp_v2.0.3.json``).
"""

from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.errors import ErrorCode, Problem, TenderError
from efc_scoring.model.criteria import CriterionKind

if TYPE_CHECKING:
    from collections.abc import Mapping

    from efc_scoring.model.offer import Offer
    from efc_scoring.model.publication import Publication
    from efc_scoring.model.tender import Lot, Tender
    from efc_scoring.scoring.evaluate import Evaluation

__all__ = [
    "CCAG",
    "DECP_SCHEMA_VERSION",
    "EXECUTION_MODES",
    "GROUPINGS",
    "PROCEDURES",
    "TECHNIQUES",
    "decp_json",
    "to_decp",
    "write_decp",
]

#: Version of the DAJ's JSON Schema the records follow.
DECP_SCHEMA_VERSION = "2.0.3"

#: Closed lists of the format (``ccag``, ``technique``, ``modaliteExecution``...).
CCAG = (
    "Travaux",
    "Maitrise d'œuvre",
    "Fournitures courantes et services",
    "Marchés industriels",
    "Prestations intellectuelles",
    "Techniques de l'information et de la communication",
    "Pas de CCAG",
)
TECHNIQUES = (
    "Accord-cadre",
    "Concours",
    "Système de qualification",
    "Système d'acquisition dynamique",
    "Catalogue électronique",
    "Enchère électronique",
    "Sans objet",
)
EXECUTION_MODES = ("Tranches", "Bons de commande", "Marchés subséquents", "Sans objet")
GROUPINGS = ("Conjoint", "Solidaire", "Pas de groupement")
PROCEDURES = (
    "Procédure adaptée",
    "Appel d'offres ouvert",
    "Appel d'offres restreint",
    "Procédure avec négociation",
    "Marché passé sans publicité ni mise en concurrence préalable",
    "Dialogue compétitif",
)

#: Words of a French procedure name -> the DECP procedure (first match wins).
_PROCEDURE_WORDS = (
    ("sans publicité", "Marché passé sans publicité ni mise en concurrence préalable"),
    ("dialogue", "Dialogue compétitif"),
    ("adapt", "Procédure adaptée"),
    ("mapa", "Procédure adaptée"),
    ("négoci", "Procédure avec négociation"),
    ("restreint", "Appel d'offres restreint"),
    ("ouvert", "Appel d'offres ouvert"),
)

#: Fields of ``publication`` that every record needs: field -> (French name, DECP field).
_REQUIRED = {
    "buyer_siret": ("le SIRET de l'acheteur", "acheteur.id"),
    "cpv": ("le code CPV principal", "codeCPV"),
    "place_code": ("le code du lieu d'exécution", "lieuExecution.code"),
    "place_type": ("le type de code du lieu d'exécution", "lieuExecution.typeCode"),
    "duration_months": ("la durée initiale en mois", "dureeMois"),
    "price_form": ("la forme du prix", "formePrix"),
    "price_types": ("le ou les types de prix", "typesPrix"),
    "notification_date": ("la date de notification", "dateNotification"),
}
_FIX_EXAMPLE = {
    "buyer_siret": "buyer_siret: '21690266800013'",
    "cpv": "cpv: '39830000'",
    "place_code": "place_code: '69266'",
    "place_type": "place_type: code_commune",
    "duration_months": "duration_months: 48",
    "price_form": "price_form: unitaire",
    "price_types": "price_types: [definitif_revisable]",
    "notification_date": "notification_date: 2027-04-02",
}


def to_decp(
    tender: Tender,
    evaluation: Evaluation | None = None,
    *,
    published: date | None = None,
    received: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The essential data (DECP) of the contract awarded on each lot of the tender.

    Parameters
    ----------
    tender
        The tender, with its ``publication`` section, its offers (the winning
        offer's ``siret``) and the committee's marks.
    evaluation
        The result of :func:`efc_scoring.score` (with the committee's
        decisions); by default the tender is scored as it stands.
    published
        ``datePublicationDonnees``: the day the data are published on the
        national portal; today by default.
    received
        ``offresRecues`` by lot id: the offers received. By default the
        offers of ``tender``; after a negotiation, when ``tender`` holds the
        final round's offers, give the initial round's counts (the command
        line does when it is given a round folder).

    Returns
    -------
    dict
        ``{"marches": {"marche": [...]}}``, one record per lot, valid against
        the DAJ's JSON Schema 2.0.3.

    Raises
    ------
    TenderError
        Code ``export``: every field the export needs and the tender lacks or
        gives out of the format's lists, each with its field path and the fix.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> record = to_decp(tender, published=date(2027, 4, 10))["marches"]["marche"][0]
    >>> record["id"], record["procedure"], record["offresRecues"], record["montant"]
    ('nettoyage-2027', "Appel d'offres ouvert", 5, 57580)
    >>> record["considerationsEnvironnementales"]
    {'considerationEnvironnementale': ['Clause environnementale', 'Critère environnemental']}
    """
    problems: list[Problem] = []
    pub = tender.publication
    if pub is None:
        raise TenderError(
            [
                Problem(
                    "tender.yaml",
                    "publication",
                    "section absente : les données essentielles (DECP) demandent le SIRET de "
                    "l'acheteur, le code CPV, le lieu d'exécution, la durée, la forme et le type "
                    "de prix et la date de notification",
                    "ajouter au fichier de marché une section publication: (voir la page "
                    "« Exports de publication » de la documentation)",
                    code=ErrorCode.MISSING,
                )
            ],
            "export DECP impossible",
            code=ErrorCode.EXPORT,
        )
    for name, (label, field) in _REQUIRED.items():
        if getattr(pub, name) is None:
            problems.append(
                Problem(
                    "tender.yaml",
                    f"publication.{name}",
                    f"{label} manque (champ {field} des données essentielles)",
                    f"ajouter {_FIX_EXAMPLE[name]} dans la section publication",
                    code=ErrorCode.MISSING,
                )
            )
    problems += _closed_lists(pub)
    procedure = _procedure(tender, pub, problems)
    if evaluation is None:
        from efc_scoring.scoring.evaluate import score

        evaluation = score(tender)
    records = []
    for lot in tender.lots:
        record = _record(tender, pub, lot, evaluation, procedure, published, problems)
        if record is not None and received is not None and lot.id in received:
            record["offresRecues"] = received[lot.id]
        if record is not None:
            records.append(record)
    if problems:
        raise TenderError(problems, "export DECP impossible", code=ErrorCode.EXPORT)
    return {"marches": {"marche": records}}


def decp_json(data: dict[str, Any]) -> str:
    """The records as indented UTF-8 JSON text with a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_decp(
    tender: Tender,
    path: str | os.PathLike[str],
    evaluation: Evaluation | None = None,
    **kwargs: Any,
) -> Path:
    """Write :func:`to_decp` of the tender to ``path`` atomically and return the path.

    Examples
    --------
    >>> import json, tempfile
    >>> from datetime import date
    >>> from pathlib import Path
    >>> from efc_scoring import load_tender, sample_path
    >>> out = Path(tempfile.mkdtemp()) / "decp.json"
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> written = write_decp(tender, out, published=date(2027, 4, 10))
    >>> json.loads(written.read_text(encoding="utf-8"))["marches"]["marche"][0]["offresRecues"]
    5
    """
    from efc_scoring.io._atomic import write_text_atomic

    return write_text_atomic(path, decp_json(to_decp(tender, evaluation, **kwargs)))


# ------------------------------------------------------------------- parts
def _closed_lists(pub: Publication) -> list[Problem]:
    checks: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
        ("ccag", (pub.ccag,), CCAG),
        ("techniques", pub.techniques, TECHNIQUES),
        ("execution_modes", pub.execution_modes, EXECUTION_MODES),
        ("grouping", (pub.grouping,), GROUPINGS),
    ]
    if pub.procedure is not None:
        checks.append(("procedure", (pub.procedure,), PROCEDURES))
    out = []
    for name, values, allowed in checks:
        for i, value in enumerate(values):
            if value not in allowed:
                where = f"publication.{name}" + (f"[{i}]" if len(values) > 1 else "")
                out.append(
                    Problem(
                        "tender.yaml",
                        where,
                        f"{value!r} n'est pas une valeur du format des données essentielles",
                        "écrire l'une de : " + ", ".join(f"« {a} »" for a in allowed),
                        code=ErrorCode.VALUE,
                    )
                )
    if pub.advance_rate is not None and not pub.advance:
        out.append(
            Problem(
                "tender.yaml",
                "publication.advance_rate",
                "un taux d'avance est donné sans avance attribuée",
                "écrire advance: true, ou retirer advance_rate",
                code=ErrorCode.RULE,
            )
        )
    return out


def _procedure(tender: Tender, pub: Publication, problems: list[Problem]) -> str | None:
    if pub.procedure is not None:
        return pub.procedure
    lowered = tender.procedure.lower()
    found = next((name for words, name in _PROCEDURE_WORDS if words in lowered), None)
    if found is None:
        problems.append(
            Problem(
                "tender.yaml",
                "publication.procedure",
                f"la procédure « {tender.procedure} » ne dit pas laquelle du format des données "
                "essentielles elle est",
                "écrire publication.procedure: l'une de "
                + ", ".join(f"« {p} »" for p in PROCEDURES),
                code=ErrorCode.MISSING,
            )
        )
    return found


def _record(
    tender: Tender,
    pub: Publication,
    lot: Lot,
    evaluation: Evaluation,
    procedure: str | None,
    published: date | None,
    problems: list[Problem],
) -> dict[str, Any] | None:
    several = len(tender.lots) > 1
    base = pub.contract_id or tender.id
    contract_id = f"{base}-{lot.id}" if several else base
    if len(contract_id) > 16:
        problems.append(
            Problem(
                "tender.yaml",
                "publication.contract_id",
                f"l'identifiant du marché {contract_id!r} dépasse les 16 caractères du format"
                + (f" (lot {lot.id})" if several else ""),
                "donner le numéro du marché de l'acheteur, plus court : publication.contract_id"
                + (" (le lot y est ajouté : « -L1 »)" if several else ""),
                code=ErrorCode.VALUE,
            )
        )
    winners = evaluation.winners(lot.id)
    if len(winners) != 1:
        problems.append(
            Problem(
                "tender.yaml",
                f"lots[{lot.id}]",
                "aucune offre classée première sur ce lot"
                if not winners
                else f"offres classées premières ex aequo : {', '.join(winners)}",
                "arrêter l'attribution (notes de la commission, décisions) avant l'export",
                code=ErrorCode.EXPORT,
            )
        )
        return None
    offer = tender.offer(winners[0])
    amount = _amount(tender, pub, offer, problems)
    if offer.siret is None:
        problems.append(
            Problem(
                f"offre {offer.id}",
                "siret",
                f"le SIRET du titulaire ({offer.bidder}) manque (champ titulaires.id)",
                "ajouter siret: '...' (14 chiffres) au fichier de l'offre, ou une colonne siret "
                "au tableau des offres",
                code=ErrorCode.MISSING,
            )
        )
    if problems:
        return None
    title = tender.title if not several else f"{tender.title} — {lot.label}"
    assert pub.place_type is not None and pub.price_form is not None  # checked above
    assert pub.price_types is not None and pub.notification_date is not None
    record: dict[str, Any] = {
        "id": contract_id,
        "acheteur": {"id": pub.buyer_siret},
        "nature": pub.nature.label,
        "objet": title[:1000],
        "codeCPV": pub.cpv,
        "techniques": {"technique": list(pub.techniques)},
        "modalitesExecution": {"modaliteExecution": list(pub.execution_modes)},
        "marcheInnovant": pub.innovative,
        "ccag": pub.ccag,
        "offresRecues": len(tender.offers_in(lot.id)),
        "attributionAvance": pub.advance,
        "typeGroupementOperateurs": pub.grouping,
        "procedure": procedure,
        "lieuExecution": {"code": pub.place_code, "typeCode": pub.place_type.label},
        "dureeMois": pub.duration_months,
        "dateNotification": pub.notification_date.isoformat(),
        "datePublicationDonnees": (published or date.today()).isoformat(),
        "montant": amount,
        "typesPrix": {"typePrix": [t.label for t in pub.price_types]},
        "formePrix": pub.price_form.label,
        "sousTraitanceDeclaree": pub.subcontracting_declared,
        "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": offer.siret}}],
        "considerationsSociales": {"considerationSociale": _social(tender, pub)},
        "considerationsEnvironnementales": {
            "considerationEnvironnementale": _environmental(tender, pub)
        },
    }
    if pub.advance:
        record["tauxAvance"] = pub.advance_rate if pub.advance_rate is not None else 0
    return record


def _amount(tender: Tender, pub: Publication, offer: Offer, problems: list[Problem]) -> int | float:
    single = pub.amount is not None and len(tender.lots) == 1
    value: Decimal | None = pub.amount if single else offer.total_price
    if value is None or value < 1:
        problems.append(
            Problem(
                "tender.yaml",
                "publication.amount",
                f"le montant du marché manque : l'offre retenue {offer.id} n'a pas de prix total",
                "donner publication.amount (montant forfaitaire ou estimé maximum HT)",
                code=ErrorCode.MISSING,
            )
        )
        return 0
    return int(value) if value == value.to_integral_value() else float(value)


def _kinds(tender: Tender) -> set[CriterionKind]:
    return {node.kind for node, _ in tender.nodes.values() if node.weight > 0}


def _environmental(tender: Tender, pub: Publication) -> list[str]:
    out = []
    if pub.environmental_clause:
        out.append("Clause environnementale")
    flagged = any(node.environmental for node, _ in tender.nodes.values() if node.weight > 0)
    if flagged or CriterionKind.ENVIRONMENT in _kinds(tender):
        out.append("Critère environnemental")
    return out or ["Pas de considération environnementale"]


def _social(tender: Tender, pub: Publication) -> list[str]:
    out = []
    if pub.social_clause:
        out.append("Clause sociale")
    if CriterionKind.SOCIAL in _kinds(tender):
        out.append("Critère social")
    if pub.reserved:
        out.append("Marché réservé")
    return out or ["Pas de considération sociale"]
