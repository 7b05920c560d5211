"""An organiser writes booth prices and subsidies as the site shows them: '5.000.000 ₫' is five million."""

from marketplace.fairs.models import BoothType
from tests import factories


def test_a_booth_price_and_a_subsidy_cap_are_read_as_the_site_writes_them(client, csrf, db, login, organiser):
    fair = factories.fair(organiser, publish=False, commit=True)
    login(organiser)
    token = csrf(f"/fairs/manage/{fair.id}/types")

    created = client.post(
        f"/fairs/manage/{fair.id}/types",
        data={
            "csrf_token": token,
            "code": "premium",
            "name": "Gian cao cấp",
            "kind": "standard",
            "price_vnd": "12.500.000 ₫",
        },
    )

    assert created.status_code == 303, created.get_data(as_text=True)
    premium = db.session.scalar(db.select(BoothType).where(BoothType.fair_id == fair.id, BoothType.code == "premium"))
    assert premium.price_vnd == 12_500_000
    form = client.get(f"/fairs/manage/{fair.id}/types/{premium.id}").get_data(as_text=True)
    assert 'value="12.500.000"' in form and 'inputmode="numeric"' in form


def test_a_booth_price_with_a_fraction_of_a_dong_is_refused_in_place(client, csrf, db, login, organiser):
    fair = factories.fair(organiser, publish=False, commit=True)
    login(organiser)
    token = csrf(f"/fairs/manage/{fair.id}/types")

    refused = client.post(
        f"/fairs/manage/{fair.id}/types",
        data={
            "csrf_token": token,
            "code": "premium",
            "name": "Gian cao cấp",
            "kind": "standard",
            "price_vnd": "12.500,5",
        },
    )

    assert refused.status_code == 422
    assert "số đồng nguyên" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(BoothType).where(BoothType.code == "premium")) is None
