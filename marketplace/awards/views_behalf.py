"""Staff nominate on a producer's behalf: find the producer by name, tax code or province, then nominate."""

from flask import render_template, request, url_for
from flask_login import login_required

from marketplace.awards import queries, rules
from marketplace.awards import services_dossiers as dossiers
from marketplace.awards.blueprint import bp
from marketplace.awards.forms import ProducerSearchForm
from marketplace.awards.loading import managed_programme
from marketplace.core.pagination import page_number


@bp.route("/manage/<int:programme_id>/behalf")
@login_required
def manage_behalf(programme_id: int):
    """The picker: a GET form and one page of matching producers, each a link to the nomination form.
    A first visit lists the programme's own province, where most nominations come from."""
    programme = managed_programme(programme_id)
    searched = "q" in request.args or "province" in request.args
    form = ProducerSearchForm(
        request.args if searched else None, province=None if searched else (programme.province_code or "")
    )
    valid = form.validate() if searched else True
    found = (
        queries.find_producers(form.q.data, form.province.data or None, page_number(request.args.get("page")))
        if valid
        else None
    )
    args = {"q": form.q.data or "", "province": form.province.data or ""}
    return render_template(
        "awards/manage/behalf.html",
        programme=programme,
        form=form,
        found=found,
        outside={p.id for p in found.items if not dossiers.in_area(programme, p)} if found else set(),
        open_for_nominations=programme.phase == rules.NOMINATION,
        page_url=lambda n: url_for(
            "awards.manage_behalf", programme_id=programme.id, page=n if n > 1 else None, **args
        ),
    ), 200 if valid else 422
