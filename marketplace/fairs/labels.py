"""Words for the fair statuses, in both languages, for pages and the organiser's desk."""

from flask_babel import lazy_gettext as _l

BOOKING_STATUS_LABELS = {
    "held": _l("Held"),
    "applied": _l("Awaiting approval"),
    "requested": _l("Awaiting a booth"),
    "pending_payment": _l("Awaiting payment"),
    "paid": _l("Paid"),
    "cancelled": _l("Cancelled"),
    "rejected": _l("Rejected"),
    "expired": _l("Expired"),
}
BOOTH_STATUS_LABELS = {
    "available": _l("Available"),
    "held": _l("Held"),
    "booked": _l("Booked"),
    "blocked": _l("Not for booking"),
}
WAITLIST_LABELS = {
    "waiting": _l("Waiting"),
    "offered": _l("A booth is held for you"),
    "taken": _l("Booked"),
    "left": _l("Left the list"),
    "lapsed": _l("Offer lapsed"),
}
SUBSIDY_NOTES = {
    "not_eligible": _l("Your establishment is not eligible for this fair's subsidy."),
    "budget_exhausted": _l("The subsidy budget of this fair is used up: no subsidy for this booking."),
}
MEETING_STATUS_LABELS = {
    "requested": _l("Awaiting the exhibitor's answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "cancelled": _l("Called off"),
}
REGISTRATION_LABELS = {
    "open": _l("Registration open"),
    "not_yet": _l("Registration not open yet"),
    "closed": _l("Registration closed"),
}


def _translated(labels: dict) -> dict:
    return {key: str(label) for key, label in labels.items()}


def template_labels() -> dict:
    """Translated once per page: a plan of 1,000 booths would otherwise translate each label 1,000 times."""
    return {
        "booking_status_labels": _translated(BOOKING_STATUS_LABELS),
        "booth_status_labels": _translated(BOOTH_STATUS_LABELS),
        "waitlist_labels": _translated(WAITLIST_LABELS),
        "subsidy_notes": _translated(SUBSIDY_NOTES),
        "registration_labels": _translated(REGISTRATION_LABELS),
        "meeting_status_labels": _translated(MEETING_STATUS_LABELS),
    }


def format_metres(value) -> str:
    """3.0 -> '3', 2.5 -> '2,5' in Vietnamese (decimal comma), '2.5' in English."""
    from marketplace.core.i18n import current_language

    text = f"{float(value):g}"
    return text.replace(".", ",") if current_language() == "vi" else text
