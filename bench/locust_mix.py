"""The load mix `bench/bench_load.py` drives with Locust: what visitors and buyers do most.

Run by bench_load.py (it sets BENCH_PRODUCTS, BENCH_PRODUCERS and BENCH_TOKENS); not a bench_*.py itself.
"""

import json
import os
import random

from locust import HttpUser, between, task

PRODUCTS = json.loads(os.environ.get("BENCH_PRODUCTS", "[]"))
PRODUCERS = json.loads(os.environ.get("BENCH_PRODUCERS", "[]"))
TOKENS = json.loads(os.environ.get("BENCH_TOKENS", "[]"))  # bearer tokens of buyer accounts
WORDS = ["gốm", "mây tre", "nước mắm", "lụa", "chè", "gỗ", "thổ cẩm", "mật ong", "cói", "bánh"]
PROVINCES = ["01", "38", "79", "48", ""]


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
    """A buyer who writes to producers through the API: the mix's write path. After the runs,
    bench_load.py checks that no inquiry was half-written (each has its first message)."""

    wait_time = between(1.0, 3.0)
    weight = 1

    @task(1)
    def send_inquiry(self):
        if not (PRODUCTS and TOKENS):
            return
        headers = {"Authorization": f"Bearer {random.choice(TOKENS)}"}
        body = {"message": "Xin báo giá 100 chiếc, giao tại Hà Nội.", "quantity": 100}
        self.client.post(f"/api/v1/products/{random.choice(PRODUCTS)}/inquiries", json=body, headers=headers,
                         name="/api/v1/products/<id>/inquiries")

    # HOOK (fairs): booking holds. When POST /api/v1/fairs/{id}/bookings exists, add a task here that
    # holds a random available booth with a producer's token (409 when taken is expected: use
    # catch_response) and extend bench_load.half_written() with "every held booking has its booth".

    # HOOK (awards): votes. Add a task that casts POST /api/v1/awards/{id}/votes with a buyer token
    # (409 after an account's first vote in a group is expected: use catch_response), and extend
    # bench_load.half_written() with "every vote counts towards exactly one nomination".


Visitor.weight = 9
