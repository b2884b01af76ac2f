"""Fictitious corpora for tests and benchmarks, recombined from real-looking answers.

:func:`generate_corpus` builds tenders of several sectors and years, lots, and
offers of invented companies, and writes each answer from pieces of the bundled
samples' answers (and of labelled answer files given as ``sources``, such as the
project's dev sets): sentences of single-paragraph answers, paragraphs of long
answers with their headings. An answer mixes pieces of several answers of its
axis, sometimes one off its axis, a heading and list items, figures and years
redrawn, the company's name in place of the original bidder's; some questions
are left unanswered or answered by a referral to another document. No answer is
a copy of a source answer. The same seed gives the same corpus.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.errors import CorpusError, ErrorCode, OutputPathError, ParameterError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SECTORS", "generate_corpus", "write_table"]

#: Sectors of the generated tenders -> the axes their open questions cover.
SECTORS: dict[str, tuple[str, ...]] = {
    "restauration collective": ("egalim", "waste", "transport", "packaging", "cooperation"),
    "produits d'entretien": ("packaging", "transport", "waste", "cooperation"),
    "transport et logistique": ("transport", "cooperation", "waste"),
    "fournitures et mobilier": ("packaging", "transport", "waste", "cooperation"),
    "collecte des déchets": ("waste", "transport", "cooperation"),
}
#: The bundled samples whose answers feed the generator: those of its sectors (the laundry
#: sample's answers on linen would land in the tenders of other sectors).
_SOURCE_SAMPLES = ("bof-lycees", "nettoyage")
_YEARS = range(2022, 2028)
_FORMS = ("SAS", "SARL", "SA", "SCOP", "Groupe", "Coopérative", "Établissements")
_TRADES = {
    "restauration collective": ("Laiterie", "Fromagerie", "Primeurs", "Saveurs", "Cuisine"),
    "produits d'entretien": ("Hygiène", "Propreté", "Clean", "Détergence", "Entretien"),
    "transport et logistique": ("Transports", "Logistique", "Fret", "Messagerie"),
    "fournitures et mobilier": ("Mobilier", "Bureautique", "Équipement", "Fournitures"),
    "collecte des déchets": ("Environnement", "Collecte", "Recyclage", "Valorisation"),
}
_PLACES = (
    "du Rhône",
    "de l'Ain",
    "des Flandres",
    "d'Armor",
    "du Bugey",
    "Centre-Est",
    "Océan",
    "des Vosges",
    "de Provence",
    "du Val de Loire",
    "Normandie",
    "d'Auvergne",
    "du Littoral",
    "Occitanie",
    "des Alpes",
    "du Berry",
    "de Lorraine",
    "Atlantique",
)
_REFERRALS = (
    "Voir mémoire technique.",
    "Cf. annexe {n} du mémoire technique.",
    "Se reporter à la partie {n} de notre mémoire.",
    "Réponse détaillée dans le document joint n° {n}.",
)
_HEADINGS = (
    "Engagements",
    "Nos engagements",
    "Mesures proposées",
    "Organisation proposée",
    "Démarche",
    "Objectifs",
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀÂÉÈÊÎÔÛÇ0-9«])")
_PERCENT = re.compile(r"\b(\d{1,3})(\s?%)")
_YEAR = re.compile(r"\b(20[12]\d)\b")


@dataclass(frozen=True)
class _Piece:
    axis: str
    text: str
    origin: int
    block: bool  # a paragraph of a long answer (may start with its heading)


def _source_answers(sources: Iterable[str | os.PathLike[str]]) -> list[dict[str, Any]]:
    """Answers of the bundled samples and of the labelled files: axis, question, answer, bidder."""
    from efc_scoring._samples import sample_path
    from efc_scoring.corpus.read import read_corpus
    from efc_scoring.evidence.lexicon import load_lexicons

    lex = load_lexicons()
    found: list[dict[str, Any]] = []
    for name in _SOURCE_SAMPLES:
        corpus = read_corpus(sample_path(name))
        for rec in corpus.answers.to_dict(orient="records"):
            found.append(
                {
                    "axis": lex.resolve(str(rec["axis"])),
                    "question": str(rec["question_text"]),
                    "answer": str(rec["answer"]),
                    "bidder": str(rec["bidder"]),
                }
            )
    for source in sources:
        path = Path(source)
        problems = []
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CorpusError(
                [
                    Problem(
                        str(path),
                        "",
                        f"fichier illisible ({type(exc).__name__})",
                        "donner un fichier JSON Lines en UTF-8",
                        code=ErrorCode.MISSING,
                    )
                ]
            ) from None
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                found.append(
                    {
                        "axis": lex.resolve(str(rec["axis"])),
                        "question": str(rec.get("question", "")),
                        "answer": str(rec["answer"]),
                        "bidder": "",
                    }
                )
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(
                    Problem(
                        str(path),
                        "",
                        f"ligne illisible ({type(exc).__name__}: {exc})",
                        "une ligne JSON par réponse, avec axis et answer",
                        line=n,
                        code=ErrorCode.CORPUS,
                    )
                )
        if problems:
            raise CorpusError(problems)
    return [a for a in found if a["answer"].strip()]


def _pieces(answers: list[dict[str, Any]]) -> list[_Piece]:
    out = []
    for origin, a in enumerate(answers):
        text = a["answer"].replace("\r\n", "\n").strip()
        if "\n" in text:
            for block in re.split(r"\n\s*\n", text):
                if len(block.split()) >= 4:
                    out.append(_Piece(a["axis"], block.strip(), origin, True))
        else:
            for sentence in _SENTENCE.split(text):
                if len(sentence.split()) >= 3:
                    out.append(_Piece(a["axis"], sentence.strip(), origin, False))
    return out


def _company(rng: random.Random, sector: str, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(_TRADES[sector])} {rng.choice(_PLACES)}"
        form = rng.choice(_FORMS)
        name = (
            f"{form} {name}"
            if form in ("Groupe", "Coopérative", "Établissements")
            else (f"{name} {form}")
        )
        if name not in used or len(used) > 500:
            used.add(name)
            return name


def _vary(text: str, rng: random.Random, year: int, bidders: list[str], company: str) -> str:
    """Figures and years redrawn, the original bidders' names replaced by the company's."""

    def percent(m: re.Match[str]) -> str:
        if rng.random() < 0.5:
            return m.group(0)
        return f"{rng.choice(range(5, 101, 5))}{m.group(2)}"

    def year_of(m: re.Match[str]) -> str:
        return str(int(m.group(1)) - 2027 + year)

    text = _PERCENT.sub(percent, text)
    text = _YEAR.sub(year_of, text)
    for bidder in bidders:
        if bidder and bidder in text:
            text = text.replace(bidder, company)
    return text


def _answer(
    rng: random.Random,
    axis: str,
    pool: dict[str, list[_Piece]],
    others: list[_Piece],
    year: int,
    bidders: list[str],
    company: str,
) -> str:
    draw = rng.random()
    if draw < 0.04:
        return ""
    if draw < 0.07:
        return rng.choice(_REFERRALS).format(n=rng.randint(1, 9))
    own = pool[axis]
    prose = [p for p in own if not p.block]
    blocks = [p for p in own if p.block]
    if blocks and rng.random() < 0.15:
        chosen = rng.sample(blocks, k=min(len(blocks), rng.randint(1, 3)))
        chosen += rng.sample(prose, k=min(len(prose), rng.randint(1, 2)))
        parts = [p.text for p in chosen]
        text = "\n\n".join(parts)
    else:
        k = rng.randint(1, 5)
        chosen = rng.sample(prose, k=min(k, len(prose)))
        if rng.random() < 0.15 and others:
            chosen.insert(rng.randint(0, len(chosen)), rng.choice(others))
        if len(chosen) > 2 and rng.random() < 0.1:
            heading = rng.choice(_HEADINGS)
            text = f"{heading} :\n" + "\n".join(f"- {p.text}" for p in chosen)
        else:
            text = " ".join(p.text for p in chosen)
    return _vary(text, rng, year, bidders, company)


def generate_corpus(
    answers: int = 1000, *, seed: int = 0, sources: Iterable[str | os.PathLike[str]] = ()
) -> pd.DataFrame:
    """A fictitious corpus of ``answers`` answers, as the answers table of :func:`read_corpus`.

    Parameters
    ----------
    answers
        How many answers (rows).
    seed
        The same seed gives the same corpus.
    sources
        JSON Lines files of labelled answers (``axis``, ``question``, ``answer``)
        whose answers are recombined with the bundled samples' (the project's
        dev sets, for instance).

    Examples
    --------
    >>> table = generate_corpus(300, seed=1)
    >>> len(table), table["tender"].nunique() > 3, table["sector"].nunique() > 1
    (300, True, True)
    >>> table.equals(generate_corpus(300, seed=1))
    True
    """
    import pandas as pd

    from efc_scoring.corpus.schema import ANSWER_COLUMNS

    if answers < 1:
        raise ParameterError(f"nombre de réponses invalide ({answers}) : en demander au moins une")
    rng = random.Random(seed)
    source = _source_answers(sources)
    originals = {a["answer"].strip() for a in source}
    bidders = sorted({a["bidder"] for a in source if a["bidder"]}, key=len, reverse=True)
    pieces = _pieces(source)
    pool: dict[str, list[_Piece]] = {}
    for p in pieces:
        pool.setdefault(p.axis, []).append(p)
    questions: dict[str, list[str]] = {}
    for a in source:
        if a["question"].strip():
            questions.setdefault(a["axis"], [])
            if a["question"] not in questions[a["axis"]]:
                questions[a["axis"]].append(a["question"])
    others = {
        axis: [p for a, ps in pool.items() if a != axis for p in ps if not p.block] for axis in pool
    }
    rows: list[dict[str, Any]] = []
    used: set[str] = set()
    number = 0
    while len(rows) < answers:
        number += 1
        sector = rng.choice(sorted(SECTORS))
        axes = [a for a in SECTORS[sector] if pool.get(a)]
        year = rng.choice(_YEARS)
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        tender = f"AO-{year}-{number:04d}"
        chosen = rng.sample(axes, k=min(len(axes), rng.randint(2, 4)))
        qs = [
            (f"q{i + 1}", axis, rng.choice(questions.get(axis) or [""]))
            for i, axis in enumerate(chosen)
        ]
        for lot in range(1, rng.randint(1, 3) + 1):
            for o in range(rng.randint(2, 6)):
                company = _company(rng, sector, used)
                offer = f"L{lot}-{chr(ord('A') + o)}"
                for qid, axis, qtext in qs:
                    text = _answer(rng, axis, pool, others[axis], year, bidders, company)
                    while text.strip() in originals:
                        text = _answer(rng, axis, pool, others[axis], year, bidders, company)
                    rows.append(
                        {
                            "tender": tender,
                            "lot": f"L{lot}",
                            "offer": offer,
                            "bidder": company,
                            "question": qid,
                            "question_text": qtext,
                            "axis": axis,
                            "answer": text,
                            "sector": sector,
                            "year": year,
                            "date": day.isoformat(),
                            "source": f"généré (graine {seed})",
                        }
                    )
    df = pd.DataFrame(rows[:answers], columns=list(ANSWER_COLUMNS))
    for col in ANSWER_COLUMNS:
        df[col] = df[col].astype("Int16" if col == "year" else "string")
    return df


def write_table(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write an answers table as ``.csv`` (UTF-8) or ``.parquet``, atomically.

    Examples
    --------
    >>> import tempfile
    >>> from efc_scoring.corpus import read_corpus
    >>> table = generate_corpus(50, seed=3)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     back = read_corpus(write_table(table, Path(d) / "corpus.csv"))
    >>> back.answers["answer"].tolist() == table["answer"].tolist()
    True
    """
    from efc_scoring.io._atomic import atomic_path
    from efc_scoring.io._csv import write_frame_csv

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise OutputPathError(
            f"{target.name} : le tableau s'écrit en .csv ou en .parquet ; changer l'extension"
        )
    columns = [c for c in table.columns if c != "source"]
    if suffix == ".csv":  # the library's one CSV writer: quoted, formulas escaped
        return write_frame_csv(table[columns], target)
    with atomic_path(target) as tmp:
        table[columns].to_parquet(tmp, index=False)
    return target
