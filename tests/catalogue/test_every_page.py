"""Every page of the catalogue and producers areas answers every kind of visitor sensibly: the page, a way to
log in, or a refusal; never a server error. The routes are read from the app, so a new page is covered."""

import pytest

from marketplace.catalogue import services
from tests import factories

ROLES = ("anonymous", "owner", "other producer", "buyer", "juror", "organiser", "admin")
ALLOWED = {
    # who may open the management pages of the fixture's producer and product
    "owner": {"manage"},
    "organiser": {"manage", "staff"},
    "admin": {"manage", "staff"},
}


def pages(app, ids: dict) -> dict[str, str]:
    """{rule: path} for every GET route of the two areas, its parameters filled from `ids`."""
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("catalogue", "producers") or "GET" not in rule.methods:
            continue
        if rule.endpoint.startswith("catalogue.import"):
            continue  # the import pages belong to the import work
        path = rule.rule
        for name, value in ids.items():
            path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
        found[rule.rule] = path
    return found


def expected(role: str, rule: str) -> set[int]:
    if rule.startswith("/producers/staff"):
        kind = "staff"
    elif (
        rule.startswith("/manage/")
        or rule.endswith(("/edit", "/photos", "/certifications", "/new"))
        or rule == "/producers/mine"
    ):
        kind = "manage"
    else:
        return {200}
    if role == "anonymous":
        return {302}
    if rule == "/producers/mine" and role == "other producer":
        return {200}  # their own (empty) dashboard
    if rule == "/producers/new" and role == "other producer":
        return {200}  # anyone with a producer account may create a profile
    return {200} if kind in ALLOWED.get(role, set()) else {403}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_every_role(app, client, db, login, make_user, owner, producer, role):
    product = factories.product(producer, photo=True, commit=True)
    certificate = services.add_certification(product, "vietgap")
    db.session.commit()
    if role == "owner":
        login(owner)
    elif role != "anonymous":
        login(make_user("producer" if role == "other producer" else role))
    ids = {
        "producer_id": producer.id,
        "product_id": product.id,
        "slug": product.slug,
        "photo_id": product.photos[0].id,
        "certification_id": certificate.id,
        "group": 1,
        "fmt": "jpg",
    }

    queries = {"/manage/products/new": {"producer": producer.id}, "/producers/communes.json": {"province": "38"}}
    answers = {rule: client.get(path, query_string=queries.get(rule)) for rule, path in pages(app, ids).items()}

    assert len(answers) >= 15
    wrong = {rule: r.status_code for rule, r in answers.items() if r.status_code not in expected(role, rule)}
    assert wrong == {}
