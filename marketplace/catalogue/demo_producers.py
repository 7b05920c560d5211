"""The demo producers and their products, kept as data in data/demo_producers.json (read by
catalogue.demo). Thanh Hóa holds the most products in groups 1 and 2: the awards demo nominates
from the leading province.

PRODUCERS holds each producer as a tuple: name, type, province, commune, craft village (or None),
category key, representative, founded, workforce, description (vi, en), certificates of the
establishment, featured, and products as (code, Vietnamese name, English name, price in VND or
None, unit, minimum order, image shape, OCOP stars, product certificates). An ("ocop", stars)
certificate is added from a product's stars.
"""

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_producers.json"


def _product(entry: dict) -> tuple:
    return (
        entry["code"],
        entry["name"],
        entry["name_en"],
        entry["price_vnd"],
        entry["unit"],
        entry["min_order"],
        entry["image"],
        entry["ocop_stars"],
        tuple(entry["certificates"]),
    )


def _producer(entry: dict) -> tuple:
    return (
        entry["name"],
        entry["type"],
        entry["province"],
        entry["commune"],
        entry["craft_village"],
        entry["category"],
        entry["representative"],
        entry["founded"],
        entry["workforce"],
        (entry["description"]["vi"], entry["description"]["en"]),
        tuple(entry["certificates"]),
        entry["featured"],
        [_product(product) for product in entry["products"]],
    )


PRODUCERS = [_producer(entry) for entry in json.loads(DATA_FILE.read_text(encoding="utf-8"))]
