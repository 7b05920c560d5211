"""Test factories: one function per domain object, made through the area's own services (not raw rows).

Each takes keyword arguments with sensible defaults, flushes, and returns what it made; `commit=True`
commits as well (inside the `db` fixture a commit releases a savepoint and expires the session's
objects, so what a request changed afterwards is read afresh).
"""

import io
import struct
import zlib
from datetime import date, timedelta
from itertools import count

from PIL import Image

from marketplace.extensions import db

PASSWORD = "a-long-test-password"
PROVINCE = "38"  # Thanh Hóa: the default province of producers and of award programmes
TEST_KIND = "test-fee"  # the payable kind of the tests' own invoices (tests/payments/conftest.py registers it)
# Real, published tax codes: their check digits were not computed by the code under test.
VALID_TAX_CODES = ("0100109106", "0100112437", "0101243150", "0101248141", "0300588569")

_serial = count(1)
_hash = {}


def _done(commit: bool) -> None:
    db.session.flush()
    if commit:
        db.session.commit()


# Accounts and producers


def user(role="producer", *, verified=True, email=None, name=None, locale="vi", commit=False, **extra):
    """An account of `role` with the password PASSWORD (hashed once per run: hashing is slow)."""
    from marketplace.accounts.models import User
    from marketplace.accounts.passwords import hash_password
    from marketplace.core.models import utcnow

    if "value" not in _hash:
        _hash["value"] = hash_password(PASSWORD)
    n = next(_serial)
    account = User(
        email=email or f"{role}{n}@example.vn",
        display_name=name or f"{role.title()} {n}",
        password_hash=_hash["value"],
        role=role,
        locale=locale,
        email_verified_at=utcnow() if verified else None,
        **extra,
    )
    db.session.add(account)
    _done(commit)
    return account


def producer(*, created_by=None, member=None, commit=False, **fields):
    """An establishment through create_producer; a producer `created_by` (or a `member`) acts for it."""
    from marketplace.producers import services

    n = next(_serial)
    data = {
        "name": f"Hợp tác xã thử nghiệm {n}",
        "establishment_type": "cooperative",
        "province_code": PROVINCE,
        "email": f"coso{n}@example.vn",
        "phone": "0912 345 678",
        "representative": "Lê Thị Hoa",
        "address": "Thôn Đông",
        **fields,
    }
    made = services.create_producer(data, created_by=created_by)
    if member is not None:
        services.add_member(made, member)
    _done(commit)
    return made


def member(producer, user, *, commit=False):
    """`user`'s membership of `producer` (the account then acts for the establishment)."""
    from marketplace.producers import services

    membership = services.add_member(producer, user)
    _done(commit)
    return membership


def producer_account(*, commit=False, **fields):
    """(user, producer): a new producer account and the new establishment it is a member of."""
    account = user("producer")
    return account, producer(member=account, commit=commit, **fields)


def product(producer, *, published=True, photo=False, category=None, commit=False, **fields):
    """A product of `producer` (published unless asked), optionally in `category` and with one photo."""
    from marketplace.catalogue import photos, services

    n = next(_serial)
    data = {
        "code": f"SP-{n}",
        "name": f"Sản phẩm thử {n}",
        "group_number": 1,
        "price_vnd": 100_000,
        "unit": "chiếc",
        **fields,
    }
    made = services.create_product(producer, data, category)
    if photo:
        photos.attach_photos(made, [photos.Upload("anh.jpg", jpeg_bytes())])
    if published:
        services.publish_product(made)
    _done(commit)
    return made


def entrant(groups=(1,), *, owner=None, commit=False, **fields):
    """(producer, products, owner): a household producer created by its account (`owner`, or a new
    one), with one published product per award group in `groups`."""
    owner = owner or user("producer", name=f"Chủ cơ sở {next(_serial)}")
    made = producer(created_by=owner, **{"establishment_type": "household", **fields})
    products = [product(made, group_number=group, description="Làm thủ công.") for group in groups]
    _done(commit)
    return made, products, owner


# Fairs


def fair_values(**overrides) -> dict:
    """The fields of a first-come fair opening in 30 days, registration open now (the form's data)."""
    from marketplace.fairs import rules

    today = rules.today_in_vietnam()
    values = {
        "name": "Hội chợ CNNT thử nghiệm",
        "venue": "Nhà triển lãm",
        "province_code": "01",
        "starts_on": today + timedelta(days=30),
        "ends_on": today + timedelta(days=33),
        "registration_opens_on": today - timedelta(days=1),
        "registration_closes_on": today + timedelta(days=20),
        "description": "",
        "booking_mode": "first_come",
        "verified_only": False,
        "eligible_groups": [],
        "eligible_provinces": [],
        "max_booths_per_producer": 2,
        "hold_minutes": 30,
        "payment_hold_hours": 72,
        "offer_hours": 24,
        "cancel_deadline": today + timedelta(days=25),
        "subsidy_percent": 0,
        "subsidy_cap_vnd": None,
        "subsidy_budget_vnd": 0,
        "subsidy_verified_only": False,
        "subsidy_types": [],
    }
    values.update(overrides)
    return values


def fair(organiser, *, standard=4, corner=2, publish=True, commit=False, **overrides):
    """A fair (published unless asked) with a standard (6.000.000 ₫) and a corner (8.000.000 ₫) booth
    type and one hall of `standard` standard booths S01… and `corner` corner booths C01…"""
    from marketplace.fairs import organise

    made = organise.create_fair(fair_values(**overrides), organiser)
    std = organise.save_booth_type(
        made,
        {
            "code": "standard",
            "kind": "standard",
            "name": "Gian tiêu chuẩn",
            "price_vnd": 6_000_000,
            "inclusions": "1 bàn\n2 ghế",
        },
    )
    cor = organise.save_booth_type(
        made, {"code": "corner", "kind": "corner", "name": "Gian góc", "price_vnd": 8_000_000}
    )
    hall = organise.save_hall(made, {"name": "Nhà A", "width_m": 40, "depth_m": 20})
    if standard:
        organise.add_booth_row(hall, std, {"prefix": "S", "start": 1, "count": standard, "x": 1, "y": 1})
    if corner:
        organise.add_booth_row(hall, cor, {"prefix": "C", "start": 1, "count": corner, "x": 1, "y": 10})
    if publish:
        organise.publish_fair(made, organiser)
    _done(commit)
    return made


def booth(fair, code):
    """The booth of `fair` labelled `code` (S01, C02…)."""
    from marketplace.fairs.queries import booth_by_code

    return booth_by_code(fair, code)


def booking(fair, code, producer, user, *, submit=True, paid=False, commit=False):
    """`producer`'s booking of booth `code`, held by `user`, submitted (unless asked) and optionally paid."""
    from marketplace.fairs import services

    made = services.hold_booth(fair, booth(fair, code), producer, user)
    if submit:
        services.submit_booking(made, [], None)
    if paid:
        pay(made)
    _done(commit)
    return made


def pay(booking, actor=None):
    """Pay a booking as the organiser confirming its bank transfer does: the ledger records the money
    and its "paid" marks the booking paid (nothing else may). Flushes; the test commits."""
    from marketplace.fairs import payment_link
    from marketplace.payments import settlement

    invoice = payment_link.invoice_of(booking)
    assert invoice is not None, f"booking {booking.reference} has no invoice (is it awaiting payment?)"
    return settlement.confirm_transfer_by_hand(invoice, invoice.amount_vnd, actor)


# Payments


def invoice(payer=None, *, lines=((1_500_000, 500_000),), commit=False, **extra):
    """An invoice of the tests' own payable kind through request_payment: `lines` are (list price, subsidy)."""
    from marketplace.payments import services

    payer = payer or user("producer")
    made = services.request_payment(
        payable_kind=TEST_KIND,
        payable_id=next(_serial),
        payer_user=payer,
        payer=services.Party("HTX Mây tre đan Phú Vinh", tax_code="0101234567", address="Phú Vinh, Hà Nội"),
        seller=services.Party("Trung tâm Khuyến công", tax_code="0100109106"),
        lines=[
            services.Line(f"Gian hàng A{n}", price, subsidy, description_en=f"Booth A{n}")
            for n, (price, subsidy) in enumerate(lines, start=1)
        ],
        description="Gian hàng Hội chợ CNNT 2026",
        description_en="Booth at the CNNT Fair 2026",
        context=("fair", 1, "Hội chợ CNNT 2026"),
        **extra,
    )
    _done(commit)
    return made


# Inquiries


def inquiry(buyer, producer, product=None, *, commit=False, **fields):
    """An inquiry from `buyer` to `producer` (about `product`): 500 chiếc unless the fields say otherwise."""
    from marketplace.inquiries import services

    data = {"message": "Xin báo giá 500 chiếc.", "quantity": 500, "unit": "chiếc", **fields}
    made = services.start_inquiry(buyer, producer, product, data)
    _done(commit)
    return made


def quote(inquiry, author, *, commit=False, **fields):
    """A quote on `inquiry` by the producer's `author`: 120.000 ₫ a piece from 100, valid for 30 days."""
    from marketplace.inquiries import services

    data = {
        "unit_price_vnd": 120_000,
        "unit": "chiếc",
        "min_quantity": 100,
        "lead_time_days": 21,
        "valid_until": date.today() + timedelta(days=30),
        **fields,
    }
    made = services.send_quote(inquiry, author, data)
    _done(commit)
    return made


# Awards


def programme(organiser, *, groups=(1, 2), level=None, area=PROVINCE, commit=False, **settings):
    """An award programme of the province (`level`, `area`) for `groups`, in its draft phase, with `settings`."""
    from marketplace.awards import rules
    from marketplace.awards import services_programmes as programmes

    made = programmes.create_programme(
        {
            "name": "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Thanh Hóa 2026",
            "year": 2026,
            "level": level or rules.PROVINCE,
            "area": area,
            "groups": groups,
        },
        organiser,
    )
    if settings:
        programmes.update_settings(made, settings, organiser)
    _done(commit)
    return made


def nomination(programme, product, actor, *, group=1, dossier=False, submit=False, commit=False):
    """`product` nominated in `group` by `actor`; with `dossier` its dossier filled, with `submit` sent in."""
    from marketplace.awards import services_dossiers as dossiers

    made = dossiers.nominate(programme, product, group, actor)
    if dossier or submit:
        fill_dossier(made, actor)
    if submit:
        dossiers.submit_dossier(made, actor)
    _done(commit)
    return made


def fill_dossier(nomination, actor):
    """A complete dossier through the real upload checks: registration copy and three photos."""
    from marketplace.awards import services_dossiers as dossiers
    from marketplace.awards.documents import Upload

    dossiers.update_dossier(
        nomination,
        {
            "description": "Sản phẩm làm từ mây rừng.",
            "production": "2.000 chiếc/năm",
            "markets": "Hà Nội, xuất khẩu",
            "made_in_series": True,
            "own_product": True,
            "meets_standards": True,
        },
        actor,
    )
    dossiers.add_document(nomination, "registration", Upload("dkkd.pdf", pdf_bytes()))
    for colour in ((200, 50, 50), (50, 200, 50), (50, 50, 200)):
        dossiers.add_document(nomination, "photo", Upload("anh.jpg", jpeg_bytes(colour=colour, size=(400, 300))))


# Uploaded files


def jpeg_bytes(size=(640, 480), colour=(180, 120, 60), exif=None) -> bytes:
    """A JPEG photo in two colours (so a turn shows), with `exif` bytes if given."""
    image = Image.new("RGB", size, colour)
    image.paste((30, 90, 60), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def png_bomb(width=20_000, height=20_000) -> bytes:
    """A tiny PNG whose header promises 400 megapixels (compressed zeros)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def pdf_bytes() -> bytes:
    """A one-page PDF (a business registration copy), made by a real PDF writer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(40, 10, "Giay chung nhan dang ky kinh doanh")
    return bytes(pdf.output())
