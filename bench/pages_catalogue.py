"""A national-scale catalogue for bench_pages.py: mostly households with one product each (so about
as many producers as products), some cooperatives and firms with a few, in every province."""

import csv
import random

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
