"""Awards mail through real requests: each sent after the commit, in its recipient's language, with the links
the recipient needs (the dossier, the jury's sheets, the certificate)."""

from urllib.parse import urlsplit

from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_programmes as programmes
from marketplace.catalogue import services as catalogue
from marketplace.producers import services as producers
from tests import factories
from tests.conftest import post_form
from tests.factories import PROVINCE, fill_dossier


def _submitted(db, organiser, owners):
    """A programme in screening with one submitted dossier per owner account (None: a producer without one,
    filed by the centre's staff)."""
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    entries = []
    for owner in owners:
        product = factories.entrant(owner=owner, commit=True)[1][0] if owner else _product_without_account(organiser)
        filer = owner or organiser
        nomination = dossiers.nominate(programme, product, 1, filer, on_behalf=owner is None)
        fill_dossier(nomination, filer)
        dossiers.submit_dossier(nomination, filer)
        entries.append(nomination)
    programmes.advance_phase(programme, organiser)
    db.session.commit()
    return programme, entries


def _product_without_account(organiser):
    """A producer the centre created: no member account, only the establishment's own address."""
    producer = producers.create_producer(
        {
            "name": "HTX Mây tre Ngọc Lặc",
            "establishment_type": "cooperative",
            "province_code": PROVINCE,
            "email": "htx.mayre@example.vn",
        },
        created_by=organiser,
    )
    product = catalogue.create_product(producer, {"code": "MT-1", "name": "Khay mây", "group_number": 1})
    catalogue.publish_product(product)
    return product


def _screen(client, programme, nomination, decision, note=""):
    page = f"/awards/manage/{programme.id}/dossiers"
    return post_form(
        client, page, f"/awards/manage/nominations/{nomination.id}/screen", {"decision": decision, "note": note}
    )


def test_the_producer_hears_each_screening_decision_in_its_own_language(
    client, login, db, organiser, make_user, outbox
):
    vi, en = make_user("producer", name="Chị Lan"), make_user("producer", name="Mr Binh", locale="en")
    third = make_user("producer", name="Anh Tú")
    programme, (accepted, returned, rejected) = _submitted(db, organiser, [vi, en, third])
    login(organiser)

    assert _screen(client, programme, accepted, "accept").status_code == 303
    assert _screen(client, programme, returned, "return", "Thiếu ảnh mặt sau & bao bì").status_code == 303
    assert _screen(client, programme, rejected, "reject", "Sản phẩm đơn chiếc").status_code == 303

    first, second, last = outbox.messages()
    assert (
        first["To"] == vi.email
        and first["Subject"] == f"Hồ sơ {accepted.code} đã được chấp nhận: {accepted.product.name}"
    )
    assert "Ban giám khảo sẽ chấm điểm" in first.get_content()
    assert second["To"] == en.email
    assert second["Subject"] == f"Dossier {returned.code} returned for completion: {returned.product.name}"
    body = second.get_content()
    assert "Thiếu ảnh mặt sau & bao bì" in body  # the note, verbatim (plain text is not HTML-escaped)
    assert f"http://localhost/awards/nominations/{returned.id}" in body
    assert last["To"] == third.email and "không được chấp nhận" in last["Subject"]
    assert "Sản phẩm đơn chiếc" in last.get_content()


def test_a_refused_screening_sends_nothing(client, login, db, organiser, make_user, outbox):
    programme, (nomination,) = _submitted(db, organiser, [make_user("producer")])
    login(organiser)

    assert _screen(client, programme, nomination, "return", "").status_code == 422
    assert outbox.messages() == []


def test_a_producer_without_an_account_hears_at_the_establishments_address(client, login, db, organiser, outbox):
    programme, (nomination,) = _submitted(db, organiser, [None])
    login(organiser)

    _screen(client, programme, nomination, "accept")

    (message,) = outbox.messages()
    assert message["To"] == "htx.mayre@example.vn" and "đã được chấp nhận" in message["Subject"]


def test_a_juror_hears_of_the_appointment_and_of_the_entries_given(client, login, db, organiser, make_user, outbox):
    programme, entries = _submitted(db, organiser, [make_user("producer"), make_user("producer")])
    for nomination in entries:
        dossiers.screen(nomination, "accept", None, organiser)
    db.session.commit()
    make_user("juror", name="Giám khảo Hoa", email="hoa@example.vn", locale="en")
    login(organiser)
    jury_page = f"/awards/manage/{programme.id}/jury"

    appointed = post_form(client, jury_page, jury_page, {"email": "hoa@example.vn", "group": "1"})
    assigned = post_form(client, jury_page, f"/awards/manage/{programme.id}/assign", {"mode": "all"})

    assert appointed.status_code == 303 and assigned.status_code == 303
    appointment, assignment = outbox.messages()
    assert appointment["To"] == "hoa@example.vn"
    assert appointment["Subject"] == f"You are on the jury of {programme.name}"
    assert "Handicrafts" in appointment.get_content() and "http://localhost/awards/jury/" in appointment.get_content()
    assert assignment["Subject"] == f"2 entries to score in {programme.name}"
    assert all(n.code in assignment.get_content() for n in entries)
    again = post_form(client, jury_page, f"/awards/manage/{programme.id}/assign", {"mode": "all"})
    assert again.status_code == 303 and len(outbox.messages()) == 2  # nothing new given, nothing sent


def test_nominees_hear_the_published_results_with_the_certificate_link(client, login, db, running, organiser, outbox):
    low = running.entries[1]
    for juror in running.jurors:
        running.score(low, juror, {"market": 20, "economic": 20, "culture": 5, "other": 5})  # 50: fails
    programme = running.to_voting()
    awarded_owner = running.entries[0].producer.members[0].user
    login(organiser)

    published = post_form(
        client,
        f"/awards/manage/{programme.id}/results",
        f"/awards/manage/{programme.id}/publish",
        {"confirm": "end_vote_early"},
    )

    assert published.status_code == 303
    by_recipient = {m["To"]: m for m in outbox.messages()}
    assert len(by_recipient) == 3  # every accepted entry's producer, awarded or not
    congratulations = by_recipient[awarded_owner.email]
    assert congratulations["Subject"].startswith("Chúc mừng")
    body = congratulations.get_content()
    assert "31/12/2029" in body and "123/QĐ-UBND" in body
    pdf_link = next(word for word in body.split() if word.endswith(".pdf"))
    pdf = client.application.test_client().get(urlsplit(pdf_link).path)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    not_awarded = by_recipient[low.producer.members[0].user.email]
    assert "50,00" in not_awarded.get_content() and ".pdf" not in not_awarded.get_content()
    assert f"http://localhost/awards/{programme.id}/results" in not_awarded.get_content()


def test_mail_goes_only_after_the_change_is_committed(client, login, db, running, organiser, outbox):
    """A publication refused by a rule (no decision number) writes nothing and mails no one."""
    programme = running.to_voting()
    programmes.update_settings(programme, {"decision_number": None}, organiser)
    db.session.commit()
    login(organiser)

    refused = post_form(
        client,
        f"/awards/manage/{programme.id}/results",
        f"/awards/manage/{programme.id}/publish",
        {"confirm": "end_vote_early"},
    )

    assert refused.status_code == 409
    assert outbox.messages() == []


def test_a_juror_hears_why_the_organiser_reopened_the_sheet(client, login, db, running, organiser, outbox):
    juror = running.jurors[0]
    sheet = running.score(running.entries[0], juror)
    db.session.commit()
    login(organiser)
    jury_page = f"/awards/manage/{running.programme.id}/jury"

    reopened = post_form(
        client, jury_page, f"/awards/manage/sheets/{sheet.id}/reopen", {"reason": "Điểm tiêu chí 2 vượt thực tế"}
    )

    assert reopened.status_code == 303
    (message,) = outbox.messages()
    assert message["To"] == juror.email
    assert message["Subject"] == f"Phiếu chấm của bạn cho {running.entries[0].code} đã được mở lại"
    assert "Điểm tiêu chí 2 vượt thực tế" in message.get_content()
    assert f"http://localhost/awards/jury/sheets/{sheet.id}" in message.get_content()
