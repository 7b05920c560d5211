"""Who may use each route: the table the authorisation, CSRF and GET sweeps read.

Each area keeps its own module here (`foundation.py`, `producers.py`, `catalogue.py`, ...) with
`RULES`, a list of `access(...)` entries, one per endpoint (or several, one per `case`, when the
answer depends on the object: a published product is public, a draft is not), and, when its
routes need objects, `@world_builder` functions that add them to the shared World. A new route
with no entry fails `test_every_route_declares_who_may_use_it`: add an entry beside its area's.

Actors: anonymous, buyer, producer (acts for the world's producer: owns `w.producer`,
`w.product`, ...), other_producer (acts for another producer), juror, organiser, admin.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

ACTORS = ("anonymous", "buyer", "producer", "other_producer", "juror", "organiser", "admin")

PUBLIC = frozenset(ACTORS)
SIGNED_IN = PUBLIC - {"anonymous"}
STAFF = frozenset({"organiser", "admin"})
ADMIN = frozenset({"admin"})
OWNER = frozenset({"producer"})  # the account acting for the producer that owns the object
OWNER_OR_STAFF = OWNER | STAFF
PRODUCERS_OR_STAFF = frozenset({"producer", "other_producer"}) | STAFF
NOBODY = frozenset()

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")


def roles(*names: str) -> frozenset:
    unknown = set(names) - set(ACTORS)
    if unknown:
        raise ValueError(f"unknown actors: {unknown}")
    return frozenset(names)


@dataclass(frozen=True)
class Access:
    endpoint: str
    who: frozenset  # the actors that may use every method of the endpoint...
    methods: dict = field(default_factory=dict)  # ...unless a method says otherwise: {"POST": STAFF}
    args: Callable | None = None  # world -> URL values (path parameters, then query string)
    case: str = ""  # several entries for one endpoint differ by the object they are tried on
    data: Callable | None = None  # world -> form fields for state-changing requests (besides CSRF)
    # False when the sweep world has no object on which those allowed could succeed (e.g. no
    # attachment, no certificate yet): only refusals and server errors are checked. Say why.
    exists: bool = True
    refused_with: tuple = ()  # statuses that also mean "refused" here (a webhook's bad signature: 400)
    # Declared before its route lands on main (another area's branch in flight): not stale while absent.
    ahead: bool = False

    def allowed(self, method: str) -> frozenset:
        return self.methods.get(method, self.who)

    def values(self, world) -> dict:
        return dict(self.args(world)) if self.args else {}

    @property
    def name(self) -> str:
        return f"{self.endpoint}[{self.case}]" if self.case else self.endpoint


def access(
    endpoint: str,
    who: frozenset,
    *,
    args=None,
    case: str = "",
    data=None,
    exists: bool = True,
    refused_with: tuple = (),
    ahead: bool = False,
    **methods,
) -> Access:
    """`access("producers.edit", OWNER_OR_STAFF, args=lambda w: {"producer_id": w.producer.id})`;
    per-method answers as keywords: `access("x", PUBLIC, post=SIGNED_IN)`."""
    return Access(
        endpoint,
        frozenset(who),
        {m.upper(): frozenset(v) for m, v in methods.items()},
        args,
        case,
        data,
        exists,
        refused_with,
        ahead,
    )


WORLD_BUILDERS: list[tuple[int, Callable]] = []
DEMO_LOOKUPS: list[tuple[int, Callable]] = []


def world_builder(order: int):
    """Register `build(world)`, run in `order` (accounts 10, producers 20, catalogue 30, later areas 40+)."""

    def register(function):
        WORLD_BUILDERS.append((order, function))
        return function

    return register


def demo_lookup(order: int):
    """Register `look_up(world)`: the browser suite runs it on the demo data (`seed-demo`) to put demo
    objects in the world in place of the sweep's own (e.g. the demo producer's products), so pages
    are checked with realistic content. What the demo lacks stays the sweep world's object."""

    def register(function):
        DEMO_LOOKUPS.append((order, function))
        return function

    return register


def all_rules() -> list[Access]:
    rules = []
    for module in pkgutil.iter_modules(__path__):
        rules.extend(importlib.import_module(f"{__name__}.{module.name}").RULES)
    return rules


def builders() -> list[Callable]:
    all_rules()  # importing every module registers its builders
    return [function for _order, function in sorted(WORLD_BUILDERS, key=lambda pair: pair[0])]


def demo_lookups() -> list[Callable]:
    all_rules()
    return [function for _order, function in sorted(DEMO_LOOKUPS, key=lambda pair: pair[0])]
