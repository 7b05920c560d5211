"""Jobs that exist only for the tests: one that records a row, one that always fails (after a
write that must be rolled back), one that hangs on its first run (until its worker is killed), one
that hangs on every run."""

import time
from pathlib import Path

from marketplace.core.audit import record_event
from marketplace.jobs import register_job

NOTE, FAIL, HANG_ONCE, HANG = "tests.note", "tests.fail", "tests.hang_once", "tests.hang"


def note(text: str) -> None:
    record_event("test_job", subject=text)


def fail(text: str) -> None:
    record_event("test_job", subject=text)
    raise RuntimeError("this job always fails")


def hang_once(text: str, marker: str) -> None:
    """The first run leaves `marker` and hangs; a later run (after the first worker died) records."""
    path = Path(marker)
    if not path.exists():
        path.write_text("started")
        time.sleep(300)
    record_event("test_job", subject=text)


def hang(marker: str) -> None:
    """Adds a line to `marker` at each start, then hangs until its worker is killed."""
    with Path(marker).open("a") as file:
        file.write("started\n")
    time.sleep(300)


register_job(NOTE, note)
register_job(FAIL, fail)
register_job(HANG_ONCE, hang_once)
register_job(HANG, hang)
