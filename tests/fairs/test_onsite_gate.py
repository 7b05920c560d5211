"""Check-in at the gate: a genuine badge enters once a day (a second scan, from any gate or resent
from a phone that was offline, answers `already_in`, a resent scan id answers as the first time);
forged codes, another fair's badges and withdrawn ones stay out; only the fair's organisers use the
endpoint, with the page's CSRF token."""

from datetime import UTC, datetime, timedelta

import pytest

from marketplace.fairs.onsite import badges, gate
from marketplace.fairs.onsite.codes import EXHIBITOR, VISITOR, badge_code
from marketplace.fairs.onsite.models import CheckIn
from marketplace.fairs.onsite.permissions import can_run_gate
from tests import factories
from tests.conftest import csrf_token_from
from tests.fairs.onsite_support import exhibit

NOON_IN_HANOI = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


@pytest.fixture
def world(db, organiser, make_user):
    """Two fairs; at the first, a paid exhibitor with one named staff member; a buyer (a visitor)."""
    fair = factories.fair(organiser, commit=True)
    other_fair = factories.fair(organiser, name="Hội chợ khác", commit=True)
    user, producer = factories.producer_account(name="HTX Dệt thổ cẩm", commit=True)
    exhibit(db, fair, user, producer, "S01")
    other_user, other_producer = factories.producer_account(commit=True)
    exhibit(db, other_fair, other_user, other_producer, "S01")
    staff = badges.add_staff_badge(fair, producer, "Hà Thị Mai", user)
    elsewhere = badges.add_staff_badge(other_fair, other_producer, "Lò Văn Pá", other_user)
    db.session.commit()
    return {
        "fair": fair,
        "other_fair": other_fair,
        "staff": staff,
        "elsewhere": elsewhere,
        "visitor": make_user("buyer", name="Khách Tham Quan"),
        "exhibitor_user": user,
        "producer": producer,
    }


def scan(code, scan_id=None, when=NOON_IN_HANOI):
    return gate.Scan(scan_id or f"scan-{code[-8:]}-{when.timestamp():.0f}", code, when)


# --- the service --------------------------------------------------------------------------------


def test_a_staff_badge_enters_once_a_day(db, world, organiser):
    code = badge_code(EXHIBITOR, world["staff"].id)

    first = gate.check_in(world["fair"], scan(code, "first-scan"), organiser, NOON_IN_HANOI)
    again = gate.check_in(world["fair"], scan(code, "second-scan"), organiser, NOON_IN_HANOI)

    assert first.status == gate.CHECKED_IN and "Hà Thị Mai" in first.label
    assert again.status == gate.ALREADY_IN and again.first_at == NOON_IN_HANOI
    assert db.session.query(CheckIn).count() == 1


def test_a_resent_scan_answers_as_the_first_time_and_records_nothing_more(db, world, organiser):
    code = badge_code(VISITOR, world["visitor"].id)

    first = gate.check_in(world["fair"], scan(code, "resent-scan"), organiser, NOON_IN_HANOI)
    resent = gate.check_in(world["fair"], scan(code, "resent-scan"), organiser, NOON_IN_HANOI + timedelta(hours=1))

    assert first.status == resent.status == gate.CHECKED_IN
    assert resent.label == "Khách Tham Quan"
    assert db.session.query(CheckIn).count() == 1


def test_the_next_day_in_vietnam_is_a_new_entry(db, world, organiser):
    code = badge_code(VISITOR, world["visitor"].id)
    late_evening = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)  # 23:30 in Hanoi
    after_midnight = datetime(2026, 12, 7, 17, 30, tzinfo=UTC)  # 00:30 the next day in Hanoi

    first = gate.check_in(world["fair"], scan(code, "evening-scan", late_evening), organiser, after_midnight)
    second = gate.check_in(world["fair"], scan(code, "morning-scan", after_midnight), organiser, after_midnight)

    assert (first.status, second.status) == (gate.CHECKED_IN, gate.CHECKED_IN)
    assert sorted(str(row.day) for row in db.session.query(CheckIn)) == ["2026-12-07", "2026-12-08"]


@pytest.mark.parametrize(
    "make_code, expected",
    [
        (lambda w: badge_code(EXHIBITOR, w["staff"].id)[:-2] + "AA", gate.INVALID),  # signature forged
        (lambda w: "CNNT-V-1-ABCDEFGH", gate.INVALID),
        (lambda w: "not a badge", gate.INVALID),
        (lambda w: badge_code(EXHIBITOR, w["elsewhere"].id), gate.OTHER_FAIR),
        (lambda w: badge_code(EXHIBITOR, 999_999), gate.WITHDRAWN),  # genuine number, no such badge (withdrawn)
        (lambda w: badge_code(VISITOR, 999_999), gate.WITHDRAWN),  # no such account
    ],
    ids=["forged", "made-up", "garbage", "another-fair", "withdrawn-badge", "no-account"],
)
def test_what_stays_out(db, world, organiser, make_code, expected):
    result = gate.check_in(world["fair"], scan(make_code(world), "refused-scan"), organiser, NOON_IN_HANOI)

    assert result.status == expected
    assert db.session.query(CheckIn).count() == 0


def test_a_badge_whose_booth_is_no_longer_paid_stays_out(db, world, organiser):
    from marketplace.fairs.models import CANCELLED, Booking

    for booking in db.session.query(Booking).filter_by(producer_id=world["producer"].id):
        booking.status = CANCELLED
    db.session.flush()

    result = gate.check_in(world["fair"], scan(badge_code(EXHIBITOR, world["staff"].id)), organiser, NOON_IN_HANOI)

    assert result.status == gate.WITHDRAWN


def test_an_implausible_phone_clock_gives_way_to_the_servers(db, world, organiser):
    code = badge_code(VISITOR, world["visitor"].id)
    last_year = NOON_IN_HANOI - timedelta(days=365)

    gate.check_in(world["fair"], gate.Scan("old-clock-scan", code, last_year), organiser, NOON_IN_HANOI)

    assert db.session.query(CheckIn).one().scanned_at == NOON_IN_HANOI


def test_only_organisers_run_the_gate(world, organiser, make_user):
    assert can_run_gate(organiser, world["fair"])
    assert can_run_gate(make_user("admin"), world["fair"])
    assert not can_run_gate(world["exhibitor_user"], world["fair"])
    assert not can_run_gate(world["visitor"], world["fair"])


def test_the_day_list_names_the_fairs_staff_badges_and_who_is_in(db, world, organiser):
    # The scan's time and the list's day both at noon in Hanoi: with the server's clock for one of
    # them, this failed from 17:00 UTC on 7 December (already the 8th in Vietnam).
    gate.check_in(world["fair"], scan(badge_code(VISITOR, world["visitor"].id), "list-scan"), organiser, NOON_IN_HANOI)

    listed = gate.day_list(world["fair"], NOON_IN_HANOI)

    assert [b["code"] for b in listed["exhibitor_badges"]] == [badge_code(EXHIBITOR, world["staff"].id)]
    assert listed["already_in"] == [f"V-{world['visitor'].id}"] and listed["entries_today"] == 1


@pytest.mark.parametrize(
    "payload",
    [
        None,
        {},
        {"scans": []},
        {"scans": "x"},
        {"scans": [{"scan_id": "short", "code": "x"}]},
        {"scans": [{"scan_id": "same-id-123", "code": "a"}, {"scan_id": "same-id-123", "code": "b"}]},
        {"scans": [{"scan_id": "fine-id-123", "code": 5}]},
    ],
)
def test_a_malformed_batch_is_refused_whole(payload):
    with pytest.raises(gate.BadgeError):
        gate.read_scans(payload)


# --- the endpoint -------------------------------------------------------------------------------


def _token(client, fair):
    return csrf_token_from(client.get(f"/fairs/gate/{fair.id}").get_data(as_text=True))


def _post(client, fair, scans, token):
    return client.post(f"/fairs/gate/{fair.id}/check-ins", json={"scans": scans}, headers={"X-CSRFToken": token})


def test_the_endpoint_answers_each_scan_of_a_batch(client, login, db, world, organiser):
    login(organiser)
    token = _token(client, world["fair"])
    staff = badge_code(EXHIBITOR, world["staff"].id)
    visitor = badge_code(VISITOR, world["visitor"].id)
    now = datetime.now(UTC).isoformat()
    scans = [
        {"scan_id": "batch-scan-1", "code": staff, "scanned_at": now},
        {"scan_id": "batch-scan-2", "code": visitor.lower(), "scanned_at": now},
        {"scan_id": "batch-scan-3", "code": staff, "scanned_at": now},  # the same badge again
        {"scan_id": "batch-scan-4", "code": visitor[:-1] + ("Q" if visitor[-1] != "Q" else "R")},
        {"scan_id": "batch-scan-5", "code": badge_code(EXHIBITOR, world["elsewhere"].id)},
    ]

    answer = _post(client, world["fair"], scans, token)

    assert answer.status_code == 200
    statuses = [r["status"] for r in answer.get_json()["results"]]
    assert statuses == ["checked_in", "checked_in", "already_in", "invalid", "other_fair"]
    assert answer.get_json()["entries_today"] == 2
    resent = _post(client, world["fair"], scans[:1], token)
    assert resent.get_json()["results"][0]["status"] == "checked_in"
    assert db.session.query(CheckIn).count() == 2


def test_the_endpoint_refuses_a_missing_token(client, login, world, organiser):
    login(organiser)
    _token(client, world["fair"])
    scans = [{"scan_id": "csrf-scan-1", "code": badge_code(VISITOR, world["visitor"].id)}]

    assert _post(client, world["fair"], scans, "").status_code == 400
    assert _post(client, world["fair"], scans, "forged-token").status_code == 400


def test_non_organisers_get_403_and_strangers_401(client, login, world, make_user):
    scans = [{"scan_id": "who-scan-1", "code": badge_code(VISITOR, world["visitor"].id)}]
    login(world["exhibitor_user"])
    token = csrf_token_from(client.get("/fairs/my-badge").get_data(as_text=True))

    refused = _post(client, world["fair"], scans, token)

    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert client.get(f"/fairs/gate/{world['fair'].id}").status_code == 403
    assert client.get(f"/fairs/gate/{world['fair'].id}/today.json").status_code == 403
    client.post("/account/logout", data={"csrf_token": token})
    assert client.get(f"/fairs/gate/{world['fair'].id}/today.json").status_code == 401


def test_a_malformed_batch_gets_400_and_records_nothing(client, login, db, world, organiser):
    login(organiser)
    token = _token(client, world["fair"])

    answer = client.post(
        f"/fairs/gate/{world['fair'].id}/check-ins",
        data="scans",
        headers={"X-CSRFToken": token},
        content_type="application/json",
    )
    too_many = _post(client, world["fair"], [{"scan_id": f"many-scan-{n:04d}", "code": "x"} for n in range(201)], token)

    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "bad_request"
    assert too_many.status_code == 413
    assert db.session.query(CheckIn).count() == 0


def test_the_gate_page_may_use_the_camera_and_the_day_list_carries_a_token(client, login, world, organiser):
    login(organiser)

    page = client.get(f"/fairs/gate/{world['fair'].id}")
    listed = client.get(f"/fairs/gate/{world['fair'].id}/today.json").get_json()
    worker = client.get("/fairs/gate/sw.js")

    assert page.status_code == 200 and "camera=(self)" in page.headers["Permissions-Policy"]
    assert listed["csrf_token"] and listed["exhibitor_badges"][0]["label"].startswith("Hà Thị Mai")
    assert worker.status_code == 200 and "javascript" in worker.content_type and b"caches" in worker.data
    assert "camera=()" in client.get("/fairs/my-badge").headers["Permissions-Policy"]


def test_two_gates_at_the_same_moment_still_make_one_entry(db, world, organiser, monkeypatch):
    """The check before the insert can miss a scan another gate records at that instant: the unique key
    then refuses the second row, inside a savepoint, and the answer is `already_in`, the first kept."""
    code = badge_code(VISITOR, world["visitor"].id)
    gate.check_in(world["fair"], scan(code, "gate-one-scan"), organiser, NOON_IN_HANOI)
    monkeypatch.setattr(gate, "_entry", lambda *args: None)  # as if the other gate had not committed yet

    second = gate.check_in(world["fair"], scan(code, "gate-two-scan"), organiser, NOON_IN_HANOI)

    assert second.status == gate.ALREADY_IN
    assert [row.scan_id for row in db.session.query(CheckIn)] == ["gate-one-scan"]


def test_a_resend_with_another_code_does_not_borrow_its_label(db, world, organiser):
    visitor = badge_code(VISITOR, world["visitor"].id)
    gate.check_in(world["fair"], scan(visitor, "borrowed-scan"), organiser, NOON_IN_HANOI)

    resent = gate.check_in(world["fair"], scan(badge_code(EXHIBITOR, world["staff"].id), "borrowed-scan"), organiser)

    assert (resent.kind, resent.label) == (VISITOR, "")
    assert db.session.query(CheckIn).count() == 1
