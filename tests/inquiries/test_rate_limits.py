"""Per-account and per-address limits on new inquiries, messages and buying requests: a clear 429."""

from sqlalchemy import func, select

from marketplace.accounts.services import issue_api_token
from marketplace.inquiries.models import Inquiry, Message
from tests import factories
from tests.conftest import csrf_token_from


def _inquire(client, product, token, address="198.51.100.1"):
    return client.post(
        f"/inquiries/new?product_id={product.id}",
        environ_base={"REMOTE_ADDR": address},
        data={"csrf_token": token, "message": "Báo giá?", "contact_preference": "site"},
    )


def _token(client, path="/"):
    return csrf_token_from(client.get(path).get_data(as_text=True))


def test_an_account_may_start_ten_threads_an_hour_then_gets_a_clear_429(db, client, login, buyer, product):
    login(buyer)
    token = _token(client)
    # Spread over addresses so only the account limit can bite.
    statuses = [_inquire(client, product, token, f"198.51.100.{n}").status_code for n in range(10)]
    assert statuses == [302] * 10

    refused = _inquire(client, product, token, "198.51.100.99")

    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "You have sent many inquiries in a short time. Please wait an hour and try again." in page  # in English
    assert int(refused.headers["Retry-After"]) > 0
    assert db.session.execute(select(func.count(Inquiry.id))).scalar_one() == 10


def test_failed_attempts_do_not_use_up_the_allowance(db, client, login, buyer, product):
    login(buyer)
    token = _token(client)
    for _ in range(12):
        bad = client.post(f"/inquiries/new?product_id={product.id}", data={"csrf_token": token, "message": ""})
        assert bad.status_code == 422
    assert _inquire(client, product, token).status_code == 302


def test_one_address_is_limited_across_accounts(app, db, login, make_user, product):
    """Twenty new threads an hour from one address, whoever is signed in."""
    sent = []
    for _account in range(3):
        client = app.test_client()
        login(make_user("buyer"), client)
        token = _token(client)
        sent += [_inquire(client, product, token, "203.0.113.5").status_code for _ in range(7)]
    assert sent.count(302) == 20 and sent[-1] == 429


def test_messages_are_limited_to_thirty_an_hour_per_account(db, client, login, thread):
    login(thread.buyer)
    token = _token(client, f"/inquiries/{thread.id}")
    statuses = [
        client.post(
            f"/inquiries/{thread.id}/messages",
            data={"csrf_token": token, "body": f"Tin {n}"},
            environ_base={"REMOTE_ADDR": f"192.0.2.{n}"},
        ).status_code
        for n in range(31)
    ]
    assert statuses[:30] == [302] * 30 and statuses[30] == 429
    assert db.session.execute(select(func.count(Message.id))).scalar_one() == 31  # the first one plus thirty


def test_the_api_answers_429_in_json_with_the_reason(db, app, buyer, producer):
    product = factories.product(producer, name="Bàn tre", code="BT", commit=True)
    raw, _ = issue_api_token(buyer)
    db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}
    for n in range(10):
        assert (
            client.post(
                f"/api/v1/products/{product.id}/inquiries",
                json={"message": f"Hi {n}"},
                headers=headers,
                environ_base={"REMOTE_ADDR": f"192.0.2.{n}"},
            ).status_code
            == 201
        )

    refused = client.post(f"/api/v1/products/{product.id}/inquiries", json={"message": "again"}, headers=headers)

    assert refused.status_code == 429
    assert refused.get_json() == {
        "error": {
            "code": "rate_limited",
            "message": "You have sent many inquiries in a short time. Please wait an hour and try again.",
        }
    }
