"""Every paged list reads its page number one way (core.pagination.page_number): text, zero, negative
or a number too large for the database shows page 1 instead of an error."""

import pytest

ODD = ["abc", "0", "-3", "99999999999999999999", "1.5"]
PUBLIC = ["/products", "/producers", "/requests", "/fairs/announcements/"]
STAFF = ["/manage/imports", "/producers/staff", "/admin/users", "/admin/audit"]


@pytest.mark.parametrize("raw", ODD)
def test_an_odd_page_number_shows_the_first_page_of_every_list(client, db, login, make_user, raw):
    for path in PUBLIC:
        assert client.get(f"{path}?page={raw}").status_code == 200, path
    login(make_user("admin"))
    for path in STAFF:
        assert client.get(f"{path}?page={raw}").status_code == 200, path
