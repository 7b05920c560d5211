"""Turn an import's decisions into rows: producers, products, categories and certificates.

Nothing here flushes: a batch of rows is flushed once by the applier, which is what makes a
20,000-row file quick. The values were checked by rows.py with the same rules as the producer and
product services (tax code and its uniqueness, province, commune of that province, email, lengths,
ranges), so they are written directly rather than through those services, which flush per call.
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import User
from marketplace.catalogue.imports.decide import Decision
from marketplace.catalogue.imports.preload import Snapshot
from marketplace.catalogue.models import DRAFT, Category, Certification, Product
from marketplace.catalogue.services import publish_product, refresh_ocop_stars
from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.core.permissions import PRODUCER
from marketplace.core.text import slugify
from marketplace.extensions import db
from marketplace.producers.models import Producer
from marketplace.producers.services import add_member


class Writer:
    """Writes one batch of an import through the ORM."""

    def __init__(self, snapshot: Snapshot, actor=None):
        self.snapshot, self.actor = snapshot, actor
        self.products_by_id: dict[int, Product] = {}
        self.new_producers: list[Producer] = []
        self.new_emails: list[Producer] = []  # producers given an email address by this batch

    def load_products(self, ids: list[int]) -> None:
        """The existing products a batch changes, in one query."""
        if ids:
            rows = db.session.scalars(
                select(Product).where(Product.id.in_(ids)).options(selectinload(Product.certifications))
            )
            self.products_by_id.update((product.id, product) for product in rows.unique())

    def producer(self, existing: Producer | None, tax_code: str, changes: dict) -> Producer:
        if existing is None:
            producer = Producer(tax_code=tax_code, created_by_id=getattr(self.actor, "id", None))
            db.session.add(producer)
        else:
            producer = existing
        self._set_producer_fields(producer, changes)
        if existing is None:
            self.new_producers.append(producer)
        if changes.get("email"):
            self.new_emails.append(producer)
        return producer

    def _set_producer_fields(self, producer: Producer, changes: dict) -> None:
        for name, value in changes.items():
            if name == "commune":
                code, text = value
                producer.commune_code, producer.commune_name = code, text
                producer.commune = self.snapshot.places.communes.get(code) if code else None
            else:
                setattr(producer, name, value)
        if "province_code" in changes:
            # Set the relationship too, so the loaded object agrees with its new code before the flush.
            producer.province = self.snapshot.places.provinces[changes["province_code"]]
        if "name" in changes:
            producer.slug = slugify(producer.name)[:200] or "co-so"

    def product(self, producer: Producer, existing_id: int | None, decision: Decision, category_name: str | None):
        changes = dict(decision.product)
        category = changes.pop("category", False)
        if existing_id is None:
            product = Product(producer=producer, status=DRAFT, certifications=[], **changes)
            db.session.add(product)
        else:
            product = self.products_by_id[existing_id]
            for name, value in changes.items():
                setattr(product, name, value)
        if "name" in changes:
            product.slug = slugify(product.name)[:200] or "san-pham"
        if category is not False:
            product.category = self._category(category, category_name) if category else None
        # The centre's own list: what it states counts as granted by staff, not as self-declared.
        granted = {"verified": True, "verified_by_id": getattr(self.actor, "id", None), "verified_at": utcnow()}
        for kind in decision.certificates:
            product.certifications.append(Certification(kind=kind, **granted))
        if decision.ocop_stars:
            _record_ocop(product, decision.ocop_stars, granted)
        # Always, so every new product sets the same columns: the flush then sends a batch's
        # products in a few multi-row INSERTs instead of one per change of pattern.
        refresh_ocop_stars(product)
        if decision.publish:
            publish_product(product)
        return product

    def _category(self, key: tuple[int, str], name: str | None) -> Category:
        category = self.snapshot.categories.get(key)
        if category is None:
            category = Category(group_number=key[0], name=name or key[1], slug=key[1])
            db.session.add(category)
            self.snapshot.categories[key] = category
        return category

    def record_events(self) -> None:
        """After the batch's flush, when new producers have ids: the event the service records."""
        for producer in self.new_producers:
            record_event("producer_created", actor=self.actor, subject=f"producer:{producer.id}", via="import")

    def link_accounts(self) -> None:
        """A producer account that already exists, with a confirmed email equal to the one the list
        gives a producer, acts for it: the claim it would have made had the list come first."""
        emails = {producer.email: producer for producer in self.new_emails}
        if not emails:
            return
        accounts = db.session.scalars(
            select(User).where(User.email.in_(list(emails)), User.role == PRODUCER, User.email_verified_at.is_not(None))
        )
        for user in accounts:
            add_member(emails[user.email], user, how="claimed")


def _record_ocop(product: Product, stars: int, granted: dict) -> None:
    """Set the stars on the OCOP entry an import made (one without a certificate number), or add one;
    either way the centre's list vouches for it."""
    for certificate in product.certifications:
        if certificate.kind == "ocop" and not certificate.number:
            certificate.stars = stars
            for name, value in granted.items():
                setattr(certificate, name, value)
            return
    product.certifications.append(Certification(kind="ocop", stars=stars, **granted))
