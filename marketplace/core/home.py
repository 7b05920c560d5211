"""The home page is assembled from sections each area registers, so no area edits another's code."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeSection:
    order: int  # smaller first: search and product groups (10s), producers (20s), fairs (30s), awards (40s)
    template: str  # a partial under templates/<area>/, rendered with the context the loader returns
    load: Callable[[], dict | None]  # reads what the section shows; None hides the section


HOME_SECTIONS: list[HomeSection] = []


def home_section(order: int, template: str):
    """Register `function` (no arguments, returns a context dict or None) as a home-page section."""

    def register(function):
        HOME_SECTIONS.append(HomeSection(order, template, function))
        HOME_SECTIONS.sort(key=lambda section: section.order)
        return function

    return register


def sections_to_render() -> list[tuple[str, dict]]:
    """(template, context) for every section that has something to show, in order."""
    ready = []
    for section in HOME_SECTIONS:
        context = section.load()
        if context is not None:
            ready.append((section.template, context))
    return ready
