"""Search in the pages, through real requests: the box everywhere, suggestions, highlights, help."""

import pytest


@pytest.fixture
def web(judged):
    app, ids = judged
    return app.test_client(), ids


@pytest.mark.parametrize("path", ["/", "/products", "/producers", "/account/login"])
def test_the_search_box_is_on_every_page_and_works_without_javascript(web, path):
    client, _ids = web
    html = client.get(path).get_data(as_text=True)
    assert 'id="site-q"' in html and 'name="q"' in html
    assert 'action="/products"' in html and 'method="get"' in html
    assert "/static/js/search.js" in html and "<script>" not in html  # no inline script (CSP)


def test_results_mark_the_matched_words_whatever_accents_were_typed(web):
    client, _ids = web
    html = client.get("/products?q=gom+bat+trang").get_data(as_text=True)
    assert "<mark>gốm</mark>" in html and "<mark>Bát Tràng</mark>" in html  # neighbours share a mark


def test_a_typo_gets_did_you_mean_and_its_results(web):
    client, _ids = web
    html = client.get("/products?q=bat+trag").get_data(as_text=True)
    assert "Có phải bạn muốn tìm" in html
    assert "/products?q=bat+trang" in html
    assert "Bình gốm men lam Bát Tràng".split()[0] in html


def test_the_any_word_fallback_is_said_on_the_page(web):
    client, _ids = web
    html = client.get("/products?q=nuoc+mam+xyzzyq").get_data(as_text=True)
    assert "xyzzyq" in html and ("these have some of them" in html or "một vài từ" in html)
    assert "<mark>Nước mắm</mark> nhĩ cá cơm than" in html


def test_an_empty_result_offers_the_product_groups(web):
    client, _ids = web
    html = client.get("/products?q=qqqqzzzz").get_data(as_text=True)
    assert "/products?group=1" in html and "/products?group=4" in html


def test_the_filter_panel_shows_facet_counts(web):
    client, _ids = web
    html = client.get("/products?q=nuoc+mam").get_data(as_text=True)
    assert "(2)</option>" in html  # the food group holds both fish sauces


def test_suggestions_complete_the_last_word_and_mark_it(web):
    client, ids = web
    response = client.get("/api/v1/search/suggestions?q=nuoc+ma")
    assert response.status_code == 200 and response.mimetype == "application/json"
    items = response.get_json()["items"]
    assert {item["id"] for item in items[:2]} == {ids["NM01"], ids["NM02"]}
    assert "<mark>Nước mắm</mark>" in items[0]["html"]
    assert items[0]["url"].startswith(f"/products/{items[0]['id']}/")


def test_suggestions_for_a_prefix_without_accents(web):
    client, ids = web
    items = client.get("/api/v1/search/suggestions?q=gom+bat+tr").get_json()["items"]
    assert items[0]["id"] == ids["GM01"]


def test_suggestions_answer_nothing_for_too_little(web):
    client, _ids = web
    assert client.get("/api/v1/search/suggestions?q=a").get_json()["items"] == []
    assert client.get("/api/v1/search/suggestions").get_json()["items"] == []
    response = client.get("/api/v1/search/suggestions?q=%3Cscript%3Ealert(1)")
    assert response.status_code == 200 and response.get_json()["items"] == []
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # JSON, never sniffed as HTML


def test_highlighting_escapes_the_text_and_marks_only_matches():
    from marketplace.search.highlight import highlight

    marked = str(highlight("Gốm <b>Bát Tràng</b> & co", {"bat"}, ("tr",)))
    assert marked == "Gốm &lt;b&gt;<mark>Bát Tràng</mark>&lt;/b&gt; &amp; co"
    assert str(highlight("Bát, Tràng", {"bat", "trang"})) == "<mark>Bát</mark>, <mark>Tràng</mark>"
