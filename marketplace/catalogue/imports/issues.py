"""What an import says about one row: a reason to reject it, or a warning beside what it saved."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    code: str  # stable, for tests and scripts
    message: object  # lazy translation, rendered in the reader's language
