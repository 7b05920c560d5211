"""What waits in the standout-product selection on 'My work': dossiers, certificates, sheets, votes, phases."""

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.awards import queries, rules
from marketplace.awards.models import DOSSIER_DRAFT, RETURNED, SHEET_SUBMITTED, Certificate, Nomination, Vote
from marketplace.awards.permissions import can_vote
from marketplace.awards.services_programmes import next_of, what_blocks_next_phase
from marketplace.core.i18n import format_date
from marketplace.core.permissions import JUROR, PRODUCER, has_role, is_staff
from marketplace.core.work import WorkItem, work_section
from marketplace.extensions import db
from marketplace.producers.permissions import producers_of


@work_section(30, _l("Standout products"))
def award_work(user) -> list[WorkItem]:
    if is_staff(user):
        return _programmes_to_run()
    items = []
    if has_role(user, JUROR):
        items += _sheets(user)
    if has_role(user, PRODUCER):
        items += _dossiers_and_certificates(user)
    if can_vote(user):
        items += _votes(user)
    return items


def _programmes_to_run() -> list[WorkItem]:
    items = []
    for programme in queries.visible_programmes(staff=True):
        if programme.phase == rules.PUBLISHED:
            continue
        following = next_of(programme)
        blocker = what_blocks_next_phase(programme)
        step = gettext("Next: %(phase)s", phase=rules.PHASE_LABELS[following]) if following else ""
        items.append(
            WorkItem(
                gettext(
                    "%(programme)s: %(phase)s", programme=programme.name, phase=rules.PHASE_LABELS[programme.phase]
                ),
                url_for("awards.manage_programme", programme_id=programme.id),
                count=1 if blocker else 0,
                detail=f"{step} · {blocker}" if blocker else step,
            )
        )
    items.append(WorkItem(gettext("All programmes"), url_for("awards.manage")))
    return items


def _sheets(user) -> list[WorkItem]:
    sheets = queries.sheets_of_juror(user)
    if not sheets:
        return []
    done = sum(1 for sheet in sheets if sheet.status == SHEET_SUBMITTED)
    return [
        WorkItem(
            gettext("Score sheets to fill"),
            url_for("awards.jury_home"),
            count=len(sheets) - done,
            detail=gettext("%(done)d of %(total)d submitted", done=done, total=len(sheets)),
        )
    ]


def _dossiers_and_certificates(user) -> list[WorkItem]:
    producer_ids = [p.id for p in producers_of(user)]
    items = []
    for nomination in queries.nominations_of_producers(producer_ids):
        programme = nomination.programme
        to_act = nomination.status in (DOSSIER_DRAFT, RETURNED) and programme.phase == rules.NOMINATION
        items.append(
            WorkItem(
                gettext("%(product)s in %(programme)s", product=nomination.product.name, programme=programme.name),
                url_for("awards.dossier", nomination_id=nomination.id),
                count=1 if to_act else 0,
                detail=gettext("Phase: %(phase)s", phase=rules.PHASE_LABELS[programme.phase])
                + (" · " + gettext("finish and submit the dossier") if to_act else ""),
            )
        )
    certificates = (
        db.session.scalars(
            select(Certificate)
            .join(Nomination, Certificate.nomination_id == Nomination.id)
            .where(Nomination.producer_id.in_(producer_ids))
            .order_by(Certificate.issued_on.desc())
        )
        if producer_ids
        else []
    )
    for certificate in certificates:
        items.append(
            WorkItem(
                gettext(
                    "Certificate %(number)s: %(product)s", number=certificate.number, product=certificate.product_name
                ),
                url_for("awards.certificate_pdf", code=certificate.code),
                detail=gettext(
                    "Valid from %(start)s to %(end)s",
                    start=format_date(certificate.issued_on),
                    end=format_date(certificate.valid_until),
                ),
            )
        )
    if items:
        items.append(WorkItem(gettext("All my nominations"), url_for("awards.mine")))
    return items


def _votes(user) -> list[WorkItem]:
    items = []
    for programme in queries.visible_programmes(staff=False):
        if not programme.voting_open():
            continue
        voted = set(
            db.session.scalars(
                select(Vote.group_number).where(
                    Vote.programme_id == programme.id, Vote.user_id == user.id, Vote.voided_at.is_(None)
                )
            )
        )
        open_groups = [g for g in programme.groups if g not in voted]
        items.append(
            WorkItem(
                gettext("Vote in %(programme)s", programme=programme.name),
                url_for("awards.programme", programme_id=programme.id),
                count=len(open_groups),
                detail=gettext("Voting closes on %(when)s", when=format_date(programme.voting_closes_at)),
            )
        )
    return items
