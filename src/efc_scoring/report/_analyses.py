"""Report sections that rest on other parts of the library, each imported only when used.

The robustness findings come from :mod:`efc_scoring.mcda` and the agreement of
the committee from :mod:`efc_scoring.committee`. When one of them is not
installed (or cannot run on a lot, e.g. a single offer), the section says so in
a note instead of failing the whole report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from efc_scoring import present
from efc_scoring.errors import EfcError
from efc_scoring.report._doc import Bullets, Figure, Note, Para, Section, Table

__all__ = ["agreement_section", "optional", "robustness_section"]


def optional(module: str, name: str) -> Callable[..., Any] | None:
    """``module.name`` when that module exists and defines it, else None."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(mod, name, None)


def robustness_section(
    evaluation: Any,
    *,
    draws: int,
    seed: int,
    notes: list[str],
    figures: dict[str, bytes] | None,
    computed: Mapping[str, Any] | None = None,
) -> Section:
    """Section 7; ``figures`` receives the sensitivity plots (None: no plot, no matplotlib).

    ``computed`` maps a lot to its robustness report already computed with the
    same draws and seed (:func:`efc_scoring.mcda.robustness`): its findings are
    used as they are, never computed again.
    """
    tender = evaluation.tender
    done = computed or {}

    def sentences(result: Any) -> list[str]:
        return list(result.sentences()) if result is not None else []

    steps = (
        (
            "efc_scoring.mcda.methods",
            "compare_methods",
            "comparaison des méthodes",
            lambda f, lot: [f(evaluation, lot=lot).summary()],
            lambda r: [r.methods.summary()] if r.methods is not None else [],
        ),
        (
            "efc_scoring.mcda._sensitivity",
            "sensitivity",
            "sensibilité aux pondérations",
            lambda f, lot: _sensitivity(
                f(evaluation, n=draws, seed=seed, lot=lot, progress=False), figures
            ),
            lambda r: _sensitivity(r.sensitivity, figures),
        ),
        (
            "efc_scoring.mcda.critical",
            "critical_values",
            "poids, notes et prix critiques",
            lambda f, lot: sentences(f(evaluation, lot)),
            lambda r: sentences(r.critical),
        ),
        (
            "efc_scoring.mcda._price_effects",
            "price_effects",
            "effets de la formule de prix",
            lambda f, lot: sentences(f(evaluation, lot)),
            lambda r: sentences(r.price),
        ),
        (
            "efc_scoring.mcda._committee_checks",
            "committee_checks",
            "dépendance à la commission",
            lambda f, lot: sentences(f(evaluation, lot)),
            lambda r: sentences(r.committee),
        ),
    )
    children = []
    for lot in tender.lots:
        competing = [o.id for o in tender.offers_in(lot.id) if o.id not in evaluation.eliminated]
        if len(competing) < 2:
            children.append(
                Section(
                    f"Lot {lot.id} : {lot.label}",
                    (Para("Moins de deux offres en lice : pas d'analyse de robustesse."),),
                    level=3,
                )
            )
            continue
        blocks: list[Any] = []
        for module, name, what, run, reuse in steps:
            if lot.id in done:
                blocks += _blocks(what, reuse(done[lot.id]), name, lot.id, figures)
                continue
            func = optional(module, name)
            if func is None:
                note = f"Analyse « {what} » omise : le module {module} n'est pas disponible."
                if note not in notes:
                    notes.append(note)
                blocks.append(Note(note))
                continue
            try:
                found = run(func, lot.id)
            except (EfcError, ValueError) as exc:
                blocks.append(Note(f"Analyse « {what} » impossible sur ce lot : {exc}"))
                continue
            blocks += _blocks(what, found, name, lot.id, figures)
        children.append(Section(f"Lot {lot.id} : {lot.label}", tuple(blocks), level=3))
    intro = Para(
        "Le classement est éprouvé : par d'autres méthodes multicritères (à titre "
        "d'éclairage, l'attribution restant celle de la somme pondérée annoncée), par des "
        "tirages aléatoires de pondérations, par les seuils de poids, de notes et de prix "
        "qui changeraient le lauréat, et par le retrait d'un membre de la commission."
    )
    return Section(
        "7. Robustesse du classement", (intro,), anchor="robustesse", children=tuple(children)
    )


def _blocks(
    what: str, sentences: list[str], name: str, lot: str, figures: dict[str, bytes] | None
) -> list[Any]:
    """The paragraph of one analysis of a lot: its sentences, and its figure if any."""
    blocks: list[Any] = []
    if sentences:
        blocks.append(Para(what[0].upper() + what[1:] + " :"))
        blocks.append(Bullets(tuple(str(s) for s in sentences)))
    name_png = f"sensibilite-{lot}.png"
    if name == "sensitivity" and figures is not None and name_png in figures:
        blocks.append(
            Figure(name_png, figures[name_png], f"Lot {lot} : probabilité d'être classée première")
        )
    return blocks


def _sensitivity(result: Any, figures: dict[str, bytes] | None) -> list[str]:
    if figures is not None:
        from efc_scoring.report.plots import png_bytes, sensitivity_figure

        figures[f"sensibilite-{result.lot}.png"] = png_bytes(sensitivity_figure(result))
    return list(result.sentences())


def agreement_section(tender: Any, notes: list[str], consolidation: Any = None) -> Section:
    title, anchor = "8. Accord de la commission", "accord"
    consolidate = optional("efc_scoring.committee._consolidate", "consolidate")
    if consolidate is None:
        note = (
            "Section « accord de la commission » omise : le module "
            "efc_scoring.committee._consolidate n'est pas disponible."
        )
        notes.append(note)
        return Section(title, (Note(note),), anchor=anchor)
    if len(tender.evaluators) < 2 or not tender.marks:
        return Section(
            title,
            (Para("Moins de deux évaluateurs : l'accord de la commission ne se mesure pas."),),
            anchor=anchor,
        )
    agreement = consolidate(tender).agreement()
    names = {e.id: e.name for e in tender.evaluators}
    rows = tuple(
        (r.label, _alpha(r.alpha), r.reading, str(r.n_units))
        for r in agreement.rows
        if r.level == "ordinal"
    )
    blocks: list[Any] = [
        Para(agreement.summary()),
        Table(
            ("Critère", "Alpha (ordinal)", "Lecture", "Items"),
            rows,
            numeric=(1, 3),
            caption="Alpha de Krippendorff par critère (Krippendorff, 2011)",
        ),
    ]
    agenda = optional("efc_scoring.committee._agenda", "agenda")
    settled = [
        it
        for it in (consolidation.items if consolidation is not None else ())
        if it.method == "consensus" and it.consensus is not None
    ]
    if settled:
        blocks.append(Para("Points tranchés par la commission, avec le motif de sa décision :"))
        blocks.append(
            Bullets(
                tuple(
                    f"Offre {it.offer} ({tender.offer(it.offer).bidder}), "
                    f"{tender.criterion(it.criterion).label} : notes "
                    + ", ".join(
                        f"{names.get(ev, ev)} {present.mark(m)}" for ev, m in it.consensus.marks
                    )
                    + f" ; décision du {present.long_date(it.consensus.at)} : niveau "
                    f"{present.mark(it.consensus.mark)} — {it.consensus.justification}"
                    for it in settled
                )
            )
        )
    if agenda is not None:
        items = agenda(tender, evidence=False, consolidation=consolidation).items
        if items:
            blocks.append(
                Para(
                    "Points de désaccord restant à trancher (écart de deux niveaux ou plus), "
                    "les plus décisifs d'abord :"
                )
            )
            blocks.append(
                Bullets(
                    tuple(
                        f"Offre {it.offer} ({it.bidder}), {it.label} : notes "
                        + ", ".join(f"{name} {present.mark(m)}" for _, name, _, m, _ in it.marks)
                        + (" — peut changer le lauréat" if it.changes_winner else "")
                        for it in items
                    )
                )
            )
        elif not settled:
            blocks.append(Para("Aucun écart de deux niveaux ou plus entre les membres."))
    return Section(title, tuple(blocks), anchor=anchor)


def _alpha(x: float) -> str:
    return present.MISSING if x != x else present.number(x, 3)
