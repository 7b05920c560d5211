"""'My work' (Việc của tôi): each area registers what waits for a signed-in person, one page gathers it.

Like the home page's sections, core knows no area: an area's `work.py` registers a loader that
reads, for one account, what waits in that area (with a count) and where to do it. The page shows
every role's work in one place, so anything a role uses is two clicks from the home page.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    label: str  # what waits, in the reader's language
    url: str  # where to do it
    count: int | None = None  # how many wait (0: nothing waits, shown calmly); None: a plain link
    detail: str | None = None  # one more line: an amount and how to pay, a phase and its next step

    @property
    def waiting(self) -> bool:
        return bool(self.count)


@dataclass(frozen=True)
class WorkSection:
    order: int  # smaller first: what the person must answer before what they may look at
    title: object  # a lazy string
    load: Callable[[object], list[WorkItem]]  # the account → its items; [] hides the section


WORK_SECTIONS: list[WorkSection] = []


def work_section(order: int, title):
    """Register `function(user) -> list[WorkItem]` as a section of the 'My work' page."""

    def register(function):
        WORK_SECTIONS.append(WorkSection(order, title, function))
        WORK_SECTIONS.sort(key=lambda section: section.order)
        return function

    return register


def work_for(user) -> list[tuple[object, list[WorkItem]]]:
    """(title, items) for every section with something for this account, in order."""
    sections = []
    for section in WORK_SECTIONS:
        items = section.load(user)
        if items:
            sections.append((section.title, items))
    return sections


def waiting_total(sections: list[tuple[object, list[WorkItem]]]) -> int:
    return sum(item.count or 0 for _, items in sections for item in items)
