"""What waits in the catalogue on 'My work': the producer's own listing, the organiser's imports."""

from flask import url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.catalogue.imports import queries as import_queries
from marketplace.catalogue.imports.models import DONE, FAILED, RUNNING
from marketplace.catalogue.imports.permissions import can_import_catalogue
from marketplace.catalogue.models import DRAFT, Product
from marketplace.core.permissions import PRODUCER, has_role
from marketplace.core.work import WorkItem, work_section
from marketplace.extensions import db
from marketplace.producers.permissions import producers_of


@work_section(40, _l("Catalogue"))
def catalogue_work(user) -> list[WorkItem]:
    items = []
    if has_role(user, PRODUCER):
        producers = producers_of(user)
        if not producers:
            items.append(WorkItem(gettext("Create your establishment's profile"), url_for("producers.create"), count=1))
        else:
            drafts = (
                db.session.scalar(
                    select(func.count(Product.id)).where(
                        Product.producer_id.in_([p.id for p in producers]), Product.status == DRAFT
                    )
                )
                or 0
            )
            detail = ngettext("%(num)d draft product to publish", "%(num)d draft products to publish", drafts)
            items.append(
                WorkItem(
                    gettext("My establishment and its products"),
                    url_for("producers.mine"),
                    count=drafts,
                    detail=detail if drafts else None,
                )
            )
    if can_import_catalogue(user):
        latest = db.session.scalars(import_queries.jobs_query().limit(5)).all()
        failed = sum(1 for job in latest if import_queries.shown_status(job) == FAILED)
        running = import_queries.running_job()
        detail = None
        if running is not None and running.status == RUNNING:
            detail = gettext("An import is running: %(percent)d%%", percent=running.percent)
        elif latest and import_queries.shown_status(latest[0]) == DONE:
            detail = gettext("Last import finished")
        items.append(
            WorkItem(
                gettext("Imports of producer and product lists"),
                url_for("catalogue.imports"),
                count=failed,
                detail=detail,
            )
        )
    return items
