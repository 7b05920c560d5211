"""Awards fixtures: a programme taken to any phase through the real services (entrants and programmes
come from tests/factories.py)."""

from datetime import date, timedelta

import pytest

from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_jury as jury
from marketplace.awards import services_programmes as programmes
from marketplace.awards.models import Programme
from marketplace.core.models import utcnow
from tests import factories

FULL_SCORES = {"market": 36, "economic": 34, "culture": 8, "other": 7}  # total 85


@pytest.fixture(autouse=True)
def english(db):
    """Service messages are read in English here (pages are tested in Vietnamese, the site's language)."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield


@pytest.fixture
def running(db, organiser, make_user):
    """A programme in judging with two accepted entries in group 1 and one in group 2, and three jurors."""

    class Running:
        def __init__(self):
            self.programme = factories.programme(organiser, min_scores_per_entry=2, commit=True)
            programme = self.programme
            programmes.advance_phase(programme, organiser)  # nomination
            self.entries = []
            for group in (1, 1, 2):
                producer, (product,), owner = factories.entrant((group,), commit=True)
                self.entries.append(factories.nomination(programme, product, owner, group=group, submit=True))
            programmes.advance_phase(programme, organiser)  # screening
            for nomination in self.entries:
                dossiers.screen(nomination, "accept", None, organiser)
            self.jurors = [make_user("juror", name=f"Giám khảo {i}") for i in range(3)]
            for juror in self.jurors:
                for group in (1, 2):
                    jury.appoint_juror(programme, juror, group, organiser)
            programmes.advance_phase(programme, organiser)  # judging
            jury.assign_entries(programme, "all", organiser)
            db.session.commit()

        def sheet(self, nomination, juror):
            return next(s for s in nomination.sheets if s.juror_id == juror.id)

        def score(self, nomination, juror, values=None, submit=True):
            values = values or FULL_SCORES
            sheet = self.sheet(nomination, juror)
            by_code = {c.code: c.id for c in self.programme.criteria}
            jury.score_entry(sheet, {by_code[k]: v for k, v in values.items()}, {}, "Tốt", juror)
            if submit:
                jury.submit_sheet(sheet, juror)
            return sheet

        def score_all(self, values=None):
            for nomination in self.entries:
                for juror in self.jurors:
                    if not self.sheet(nomination, juror).is_locked:
                        self.score(nomination, juror, values)
            db.session.commit()

        def to_council(self):
            self.score_all()
            programmes.advance_phase(self.programme, organiser)
            db.session.commit()

        def to_voting(self, opens=None, closes=None):
            self.to_council()
            programmes.record_council_approval(self.programme, "Biên bản số 5/BB-HĐBC", organiser)
            now = utcnow()
            programmes.update_settings(
                self.programme,
                {
                    "voting_opens_at": opens or now - timedelta(hours=1),
                    "voting_closes_at": closes or now + timedelta(days=7),
                    "decision_number": "123/QĐ-UBND",
                    "decision_date": date(2026, 3, 15),
                    "issuer": "Ủy ban nhân dân tỉnh Thanh Hóa",
                },
                organiser,
            )
            programmes.advance_phase(self.programme, organiser)
            db.session.commit()
            return self.programme

    return Running()


def reload(db, programme) -> Programme:
    db.session.expire_all()
    return db.session.get(Programme, programme.id)
