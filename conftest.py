"""Settings of the whole test run (tests/ and the doctests of src/).

The assessment cache of the run lives in a temporary folder, shared by the run's
tests and the commands they start (the variable is inherited), and removed at
the end: a test never reads nor fills the developer's own cache.
"""

from __future__ import annotations

import os
import shutil
import tempfile

_CACHE = tempfile.mkdtemp(prefix="efc-cache-tests-")
os.environ["EFC_SCORING_CACHE_DIR"] = _CACHE
os.environ.pop("EFC_SCORING_NO_CACHE", None)


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
