"""The assessment cache: the engine's results, read once, invalidated exactly, checked."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import efc_scoring.evidence.assessment as reading
from efc_scoring import load_tender, sample_path, samples
from efc_scoring.evidence import (
    AnswerAssessment,
    AssessmentCache,
    CacheWarning,
    EvidenceSpan,
    answer_key,
    assess,
    assess_answer,
    assess_answers,
    engine_fingerprint,
    use_cache,
)
from efc_scoring.evidence import cache as cache_mod
from efc_scoring.evidence import fingerprint as fp_mod
from efc_scoring.evidence.features import CODES
from efc_scoring.model.axis import AxisLexicon

WATER = AxisLexicon(id="water", label="eau", subject=["eau"], measures=["mousseur"])


@pytest.fixture
def reads(monkeypatch, nlp):
    """The answers the engine reads (each call's texts), the model being loaded once."""
    calls: list[list[str]] = []
    engine = reading.assess_answers

    def spy(texts, *args, **kwargs):
        calls.append(list(texts))
        return engine(texts, *args, **kwargs)

    monkeypatch.setattr(reading, "assess_answers", spy)
    return calls


@pytest.fixture
def cache(tmp_path) -> AssessmentCache:
    return AssessmentCache(tmp_path / "cache")


def _read(calls: list[list[str]]) -> int:
    return sum(len(c) for c in calls)


def _same(a: AnswerAssessment, b: AnswerAssessment) -> bool:
    return a == b and a.to_dict() == b.to_dict()  # to_dict compares the rule too


@pytest.mark.parametrize("sample", sorted(samples()))
def test_a_cached_tender_is_the_engine_s_reading_without_the_engine(
    sample, cache, reads, monkeypatch
):
    tender = load_tender(sample_path(sample))
    fresh = assess(tender, cache=False)
    reads.clear()
    assess(tender, cache=cache)
    distinct = {(r.assessment.text, r.question) for r in fresh}
    assert _read(reads) == cache.info().entries == len(distinct)

    def no_engine(*args, **kwargs):
        raise AssertionError("the engine was called although every answer is cached")

    monkeypatch.setattr(reading, "assess_answers", no_engine)
    again = assess(tender, cache=cache)
    assert [(r.offer, r.question) for r in again] == [(r.offer, r.question) for r in fresh]
    assert all(_same(a.assessment, b.assessment) for a, b in zip(fresh, again, strict=True))
    assert all(
        s.text == r.assessment.text[s.start : s.end] for r in again for s in r.assessment.evidence
    )


def test_entries_are_plain_json_without_the_answer(cache, nlp):
    text = "Nous reprenons 100 % des bidons vides dès la notification."
    result = assess_answer(text, "packaging", cache=cache)
    (path,) = cache.folder.glob("*/*/*.json")
    data = json.loads(path.read_text("utf-8"))
    assert data["assessment"]["level"] == result.level and "text" not in data["assessment"]
    assert all(isinstance(s, list) and len(s) == 3 for s in data["assessment"]["evidence"])
    assert (cache.folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f59")
    assert (cache.folder / ".gitignore").read_text().splitlines()[-1] == "*"
    about = json.loads((path.parents[1] / "engine.json").read_text("utf-8"))
    assert about["model"] == engine_fingerprint().model and "lexicon_digest" not in about


def test_a_changed_answer_is_read_again_alone(cache, reads):
    tender = load_tender(sample_path("nettoyage"))
    assess(tender, cache=cache)
    reads.clear()
    offer = tender.offers[1]
    question = tender.questions[0].id
    changed = offer.model_copy(
        update={"answers": {**offer.answers, question: offer.answers[question] + " Bilan annuel."}}
    )
    edited = tender.model_copy(
        update={"offers": [changed if o.id == offer.id else o for o in tender.offers]}
    )
    result = assess(edited, cache=cache)
    assert reads == [[changed.answers[question]]]
    assert _same(result[offer.id, question], assess(edited, cache=False)[offer.id, question])


def test_axis_question_and_duplicates(cache, reads):
    text = "Nous reprenons les bidons vides."
    assess_answers([text, text, "Voir mémoire technique."], "packaging", cache=cache)
    assert _read(reads) == 2  # the same answer twice is read once
    assess_answer(text, "emballages", cache=cache)  # an alias is its axis
    assert _read(reads) == 2
    assess_answer(text, "transport", cache=cache)  # another axis
    assert _read(reads) == 3
    q1 = type("Q", (), {"id": "Q1", "text": "Emballages ?", "axis": "packaging"})()
    q2 = type("Q", (), {"id": "Q2", "text": "Et vos emballages ?", "axis": "packaging"})()
    assess_answer(text, question=q1, cache=cache)  # another question
    assert _read(reads) == 4
    assess_answer(text, "packaging", question="Emballages ?", cache=cache)  # its text is enough
    assess_answer(text, question=q1, cache=cache)
    assert _read(reads) == 4
    assess_answer(text, question=q2, cache=cache)
    assert _read(reads) == 5


def test_the_tender_date_is_part_of_the_key(cache, reads):
    text = "Nous avons remplacé nos bidons en 2025 et passerons aux recharges en 2027."
    first = assess_answer(text, "packaging", reference_date="2026-09-01", cache=cache)
    assess_answer(text, "packaging", reference_date=date(2026, 9, 1), cache=cache)
    assert _read(reads) == 1  # the same day, written either way
    later = assess_answer(text, "packaging", reference_date="2028-03-01", cache=cache)
    undated = assess_answer(text, "packaging", cache=cache)
    assert _read(reads) == 3
    assert _same(first, assess_answer(text, "packaging", reference_date="2026-09-01", cache=False))
    assert _same(later, assess_answer(text, "packaging", reference_date="2028-03-01", cache=False))
    assert _same(undated, assess_answer(text, "packaging", cache=False))
    with pytest.raises(ValueError):
        assess_answer(text, "packaging", reference_date="le 1er mars", cache=cache)


def test_tender_axes_change_the_key_of_every_answer(cache, reads):
    texts = ["Nous posons des mousseurs sur les robinets.", "Nous reprenons les bidons."]
    assess_answers(texts, "packaging", cache=cache)
    assert _read(reads) == 2
    with_water = assess_answers(texts, "packaging", lexicons=[WATER], cache=cache)
    assert _read(reads) == 4  # every answer: the other axes take part in the reading
    assess_answers(texts, "packaging", cache=cache)
    assess_answers(texts, "packaging", lexicons=[WATER], cache=cache)
    assert _read(reads) == 4  # both versions kept side by side
    assert assess_answer(texts[0], "water", lexicons=[WATER], cache=cache).axis == "water"
    assert with_water == assess_answers(texts, "packaging", lexicons=[WATER], cache=False)


def test_a_new_engine_or_model_reads_everything_again(cache, reads, monkeypatch):
    texts = ["Nous reprenons les bidons.", "Nous regroupons les livraisons."]
    assess_answers(texts, "packaging", cache=cache)
    version = fp_mod.ENGINE_VERSION
    monkeypatch.setattr(fp_mod, "ENGINE_VERSION", version + ".1")
    assess_answers(texts, "packaging", cache=cache)
    assert _read(reads) == 4
    monkeypatch.setattr(fp_mod, "ENGINE_VERSION", version)
    assess_answers(texts, "packaging", cache=cache)
    assert _read(reads) == 4  # the entries of the current engine are still there
    code, model, _, spacy_version = fp_mod._engine_part()
    monkeypatch.setattr(fp_mod, "_engine_part", lambda: (code, model, "9.9.9", spacy_version))
    assess_answers(texts, "packaging", cache=cache)
    assert _read(reads) == 6
    assert cache.info().engines == 3


def test_the_code_digest_follows_the_modules_the_reading_imports(tmp_path, monkeypatch):
    import efc_scoring

    shutil.copytree(
        Path(efc_scoring.__file__).parent,
        tmp_path / "efc_scoring",
        ignore=shutil.ignore_patterns("__pycache__", "lexicons", "samples"),
    )
    monkeypatch.setattr(fp_mod.resources, "files", lambda package: tmp_path / package)
    digest = fp_mod._engine_part.__wrapped__

    def after(edit: str) -> str:
        with (tmp_path / "efc_scoring" / edit).open("a", encoding="utf-8") as f:
            f.write("\n# edited\n")
        return digest()[0]

    before = digest()[0]
    assert digest()[0] == before
    for outside in (
        "evidence/metrics.py",  # agreement statistics, not the reading
        "evidence/highlight.py",  # HTML of an assessment
        "evidence/cache.py",
        "evidence/training.py",  # trains layer.json (itself in the digest), reads nothing
        "__init__.py",  # the list of exports
        "errors.py",
        "model/tender.py",
        "excel/grids.py",
    ):
        assert after(outside) == before, outside
    for inside in (
        "evidence/levels.py",
        "evidence/_version.py",
        "model/scale.py",  # names the levels
        "present/_labels.py",  # names the features in the justification
        "present/_numbers.py",
        "evidence/layer.json",  # the learned layer's trees: they propose the level
    ):
        changed = after(inside)
        assert changed != before, inside
        before = changed


# -- damaged entries -----------------------------------------------------------------------

TEXT = "Nous reprenons 100 % des bidons vides dès la notification, avec un bilan annuel."


def _entry(cache: AssessmentCache) -> Path:
    (path,) = cache.folder.glob("*/*/*.json")
    return path


def _rewrite(path: Path, edit, *, checksum: bool = True) -> None:
    """Edit an entry; with ``checksum``, as a forger who knows the format would."""
    data = json.loads(path.read_text("utf-8"))
    before = json.dumps(data)
    edit(data)
    assert json.dumps(data) != before
    if checksum:
        body = {k: v for k, v in data.items() if k != "checksum"}
        canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        data["checksum"] = hashlib.sha256(canonical.encode()).hexdigest()
    path.write_text(json.dumps(data), "utf-8")


def _level(data):
    data["assessment"]["level"] = 0


def _span_outside(data):
    data["assessment"]["evidence"][0][2] = 10_000


def _unknown_code(data):
    data["assessment"]["features"].append("Z")


def _wrong_type(data):
    data["assessment"]["confidence"] = "0.9"


def _missing_field(data):
    del data["assessment"]["justification"]


def _other_answer(data):
    data["answer_sha256"] = "0" * 64


DAMAGES = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    "empty": lambda p: p.write_bytes(b""),
    "not utf-8": lambda p: p.write_bytes(b"\xff\xfe" + p.read_bytes()),
    "a list": lambda p: p.write_text("[]"),
    "edited without its checksum": lambda p: _rewrite(p, _level, checksum=False),
    "another format": lambda p: _rewrite(p, lambda d: d.update(format=99)),
    "span outside the answer": lambda p: _rewrite(p, _span_outside),
    "unknown feature code": lambda p: _rewrite(p, _unknown_code),
    "wrong type": lambda p: _rewrite(p, _wrong_type),
    "missing field": lambda p: _rewrite(p, _missing_field),
    "for another answer": lambda p: _rewrite(p, _other_answer),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_entry_is_ignored_with_a_warning_and_replaced(damage, cache, reads):
    good = assess_answer(TEXT, "packaging", cache=cache)
    path = _entry(cache)
    DAMAGES[damage](path)
    with pytest.warns(CacheWarning, match="1 entrée illisible ou modifiée ignorée") as caught:
        again = assess_answer(TEXT, "packaging", cache=cache)
    assert str(path) in str(caught[0].message) and "efc-scoring cache clear" in str(
        caught[0].message
    )
    assert _same(again, good) and _read(reads) == 2  # read again, never trusted
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _same(assess_answer(TEXT, "packaging", cache=cache), good)  # rewritten
    assert _read(reads) == 2


def test_a_consistent_forgery_with_its_checksum_is_the_limit(cache, nlp):
    """Documented limit: an edit that recomputes the checksum is indistinguishable from data."""
    assess_answer(TEXT, "packaging", cache=cache)
    _rewrite(_entry(cache), _level)
    assert assess_answer(TEXT, "packaging", cache=cache).level == 0
    assert assess_answer(TEXT, "packaging", cache=False).level > 0


def test_an_entry_moved_to_another_key_is_refused(cache, nlp):
    assess_answer(TEXT, "packaging", cache=cache)
    source = _entry(cache)
    fp = engine_fingerprint()
    other = cache.entry_path(answer_key(TEXT, "transport", fingerprint=fp), fp)
    other.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, other)
    with pytest.warns(CacheWarning):
        assert assess_answer(TEXT, "transport", cache=cache).axis == "transport"


def test_a_cache_that_cannot_be_written_warns_and_changes_nothing(tmp_path, nlp):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with pytest.warns(CacheWarning, match="impossible à écrire"):
        result = assess_answers([TEXT], "packaging", cache=AssessmentCache(blocker))
    assert _same(result[0], assess_answer(TEXT, "packaging", cache=False))
    assert blocker.read_text().startswith("a file")


# -- which cache -----------------------------------------------------------------------------


def test_use_cache_and_the_environment(tmp_path, monkeypatch, nlp):
    monkeypatch.setenv("EFC_SCORING_CACHE_DIR", str(tmp_path / "env"))
    assess_answer(TEXT, "packaging")
    assert AssessmentCache().info().entries == 1
    assert AssessmentCache().path == tmp_path / "env"
    with use_cache(False):
        assess_answer(TEXT + " Un.", "packaging")
        with use_cache(tmp_path / "block") as inner:
            assess_answer(TEXT + " Deux.", "packaging")
        assess_answer(TEXT + " Trois.", "packaging")
    assert inner.info().entries == 1 and AssessmentCache().info().entries == 1
    with use_cache(False):
        assess_answer(TEXT + " Quatre.", "packaging", cache=True)  # an explicit argument wins
    assert AssessmentCache().info().entries == 2
    monkeypatch.setenv("EFC_SCORING_NO_CACHE", "1")
    assess_answer(TEXT + " Cinq.", "packaging")
    assert AssessmentCache().info().entries == 2
    assert cache_mod.resolve_cache() is None


def test_clear_removes_entries_only(tmp_path, nlp, monkeypatch):
    root = tmp_path / "root"
    root.mkdir()
    (root / "mine.txt").write_text("not the cache's")
    cache = AssessmentCache(root)
    assess_answers([TEXT, "Voir annexe."], "packaging", cache=cache)
    monkeypatch.setattr(fp_mod, "ENGINE_VERSION", "older")
    assess_answer(TEXT, "packaging", cache=cache)
    monkeypatch.undo()
    info = cache.info()
    assert (info.entries, info.engines, info.current_entries) == (3, 2, 2) and info.bytes > 0
    assert cache.clear(stale=True) == 1
    assert cache.info().entries == 2
    assert cache.clear() == 2 and cache.info().entries == 0
    assert (root / "mine.txt").exists() and (cache.folder / "CACHEDIR.TAG").exists()


# -- processes writing at once -------------------------------------------------------------


def _fake(i: int) -> AnswerAssessment:
    text = f"Réponse numéro {i} : nous reprenons les bidons vides."
    return AnswerAssessment(
        level=i % 6,
        label="x",
        features=frozenset({"R", "M"}),
        evidence=(EvidenceSpan("R", 0, 7, text[0:7]),),
        confidence=0.5,
        justification=f"Justification {i}",
        axis="packaging",
        text=text,
        rule="firm",
    )


def _writer(root: str, own: int, barrier) -> None:
    cache = AssessmentCache(root)
    fp = engine_fingerprint()
    barrier.wait()
    shared = [(i, _fake(i)) for i in range(60)]
    mine = [(i, _fake(i)) for i in range(1000 * own, 1000 * own + 60)]
    for (i, a), (j, b) in zip(shared, mine, strict=True):
        for n, assessment in ((i, a), (j, b)):
            key = answer_key(assessment.text, "packaging", fingerprint=fp)
            cache.put(key, assessment, fp)
            got = cache.get(key, assessment.text, fp)  # a reader never sees half an entry
            assert got == assessment, n


def test_processes_writing_at_once_lose_nothing(tmp_path):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=_writer, args=(str(tmp_path), own, barrier)) for own in (1, 2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    cache = AssessmentCache(tmp_path)
    fp = engine_fingerprint()
    wanted = [*range(60), *(i for own in (1, 2) for i in range(1000 * own, 1000 * own + 60))]
    for i in wanted:
        a = _fake(i)
        assert cache.get(answer_key(a.text, "packaging", fingerprint=fp), a.text, fp) == a
    assert cache.info().entries == len(wanted) == 180
    assert not list(cache.folder.glob("*/*/*.tmp"))


# -- the entry format ----------------------------------------------------------------------

_texts = st.text(max_size=60)  # unpaired surrogates included


@st.composite
def assessments(draw) -> AnswerAssessment:
    text = draw(_texts)
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        spans.append(EvidenceSpan(draw(st.sampled_from(CODES)), start, end, text[start:end]))
    return AnswerAssessment(
        level=draw(st.none() | st.integers(0, 5)),  # None: « à relire »
        label=draw(st.text(max_size=10)),
        features=frozenset(draw(st.lists(st.sampled_from(CODES), max_size=5))),
        evidence=tuple(spans),
        confidence=draw(st.floats(0, 1)),
        justification=draw(st.text(max_size=80)),
        axis=draw(st.none() | st.sampled_from(["packaging", "eau"])),
        text=text,
        rule=draw(st.text(max_size=10)),
    )


@given(assessments())
def test_an_entry_reads_back_as_it_was_written(assessment):
    from efc_scoring.evidence import _cache_entry as entry

    raw = entry.encode(assessment, key="k", engine="e").encode("utf-8")
    back = entry.decode(raw, key="k", engine="e", text=assessment.text)
    assert back == assessment and back.to_dict() == assessment.to_dict()
    with pytest.raises(entry.InvalidEntry):
        entry.decode(raw, key="other", engine="e", text=assessment.text)


def test_the_key_is_the_same_in_another_process():
    code = (
        "from efc_scoring.evidence import answer_key; "
        f"print(answer_key({TEXT!r}, 'packaging', 'Emballages ?'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == answer_key(TEXT, "packaging", "Emballages ?")


def test_the_lexicons_read_the_same_with_libyaml():
    import yaml

    from efc_scoring.evidence.lexicon import _FILES

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    folder = Path(reading.__file__).parent / "lexicons"
    for name in _FILES:
        text = (folder / name).read_text("utf-8")
        assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text), name
