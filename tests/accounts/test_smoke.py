def test_home_renders_in_vietnamese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.get_data(as_text=True)


def test_commit_in_request_is_rolled_back_after_test(client, db, make_user):
    user = make_user()
    assert db.session.get(type(user), user.id) is not None
