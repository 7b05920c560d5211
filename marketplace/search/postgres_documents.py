"""The PostgreSQL engine's entries, built by the server from the catalogue's tables in one statement.

The texts are those documents.py builds in Python for Whoosh (tests/search/test_postgres_documents.py
compares the two): reading 100,000 products back into Python, building their documents and sending
them again by COPY took 7 s of a 55 s import, all of it in the importing process while the server
waited. Here no row leaves the server.
"""

from datetime import date

from sqlalchemy import text

from marketplace.catalogue.groups import GROUPS_BY_NUMBER
from marketplace.catalogue.models import GRANTED_KINDS, PUBLISHED
from marketplace.search.documents import CERTIFICATE_WORDS

# Products per statement, so that a million-product write stays bounded. Large on purpose: each
# statement reads the products, producers and certificates anew: an import of 100,000 products took
# 43 s with ten statements of 10,000, 35 s with one.
BATCH = 100_000
# Python's date.toordinal(), which the filters compare certificates' last valid days with.
_ORDINAL = "(t.valid_until - DATE '0001-01-01' + 1)"
# The products of :ids the public may see, with the texts documents._document joins: a part that
# is empty or missing is left out, as Python's `if p` does.
_PICKED = """
    SELECT p.id, p.code, p.description, p.description_en, p.group_number, p.category_id, p.ocop_stars,
        p.price_vnd, p.producer_id, coalesce(p.published_at, p.created_at) AS since, r.province_code,
        concat_ws(' ', nullif(p.name, ''), nullif(p.name_en, '')) AS names,
        c.name AS category, c.name_en AS category_en, r.name AS producer,
        concat_ws(' ', nullif(r.craft_village_name, ''), coalesce(nullif(m.name, ''), nullif(r.commune_name, '')),
            nullif(v.name, '')) AS places
    FROM products p JOIN producers r ON r.id = p.producer_id
    LEFT JOIN categories c ON c.id = p.category_id
    LEFT JOIN provinces v ON v.code = r.province_code
    LEFT JOIN communes m ON m.code = r.commune_code
    WHERE p.id = ANY(:ids) AND p.status = :published AND r.is_published
"""
# Certificates held by the product or its producer that count (documents._certificates): one per
# kind, its last valid day the latest; the producer's kinds first, each group by first certificate.
_HELD = f"""
    SELECT p.id, t.kind, 1 AS own, t.id AS certificate_id, coalesce({_ORDINAL}, :no_expiry) AS until
    FROM picked p JOIN certifications t ON t.product_id = p.id
    WHERE t.verified OR t.kind <> ALL(:granted)
    UNION ALL
    SELECT p.id, t.kind, 0, t.id, coalesce({_ORDINAL}, :no_expiry)
    FROM picked p JOIN certifications t ON t.producer_id = p.producer_id
    WHERE t.verified OR t.kind <> ALL(:granted)
"""  # noqa: S608  (fixed text; every value is bound)
_CERTIFICATES = """
    SELECT k.id, array_agg(k.kind ORDER BY k.place) AS kinds, array_agg(k.until ORDER BY k.place) AS untils,
        string_agg(k.kind || ' ' || coalesce(w.words, ''), ' ' ORDER BY k.place) AS words
    FROM (SELECT id, kind, max(until) AS until, min(ARRAY[own, certificate_id]) AS place
          FROM held GROUP BY id, kind) AS k
    LEFT JOIN unnest(CAST(:word_kinds AS text[]), CAST(:words AS text[])) AS w(kind, words) ON w.kind = k.kind
    GROUP BY k.id
"""
_TEXTS = """
    SELECT p.*, c.kinds, c.untils,
        concat_ws(' ', nullif(p.names, ''), nullif(p.category, ''), nullif(p.producer, ''),
            nullif(p.places, '')) AS exact,
        concat_ws(' ', nullif(p.code, ''), nullif(p.names, ''), nullif(p.description, ''),
            nullif(p.description_en, ''), nullif(p.category, ''), nullif(p.category_en, ''), nullif(g.name, ''),
            nullif(p.producer, ''), nullif(p.places, ''), c.words) AS body
    FROM picked p LEFT JOIN certificates c ON c.id = p.id
    LEFT JOIN unnest(CAST(:group_numbers AS int[]), CAST(:group_names AS text[])) AS g(number, name)
        ON g.number = p.group_number
"""
# Upserts (not delete-then-insert): a write that waits for a rebuild's transaction then overwrites
# its entry instead of colliding with it. Entries go in by category and name: the products a word
# finds are mostly of one kind, so their entries then share pages, and a search reads far fewer of
# them (41,340 matches of "gio may" at 1,000,000 products: 35,347 pages in insertion order, 5,346
# so). The words typos are corrected to are the documents' own lexemes, so a correction always
# matches. The answer is how many entries were written.
WRITE = text(f"""
    WITH picked AS ({_PICKED}), held AS ({_HELD}), certificates AS ({_CERTIFICATES}), texts AS ({_TEXTS}),
    written AS (
    INSERT INTO search_documents (product_id, document, exact, code, group_number, province_code,
        category_id, ocop, price, published, cert_kinds, cert_until)
    SELECT d.id,
        setweight(to_tsvector('simple', unaccent(lower(d.names))), 'A')
        || setweight(to_tsvector('simple', unaccent(lower(d.exact))), 'B')
        || setweight(to_tsvector('simple', unaccent(lower(d.body))), 'C'),
        to_tsvector('simple', lower(d.exact)),
        coalesce(d.code, ''), d.group_number, coalesce(d.province_code, ''), coalesce(d.category_id, 0),
        coalesce(d.ocop_stars, 0), d.price_vnd, coalesce(extract(epoch FROM d.since)::double precision, 0),
        coalesce(d.kinds, '{{}}'), coalesce(d.untils, '{{}}')
    FROM texts AS d ORDER BY coalesce(d.category_id, 0), lower(d.names) COLLATE "C", d.id
    ON CONFLICT (product_id) DO UPDATE SET document = EXCLUDED.document, exact = EXCLUDED.exact,
        code = EXCLUDED.code, group_number = EXCLUDED.group_number,
        province_code = EXCLUDED.province_code, category_id = EXCLUDED.category_id, ocop = EXCLUDED.ocop,
        price = EXCLUDED.price, published = EXCLUDED.published, cert_kinds = EXCLUDED.cert_kinds,
        cert_until = EXCLUDED.cert_until
    RETURNING document),
    words AS (INSERT INTO search_words (word) SELECT DISTINCT unnest(tsvector_to_array(document)) FROM written
        ON CONFLICT DO NOTHING)
    SELECT count(*) FROM written
""")  # noqa: S608  (fixed text; every value is bound)
# Entries of the given products the public may no longer see (unpublished, hidden or deleted).
REMOVE_HIDDEN = text("""
    DELETE FROM search_documents d WHERE d.product_id = ANY(:ids) AND NOT EXISTS (
        SELECT 1 FROM products p JOIN producers r ON r.id = p.producer_id
        WHERE p.id = d.product_id AND p.status = :published AND r.is_published)
""")


def parameters(product_ids) -> dict:
    """The values WRITE and REMOVE_HIDDEN are run with for these products."""
    return {
        "ids": sorted(product_ids),
        "published": PUBLISHED,
        "granted": list(GRANTED_KINDS),
        "no_expiry": date.max.toordinal(),
        "word_kinds": list(CERTIFICATE_WORDS),
        "words": list(CERTIFICATE_WORDS.values()),
        "group_numbers": list(GROUPS_BY_NUMBER),
        "group_names": [group.name_vi for group in GROUPS_BY_NUMBER.values()],
    }
