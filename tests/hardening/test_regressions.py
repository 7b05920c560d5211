"""Defects the fuzzers found, each kept as a plain test so they stay fixed."""

import re

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound
from wtforms import StringField
from wtforms.validators import Length

from marketplace.core.forms import Form


class ShortForm(Form):
    class Meta:
        csrf = False

    code = StringField("Code", [Length(max=5)])
    word = StringField("Word", [Length(min=3)])


def test_a_too_long_field_gets_a_translated_message_not_a_key_error(app):
    """Length(max=...) alone makes WTForms call ngettext; Flask-Babel's formatted it with only
    %(num)s and every too-long text field of the producer and product forms raised KeyError: 'max'."""
    with app.test_request_context("/", headers={"Cookie": "lang=vi"}):
        form = ShortForm(MultiDict({"code": "x" * 6, "word": "ab"}))

        assert not form.validate()
        assert form.code.errors == ["Không được dài quá 5 ký tự."]
        assert form.word.errors == ["Cần ít nhất 3 ký tự."]

    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        form = ShortForm(MultiDict({"code": "x" * 6, "word": "ab"}))

        assert not form.validate()
        assert form.code.errors == ["Field cannot be longer than 5 characters."]


def test_the_buying_request_board_api_refuses_a_group_outside_1_to_4(client):
    """The document allows groups 1-4; the API used to ignore any other value and list everything."""
    response = client.get("/api/v1/requests?group=5")

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unprocessable"
    assert client.get("/api/v1/requests?group=4").status_code == 200
    assert client.get("/api/v1/requests").status_code == 200


def test_booking_a_booth_through_the_api_refuses_a_buyer_before_reading_the_body(client, db, make_user):
    """The contract says 403 for a non-producer; a buyer sending no JSON used to get 400 instead
    (the body was checked before the permission). Found by the authorisation sweep."""
    from marketplace.accounts.services import issue_api_token
    from tests.hardening.access_rules.fairs import fairs
    from tests.hardening.sweep import World

    world = World()
    world.users = {"organiser": make_user("organiser"), "producer": make_user("producer")}
    from marketplace.producers.services import create_producer

    world.producer = create_producer(
        {"name": "HTX Hội chợ", "establishment_type": "cooperative", "province_code": "01"},
        created_by=world.users["producer"],
    )
    fairs(world)
    raw, _token = issue_api_token(make_user("buyer"))
    db.session.commit()

    for body in ({"data": "x"}, {"json": {}}, {"json": {"booth_code": "S02"}}):
        response = client.post(
            f"/api/v1/fairs/{world.fair.id}/bookings", headers={"Authorization": f"Bearer {raw}"}, **body
        )
        assert response.status_code == 403, body


def test_an_id_too_large_for_the_database_is_a_404_on_every_int_route(app, client, db, make_user):
    """POST /api/v1/fairs/2**70/bookings with a bearer token raised OverflowError (a 500): the id went
    to the database. Every <int:...> route now stops at 2**31 - 1. Found by the API fuzzer."""
    from marketplace.accounts.services import issue_api_token

    raw, _token = issue_api_token(make_user("producer"))
    db.session.commit()
    huge = str(2**70)
    response = client.post(
        f"/api/v1/fairs/{huge}/bookings", json={"booth_code": "S01"}, headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 404

    int_rules = [r for r in app.url_map.iter_rules() if "<int:" in r.rule]
    assert len(int_rules) > 20
    adapter = app.url_map.bind("localhost")
    for rule in int_rules:
        path = re.sub(r"<int:[^>]+>", huge, rule.rule)
        path = re.sub(r"<any\(([^,)]+)[^>]*>", lambda m: m.group(1).strip(), path)
        path = re.sub(r"<[^>]+>", "x", path)  # other parts (codes, references) get a plain value
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        with pytest.raises(NotFound):
            adapter.match(path, method=method)
        assert adapter.match(re.sub(huge, "7", path), method=method)[0] == rule.endpoint


def test_search_suggestions_document_q_as_optional_as_the_api_treats_it(client):
    """Without q, or with more than 100 characters (cut), the API answers 200; the document said q
    was required and at most 100 long (the fuzzer's "schema-violating request accepted")."""
    document = client.get("/api/v1/openapi.json").get_json()
    [q] = document["paths"]["/api/v1/search/suggestions"]["get"]["parameters"]

    assert q["required"] is False and "maxLength" not in q["schema"]
    assert client.get("/api/v1/search/suggestions").status_code == 200
    assert client.get("/api/v1/search/suggestions?q=" + "g" * 300).status_code == 200
