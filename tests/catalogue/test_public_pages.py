"""The product page, the home page's catalogue sections and the sitemap: what visitors, search engines and
link previews get, and what they must never get (drafts, script injected through a product's name)."""

import json
import re
from xml.etree import ElementTree

from marketplace.catalogue import services
from tests import factories

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def meta(html: str, prop: str) -> str | None:
    match = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def test_the_product_page_shows_what_a_buyer_needs(client, db, producer):
    product = factories.product(
        producer,
        photo=True,
        name="Giỏ mây có nắp",
        price_vnd=1_250_000,
        unit="chiếc",
        min_order_qty=10,
        description="Đan tay.\nPhơi nắng.",
        category="Mây tre đan",
        commit=True,
    )
    services.add_certification(product, "ocop", granted=True, stars=4, number="OCOP-7")
    db.session.commit()

    page = client.get(f"/products/{product.id}").get_data(as_text=True)

    assert "<h1>Giỏ mây có nắp</h1>" in page and "1.250.000 ₫" in page and "Mây tre đan" in page
    assert "OCOP-7" in page and "★★★★" in page
    assert producer.name in page and f'href="/producers/{producer.id}"' in page
    assert 'loading="lazy"' in page or 'fetchpriority="high"' in page
    assert re.search(r'srcset="[^"]+320w, [^"]+ 640w"', page)  # the browser picks a size


def test_open_graph_tags_describe_the_product_for_link_previews(client, db, producer):
    product = factories.product(producer, photo=True, name="Nước mắm nhĩ", description="Ủ chượp 12 tháng.", commit=True)

    page = client.get(f"/products/{product.id}").get_data(as_text=True)

    assert meta(page, "og:type") == "product"
    assert meta(page, "og:title") == "Nước mắm nhĩ"
    assert meta(page, "og:description") == "Ủ chượp 12 tháng."
    assert meta(page, "og:url") == f"http://localhost/products/{product.id}/{product.slug}"
    assert meta(page, "og:image").startswith("http://localhost/media/") and meta(page, "og:image").endswith(".jpg")


def test_json_ld_describes_the_product_with_its_offer(client, db, producer):
    product = factories.product(
        producer, photo=True, name="Chiếu cói", price_vnd=210_000, min_order_qty=20, commit=True
    )

    page = client.get(f"/products/{product.id}").get_data(as_text=True)

    [data] = [json.loads(block) for block in JSON_LD.findall(page)]
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == "Chiếu cói" and data["sku"] == product.code
    assert data["offers"] == {
        "@type": "Offer",
        "price": 210_000,
        "priceCurrency": "VND",
        "url": f"http://localhost/products/{product.id}/{product.slug}",
        "seller": {"@type": "Organization", "name": producer.name},
        "eligibleQuantity": {"@type": "QuantitativeValue", "minValue": 20},
    }
    assert data["manufacturer"]["url"] == f"http://localhost/producers/{producer.id}"


def test_a_price_on_request_product_makes_no_offer(client, db, producer):
    product = factories.product(producer, price_vnd=None, commit=True)
    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    [data] = [json.loads(block) for block in JSON_LD.findall(page)]
    assert "offers" not in data


def test_text_in_a_product_cannot_break_out_of_the_json_ld_or_the_page(client, db, producer):
    evil = '</script><script>alert("x")</script>'
    product = factories.product(producer, name=f"Giỏ {evil}", description=evil, commit=True)

    page = client.get(f"/products/{product.id}").get_data(as_text=True)

    assert "<script>alert" not in page
    [data] = [json.loads(block) for block in JSON_LD.findall(page)]
    assert data["name"] == f"Giỏ {evil}" and data["description"] == evil


def test_the_json_ld_block_is_data_the_content_security_policy_does_not_need_to_allow(client, db, producer):
    """script-src 'self' governs scripts that run; a block of type application/ld+json never runs, so the
    strict policy stays as it is (the browser journey also checks no violation is reported)."""
    product = factories.product(producer, commit=True)
    response = client.get(f"/products/{product.id}")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    scripts = re.findall(r"<script([^>]*)>", response.get_data(as_text=True))
    assert all("src=" in attrs or 'type="application/ld+json"' in attrs for attrs in scripts)


def test_a_draft_page_is_for_its_editors_and_not_indexed(client, db, login, owner, producer):
    product = factories.product(producer, published=False, commit=True)
    login(owner)
    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert 'content="noindex"' in page and "application/ld+json" not in page
    assert f'href="/manage/products/{product.id}/edit"' in page


def test_a_product_of_a_hidden_producer_is_not_public(client, db, producer):
    product = factories.product(producer, commit=True)
    producer.is_published = False
    db.session.commit()
    assert client.get(f"/products/{product.id}").status_code == 404
    assert client.get("/products/999999").status_code == 404
    assert client.get("/products/99999999999999999").status_code == 404


def test_the_slug_in_the_address_is_optional(client, db, producer):
    product = factories.product(producer, name="Đèn lồng Hội An", commit=True)
    assert client.get(f"/products/{product.id}").status_code == 200
    assert client.get(f"/products/{product.id}/den-long-hoi-an").status_code == 200


def test_the_sitemap_lists_public_pages_only(client, db, producer):
    public = factories.product(producer, name="Công khai", commit=True)
    draft = factories.product(producer, published=False, name="Nháp", commit=True)
    hidden_producer = factories.producer(name="Ẩn", commit=True)
    hidden_producer.is_published = False
    hidden_product = factories.product(hidden_producer, commit=True)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200 and response.mimetype == "application/xml"
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(response.data)  # noqa: S314  (our own sitemap, not outside input)
    locations = [e.text for e in root.findall("s:url/s:loc", namespace)]
    assert "http://localhost/" in locations and "http://localhost/products" in locations
    assert f"http://localhost/products/{public.id}/{public.slug}" in locations
    assert f"http://localhost/producers/{producer.id}" in locations
    assert not any(f"/products/{p.id}/" in loc for p in (draft, hidden_product) for loc in locations)
    assert f"http://localhost/producers/{hidden_producer.id}" not in locations


def test_the_home_page_shows_the_search_box_the_four_groups_new_products_and_producers(client, db, producer):
    producer.featured = True
    newest = factories.product(producer, name="Sản phẩm mới nhất", group_number=2, photo=True, commit=True)

    page = client.get("/").get_data(as_text=True)

    assert 'role="search"' in page and 'action="/products"' in page and 'name="q"' in page
    for number in (1, 2, 3, 4):
        assert f'href="/products?group={number}"' in page
    assert newest.name in page and producer.name in page
    assert (
        page.index('id="home-search-heading"')
        < page.index('id="home-newest-heading"')
        < page.index('id="home-producers-heading"')
    )


def test_the_home_page_hides_empty_sections_on_an_empty_catalogue(client, db):
    page = client.get("/").get_data(as_text=True)
    assert 'id="home-search-heading"' in page
    assert 'id="home-newest-heading"' not in page and 'id="home-producers-heading"' not in page


def test_robots_txt_points_to_the_sitemap_and_away_from_management_pages(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in text and "Disallow: /manage/" in text


def test_the_listing_and_the_directory_carry_sharing_tags_and_keep_filtered_pages_out_of_the_index(client, db):
    for path, filtered in (("/products", "/products?group=2"), ("/producers", "/producers?province=38")):
        plain = client.get(path).get_data(as_text=True)
        assert meta(plain, "og:url") == f"http://localhost{path}" and meta(plain, "og:title")
        assert 'content="noindex' not in plain
        variant = client.get(filtered).get_data(as_text=True)
        assert f'<link rel="canonical" href="http://localhost{path}">' in variant
        assert '<meta name="robots" content="noindex, follow">' in variant
