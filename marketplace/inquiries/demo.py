"""Demo inquiries: a few threads and one open buying request between the demo buyer and demo producers."""

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.catalogue.models import PUBLISHED, Product
from marketplace.core.demo import demo_step
from marketplace.extensions import db
from marketplace.inquiries import board, notifications, services
from marketplace.inquiries.models import PRODUCER, BuyingRequest, Inquiry
from marketplace.producers.models import Producer, ProducerMember

DEMO_BUYER = "buyer@demo.cnnt.vn"
DEMO_PRODUCER = "producer@demo.cnnt.vn"


def _demo_products(limit: int = 3) -> list[Product]:
    """The demo producer account's published products first, then any other published ones."""
    from marketplace.accounts.services import find_by_email

    published = select(Product).join(Producer).where(Product.status == PUBLISHED, Producer.is_published.is_(True))
    account = find_by_email(DEMO_PRODUCER)
    own = []
    if account is not None:
        mine = select(ProducerMember.producer_id).where(ProducerMember.user_id == account.id)
        own = list(
            db.session.execute(published.where(Product.producer_id.in_(mine)).order_by(Product.id).limit(limit))
            .unique()
            .scalars()
        )
    others = (
        db.session.execute(
            published.where(Product.id.not_in([p.id for p in own] or [0])).order_by(Product.id).limit(limit - len(own))
        )
        .unique()
        .scalars()
    )
    return own + list(others)


def _author_for(producer):
    members = services.producer_recipients(producer)
    return members[0] if members else None


def _threads(buyer, products: list[Product]) -> None:
    scripts = [
        (
            "Chào anh chị, công ty chúng tôi cần 500 sản phẩm cho chuỗi cửa hàng ở Hà Nội. "
            "Xin báo giá kèm thời gian giao hàng.",
            500,
            "quote",
        ),
        ("Sản phẩm có chứng nhận OCOP không ạ? Chúng tôi muốn đặt thử 50 sản phẩm.", 50, "answer"),
        ("Xin catalogue và bảng giá sỉ cho khách sạn, xem thêm https://senviet.example.vn", 200, None),
    ]
    for product, (text, quantity, reply) in zip(products, scripts, strict=False):
        inquiry = services.start_inquiry(
            buyer,
            product.producer,
            product,
            {
                "message": text,
                "quantity": quantity,
                "unit": product.unit or "sản phẩm",
                "delivery_province_code": "01",
                "wanted_by": date.today() + timedelta(days=45),
            },
        )
        author = _author_for(product.producer)
        if reply:
            services.post_message(
                inquiry,
                author,
                PRODUCER,
                "Cảm ơn anh chị đã quan tâm. Chúng tôi có hàng sẵn và có thể giao trong 3 tuần.",
            )
        if reply == "quote":
            services.send_quote(
                inquiry,
                author,
                {
                    "unit_price_vnd": product.price_vnd or 150_000,
                    "unit": product.unit,
                    "min_quantity": 100,
                    "lead_time_days": 21,
                    "valid_until": date.today() + timedelta(days=30),
                    "delivery_terms": "Giao tận kho tại Hà Nội",
                    "note": "Giá đã gồm đóng gói hộp giấy.",
                },
            )


@demo_step
def demo_inquiries(echo) -> None:
    from marketplace.accounts.services import find_by_email

    buyer = find_by_email(DEMO_BUYER)
    products = _demo_products()
    if buyer is None or not products:
        echo("Demo inquiries: skipped (no demo buyer or no published product).")
        return
    with notifications.unmailed():  # demo data: nobody is mailed
        has_threads = db.session.execute(select(Inquiry.id).where(Inquiry.buyer_id == buyer.id).limit(1)).first()
        if not has_threads:
            _threads(buyer, products)
        has_request = db.session.execute(
            select(BuyingRequest.id).where(BuyingRequest.buyer_id == buyer.id).limit(1)
        ).first()
        if not has_request:
            board.post_request(
                buyer,
                {
                    "title": "Cần mua 2.000 giỏ mây đan xuất khẩu",
                    "group_number": products[0].group_number,
                    "details": "Giỏ mây tự nhiên, kích thước 30x20 cm, có quai. Đóng thùng carton xuất khẩu.",
                    "quantity": 2000,
                    "unit": "chiếc",
                    "export_market": "Nhật Bản",
                    "deadline": date.today() + timedelta(days=30),
                },
            )
        db.session.flush()
    echo(f"Demo inquiries: threads and a buying request for {DEMO_BUYER}.")
