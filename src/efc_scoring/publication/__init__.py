"""Exports for the publication duties: essential data (DECP) and eForms award notices.

:func:`to_decp` writes the essential data of the contract awarded on each lot
(*données essentielles de la commande publique*, format of the arrêté of 22
December 2022) for the national open-data portal; :func:`to_eforms` writes the
award criteria (BT-539, BT-540, BT-541, BT-5421, BT-734) and the tender ranks
(BT-171) of a contract award notice in eForms XML (UBL 2.3 with the eForms
extensions), with the identifiers that place them in a notice. Both sit beside
the OCDS export (:mod:`efc_scoring.ocds`); ``docs/publication-exports.md`` maps
each field.
"""

from __future__ import annotations

from efc_scoring.publication.decp import decp_json, to_decp, write_decp
from efc_scoring.publication.eforms import eforms_xml, to_eforms, write_eforms

__all__ = ["decp_json", "eforms_xml", "to_decp", "to_eforms", "write_decp", "write_eforms"]
