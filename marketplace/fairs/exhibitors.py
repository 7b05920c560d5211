"""Reads for the public exhibitor directory: who exhibits where (booked, paid booths) and what they show."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.catalogue.models import PUBLISHED as PRODUCT_PUBLISHED
from marketplace.extensions import db
from marketplace.fairs.models import PAID, Booking, BookingProduct, Booth, Fair


@dataclass
class Exhibitor:
    producer: object
    booths: list = field(default_factory=list)  # Booth, by code
    products: list = field(default_factory=list)  # published Products, in the order chosen

    @property
    def booth_codes(self) -> str:
        return ", ".join(booth.code for booth in self.booths)

    @property
    def groups(self) -> set[int]:
        return {product.group_number for product in self.products if product.group_number}


def exhibitors(fair: Fair, group: int | None = None) -> list[Exhibitor]:
    """Producers with a booked (paid) booth at the fair, by their first booth's code; with `group`,
    only those showing products of that CNNT product group."""
    bookings = db.session.scalars(
        select(Booking)
        .join(Booth, Booking.booth_id == Booth.id)
        .where(Booking.fair_id == fair.id, Booking.status == PAID)
        .order_by(Booth.code)
        .options(
            selectinload(Booking.producer),
            selectinload(Booking.booth).selectinload(Booth.hall),
            selectinload(Booking.products).selectinload(BookingProduct.product),
        )
    )
    by_producer: dict[int, Exhibitor] = {}
    for booking in bookings:
        exhibitor = by_producer.setdefault(booking.producer_id, Exhibitor(booking.producer))
        exhibitor.booths.append(booking.booth)
        for item in booking.products:
            if item.product.status == PRODUCT_PUBLISHED and item.product not in exhibitor.products:
                exhibitor.products.append(item.product)
    found = list(by_producer.values())
    return [e for e in found if group in e.groups] if group else found


def is_exhibitor(fair: Fair, producer) -> bool:
    return (
        db.session.scalar(
            select(Booking.id)
            .where(Booking.fair_id == fair.id, Booking.producer_id == producer.id, Booking.status == PAID)
            .limit(1)
        )
        is not None
    )


def exhibiting(fair: Fair, producers) -> list:
    """Those of `producers` who exhibit at the fair (an account may act for several)."""
    ids = {p.id for p in producers}
    if not ids:
        return []
    paid = set(
        db.session.scalars(
            select(Booking.producer_id).where(
                Booking.fair_id == fair.id, Booking.producer_id.in_(ids), Booking.status == PAID
            )
        )
    )
    return [p for p in producers if p.id in paid]
