"""A small load generator for when wrk is missing: N threads, each sending requests back to back."""

import threading
import time
import urllib.error
import urllib.request


def run(base: str, paths: list[str], connections: int, seconds: float) -> dict:
    """Requests/s, p99 (ms) and errors of `connections` clients asking for `paths` in turn."""
    deadline = time.perf_counter() + seconds
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        n = offset
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + paths[n % len(paths)], timeout=10) as answer:  # noqa: S310
                    answer.read()
                    failed = answer.status >= 400
            except (urllib.error.URLError, OSError):
                failed = True
            with lock:
                times.append((time.perf_counter() - started) * 1000)
                errors[0] += failed
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    times.sort()
    return {
        "rps": len(times) / elapsed,
        "p99": times[int(len(times) * 0.99) - 1] if times else float("nan"),
        "errors": errors[0],
    }
