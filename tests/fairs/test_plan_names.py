"""The floor-plan CSV names booth types by code or by name, and the page's example is made of the
fair's own types, so that the example imports as shown."""

import html
import io
import re

import pytest
from sqlalchemy import select

from marketplace.fairs import organise, plan_import
from marketplace.fairs.models import Booth
from tests.factories import booth, fair_values


@pytest.fixture
def own_types_fair(db, organiser):
    """A fair whose booth types are not called "standard" and "corner": the old example's names."""
    fair = organise.create_fair(fair_values(), organiser)
    organise.save_booth_type(
        fair, {"code": "tc", "kind": "standard", "name": "Gian tiêu chuẩn 3 × 3 m", "price_vnd": 6_000_000}
    )
    organise.save_booth_type(fair, {"code": "goc", "kind": "corner", "name": "Gian góc", "price_vnd": 8_000_000})
    organise.save_hall(fair, {"name": "Nhà B", "width_m": 40, "depth_m": 20})
    db.session.commit()
    return fair


@pytest.mark.parametrize(
    "written", ["tc", "TC", "Gian tiêu chuẩn 3 × 3 m", "gian tieu chuan 3x3 m", "GIAN TIÊU CHUẨN 3 X 3 M"]
)
def test_a_booth_type_is_found_by_its_code_or_its_name(db, own_types_fair, written):
    report = plan_import.import_plan(own_types_fair.halls[0], f'code,type,x,y,w,h\nA01,"{written}",1,1,,\n')
    assert (report.created, report.errors) == (1, [])
    assert booth(own_types_fair, "A01").booth_type.code == "tc"


def test_a_name_that_is_no_type_s_code_or_name_is_still_refused(db, own_types_fair):
    report = plan_import.import_plan(own_types_fair.halls[0], "code,type,x,y,w,h\nA01,standard,1,1,3,3\n")
    assert report.created == 0 and len(report.errors) == 1 and "standard" in report.errors[0]


def test_the_example_on_the_plan_page_uses_this_fair_s_types_and_imports_as_shown(
    client, csrf, db, login, organiser, own_types_fair
):
    login(organiser)
    fair, hall = own_types_fair, own_types_fair.halls[0]
    page = client.get(f"/fairs/manage/{fair.id}/halls/{hall.id}").get_data(as_text=True)
    example = html.unescape(re.search(r'<pre class="example">(.*?)</pre>', page, re.S).group(1))
    assert "standard" not in example and "tc" in example and "Gian góc" not in example
    assert "Gian tiêu chuẩn 3 × 3 m" in example  # a type by its name, too

    response = client.post(
        f"/fairs/manage/{fair.id}/halls/{hall.id}/import",
        data={
            "csrf_token": csrf(f"/fairs/manage/{fair.id}/halls/{hall.id}"),
            "plan": (io.BytesIO(example.encode()), "plan.csv"),
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 303, response.get_data(as_text=True)
    codes = db.session.scalars(select(Booth.code).where(Booth.fair_id == fair.id).order_by(Booth.code)).all()
    assert codes == ["A01", "A02", "A03"]
    assert [booth(fair, code).booth_type.code for code in codes] == ["tc", "goc", "tc"]
