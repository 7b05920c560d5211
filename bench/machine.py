"""How fast this machine is right now, for reading a benchmark's figures beside it.

On the shared 2-core machine the benchmarks run on, the same fixed work has taken twice as long
from one half hour to the next with nothing else running (a plain Flask hello world swung between
1,700 and 7,800 req/s). A figure taken in a slow moment looks like a regression of the code. The
benchmarks print this before and after their runs, so that a reader sees which moment it was.
"""

import statistics
import time

# About 0.2 s of pure Python on the machine at its fastest: long enough to read, short enough to repeat.
_WORK = 2_000_000


def python_ms() -> float:
    """Milliseconds one fixed loop of pure Python takes now (the median of three runs)."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(_WORK):
            total += number * number
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
