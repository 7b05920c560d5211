"""The organiser's report: money by stage, bookings over time as a chart, and the exhibitors exports."""

from flask import render_template, request
from flask_login import login_required

from marketplace.core.downloads import attachment
from marketplace.fairs import chart, desk, exports, reports
from marketplace.fairs.blueprint import bp
from marketplace.fairs.loading import managed_fair

PREFIX = "/manage"


@bp.route(f"{PREFIX}/<int:fair_id>/report")
@login_required
def fair_report(fair_id: int):
    fair = managed_fair(fair_id)
    periods = reports.bookings_over_time(fair)
    return render_template(
        "fairs/manage/report.html",
        fair=fair,
        tab="report",
        money=reports.money(fair),
        periods=periods,
        chart=chart.build(periods),
        weekly=bool(periods) and periods[0].starts_on != periods[0].ends_on,
    )


@bp.route(f"{PREFIX}/<int:fair_id>/exhibitors.csv")
@login_required
def exhibitors_csv(fair_id: int):
    fair = managed_fair(fair_id)
    rows = reports.exhibitor_rows(fair, desk.clean_filters(fair, request.args))
    return attachment(exports.exhibitors_csv(rows), "text/csv; charset=utf-8", f"exhibitors-fair-{fair.id}.csv")


@bp.route(f"{PREFIX}/<int:fair_id>/exhibitors.xlsx")
@login_required
def exhibitors_xlsx(fair_id: int):
    fair = managed_fair(fair_id)
    rows = reports.exhibitor_rows(fair, desk.clean_filters(fair, request.args))
    return attachment(
        exports.exhibitors_xlsx(rows, fair.name),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"exhibitors-fair-{fair.id}.xlsx",
    )
