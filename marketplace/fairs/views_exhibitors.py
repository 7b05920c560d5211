"""The public exhibitor directory of a fair, and its printable list (PDF)."""

from flask import Response, render_template, request

from marketplace.catalogue.groups import GROUPS_BY_NUMBER, PRODUCT_GROUPS
from marketplace.fairs import exhibitors, exhibitors_pdf
from marketplace.fairs.blueprint import bp
from marketplace.fairs.loading import visible_fair
from marketplace.fairs.meetings import queries as meeting_queries


def _group_filter() -> int | None:
    raw = request.args.get("group", "")
    return int(raw) if raw.isdigit() and int(raw) in GROUPS_BY_NUMBER else None


@bp.route("/<int:fair_id>/exhibitors")
def exhibitor_directory(fair_id: int):
    fair = visible_fair(fair_id)
    group = _group_filter()
    found = exhibitors.exhibitors(fair, group)
    return render_template(
        "fairs/exhibitors/directory.html",
        fair=fair,
        exhibitors=found,
        group=group,
        groups=PRODUCT_GROUPS,
        offering=meeting_queries.producers_offering(fair),
    )


@bp.route("/<int:fair_id>/exhibitors.pdf")
def exhibitor_list_pdf(fair_id: int):
    fair = visible_fair(fair_id)
    body = exhibitors_pdf.render_exhibitor_list(fair, exhibitors.exhibitors(fair, _group_filter()))
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="exhibitors-fair-{fair.id}.pdf"'
    return response
