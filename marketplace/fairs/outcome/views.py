"""The organiser's outcome report of a fair: a page with charts, and the same as XLSX and PDF."""

from flask import render_template
from flask_login import login_required

from marketplace.core.downloads import attachment
from marketplace.fairs.blueprint import bp
from marketplace.fairs.loading import managed_fair
from marketplace.fairs.outcome import documents, figures
from marketplace.fairs.outcome.bars import bar_chart
from marketplace.fairs.views_reports import PREFIX

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route(f"{PREFIX}/<int:fair_id>/outcome")
@login_required
def fair_outcome(fair_id: int):
    fair = managed_fair(fair_id)
    outcome = figures.outcome_of(fair)
    return render_template(
        "fairs/manage/outcome.html",
        fair=fair,
        tab="outcome",
        outcome=outcome,
        summary=documents.summary(outcome),
        days_chart=bar_chart([(day.day.strftime("%d/%m"), day.total) for day in outcome.days]),
        province_chart=bar_chart([(row.label, row.subsidy_vnd) for row in outcome.subsidy_by_province]),
    )


@bp.route(f"{PREFIX}/<int:fair_id>/outcome.xlsx")
@login_required
def fair_outcome_xlsx(fair_id: int):
    fair = managed_fair(fair_id)
    return attachment(documents.outcome_xlsx(figures.outcome_of(fair)), XLSX, f"ket-qua-hoi-cho-{fair.id}.xlsx")


@bp.route(f"{PREFIX}/<int:fair_id>/outcome.pdf")
@login_required
def fair_outcome_pdf(fair_id: int):
    fair = managed_fair(fair_id)
    return attachment(
        documents.outcome_pdf(figures.outcome_of(fair)), "application/pdf", f"ket-qua-hoi-cho-{fair.id}.pdf"
    )
