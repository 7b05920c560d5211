"""The permission matrix: buyer, producer, another producer, another buyer, organiser and anonymous against
every inquiry, message, quote and buying-request route. Nobody unauthorised gets a 2xx (or a success
redirect); the authorised succeed, so the matrix cannot pass vacuously."""

from datetime import date, timedelta

import pytest

from marketplace.accounts.services import issue_api_token
from marketplace.inquiries import board, services, spam
from marketplace.inquiries.attachments import CheckedFile, store
from marketplace.inquiries.models import BUYER
from tests import factories
from tests.conftest import csrf_token_from

ACTORS = ("buyer", "producer", "other_producer", "other_buyer", "organiser", "anonymous")
QUOTE = {"unit_price_vnd": "90000", "valid_until": (date.today() + timedelta(days=9)).isoformat()}
REQUEST = {
    "title": "Cần 100 nón lá",
    "group_number": "1",
    "quantity": "100",
    "unit": "chiếc",
    "deadline": (date.today() + timedelta(days=9)).isoformat(),
}

# (name, method, path, form data or None, actors allowed)
WEB = [
    ("thread", "GET", "/inquiries/{t}", None, {"buyer", "producer"}),
    ("reported thread", "GET", "/inquiries/{r}", None, {"buyer", "organiser"}),
    ("message", "POST", "/inquiries/{t}/messages", {"body": "Xin chào"}, {"buyer", "producer"}),
    ("quote", "POST", "/inquiries/{t}/quotes", QUOTE, {"producer"}),
    ("accept", "POST", "/inquiries/quotes/{q}/accept", {}, {"buyer"}),
    ("decline", "POST", "/inquiries/quotes/{q}/decline", {}, {"buyer"}),
    ("close", "POST", "/inquiries/{t}/close", {"outcome": "lost"}, {"buyer", "producer"}),
    ("report", "POST", "/inquiries/{t}/report", {}, {"producer"}),
    ("attachment", "GET", "/inquiries/{t}/files/{m}", None, {"buyer", "producer"}),
    ("dismiss report", "POST", "/inquiries/{r}/dismiss-report", {}, {"organiser"}),
    ("dashboard", "GET", "/inquiries/dashboard", None, {"organiser"}),
    ("reported list", "GET", "/inquiries/reported", None, {"organiser"}),
    ("new request", "POST", "/requests/new", REQUEST, {"buyer", "other_buyer"}),
    ("answer request", "POST", "/requests/{b}/quotes", QUOTE, {"producer", "other_producer"}),
    ("close request", "POST", "/requests/{b}/close", {}, {"buyer"}),
    ("hide request", "POST", "/requests/{b}/hide", {"reason": "Trùng lặp"}, {"organiser"}),
    ("unhide request", "POST", "/requests/{h}/unhide", {}, {"organiser"}),
    ("hidden request", "GET", "/requests/{h}", None, {"buyer", "organiser"}),
]
API = [
    ("api thread", "GET", "/api/v1/inquiries/{t}", None, {"buyer", "producer"}),
    ("api message", "POST", "/api/v1/inquiries/{t}/messages", {"body": "Hello"}, {"buyer", "producer"}),
    ("api quote", "POST", "/api/v1/inquiries/{t}/quotes", QUOTE, {"producer"}),
    ("api accept", "POST", "/api/v1/quotes/{q}/accept", {}, {"buyer"}),
    ("api decline", "POST", "/api/v1/quotes/{q}/decline", {}, {"buyer"}),
    ("api new inquiry", "POST", "/api/v1/products/{p}/inquiries", {"message": "Hi"}, {"buyer", "other_buyer"}),
    ("api new request", "POST", "/api/v1/requests", REQUEST, {"buyer", "other_buyer"}),
    ("api answer request", "POST", "/api/v1/requests/{b}/quotes", QUOTE, {"producer", "other_producer"}),
]


@pytest.fixture
def world(db, make_user, tmp_path, app):
    """Two producers with accounts and products, two buyers, an organiser; a quoted thread with an
    attachment, a reported thread, an open and a hidden buying request in group 1."""
    people = {
        name: make_user(role)
        for name, role in [
            ("buyer", "buyer"),
            ("producer", "producer"),
            ("other_producer", "producer"),
            ("other_buyer", "buyer"),
            ("organiser", "organiser"),
        ]
    }
    mine = factories.producer(created_by=people["producer"], name="Cơ sở A", commit=True)
    theirs = factories.producer(created_by=people["other_producer"], name="Cơ sở B", commit=True)
    product = factories.product(mine, name="Giỏ mây đan", commit=True)
    factories.product(theirs, name="Nón lá", code="NL", commit=True)
    thread = services.start_inquiry(people["buyer"], mine, product, {"message": "Báo giá?"})
    stored = store(CheckedFile("pdf", b"%PDF-1.4\n%%EOF\n", "spec.pdf"), app.config["DATA_DIR"])
    message = services.post_message(
        thread,
        people["buyer"],
        BUYER,
        "Đính kèm",
        {"attachment_key": stored, "attachment_name": "spec.pdf", "attachment_kind": "pdf", "attachment_size": 15},
    )
    quote = services.send_quote(
        thread, people["producer"], {"unit_price_vnd": 1000, "valid_until": date.today() + timedelta(days=5)}
    )
    reported = services.start_inquiry(people["buyer"], mine, product, {"message": "Mua rẻ!!!"})
    spam.report_spam(reported, people["producer"])
    request = board.post_request(people["buyer"], {**REQUEST, "deadline": date.today() + timedelta(days=9)})
    hidden = board.post_request(people["buyer"], {**REQUEST, "deadline": date.today() + timedelta(days=9)})
    board.hide_request(hidden, people["organiser"], "Spam")
    db.session.commit()
    ids = {
        "t": thread.id,
        "q": quote.id,
        "m": message.id,
        "r": reported.id,
        "b": request.id,
        "h": hidden.id,
        "p": product.id,
    }
    return people, ids


def _client_for(app, login, actor, people):
    client = app.test_client()
    if actor != "anonymous":
        login(people[actor], client)
    return client


def _is_success(response) -> bool:
    if 200 <= response.status_code < 300:
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and "/account/login" not in location


def _call_web(client, method, path, data):
    if method == "GET":
        return client.get(path)
    page = client.get("/").get_data(as_text=True)
    if 'name="csrf_token"' not in page:  # a visitor's pages switch language with a link: the sign-in form
        page = client.get("/account/login").get_data(as_text=True)
    token = csrf_token_from(page)
    return client.post(path, data={"csrf_token": token, **data})


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "method", "path", "data", "allowed"), WEB, ids=[r[0] for r in WEB])
def test_web_routes(app, login, world, actor, name, method, path, data, allowed):
    people, ids = world
    client = _client_for(app, login, actor, people)

    response = _call_web(client, method, path.format(**ids), data)
    response.close()  # a file download holds the file open until then

    if actor in allowed:
        assert _is_success(response), (actor, name, response.status_code)
    else:
        assert not _is_success(response), (actor, name, response.status_code)
        assert response.status_code in (302, 403, 404), (actor, name, response.status_code)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "method", "path", "data", "allowed"), API, ids=[r[0] for r in API])
def test_api_routes(app, world, actor, name, method, path, data, allowed):
    people, ids = world
    headers = {}
    if actor != "anonymous":
        raw, _token = issue_api_token(people[actor])
        headers["Authorization"] = f"Bearer {raw}"
    client = app.test_client()

    response = client.open(path.format(**ids), method=method, json=data, headers=headers)

    if actor in allowed:
        assert 200 <= response.status_code < 300, (actor, name, response.status_code, response.get_json())
    else:
        assert response.status_code in (401, 403, 404), (actor, name, response.status_code)
        if actor == "anonymous":
            assert response.status_code == 401
        elif ("/inquiries/" in path or "/quotes/" in path) and actor not in ("buyer", "producer"):
            assert response.status_code == 404, "another person's thread must not be seen to exist"


def test_inboxes_show_only_ones_own_threads(app, login, world):
    people, ids = world
    for actor, sees in [("buyer", True), ("producer", True), ("other_producer", False), ("other_buyer", False)]:
        client = _client_for(app, login, actor, people)
        page = client.get("/inquiries").get_data(as_text=True)
        assert (f"/inquiries/{ids['t']}" in page) is sees, actor
        listing = client.get("/api/v1/inquiries")  # the session does not open the API
        assert listing.status_code == 401
