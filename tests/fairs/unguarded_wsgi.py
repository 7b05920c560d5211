"""NEGATIVE CONTROL ONLY: the app with its booking guard taken out, to show the storm test would
catch a double booking. Never used outside tests/fairs/test_concurrency.py.

What is removed: the fair lock (locking.lock_fair does nothing), and the availability check no
longer shares a transaction with the insert (it commits, then waits a moment, as a naive
check-then-insert would). The test also drops the partial unique index before starting this.
Objects are not expired at those commits, so the insert is the first statement of its transaction:
otherwise SQLite, which refuses a write from a transaction that read before another writer
committed, would turn the race into errors instead of letting it double-book."""

import time

from marketplace.extensions import db
from marketplace.fairs import locking, steps
from wsgi import app  # noqa: F401  (gunicorn serves this)

_check_booth = steps.ensure_booth_free
_check_capacity = steps.check_capacity


def _racy_booth_check(booth, now):
    _check_booth(booth, now)
    db.session.commit()
    time.sleep(1.0)


def _racy_capacity_check(fair, producer, user=None):
    _check_capacity(fair, producer, user)
    db.session.commit()
    time.sleep(1.0)


db.session.session_factory.configure(expire_on_commit=False)
locking.lock_fair = lambda fair: None
steps.ensure_booth_free = _racy_booth_check
steps.check_capacity = _racy_capacity_check
