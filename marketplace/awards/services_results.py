"""Results: the organiser's decisions on ties and quotas, publication, and the certificates it issues."""

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from marketplace.awards import rules
from marketplace.awards.errors import AwardError
from marketplace.awards.models import ACCEPTED, Certificate, Nomination, Programme
from marketplace.awards.queries import EntryResult, compute_results
from marketplace.awards.services_programmes import Step, check_confirmed, check_publishable, subject
from marketplace.catalogue import services as catalogue_services
from marketplace.core.audit import record_event
from marketplace.core.i18n import VIETNAM, format_date, format_datetime
from marketplace.core.models import utcnow
from marketplace.extensions import db


def decide_entry(nomination: Nomination, award: bool | None, note: str | None, actor) -> None:
    """Record the organiser's decision on a tie or a quota: award or not against the rule, with a reason.
    `award=None` returns the entry to the rule (pass mark and quota). Only before the council approves."""
    programme = nomination.programme
    if programme.phase != rules.COUNCIL or programme.council_approved_at is not None:
        raise AwardError(_l("Decisions on ties and quotas are taken before the council approves the list."), status=409)
    if nomination.status != ACCEPTED:
        raise AwardError(_l("Only an accepted entry can be decided on."), status=409)
    note = (note or "").strip() or None
    if award is not None and not note:
        raise AwardError(_l("Record the reason for this decision."), "note")
    nomination.award_override, nomination.decision_note = award, note
    db.session.flush()
    record_event(
        "award_entry_decided", actor=actor, subject=f"award_nomination:{nomination.id}", award=award, note=note
    )


def _certificate_number(programme: Programme) -> str:
    issued = (
        db.session.scalar(
            select(func.count(Certificate.id))
            .join(Nomination, Certificate.nomination_id == Nomination.id)
            .where(Nomination.programme_id == programme.id)
        )
        or 0
    )
    return f"CNNT-{programme.year}-{programme.id:03d}-{issued + 1:03d}"


def issue_certificate(programme: Programme, result: EntryResult) -> Certificate:
    nomination = result.nomination
    product, producer = nomination.product, nomination.producer
    issued_on = programme.decision_date
    certificate = Certificate(
        nomination_id=nomination.id,
        number=_certificate_number(programme),
        code=secrets.token_urlsafe(12),
        level=programme.level,
        programme_name=programme.name,
        product_name=product.name,
        producer_name=producer.name,
        place=producer.place_name,
        group_number=nomination.group_number,
        score=result.jury.score,
        decision_number=programme.decision_number,
        decision_date=programme.decision_date,
        issuer=programme.issuer,
        issued_on=issued_on,
        valid_until=rules.certificate_valid_until(issued_on),
        product_id=product.id,
    )
    db.session.add(certificate)
    db.session.flush()
    # The catalogue's record of the title: the product page shows its badge while it is valid.
    badge = catalogue_services.add_certification(
        product,
        "cnnt_standout",
        granted=True,
        number=certificate.number,
        issuer=programme.issuer,
        valid_from=issued_on,
        valid_until=certificate.valid_until,
        level=programme.level,
        year=programme.year,
    )
    certificate.catalogue_certification_id = badge.id
    return certificate


def publish_step(programme: Programme, now: datetime | None = None) -> Step:
    """What publishing would do (certificates, their dates, the end of the vote) and what stops it."""
    now = now or utcnow()
    step = Step(rules.PUBLISHED)
    try:
        check_publishable(programme, now)
        if programme.decision_date > now.astimezone(VIETNAM).date():
            # A certificate is valid from its decision's date: one dated in the future would be "genuine
            # but not valid" the day it is handed over.
            raise AwardError(
                _l(
                    "The decision is dated %(date)s, in the future: certificates cannot be dated in the "
                    "future. Publish on or after that day, or correct the decision date.",
                    date=format_date(programme.decision_date),
                ),
                "decision_date",
                status=409,
            )
    except AwardError as error:
        step.blocker = error
        return step
    awarded = sum(1 for entries in compute_results(programme).values() for r in entries if r.awarded)
    step.consequences += [
        _l("The results are frozen and shown to everyone: this cannot be undone."),
        ngettext(
            "%(num)d certificate is issued under decision %(number)s, valid from %(start)s to %(end)s.",
            "%(num)d certificates are issued under decision %(number)s, valid from %(start)s to %(end)s.",
            awarded,
            number=programme.decision_number,
            start=format_date(programme.decision_date),
            end=format_date(rules.certificate_valid_until(programme.decision_date)),
        ),
    ]
    step.checked += [
        _l("The council approved the list."),
        _l("The decision's number and date are entered, and the date is not in the future."),
    ]
    if programme.voting_closes_at is not None and programme.voting_closes_at > now:
        step.consequences.append(_l("The public vote ends now."))
        step.confirmations.append(
            (
                "end_vote_early",
                _l(
                    "The public vote is still open until %(date)s: end the vote early.",
                    date=format_datetime(programme.voting_closes_at),
                ),
            )
        )
    return step


def publish_results(programme: Programme, actor, now: datetime | None = None, confirmed=()) -> list[Certificate]:
    """Freeze the results, close the vote, issue a certificate per awarded product, and make it all public.
    A vote still open ends early only when `confirmed` names "end_vote_early"."""
    now = now or utcnow()
    check_confirmed(publish_step(programme, now), confirmed)
    results = compute_results(programme)
    certificates = []
    for entries in results.values():
        for result in entries:
            nomination = result.nomination
            nomination.jury_score, nomination.public_votes = result.jury.score, result.votes
            nomination.rank, nomination.awarded = result.rank, result.awarded
            if result.awarded:
                certificates.append(issue_certificate(programme, result))
    if programme.voting_closes_at is not None and programme.voting_closes_at > now:
        programme.voting_closes_at = now
    old, programme.phase, programme.published_at = programme.phase, rules.PUBLISHED, now
    db.session.flush()
    record_event("award_phase_changed", actor=actor, subject=subject(programme), old=old, new=rules.PUBLISHED)
    record_event("award_results_published", actor=actor, subject=subject(programme), awarded=len(certificates))
    return certificates
