"""One unit of work per request, command and job, as Indico's request handler does it: the work is
committed once, at the end, when it succeeded, and rolled back otherwise.

- A request succeeds when its view returns a response below 400. A refusal (a form shown again with
  422, a 403, a 409) or an exception rolls everything back, so no half-written change survives it.
- Views and services never commit. Services flush when they need an id or a constraint's answer.
- Mail, jobs and metrics wait for the commit through `core.aftercommit` (mail: `core.mail.mail_after_commit`).
- Commands and jobs run inside `unit_of_work()` (commands: the `@transactional` decorator).
- The few places that must commit before the end (a row lock to release before calling Stripe, an
  import's progress that other requests read) call `commit_now()` and say why beside it."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from flask import Flask

from marketplace.extensions import db


class Marketplace(Flask):
    """Flask, with every view run as one unit of work."""

    def dispatch_request(self):
        try:
            response = self.make_response(super().dispatch_request())
        except BaseException:
            db.session.rollback()
            raise
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response


@contextmanager
def unit_of_work() -> Iterator[None]:
    """For a command or a job: commit when the block ends normally, roll back if it raises."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def transactional(function: Callable[..., Any]) -> Callable[..., Any]:
    """A command that runs as one unit of work (put it under the click decorators)."""

    @wraps(function)
    def run(*args, **kwargs):
        with unit_of_work():
            return function(*args, **kwargs)

    return run


def commit_now() -> None:
    """Commit what the unit of work has done so far, and go on in a new transaction. Only for the
    places that must (each says why where it calls this); everything else waits for the end."""
    db.session.commit()
