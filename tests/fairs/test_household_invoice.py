"""A household's invoice carries its representative's personal number as the payer's tax code."""

from marketplace.fairs import payment_link
from marketplace.producers import services
from tests import factories
from tests.fairs.test_payment_link import submit_through_the_site

PERSONAL = "038085012345"


def test_a_household_s_invoice_prints_its_personal_number_as_the_payer_s_tax_code(client, login, db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(
        name="Hộ Chiếu cói Lê Văn Bình", establishment_type="household", commit=True
    )
    services.update_producer(producer, {"tax_code": "038 085 012 345"})  # as the profile form sends it
    db.session.commit()

    booking = submit_through_the_site(client, login, db, fair, user, producer)
    invoice = payment_link.invoice_of(booking)

    assert invoice.payer_tax_code == PERSONAL
    page = client.get(f"/payments/{invoice.reference}").get_data(as_text=True)
    assert PERSONAL in page and "Hộ Chiếu cói Lê Văn Bình" in page
