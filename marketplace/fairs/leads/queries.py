"""Reads of leads: an exhibitor's at one fair, what a buyer shared, and the counts a fair's report needs."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.catalogue.models import PUBLISHED, Product
from marketplace.extensions import db
from marketplace.fairs.leads.models import Lead, LeadProduct
from marketplace.inquiries.models import Inquiry


def leads_of(fair, producer) -> list[Lead]:
    """The exhibitor's leads at the fair, the latest scan first (withdrawn ones included, nameless)."""
    return list(
        db.session.scalars(
            select(Lead)
            .where(Lead.fair_id == fair.id, Lead.producer_id == producer.id)
            .order_by(Lead.last_scanned_at.desc(), Lead.id.desc())
            .options(
                selectinload(Lead.buyer),
                selectinload(Lead.scanned_by),
                selectinload(Lead.inquiry),
                selectinload(Lead.items).selectinload(LeadProduct.product),
            )
        )
    )


def shared_by(buyer) -> list[Lead]:
    """What the buyer let exhibitors scan, the latest first (a withdrawn lead no longer names them)."""
    return list(
        db.session.scalars(
            select(Lead)
            .where(Lead.buyer_id == buyer.id)
            .order_by(Lead.last_scanned_at.desc(), Lead.id.desc())
            .options(
                selectinload(Lead.fair),
                selectinload(Lead.producer),
                selectinload(Lead.inquiry),
                selectinload(Lead.items).selectinload(LeadProduct.product),
            )
        )
    )


def catalogue_of(producer) -> list[Product]:
    """The producer's published products, the choices at the booth."""
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.producer_id == producer.id, Product.status == PUBLISHED)
            .order_by(Product.name)
        )
    )


@dataclass(frozen=True)
class LeadCounts:
    leads: int
    withdrawn: int
    threads: int  # inquiry threads started at the fair (the outcome report's figure)


def counts(fair) -> LeadCounts:
    leads, withdrawn = db.session.execute(
        select(func.count(Lead.id), func.count(Lead.withdrawn_at)).where(Lead.fair_id == fair.id)
    ).one()
    threads = db.session.scalar(select(func.count(Inquiry.id)).where(Inquiry.origin_fair_id == fair.id))
    return LeadCounts(leads, withdrawn, threads)
