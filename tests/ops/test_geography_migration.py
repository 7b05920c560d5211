"""Migration 0003 loads its own frozen copy of the geography, whatever the live data file says later."""

import json

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from marketplace import create_app
from marketplace.config import PROJECT_ROOT
from marketplace.extensions import db
from marketplace.geography import resolver
from tests.support import database_url_for, dispose_engines

MIGRATIONS = str(PROJECT_ROOT / "migrations")
FROZEN = PROJECT_ROOT / "migrations" / "data" / "geography_0003.json"


@pytest.fixture
def changed_live_geography(tmp_path, monkeypatch):
    """The live geography file as a later release might have it: a province renamed, communes gone."""
    live = json.loads(resolver.DATA_FILE.read_text(encoding="utf-8"))
    live["provinces"][0]["name"] = "Renamed Later"
    live["communes"] = live["communes"][:10]
    changed = tmp_path / "vietnam_later.json"
    changed.write_text(json.dumps(live, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(resolver, "DATA_FILE", changed)
    resolver._index.cache_clear()
    yield
    monkeypatch.undo()
    resolver._index.cache_clear()


@pytest.fixture
def fresh_site(tmp_path):
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "geography-migration-secret",
            "DATA_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": database_url_for("geography", tmp_path),
        }
    )
    yield app
    dispose_engines(app)


def rows(sql: str) -> list[dict]:
    return [dict(row) for row in db.session.execute(text(sql)).mappings()]


def test_a_fresh_upgrade_loads_the_frozen_provinces_and_communes(fresh_site, changed_live_geography):
    frozen = json.loads(FROZEN.read_text(encoding="utf-8"))

    with fresh_site.app_context():
        upgrade(directory=MIGRATIONS, revision="0003")
        provinces = rows("SELECT code, name, name_folded, kind FROM provinces ORDER BY code")
        communes = rows("SELECT code, province_code, name, name_folded, kind FROM communes ORDER BY code")
        db.session.remove()

    assert provinces == sorted(frozen["provinces"], key=lambda p: p["code"])
    assert communes == sorted(frozen["communes"], key=lambda c: c["code"])
    assert (len(provinces), len(communes)) == (34, 3321)  # the 2025 map: 34 provinces and cities
    assert {"code": "01", "name": "Hà Nội", "name_folded": "ha noi", "kind": "thanh_pho"} in provinces
