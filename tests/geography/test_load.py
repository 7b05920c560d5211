"""load_geography fills the provinces and communes tables once and then changes nothing."""

from sqlalchemy import func, select, update

from marketplace.geography.models import CommuneRow, ProvinceRow
from marketplace.geography.services import load_geography


def _counts(session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(ProvinceRow)),
        session.scalar(select(func.count()).select_from(CommuneRow)),
    )


def test_loads_every_province_and_commune(db):
    load_geography(db.session)
    assert _counts(db.session) == (34, 3321)

    thanh_hoa = db.session.get(ProvinceRow, "38")
    assert (thanh_hoa.name, thanh_hoa.name_folded) == ("Thanh Hóa", "thanh hoa")
    assert thanh_hoa.kind == "tinh"
    ba_dinh = db.session.get(CommuneRow, "00004")
    assert (ba_dinh.name, ba_dinh.kind, ba_dinh.province.code) == ("Ba Đình", "phuong", "01")
    special_zones = select(func.count()).select_from(CommuneRow).where(CommuneRow.kind == "dac_khu")
    assert db.session.scalar(special_zones) == 13


def test_second_load_adds_nothing(db):
    load_geography(db.session)
    assert load_geography(db.session) == (0, 0)
    assert _counts(db.session) == (34, 3321)


def test_load_repairs_a_changed_row(db):
    load_geography(db.session)
    db.session.execute(update(ProvinceRow).where(ProvinceRow.code == "38").values(name="Wrong"))
    assert load_geography(db.session) == (1, 0)
    db.session.expire_all()
    assert db.session.get(ProvinceRow, "38").name == "Thanh Hóa"
