"""Awards fixtures: producers with products, a programme taken to any phase through the real services."""

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from marketplace.awards import rules
from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_jury as jury
from marketplace.awards import services_programmes as programmes
from marketplace.awards.documents import Upload
from marketplace.awards.models import Programme
from marketplace.catalogue import services as catalogue
from marketplace.core.models import utcnow
from marketplace.producers import services as producers

PROVINCE = "38"  # Thanh Hóa
FULL_SCORES = {"market": 36, "economic": 34, "culture": 8, "other": 7}  # total 85


def photo_bytes(colour=(180, 90, 40), size=(400, 300), fmt="JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(40, 10, "Giay chung nhan dang ky kinh doanh")
    return bytes(pdf.output())


@pytest.fixture(autouse=True)
def english(db):
    """Service messages are read in English here (pages are tested in Vietnamese, the site's language)."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield


@pytest.fixture
def organiser(make_user):
    return make_user("organiser", name="Trung tâm Khuyến công")


@pytest.fixture
def make_producer(db, make_user):
    """A producer (with a member account) in `province`/`commune`, and one published product per group given."""
    counter = iter(range(1, 1000))

    def make(groups=(1,), province=PROVINCE, commune=None, kind="household", user=None):
        n = next(counter)
        owner = user or make_user("producer", name=f"Chủ cơ sở {n}")
        producer = producers.create_producer(
            {"name": f"Cơ sở sản xuất {n}", "establishment_type": kind, "province_code": province,
             "commune_code": commune}, created_by=owner)
        products = []
        for index, group in enumerate(groups):
            product = catalogue.create_product(producer, {"code": f"SP{n}-{index}", "name": f"Sản phẩm {n}.{index}",
                                                          "group_number": group, "description": "Làm thủ công."})
            catalogue.publish_product(product)
            products.append(product)
        db.session.commit()
        return producer, products, owner

    return make


def fill_dossier(nomination, actor):
    """A complete dossier through the real upload checks: registration copy and three photos."""
    dossiers.update_dossier(nomination, {"description": "Sản phẩm làm từ mây rừng.", "production": "2.000 chiếc/năm",
                                         "markets": "Hà Nội, xuất khẩu", "made_in_series": True,
                                         "own_product": True, "meets_standards": True}, actor)
    dossiers.add_document(nomination, "registration", Upload("dkkd.pdf", pdf_bytes()))
    for colour in ((200, 50, 50), (50, 200, 50), (50, 50, 200)):
        dossiers.add_document(nomination, "photo", Upload("anh.jpg", photo_bytes(colour)))


@pytest.fixture
def make_programme(db, organiser):
    def make(groups=(1, 2), level=rules.PROVINCE, area=PROVINCE, **settings):
        programme = programmes.create_programme(
            {"name": "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Thanh Hóa 2026", "year": 2026, "level": level,
             "area": area, "groups": groups}, organiser)
        if settings:
            programmes.update_settings(programme, settings, organiser)
        db.session.commit()
        return programme

    return make


@pytest.fixture
def running(db, organiser, make_producer, make_programme, make_user):
    """A programme in judging with two accepted entries in group 1 and one in group 2, and three jurors."""

    class Running:
        def __init__(self):
            self.programme = make_programme(min_scores_per_entry=2)
            programme = self.programme
            programmes.advance_phase(programme, organiser)  # nomination
            self.entries = []
            for group in (1, 1, 2):
                producer, (product,), owner = make_producer(groups=(group,))
                nomination = dossiers.nominate(programme, product, group, owner)
                fill_dossier(nomination, owner)
                dossiers.submit_dossier(nomination, owner)
                self.entries.append(nomination)
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
            programmes.update_settings(self.programme, {
                "voting_opens_at": opens or now - timedelta(hours=1),
                "voting_closes_at": closes or now + timedelta(days=7),
                "decision_number": "123/QĐ-UBND", "decision_date": date(2026, 3, 15),
                "issuer": "Ủy ban nhân dân tỉnh Thanh Hóa"}, organiser)
            programmes.advance_phase(self.programme, organiser)
            db.session.commit()
            return self.programme

    return Running()


def reload(db, programme) -> Programme:
    db.session.expire_all()
    return db.session.get(Programme, programme.id)


def post(client, path, page, data, **kwargs):
    """POST `data` to `path` with the CSRF token of the form on `page`, as a browser would."""
    from tests.conftest import csrf_token_from

    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data}, **kwargs)
