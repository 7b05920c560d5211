"""An XSS corpus typed into every free-text field comes back escaped on every page that shows it."""

import json
from html.parser import HTMLParser

from tests.hardening.access_rules import all_rules
from tests.hardening.sweep import urls_for

PROBE = "xss-probe"
# Each must come back as text: a tag, an event handler, a closing script, a javascript: link.
CORPUS = [
    '"><xss-probe onmouseover=1>',
    "'><svg onload=xss-probe>",
    "</script><script>xss-probe()</script>",
    "javascript:xss-probe()//",
    "{{7*7}}<xss-probe>",
]


def payload(index: int, limit: int = 200) -> str:
    return CORPUS[index % len(CORPUS)][:limit]


class Injected(HTMLParser):
    """Collects what a payload would have to become to run: elements, handlers, script bodies."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.in_script, self.json_blocks = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == PROBE:
            self.found.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}= handler")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value!r}")
        self.in_script = dict(attrs).get("type", "text/javascript") if tag == "script" else None

    def handle_data(self, data):
        if self.in_script is None:
            return
        if self.in_script == "application/ld+json":
            self.json_blocks.append(data)
        elif PROBE in data:
            self.found.append(f"script body runs {data[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None


def injected(html: str) -> list[str]:
    parser = Injected()
    parser.feed(html)
    for block in parser.json_blocks:
        json.loads(block)  # a payload that broke out of the JSON-LD would make it invalid
    return parser.found


def fill_producer_profile(client, token, producer, province="01"):
    text_fields = (
        "name",
        "registration_number",
        "address",
        "craft_village_name",
        "representative",
        "capacity",
        "raw_materials",
        "description",
        "description_en",
        "commune",
    )
    data = {field: payload(i) for i, field in enumerate(text_fields)}
    data.update(
        establishment_type="cooperative",
        province_code=province,
        craft_village="y",
        website='https://x.vn/"><xss-probe>',
        csrf_token=token,
    )
    return client.post(f"/producers/{producer.id}/edit", data=data)


def fill_product(client, token, product):
    text_fields = ("name", "name_en", "category", "description", "description_en", "unit", "annual_output", "packaging")
    data = {field: payload(i, 40) for i, field in enumerate(text_fields)}
    data.update(code=payload(2, 40), group_number="1", kind="product", price="1.250.000", csrf_token=token)
    return client.post(f"/manage/products/{product.id}/edit", data=data)


def test_the_corpus_through_every_text_field_renders_escaped(app, world, actors):
    owner = actors["producer"]
    client = owner.fresh_client()
    assert fill_producer_profile(client, owner.csrf_token, world.producer).status_code == 302
    assert fill_product(client, owner.csrf_token, world.product).status_code == 302
    client.post(
        f"/producers/{world.producer.id}/photos/{world.producer_photo.id}",
        data={"action": "save", "text": payload(0), "csrf_token": owner.csrf_token},
    )
    client.post(
        f"/manage/products/{world.product.id}/certifications",
        data={"kind": "other", "number": payload(1, 60), "issuer": payload(0), "csrf_token": owner.csrf_token},
    )

    problems, pages, shown = [], 0, 0
    for rule in all_rules():
        for url, methods in urls_for(app, rule, world):
            if "GET" not in methods or url.startswith(("/static/", "/media/")):
                continue
            for name in ("anonymous", "buyer", "producer", "admin"):
                response = actors[name].fresh_client().get(url)
                if "html" not in (response.mimetype or "") or response.status_code != 200:
                    continue
                pages += 1
                html = response.get_data(as_text=True)
                shown += PROBE in html  # the payload is on the page, as text
                problems += [f"{url} as {name}: {what}" for what in injected(html)]

    assert pages > 30 and shown > 10, (pages, shown)
    assert not problems, "\n".join(problems)


def test_the_detector_sees_an_unescaped_payload():
    """The check above is not vacuous: raw markup from the corpus is reported."""
    assert injected(f"<p>{CORPUS[0]}</p>")
    assert injected(f"<p>{CORPUS[2]}</p>")
    assert injected('<a href="javascript:xss-probe()">x</a>')
    assert not injected("<p>&lt;xss-probe onmouseover=1&gt;</p>")
    assert injected('<svg onload="xss-probe"></svg>')
