"""Who sees a fair's leads: the member accounts of a producer exhibiting there (a paid booth), for that
producer's leads only; the buyer sees the leads that name them. Nobody else, not even the centre.
And how often an account may scan."""

from flask import current_app

from marketplace.core.permissions import BUYER, has_role
from marketplace.fairs.exhibitors import exhibiting
from marketplace.fairs.permissions import bookable_producers


def exhibitors_for(user, fair) -> list:
    """The producers this account takes leads for at this fair (usually one)."""
    return exhibiting(fair, bookable_producers(user))


def can_see_shared_leads(user) -> bool:
    return has_role(user, BUYER)


def scan_limit() -> str:
    """LEAD_SCAN_LIMIT (config.py): a busy booth scans one buyer every half minute or so; a script trying
    codes gets nowhere. The page and the API share it."""
    return current_app.config["LEAD_SCAN_LIMIT"]
