"""The remarks beside an offer in a ranking, worded once for the report and the terminal."""

from __future__ import annotations

__all__ = ["ranking_remarks"]


def ranking_remarks(
    *,
    eliminated: bool,
    elimination_reason: str = "",
    tied: bool,
    abnormally_low: bool,
    justified: bool = False,
) -> list[str]:
    """The remarks on one row of :meth:`Evaluation.ranking`, in the order they are read.

    An abnormally low price is only suspected until the bidder has explained it
    (art. R. 2152-3 of the code de la commande publique): the remark says so, and
    once the committee has kept the offer on its explanation (``justified``, whether
    or not the price is still flagged), it says that instead.

    Examples
    --------
    >>> ranking_remarks(eliminated=False, tied=True, abnormally_low=True)
    ['ex aequo', 'prix possiblement anormalement bas']
    >>> ranking_remarks(eliminated=True, elimination_reason="offre irrégulière",
    ...                 tied=False, abnormally_low=False)
    ['éliminée : offre irrégulière']
    >>> ranking_remarks(eliminated=False, tied=False, abnormally_low=False, justified=True)
    ['prix examiné comme anormalement bas, justifié : offre retenue']
    """
    remarks = []
    if eliminated:
        remarks.append("éliminée : " + elimination_reason)
    if tied:
        remarks.append("ex aequo")
    if justified:
        remarks.append("prix examiné comme anormalement bas, justifié : offre retenue")
    elif abnormally_low:
        remarks.append("prix possiblement anormalement bas")
    return remarks
