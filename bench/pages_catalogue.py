"""A national-scale catalogue for bench_pages.py: mostly households with one product each (so about
as many producers as products), some cooperatives and firms with a few, in every province."""

import csv
import random
import urllib.parse

from catalogue_file import TRADES, UNITS, VILLAGES, tax_code

from marketplace.catalogue.imports.reader import COLUMNS as IMPORT_COLUMNS
from marketplace.geography import resolver

# The import's own column names, in its order (the reader also knows organisers' headers for each).
HEADERS = tuple(IMPORT_COLUMNS)
KINDS = (("Hộ kinh doanh", "household"), ("HTX", "cooperative"), ("Công ty TNHH", "enterprise"))
CERTIFICATES = ("", "", "", "", "VietGAP", "HACCP", "ATTP", "VietGAP; ATTP")
# Accent-free, as people type on a phone: what the search API is asked under load.
QUERIES = (
    "gio may",
    "nuoc mam",
    "che shan tuyet",
    "mat ong",
    "non la",
    "chieu coi",
    "dao ren",
    "huong tram",
    "ca phe",
    "binh gom",
    "khay tre",
    "banh da nem",
    "mien dong",
    "xa phong",
    "may tuot lua",
    "den long",
)


def write_csv(path, count: int, seed: int = 12) -> int:
    """Write `count` product rows to `path`; returns the number of producers."""
    rng = random.Random(seed)
    places = [(p, resolver.communes_of(p.code)) for p in resolver.provinces()]
    written = producers = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADERS)
        while written < count:
            producers += 1
            household = rng.random() < 0.9
            kind_name, kind = KINDS[0] if household else rng.choice(KINDS[1:])
            province, communes = rng.choice(places)
            commune = rng.choice(communes) if communes else None
            group = rng.choice((1, 1, 2, 2, 2, 3, 4))
            village = rng.choice(VILLAGES)
            name = f"{kind_name} {TRADES[group][0]} {village} {producers}"
            producer = [
                name,
                tax_code(producers),
                province.name,
                commune.full_name if commune else "",
                f"Thôn {village}, số {rng.randint(1, 300)}",
                f"09{rng.randint(10**7, 10**8 - 1)}",
                f"coso{producers}@example.vn" if rng.random() < 0.3 else "",
                "",
                kind,
            ]
            for index in range(1, (1 if household else rng.randint(2, 6)) + 1):
                category, names = TRADES[group]
                stem, stem_en = rng.choice(names)
                price = rng.randint(2, 400) * 5_000
                out.writerow(
                    [
                        *producer,
                        f"SP{index:02d}",
                        f"{stem} {village} loại {index}",
                        stem_en,
                        str(group),
                        category,
                        f"{stem} làm thủ công tại làng {village}, {province.name}.",
                        str(price),
                        rng.choice(UNITS),
                        str(rng.choice((1, 5, 10))),
                        rng.choice(CERTIFICATES),
                        rng.choice(("", "", "", "3", "4", "5")),
                    ]
                )
                written += 1
                if written == count:
                    break
    return producers


# -- the pages bench_pages.py asks for ---------------------------------------------------------


def page_paths(found: dict) -> dict[str, list[str]]:
    """name -> the paths asked for in turn, from the product and fair ids `found` in the database."""
    rng = random.Random(7)
    products = rng.sample(found["products"], min(200, len(found["products"])))
    fair = [f"/fairs/{found['fair']}"] if found["fair"] != "None" else ["/fairs/"]
    return {
        "home /": ["/"],
        "/products": ["/products"],
        "product page": [f"/products/{pid}" for pid in products],
        "/producers": ["/producers"],
        # Pages past the first, filtered and sorted: each is asked for once in the single-client
        # pass, before the page cache has it (the pages above are cached after their first hit).
        "listings": listing_paths(rng),
        "two filters": two_filter_paths(rng),
        "fair page": fair,
        "awards page": ["/awards/"],
        "programme": [f"/awards/{found['programme']}" if found["programme"] != "None" else "/awards/"],
        "search API": [f"/api/v1/products?q={urllib.parse.quote(q)}" for q in QUERIES],
    }


def listing_paths(rng: random.Random) -> list[str]:
    """140 distinct catalogue and directory pages (of 200 drawn): deeper pages, sorts, a province, a group."""
    sorts = ["", "&sort=newest", "&sort=price_asc", "&sort=price_desc"]
    provinces = ["01", "79", "38", "48", "92", "46"]
    paths = []
    for n in range(200):
        page = rng.randint(2, 50)
        kind = n % 5
        if kind == 0:
            paths.append(f"/products?page={page}{rng.choice(sorts)}")
        elif kind == 1:
            paths.append(f"/products?province={rng.choice(provinces)}&page={rng.randint(1, 5)}{rng.choice(sorts)}")
        elif kind == 2:
            paths.append(f"/products?group={rng.randint(1, 6)}&page={rng.randint(1, 5)}")
        elif kind == 3:
            paths.append(f"/producers?page={page}")
        else:
            paths.append(f"/producers?province={rng.choice(provinces)}&page={rng.randint(1, 5)}")
    return list(dict.fromkeys(paths))


def two_filter_paths(rng: random.Random) -> list[str]:
    """80 distinct catalogue pages with two filters (a province and a group, a group and OCOP
    stars, a province and a certificate, a group and a price band), first asked for uncached."""
    provinces = ["01", "79", "38", "48", "92", "46"]
    paths: dict[str, None] = {}
    while len(paths) < 80:  # of 94 possible
        province, group, page = rng.choice(provinces), rng.choice((1, 2, 3, 4)), rng.randint(1, 3)
        choices = [
            f"/products?province={province}&group={group}&page={page}",
            f"/products?group={group}&ocop_min={rng.randint(3, 5)}",
            f"/products?province={province}&cert=vietgap",
            f"/products?group={group}&price_min=100000&price_max=499999",
        ]
        paths[choices[rng.choice((0, 0, 0, 1, 2, 3))]] = None
    return list(paths)
