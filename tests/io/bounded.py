"""Run a command line in a child process under CPU-time and memory limits (resource limits).

Used by the hostile-input tests: a file that made a command hang or eat gigabytes must now
be refused within the limits, so a regression shows as a killed child, not a slow suite.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

_MAIN = "import sys; from efc_scoring.cli import main; sys.exit(main(sys.argv[1:]))"


def run_cli(
    *args: str, cpu_seconds: int = 60, memory_mb: int = 2048
) -> subprocess.CompletedProcess:
    """``efc-scoring ARGS`` in a child limited to ``cpu_seconds`` of CPU and ``memory_mb`` of
    address space; a child that exceeds them is killed (negative return code or MemoryError)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        size = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return subprocess.run(
        [sys.executable, "-c", _MAIN, *args],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        check=False,
        timeout=cpu_seconds * 4,
    )


def peak_memory(call: Callable[[], Any]) -> tuple[Any, int]:
    """Call ``call`` under tracemalloc; return (its result or exception, peak bytes)."""
    tracemalloc.start()
    try:
        try:
            result: Any = call()
        except Exception as exc:
            result = exc
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak
