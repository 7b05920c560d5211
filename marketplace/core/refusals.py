"""A refusal shown on the page the person was on: the reason, and the link that leads on from it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """Passed to a page's template as `refusal`; base.html shows it above the content, as an alert."""

    message: str
    next_url: str | None = None
    next_label: str | None = None
