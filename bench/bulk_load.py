"""Load generated rows straight into the tables, for when the importer cannot run (benchmarks only)."""

from datetime import UTC, datetime

from sqlalchemy import insert, select

from marketplace.catalogue.models import Category, Certification, Product
from marketplace.core.text import slugify
from marketplace.geography import resolver
from marketplace.producers.models import Producer

KINDS = {
    "VietGAP": "vietgap",
    "HACCP": "haccp",
    "ISO 22000": "iso22000",
    "Tự công bố": "self_declaration",
    "ATTP": "food_safety",
}


def bulk_load(db, rows: list[dict]) -> None:
    now = datetime.now(UTC)
    producers, order = {}, []
    for row in rows:
        if row["tax_code"] not in producers:
            producers[row["tax_code"]] = row
            order.append(row["tax_code"])
    db.session.execute(
        insert(Producer),
        [
            {
                "name": r["producer_name"],
                "slug": slugify(r["producer_name"])[:200],
                "establishment_type": r["establishment_type"],
                "tax_code": code,
                "province_code": resolver.resolve_province(r["province"]).code,
                "commune_name": r["commune"],
                "craft_village": False,
                "is_published": True,
                "featured": False,
                "created_at": now,
                "updated_at": now,
            }
            for code, r in ((c, producers[c]) for c in order)
        ],
    )
    producer_ids = dict(db.session.execute(select(Producer.tax_code, Producer.id)).all())
    categories = {}
    for row in rows:
        key = (int(row["product_group"]), slugify(row["category"]))
        categories.setdefault(key, row["category"])
    db.session.execute(
        insert(Category), [{"group_number": g, "slug": s, "name": n} for (g, s), n in categories.items()]
    )
    category_ids = {
        (g, s): i for i, g, s in db.session.execute(select(Category.id, Category.group_number, Category.slug))
    }
    db.session.execute(
        insert(Product),
        [
            {
                "producer_id": producer_ids[r["tax_code"]],
                "code": r["product_code"],
                "name": r["product_name"],
                "name_en": r["product_name_en"],
                "slug": slugify(r["product_name"])[:200],
                "group_number": int(r["product_group"]),
                "category_id": category_ids[(int(r["product_group"]), slugify(r["category"]))],
                "description": r["description"],
                "price_vnd": int(r["price_vnd"]),
                "unit": r["unit"],
                "min_order_qty": int(r["min_order_qty"]),
                "ocop_stars": int(r["ocop_stars"]),
                "status": "published",
                "published_at": now,
                "is_product_set": False,
                "created_at": now,
                "updated_at": now,
            }
            for r in rows
        ],
    )
    product_ids = dict(db.session.execute(select(Product.code, Product.id)).all())
    certificates = [
        {"product_id": product_ids[r["product_code"]], "kind": KINDS[kind]}
        for r in rows
        for kind in filter(None, r["certifications"].split(";"))
    ]
    certificates += [
        {"product_id": product_ids[r["product_code"]], "kind": "ocop", "stars": int(r["ocop_stars"])}
        for r in rows
        if int(r["ocop_stars"])
    ]
    if certificates:
        db.session.execute(insert(Certification), certificates)
    db.session.commit()
