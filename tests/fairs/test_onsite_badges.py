"""Staff badges: an exhibitor with a paid booth names a few people (capped per booth), prints their
badges as a PDF (A6 one a page, or four to an A4 sheet), withdraws one; organisers print them all;
every signed-in account shows its own visitor badge."""

import io
import re

import pytest
from pypdf import PdfReader

from marketplace.fairs.onsite import badges
from marketplace.fairs.onsite.codes import EXHIBITOR, VISITOR, badge_code, read_badge_code
from marketplace.fairs.onsite.models import ExhibitorBadge
from tests import factories
from tests.conftest import csrf_token_from
from tests.fairs.onsite_support import exhibit

A6_POINTS = (297.6, 419.5)  # 105 x 148 mm
A4_POINTS = (595.3, 841.9)


@pytest.fixture
def exhibitor(db, organiser):
    """(fair, user, producer): the producer paid for booth S01."""
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(name="HTX Gốm Bát Tràng", commit=True)
    exhibit(db, fair, user, producer, "S01")
    return fair, user, producer


def _pages(body: bytes):
    reader = PdfReader(io.BytesIO(body))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader.pages, text


def _size(page) -> tuple[float, float]:
    return round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)


# --- the codes ----------------------------------------------------------------------------------


def test_a_badge_code_reads_back_and_a_forged_or_mistyped_one_does_not(app):
    with app.app_context():
        code = badge_code(EXHIBITOR, 42)
        assert read_badge_code(code) == (EXHIBITOR, 42)
        assert read_badge_code(code.lower().replace("-", "- ", 1)) == (EXHIBITOR, 42)  # case, spaces forgiven
        forged = code[:-1] + ("A" if code[-1] != "A" else "B")
        assert read_badge_code(forged) is None
        assert read_badge_code(code.replace("-42-", "-43-")) is None  # another number, same signature
        assert read_badge_code(badge_code(VISITOR, 42).replace("-V-", "-E-")) is None


# --- naming staff (the service) -----------------------------------------------------------------


def test_an_exhibitor_names_staff_up_to_the_cap_per_paid_booth(db, app, exhibitor):
    fair, user, producer = exhibitor
    per_booth = app.config["FAIRS_BADGES_PER_BOOTH"]
    assert badges.badge_cap(fair, producer) == per_booth
    for n in range(per_booth):
        badges.add_staff_badge(fair, producer, f"  Nguyễn   Văn {n} ", user)
    assert [b.person_name for b in badges.badges_of(fair, producer)][0] == "Nguyễn Văn 0"

    with pytest.raises(badges.BadgeError) as refused:
        badges.add_staff_badge(fair, producer, "Một người nữa", user)
    assert refused.value.code == "badge_cap"


def test_a_second_paid_booth_raises_the_cap(db, app, exhibitor):
    fair, user, producer = exhibitor
    exhibit(db, fair, user, producer, "S02")

    assert badges.badge_cap(fair, producer) == 2 * app.config["FAIRS_BADGES_PER_BOOTH"]


def test_no_badge_without_a_paid_booth_nor_with_an_empty_name(db, exhibitor):
    fair, user, producer = exhibitor
    other_user, other = factories.producer_account(commit=True)
    with pytest.raises(badges.BadgeError) as no_booth:
        badges.add_staff_badge(fair, other, "Lê Thị Hoa", other_user)
    with pytest.raises(badges.BadgeError) as empty:
        badges.add_staff_badge(fair, producer, "   ", user)

    assert no_booth.value.status == 403
    assert empty.value.field == "person_name"
    assert db.session.query(ExhibitorBadge).count() == 0


def test_the_cap_follows_the_setting(db, app, exhibitor):
    fair, user, producer = exhibitor
    app.config["FAIRS_BADGES_PER_BOOTH"] = 1
    try:
        badges.add_staff_badge(fair, producer, "Trần Minh", user)
        with pytest.raises(badges.BadgeError):
            badges.add_staff_badge(fair, producer, "Phạm Lan", user)
    finally:
        app.config["FAIRS_BADGES_PER_BOOTH"] = 4


# --- the pages ----------------------------------------------------------------------------------


def test_the_exhibitor_adds_a_name_on_the_page_and_sees_the_badge(client, login, exhibitor):
    fair, user, producer = exhibitor
    login(user)
    page = client.get(f"/fairs/{fair.id}/badges")
    assert page.status_code == 200

    added = client.post(
        f"/fairs/{fair.id}/badges",
        data={
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            "producer": producer.id,
            "person_name": "Đỗ Thị Thu Hà",
        },
    )

    assert added.status_code == 303
    listing = client.get(added.headers["Location"]).get_data(as_text=True)
    assert "Đỗ Thị Thu Hà" in listing and re.search(r"CNNT-E-\d+-[A-Z2-7]{8}", listing)


def test_a_name_beyond_the_cap_is_refused_in_place_with_422(client, login, app, exhibitor):
    fair, user, producer = exhibitor
    for n in range(app.config["FAIRS_BADGES_PER_BOOTH"]):
        badges.add_staff_badge(fair, producer, f"Người {n}", user)
    login(user)
    token = csrf_token_from(client.get(f"/fairs/{fair.id}/badges").get_data(as_text=True))

    refused = client.post(f"/fairs/{fair.id}/badges", data={"csrf_token": token, "person_name": "Thêm nữa"})

    assert refused.status_code == 422
    assert "Thêm nữa" not in [b.person_name for b in badges.badges_of(fair, producer)]


def test_another_producer_and_a_buyer_get_no_badge_page(client, login, exhibitor, make_user):
    fair, _user, _producer = exhibitor
    other_user, _other = factories.producer_account(commit=True)
    login(other_user)
    assert client.get(f"/fairs/{fair.id}/badges").status_code == 403
    assert client.get(f"/fairs/{fair.id}/badges.pdf").status_code == 403
    login(make_user("buyer"))
    assert client.get(f"/fairs/{fair.id}/badges").status_code == 403


def test_the_pdf_holds_the_names_on_a6_pages_or_four_to_an_a4_sheet(client, login, exhibitor):
    fair, user, producer = exhibitor
    names = ["Nguyễn Thị Hằng", "Trần Văn Đức", "Lê Quang Vũ", "Phạm Thu Trang"]
    for name in names:
        badges.add_staff_badge(fair, producer, name, user)
    login(user)

    a6 = client.get(f"/fairs/{fair.id}/badges.pdf?layout=a6")
    a4 = client.get(f"/fairs/{fair.id}/badges.pdf?layout=a4")

    assert a6.status_code == 200 and a6.mimetype == "application/pdf" and a6.data.startswith(b"%PDF")
    pages, text = _pages(a6.data)
    assert len(pages) == 4 and all(_size(p) == A6_POINTS for p in pages)
    assert all(name in text for name in names) and "HTX Gốm Bát Tràng" in text and "S01" in text
    pages, text = _pages(a4.data)
    assert len(pages) == 1 and _size(pages[0]) == A4_POINTS
    assert all(name in text for name in names)


def test_one_badge_prints_alone(client, login, exhibitor):
    fair, user, producer = exhibitor
    first = badges.add_staff_badge(fair, producer, "Vũ Hải", user)
    badges.add_staff_badge(fair, producer, "Hoàng Yến", user)
    login(user)

    pages, text = _pages(client.get(f"/fairs/{fair.id}/badges.pdf?badge={first.id}").data)

    assert len(pages) == 1 and "Vũ Hải" in text and "Hoàng Yến" not in text


def test_a_withdrawn_badge_is_gone_and_only_its_exhibitor_may_withdraw_it(client, login, exhibitor):
    fair, user, producer = exhibitor
    badge = badges.add_staff_badge(fair, producer, "Đinh Công", user)
    badge_id = badge.id
    other_user, _other = factories.producer_account(commit=True)
    login(other_user)
    token = csrf_token_from(client.get("/fairs/my-badge").get_data(as_text=True))
    assert client.post(f"/fairs/badges/{badge_id}/withdraw", data={"csrf_token": token}).status_code == 404

    login(user)
    assert client.post(f"/fairs/badges/{badge_id}/withdraw", data={"csrf_token": token}).status_code == 303
    assert badges.badges_of(fair, producer) == []


def test_organisers_print_every_badge_of_the_fair(client, login, db, exhibitor, organiser):
    fair, user, producer = exhibitor
    other_user, other = factories.producer_account(name="Cơ sở Mây tre Phú Vinh", commit=True)
    exhibit(db, fair, other_user, other, "S02")
    badges.add_staff_badge(fair, producer, "Ngô Bảo", user)
    badges.add_staff_badge(fair, other, "Tạ Hiền", other_user)
    login(organiser)

    listing = client.get(f"/fairs/manage/{fair.id}/badges")
    pdf = client.get(f"/fairs/manage/{fair.id}/badges.pdf?layout=a4")

    assert listing.status_code == 200 and "Tạ Hiền" in listing.get_data(as_text=True)
    pages, text = _pages(pdf.data)
    assert len(pages) == 1 and "Ngô Bảo" in text and "Tạ Hiền" in text and "Mây tre Phú Vinh" in text
    login(user)
    assert client.get(f"/fairs/manage/{fair.id}/badges.pdf").status_code == 403


def test_every_signed_in_account_shows_its_visitor_badge(client, login, make_user):
    buyer = make_user("buyer")
    login(buyer)

    page = client.get("/fairs/my-badge")

    html = page.get_data(as_text=True)
    code = badge_code(VISITOR, buyer.id)
    assert page.status_code == 200 and code in html
    assert '<svg role="img"' in html and "viewBox" in html  # inline, sized by CSS


def test_the_visitor_badge_needs_an_account(client):
    assert client.get("/fairs/my-badge").status_code in (302, 401)
