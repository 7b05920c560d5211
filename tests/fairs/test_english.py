"""English pages show a fair's and its booth types' English texts, falling back to the Vietnamese; the
organiser's forms take them."""

from marketplace.fairs import organise
from tests import factories


def test_english_pages_show_the_english_texts_and_vietnamese_pages_the_vietnamese(client, db, organiser):
    fair = factories.fair(
        organiser,
        name_en="Rural Industry Test Fair",
        venue_en="Exhibition Hall",
        description="Hội chợ thử.",
        description_en="A test fair.",
        commit=True,
    )
    standard = next(t for t in fair.booth_types if t.code == "standard")
    organise.save_booth_type(
        fair,
        {
            "code": "standard",
            "kind": "standard",
            "name": "Gian tiêu chuẩn",
            "name_en": "Standard booth",
            "price_vnd": 6_000_000,
            "inclusions": "1 bàn\n2 ghế",
            "inclusions_en": "1 table\n2 chairs",
        },
        standard,
    )
    db.session.commit()

    vietnamese = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    client.set_cookie("lang", "en")
    english = client.get(f"/fairs/{fair.id}").get_data(as_text=True)

    assert "Hội chợ CNNT thử nghiệm" in vietnamese and "Rural Industry Test Fair" not in vietnamese
    for text in ("Rural Industry Test Fair", "Exhibition Hall", "A test fair.", "Standard booth", "2 chairs"):
        assert text in english, text
    assert "Gian góc" in english  # no English name: the Vietnamese one


def test_the_organiser_enters_the_english_texts(client, csrf, db, login, organiser):
    fair = factories.fair(organiser, publish=False, commit=True)
    login(organiser)
    page = f"/fairs/manage/{fair.id}/types"
    assert 'name="name_en"' in client.get(page).get_data(as_text=True)

    token = csrf(page)
    saved = client.post(
        page,
        data={
            "csrf_token": token,
            "code": "double",
            "name": "Gian đôi",
            "kind": "double",
            "price_vnd": "9000000",
            "name_en": "Double booth",
            "inclusions_en": "2 tables",
        },
    )

    assert saved.status_code == 303
    double = next(t for t in fair.booth_types if t.code == "double")
    assert (double.name_en, double.inclusions_en) == ("Double booth", "2 tables")
    assert 'name="description_en"' in client.get(f"/fairs/manage/{fair.id}").get_data(as_text=True)
