"""The confirmation page every irreversible step of a programme goes through (phase changes, publication)."""

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l

from marketplace.awards.errors import AwardError
from marketplace.awards.forms import EmptyForm

# Where the organiser goes to lift a refusal: by the refusal's code, else by the field at fault.
NEXT_STEPS = {
    "no_juror": ("awards.manage_jury", _l("Appoint the jury")),
    "publish": ("awards.manage_publish", _l("Go to publication")),
    "decision_number": ("awards.manage_programme", _l("Enter the decision in the settings")),
    "decision_date": ("awards.manage_programme", _l("Correct the decision date in the settings")),
    "voting_opens_at": ("awards.manage_programme", _l("Set the dates of the vote in the settings")),
    "groups": ("awards.manage_programme", _l("Choose the product groups in the settings")),
}


def next_step(programme, error: AwardError | None) -> tuple[str, str] | None:
    """The page that lifts the refusal, with its link text; the results page for what the jury or council owes."""
    if error is None or error.code == "confirm":
        return None
    endpoint, label = (
        NEXT_STEPS.get(error.code or "")
        or NEXT_STEPS.get(error.field or "")
        or ("awards.manage_results", _l("See the dossiers, sheets and results"))
    )
    return url_for(endpoint, programme_id=programme.id), str(label)


def confirm_page(
    programme, step, action: str, title: str, button: str, error: AwardError | None = None, status: int = 200
):
    """The confirmation page of an irreversible step: what it does, what was checked, what stops it."""
    error = error or step.blocker
    page = render_template(
        "awards/manage/confirm.html",
        programme=programme,
        step=step,
        action=action,
        title=title,
        button=button,
        error=error,
        form=EmptyForm(),
        next_step=next_step(programme, error),
        confirmed=set(request.form.getlist("confirm")),
    )
    return page, status
