import gc
import tracemalloc

from efc_scoring.evidence._nlp import fold


def test_fold_keeps_no_whole_answer_in_its_cache():
    """fold is cached for words; whole answers (the cues, the triage) must not pile up."""
    fold("warm")
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for k in range(40):
            assert fold(f"Réponse {k} " + "É" * 50_000).startswith(f"reponse {k} e")
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 1_000_000, f"{kept} bytes kept by fold after 40 answers of 50 000 characters"
