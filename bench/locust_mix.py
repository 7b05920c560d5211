"""The load mix `bench/bench_load.py` drives with Locust: what visitors and buyers do most.

Run by bench_load.py (it sets the BENCH_* lists below from the demo data); not a bench_*.py itself.
"""

import json
import os
import random

from locust import HttpUser, between, task

PRODUCTS = json.loads(os.environ.get("BENCH_PRODUCTS", "[]"))
PRODUCERS = json.loads(os.environ.get("BENCH_PRODUCERS", "[]"))
TOKENS = json.loads(os.environ.get("BENCH_TOKENS", "[]"))  # bearer tokens of buyer accounts
PRODUCER_TOKENS = json.loads(os.environ.get("BENCH_PRODUCER_TOKENS", "[]"))  # each acts for its own establishment
FAIR = json.loads(os.environ.get("BENCH_FAIR", "null"))  # the demo fair open for registration
BOOTHS = json.loads(os.environ.get("BENCH_BOOTHS", "[]"))
PROGRAMME = json.loads(os.environ.get("BENCH_PROGRAMME", "null"))  # the demo programme in its public vote
ENTRIES = json.loads(os.environ.get("BENCH_ENTRIES", "[]"))
WORDS = ["gốm", "mây tre", "nước mắm", "lụa", "chè", "gỗ", "thổ cẩm", "mật ong", "cói", "bánh"]
PROVINCES = ["01", "38", "79", "48", ""]


def post_refusal_allowed(client, path: str, name: str, body: dict, token: str) -> None:
    """POST where 409 (the booth is taken, the account already voted) is the rule working, not an error."""
    with client.post(
        path, json=body, headers={"Authorization": f"Bearer {token}"}, name=name, catch_response=True
    ) as answer:
        if answer.status_code in (201, 409):
            answer.success()


class Visitor(HttpUser):
    """Someone browsing on a phone: searches, product and producer pages, the home page."""

    wait_time = between(0.2, 1.0)

    @task(5)
    def search(self):
        params = {"q": random.choice(WORDS), "province": random.choice(PROVINCES)}
        self.client.get("/products", params=params, name="/products?q=")

    @task(2)
    def browse_catalogue(self):
        self.client.get("/products", params={"page": random.randint(1, 3)}, name="/products?page=")

    @task(6)
    def product_page(self):
        if PRODUCTS:
            self.client.get(f"/products/{random.choice(PRODUCTS)}", name="/products/<id>")

    @task(2)
    def producer_page(self):
        if PRODUCERS:
            self.client.get(f"/producers/{random.choice(PRODUCERS)}", name="/producers/<id>")

    @task(1)
    def home(self):
        self.client.get("/", name="/")

    @task(1)
    def api_search(self):
        self.client.get("/api/v1/products", params={"q": random.choice(WORDS)}, name="/api/v1/products?q=")


class Buyer(HttpUser):
    """A buyer who writes to producers and votes through the API. After the runs, bench_load.py checks
    that no inquiry was half-written (each has its first message) and no account voted twice in a group."""

    wait_time = between(1.0, 3.0)
    weight = 1

    @task(1)
    def send_inquiry(self):
        if not (PRODUCTS and TOKENS):
            return
        headers = {"Authorization": f"Bearer {random.choice(TOKENS)}"}
        body = {"message": "Xin báo giá 100 chiếc, giao tại Hà Nội.", "quantity": 100}
        self.client.post(
            f"/api/v1/products/{random.choice(PRODUCTS)}/inquiries",
            json=body,
            headers=headers,
            name="/api/v1/products/<id>/inquiries",
        )

    @task(1)
    def vote(self):
        """A public vote; 409 after an account's first vote in a group is the rule working."""
        if not (PROGRAMME and ENTRIES and TOKENS):
            return
        post_refusal_allowed(
            self.client,
            f"/api/v1/awards/{PROGRAMME}/votes",
            "/api/v1/awards/<id>/votes",
            {"nomination_id": random.choice(ENTRIES)},
            random.choice(TOKENS),
        )


class Exhibitor(HttpUser):
    """A producer holding a booth at the fair through the API: every hold takes the fair's lock, so
    this is the contended write. 409 once the booth (or the producer's quota) is taken is expected."""

    wait_time = between(1.0, 3.0)
    weight = 1

    @task(1)
    def hold_booth(self):
        if not (FAIR and BOOTHS and PRODUCER_TOKENS):
            return
        post_refusal_allowed(
            self.client,
            f"/api/v1/fairs/{FAIR}/bookings",
            "/api/v1/fairs/<id>/bookings",
            {"booth_code": random.choice(BOOTHS)},
            random.choice(PRODUCER_TOKENS),
        )

    @task(2)
    def booth_plan(self):
        if FAIR:
            self.client.get(f"/api/v1/fairs/{FAIR}/booths", name="/api/v1/fairs/<id>/booths")


Visitor.weight = 9
