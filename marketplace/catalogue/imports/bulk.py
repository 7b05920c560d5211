"""Write a batch's new producers and new products through core.bulkinsert (COPY on PostgreSQL)
instead of the ORM's unit of work: most rows of a first import are these, and the ORM spends about
a millisecond on each object it tracks. Rows that change what the site already holds go through write.py.

The rows are those write.py would give: the same columns, slug, search text, OCOP stars, status
and certificates, and the "producer_created" audit event (tests/catalogue compares the two ways).
"""

from flask import has_request_context, request
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalogue.imports.preload import Snapshot
from marketplace.catalogue.models import DRAFT, PUBLISHED, Category, Certification, Product
from marketplace.core.audit import AuditEvent
from marketplace.core.bulkinsert import insert_rows
from marketplace.core.models import utcnow
from marketplace.core.permissions import PRODUCER
from marketplace.core.text import slugify
from marketplace.extensions import db
from marketplace.producers.models import Producer
from marketplace.producers.services import add_member
from marketplace.search.sync import mark_products

PRODUCER_FIELDS = ("name", "establishment_type", "province_code", "address", "phone", "email", "website")
PRODUCT_FIELDS = ("name", "name_en", "group_number", "description", "price_vnd", "unit", "min_order_qty")


def takes(step) -> bool:
    """Whether a step is a new product of a producer this import creates: of one created in this
    batch (not written yet), or in an earlier batch and left as it was."""
    state = step.producer
    if step.product_id is not None or state.obj is not None:
        return False
    return state.id is None or not step.decision.producer


class BulkWriter:
    def __init__(self, snapshot: Snapshot, actor=None):
        self.snapshot, self.actor = snapshot, actor
        self.product_ids: set[int] = set()

    def write(self, steps: list) -> None:
        """Insert the steps' new producers, then their products and certificates; sets the ids on
        the snapshot's entries. Call inside the batch's SAVEPOINT, before write.py's rows."""
        if not steps:
            return
        created = self._producers(steps)
        categories = self._categories(steps)
        now = utcnow()
        rows, certificates = [], []
        for step in steps:
            row, held = self._product_row(step, categories, now)
            rows.append(row)
            certificates.append(held)
        ids = insert_rows(Product.__table__, rows)
        certificate_rows = []
        for step, product_id, held in zip(steps, ids, certificates, strict=True):
            step.product.id = product_id
            # The centre's own list: granted by staff, not self-declared (as write.py's rows).
            certificate_rows += [
                {
                    "product_id": product_id,
                    "kind": kind,
                    "stars": stars,
                    "verified": True,
                    "verified_by_id": getattr(self.actor, "id", None),
                    "verified_at": now,
                }
                for kind, stars in held
            ]
        if certificate_rows:
            insert_rows(Certification.__table__, certificate_rows)
        self.product_ids.update(ids)
        mark_products(db.session, ids)
        self._record_events(created, now)
        self._link_accounts(created)

    def _producers(self, steps: list) -> list:
        """Insert the producers no earlier batch wrote, with every value the file gave them."""
        states = {}
        for step in steps:
            if step.producer.id is None:
                states.setdefault(step.plan.producer.tax_code, step.producer)
        if not states:
            return []
        actor_id = getattr(self.actor, "id", None)
        rows = []
        for tax_code, state in states.items():
            values = state.values
            code, text = values.get("commune") or (None, None)
            row = {name: values.get(name) for name in PRODUCER_FIELDS}
            row.update(
                tax_code=tax_code,
                created_by_id=actor_id,
                commune_code=code,
                commune_name=text,
                slug=slugify(values.get("name") or "")[:200] or "co-so",
            )
            rows.append(row)
        ids = insert_rows(Producer.__table__, rows)
        for state, producer_id in zip(states.values(), ids, strict=True):
            state.id = producer_id
        return list(zip(ids, states.values(), strict=True))

    def _categories(self, steps: list) -> dict:
        """The category of every step (by key), new ones added in one flush."""
        fresh = []
        for step in steps:
            key = step.decision.product.get("category")
            if key and key not in self.snapshot.categories:
                category = Category(group_number=key[0], name=step.plan.product.category or key[1], slug=key[1])
                db.session.add(category)
                self.snapshot.categories[key] = category
                fresh.append(category)
        if fresh:
            db.session.flush()
        return self.snapshot.categories

    def _product_row(self, step, categories: dict, now) -> tuple[dict, list]:
        decision, values = step.decision, step.decision.product
        key = values.get("category")
        category = categories[key] if key else None
        held = [(kind, None) for kind in decision.certificates]
        if decision.ocop_stars:  # as write._record_ocop: stars on the import's own OCOP entry
            at = next((n for n, (kind, _) in enumerate(held) if kind == "ocop"), None)
            if at is None:
                held.append(("ocop", decision.ocop_stars))
            else:
                held[at] = ("ocop", decision.ocop_stars)
        row = {name: values.get(name) for name in PRODUCT_FIELDS}
        row.update(
            producer_id=step.producer.id,
            code=values["code"],
            category_id=category.id if category else None,
            slug=slugify(values["name"])[:200] or "san-pham",
            description_en=None,
            ocop_stars=max((stars or 0 for kind, stars in held if kind == "ocop"), default=0),
            status=PUBLISHED if decision.publish else DRAFT,
            published_at=now if decision.publish else None,
        )
        return row, held

    def _record_events(self, created: list, now) -> None:
        if created:
            actor_id, ip = getattr(self.actor, "id", None), request.remote_addr if has_request_context() else None
            insert_rows(
                AuditEvent.__table__,
                [
                    {
                        "at": now,
                        "actor_id": actor_id,
                        "action": "producer_created",
                        "subject": f"producer:{producer_id}",
                        "ip": ip,
                        "detail": {"via": "import"},
                    }
                    for producer_id, _state in created
                ],
            )

    def _link_accounts(self, created: list) -> None:
        """As write.Writer.link_accounts: a confirmed producer account with the email a new
        producer is given acts for it."""
        emails = {state.values["email"]: producer_id for producer_id, state in created if state.values.get("email")}
        if not emails:
            return
        accounts = db.session.scalars(
            select(User).where(User.email.in_(list(emails)), User.role == PRODUCER, User.email_verified_at.is_not(None))
        ).all()
        for user in accounts:
            add_member(db.session.get(Producer, emails[user.email]), user, how="claimed")
