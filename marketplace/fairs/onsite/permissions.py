"""Who may do what at the fair: exhibitors name their staff; the fair's organisers print every badge and
run the gate; any signed-in account carries its own visitor badge."""

from marketplace.fairs.exhibitors import exhibiting
from marketplace.fairs.permissions import bookable_producers, can_manage_fairs


def badge_producers(user, fair) -> list:
    """The exhibitors of `fair` this account names staff for (establishments it acts for, with a paid booth)."""
    return exhibiting(fair, bookable_producers(user))


def can_name_staff(user, fair, producer) -> bool:
    return any(p.id == producer.id for p in badge_producers(user, fair))


def can_run_gate(user, fair) -> bool:
    """The fair's organisers (the centre's staff organise every fair) check badges in at its gate."""
    return can_manage_fairs(user)


def can_print_fair_badges(user, fair) -> bool:
    return can_manage_fairs(user)
