"""OCDS interchange: export a tender and its evaluation, import an OCDS tender's criteria.

:func:`to_ocds` writes an Open Contracting Data Standard 1.1 release package
(lots, award criteria breakdown, bids, awards, and the ``efcScoring``
extension); :func:`from_ocds` reads the lots and criteria of an OCDS tender
back into the start of a tender file. :func:`extension_schema` gives the JSON
Schema of the ``efcScoring`` extension (``docs/ocds-extension.md``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from efc_scoring.ocds.export import ocds_json, to_ocds, write_ocds
from efc_scoring.ocds.read import from_ocds, read_ocds

__all__ = ["extension_schema", "from_ocds", "ocds_json", "read_ocds", "to_ocds", "write_ocds"]


def extension_schema() -> dict[str, Any]:
    """The JSON Schema of the ``efcScoring`` objects, shipped with the package.

    It is written as an OCDS extension patch (``release-schema.json``): merged
    into the OCDS release schema, it describes every ``efcScoring`` object.

    Examples
    --------
    >>> schema = extension_schema()
    >>> schema["definitions"]["Bid"]["properties"]["efcScoring"]["$ref"]
    '#/definitions/EfcBid'
    """
    text = (
        resources.files("efc_scoring.ocds")
        .joinpath("extension/release-schema.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)
