"""Bound how many images one process decodes at once, so a burst of uploads cannot exhaust its memory."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_app_context

# Each slot may hold a 16 MP image decoded (64 MB as RGBA) plus its working copies; two per process keep
# a worker within a few hundred MB whatever arrives. A request waits this long for a slot, then is told
# to come back (503) instead of piling up behind the others.
DEFAULT_SLOTS = 2
DEFAULT_WAIT_SECONDS = 10.0

_lock = threading.Lock()
_semaphores: dict[int, threading.BoundedSemaphore] = {}


class SlotsBusy(RuntimeError):
    """Every image slot of this process stayed taken for the whole wait."""


def _settings() -> tuple[int, float]:
    if not has_app_context():
        return DEFAULT_SLOTS, DEFAULT_WAIT_SECONDS
    config = current_app.config
    return (
        max(1, int(config.get("IMAGE_WORK_SLOTS", DEFAULT_SLOTS))),
        max(0.0, float(config.get("IMAGE_SLOT_WAIT_SECONDS", DEFAULT_WAIT_SECONDS))),
    )


def _semaphore(slots: int) -> threading.BoundedSemaphore:
    # One semaphore per configured size, shared by every thread of the process (gthread workers).
    with _lock:
        if slots not in _semaphores:
            _semaphores[slots] = threading.BoundedSemaphore(slots)
        return _semaphores[slots]


@contextmanager
def image_slot() -> Iterator[None]:
    """Hold one of the process's image slots while decoding; raises SlotsBusy after the wait."""
    slots, wait = _settings()
    semaphore = _semaphore(slots)
    if not semaphore.acquire(timeout=wait):
        raise SlotsBusy("no image slot free")
    try:
        yield
    finally:
        semaphore.release()
