"""Demo data for fairs: one regional fair with open registration, 46 booths of four types, some booked;
meeting slots of an exhibitor with a buyer's request; published news and calls."""

from datetime import time, timedelta

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.awards.models import Programme
from marketplace.core.audit import record_event
from marketplace.core.demo import DEFAULT_ORDER, demo_step
from marketplace.extensions import db
from marketplace.fairs import exhibitors, organise, payment_link, queries, rules, services
from marketplace.fairs.announcements import services as announcement_services
from marketplace.fairs.announcements.models import Announcement
from marketplace.fairs.meetings import services as meetings
from marketplace.fairs.meetings.models import MeetingSlot
from marketplace.fairs.models import Booth, Fair
from marketplace.payments import settlement
from marketplace.producers import services as producer_services
from marketplace.producers.models import Producer, ProducerMember

FAIR_NAME = "Hội chợ Công nghiệp nông thôn tiêu biểu khu vực phía Bắc 2026"
TYPES = [
    {
        "code": "standard",
        "kind": "standard",
        "name": "Gian tiêu chuẩn 3 × 3 m",
        "price_vnd": 6_000_000,
        "inclusions": "Vách ngăn, bảng tên\n1 bàn, 2 ghế\n2 đèn, 1 ổ cắm điện",
        "name_en": "Standard booth 3 × 3 m",
        "inclusions_en": "Partition walls, name board\n1 table, 2 chairs\n2 lamps, 1 power socket",
    },
    {
        "code": "corner",
        "kind": "corner",
        "name": "Gian góc 3 × 3 m",
        "price_vnd": 7_500_000,
        "inclusions": "Mở hai mặt\nVách ngăn, bảng tên\n1 bàn, 2 ghế\n2 đèn, 1 ổ cắm điện",
        "name_en": "Corner booth 3 × 3 m",
        "inclusions_en": "Open on two sides\nPartition walls, name board\n1 table, 2 chairs\n2 lamps, 1 power socket",
    },
    {
        "code": "double",
        "kind": "double",
        "name": "Gian đôi 6 × 3 m",
        "price_vnd": 11_000_000,
        "inclusions": "Vách ngăn, bảng tên\n2 bàn, 4 ghế\n4 đèn, 2 ổ cắm điện",
        "name_en": "Double booth 6 × 3 m",
        "inclusions_en": "Partition walls, name board\n2 tables, 4 chairs\n4 lamps, 2 power sockets",
    },
    {
        "code": "pavilion",
        "kind": "pavilion",
        "name": "Khu trưng bày 6 × 6 m",
        "price_vnd": 22_000_000,
        "inclusions": "Mặt bằng trống, tự thiết kế\nĐiện 3 kW",
        "name_en": "Pavilion 6 × 6 m",
        "inclusions_en": "Bare space, your own design\n3 kW of power",
    },
]
# (hall, type, prefix, start, count, x, y): a hall of 42 booths and an outdoor area of 4 pavilions.
ROWS = [
    ("Nhà A", "corner", "C", 1, 1, 2, 1),
    ("Nhà A", "standard", "A", 1, 10, 5, 1),
    ("Nhà A", "corner", "C", 2, 1, 35, 1),
    ("Nhà A", "standard", "B", 1, 12, 2, 7),
    ("Nhà A", "standard", "B", 13, 12, 2, 10),
    ("Nhà A", "double", "D", 1, 6, 2, 16),
    ("Khu ngoài trời", "pavilion", "P", 1, 4, 1, 1),
]
FALLBACK_PRODUCERS = [  # only when the catalogue's demo left no producer at all
    ("HTX Mây tre đan Phú Vinh", "cooperative", "01"),
    ("Hộ kinh doanh Gốm Bát Tràng Minh Long", "household", "01"),
    ("Cơ sở Lụa Vạn Phúc Hà Đông", "household", "01"),
    ("HTX Nước mắm Cát Hải", "cooperative", "31"),
    ("Công ty TNHH Cơ khí Phùng Xá", "enterprise", "01"),
    ("HTX Chè Tân Cương", "cooperative", "19"),
]


def _producers() -> list[Producer]:
    producers = list(db.session.scalars(select(Producer).order_by(Producer.id).limit(12)))
    if producers:
        return producers
    return [
        producer_services.create_producer({"name": n, "establishment_type": t, "province_code": p})
        for n, t, p in FALLBACK_PRODUCERS
    ]


def _demo_producer_account(producers: list[Producer]) -> None:
    """The demo producer account acts for a producer, so it can book (the catalogue may link it)."""
    account = db.session.scalar(select(User).where(User.email == "producer@demo.cnnt.vn"))
    if account is None:
        return
    linked = db.session.scalar(select(ProducerMember.id).where(ProducerMember.user_id == account.id))
    if linked is None:
        producer_services.add_member(producers[0], account, how="added")


def _build_fair(organiser) -> Fair:
    today = rules.today_in_vietnam()
    fair = organise.create_fair(
        {
            "name": FAIR_NAME,
            "venue": "Cung Văn hóa Hữu nghị Việt Xô, 91 Trần Hưng Đạo",
            "province_code": "01",
            "starts_on": today + timedelta(days=45),
            "ends_on": today + timedelta(days=49),
            "registration_opens_on": today - timedelta(days=10),
            "registration_closes_on": today + timedelta(days=30),
            "description": "Hội chợ giới thiệu sản phẩm công nghiệp nông thôn tiêu biểu của các tỉnh phía Bắc: "
            "thủ công mỹ nghệ, chế biến nông lâm thủy sản, cơ khí. Chương trình khuyến công hỗ trợ "
            "50% chi phí gian hàng, tối đa 3.000.000 ₫ mỗi gian.",
            "name_en": "Northern Standout Rural Industry Products Fair 2026",
            "venue_en": "Vietnam–Soviet Friendship Cultural Palace, 91 Trần Hưng Đạo",
            "description_en": "A fair of standout rural industry products from the northern provinces: handicrafts, "
            "processed farm, forest and fish products, engineering. The industrial extension "
            "programme pays 50% of the booth price, up to 3,000,000 ₫ a booth.",
            "booking_mode": "first_come",
            "verified_only": False,
            "eligible_groups": [],
            "eligible_provinces": [],
            "max_booths_per_producer": 2,
            "hold_minutes": 30,
            "payment_hold_hours": 72,
            "offer_hours": 24,
            "cancel_deadline": today + timedelta(days=35),
            "subsidy_percent": 50,
            "subsidy_cap_vnd": 3_000_000,
            "subsidy_budget_vnd": 90_000_000,
            "subsidy_verified_only": False,
            "subsidy_types": [],
        },
        organiser,
    )
    types = {values["code"]: organise.save_booth_type(fair, values) for values in TYPES}
    halls = {
        "Nhà A": organise.save_hall(fair, {"name": "Nhà A", "width_m": 40, "depth_m": 20}),
        "Khu ngoài trời": organise.save_hall(fair, {"name": "Khu ngoài trời", "width_m": 29, "depth_m": 8}),
    }
    for hall, type_code, prefix, start, count, x, y in ROWS:
        organise.add_booth_row(
            halls[hall], types[type_code], {"prefix": prefix, "start": start, "count": count, "x": x, "y": y}
        )
    pillar = db.session.scalar(select(Booth).where(Booth.fair_id == fair.id, Booth.code == "B06"))
    organise.change_booths([pillar], "block")
    organise.publish_fair(fair, organiser)
    return fair


def _pay_by_transfer(booking, organiser) -> None:
    """The organiser confirms the producer's bank transfer, as on the invoice page: the ledger records
    the money and its "paid" marks the booking paid, so every screen tells the same story."""
    invoice = payment_link.invoice_of(booking)
    note = "Chuyển khoản (dữ liệu demo)"
    settlement.confirm_transfer_by_hand(invoice, invoice.amount_vnd, organiser, note)
    record_event(
        "payments.transfer_confirmed",
        actor=organiser,
        subject=f"invoice:{invoice.reference}",
        amount_vnd=invoice.amount_vnd,
    )


def _book_some(fair: Fair, producers: list[Producer], demo_producer_ids: set[int], organiser) -> int:
    """Paid, awaiting payment and held bookings, none for the demo producer (left free to try)."""
    others = [p for p in producers if p.id not in demo_producer_ids] or producers[1:] or producers
    plan = [
        ("A02", "paid"),
        ("A03", "paid"),
        ("C01", "paid"),
        ("B14", "paid"),
        ("D02", "paid"),
        ("P01", "paid"),
        ("A07", "pending"),
        ("B20", "pending"),
        ("B03", "held"),
    ]
    made = 0
    for index, (code, outcome) in enumerate(plan):
        producer = others[(index // 2) % len(others)]
        booth = db.session.scalar(select(Booth).where(Booth.fair_id == fair.id, Booth.code == code))
        try:
            booking = services.hold_booth(fair, booth, producer, None)
            if outcome != "held":  # with up to three of their products, for the exhibitor directory
                services.submit_booking(booking, queries.products_of([producer])[:3], None)
            if outcome == "paid":
                _pay_by_transfer(booking, organiser)
        except services.BookingError:
            continue  # a producer at the fair's limit: fewer demo bookings, never an error
        made += 1
    return made


@demo_step
def demo_fair(echo) -> None:
    if db.session.scalar(select(Fair.id).where(Fair.name == FAIR_NAME)) is not None:
        return
    organiser = db.session.scalar(select(User).where(User.email == "organiser@demo.cnnt.vn"))
    producers = _producers()
    _demo_producer_account(producers)
    account = db.session.scalar(select(User).where(User.email == "producer@demo.cnnt.vn"))
    mine = (
        set(db.session.scalars(select(ProducerMember.producer_id).where(ProducerMember.user_id == account.id)))
        if account
        else set()
    )
    fair = _build_fair(organiser)
    booked = _book_some(fair, producers, mine, organiser)
    booths = len(db.session.scalars(select(Booth.id).where(Booth.fair_id == fair.id)).all())
    echo(f"Demo fair: {FAIR_NAME} (registration open, {booths} booths, {booked} bookings) at /fairs/{fair.id}")


@demo_step
def demo_meetings(echo) -> None:
    """A paid exhibitor of the demo fair offers six half-hour slots on its first morning; the demo buyer
    has asked for one."""
    fair = db.session.scalar(select(Fair).where(Fair.name == FAIR_NAME))
    buyer = db.session.scalar(select(User).where(User.email == "buyer@demo.cnnt.vn"))
    if fair is None or db.session.scalar(select(MeetingSlot.id).where(MeetingSlot.fair_id == fair.id)) is not None:
        return
    exhibitor = next(iter(exhibitors.exhibitors(fair)), None)
    if exhibitor is None:
        return
    slots = meetings.offer_slots(fair, exhibitor.producer, None, fair.starts_on, time(9, 0), 30, 6)
    if buyer is not None:
        meetings.request_meeting(
            slots[1],
            buyer,
            "Chúng tôi muốn tìm hiểu khả năng cung cấp 1.000 sản phẩm mỗi quý cho chuỗi cửa hàng quà tặng.",
        )
    echo(f"Demo meetings: {exhibitor.producer.name} offers 6 slots at the demo fair")


DEMO_ANNOUNCEMENTS = [
    (
        "call",
        "Mở đăng ký tham gia Hội chợ CNNT tiêu biểu khu vực phía Bắc 2026",
        "Trung tâm Khuyến công mời các cơ sở công nghiệp nông thôn đăng ký gian hàng. Chương trình khuyến công hỗ trợ "
        "50% chi phí gian hàng, tối đa 3.000.000 ₫ mỗi gian.\n\nĐăng ký trực tuyến trên trang hội chợ.",
        "fair",
        None,
    ),
    (
        "call",
        "Khóa tập huấn marketing và bán hàng trực tuyến cho cơ sở thủ công mỹ nghệ",
        "Khóa học miễn phí 3 buổi về chụp ảnh sản phẩm, viết mô tả và bán hàng trên sàn thương mại điện tử.\n\n"
        "Đăng ký với Trung tâm Khuyến công trước ngày khai giảng.",
        None,
        1,
    ),
    (
        "news",
        "Kết quả bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh sắp được công bố",
        "Hội đồng bình chọn đang hoàn tất danh sách. Mời bạn xem các sản phẩm dự thi và bình chọn.",
        "programme",
        None,
    ),
]


@demo_step(order=DEFAULT_ORDER + 10)  # after every area's own step: it links the fair and the awards programme
def demo_announcements(echo) -> None:
    fair = db.session.scalar(select(Fair).where(Fair.name == FAIR_NAME))
    programme = db.session.scalars(select(Programme).order_by(Programme.id.desc())).first()
    organiser = db.session.scalar(select(User).where(User.email == "organiser@demo.cnnt.vn"))
    made = 0
    for kind, title, body, link, group in DEMO_ANNOUNCEMENTS:
        if db.session.scalar(select(Announcement.id).where(Announcement.title == title)) is not None:
            continue
        announcement = announcement_services.save_announcement(
            {
                "kind": kind,
                "title": title,
                "body": body,
                "product_group": group,
                "fair_id": fair.id if link == "fair" and fair else None,
                "programme_id": programme.id if link == "programme" and programme else None,
            },
            organiser,
        )
        announcement_services.publish_announcement(announcement, organiser)
        made += 1
    if made:
        echo(f"Demo announcements: {made} published at /fairs/announcements/")
