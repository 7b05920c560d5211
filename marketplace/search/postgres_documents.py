"""The PostgreSQL engine's entries, built by the server from the catalogue's tables: in one statement
for a few products, in a temporary table first (by parallel workers) for many.

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
# From this many products a statement's entries are first built into a temporary table: PostgreSQL
# builds it with parallel workers (an INSERT … SELECT never runs in parallel), and the vectors are
# most of the work: 100,000 entries took 15 s in one INSERT. Below it, one statement costs less than
# starting the workers (an edit writes one entry).
STAGE_FROM = 5_000
# Python's date.toordinal(), which the filters compare certificates' last valid days with.
_ORDINAL = "(t.valid_until - DATE '0001-01-01' + 1)"
# Certificates held by each product of :ids or its producer that count (documents._certificates): one
# per kind, its last valid day the latest; the producer's kinds first, each group by first
# certificate; and the words a search finds them by. A table joined by product, not a LATERAL
# subquery: one that reads the outer row keeps everything above it out of the parallel workers.
_CERTIFICATES = f"""
    SELECT h.product_id, array_agg(h.kind ORDER BY h.place) AS kinds, array_agg(h.until ORDER BY h.place) AS untils,
        string_agg(h.kind || ' ' || coalesce(w.words, ''), ' ' ORDER BY h.place) AS words
    FROM (SELECT held.product_id, held.kind, max(held.until) AS until, min(ARRAY[held.own, held.id]) AS place
          FROM (SELECT t.product_id, t.kind, 1 AS own, t.id, coalesce({_ORDINAL}, :no_expiry) AS until
                FROM certifications t WHERE t.product_id = ANY(:ids) AND (t.verified OR t.kind <> ALL(:granted))
                UNION ALL
                SELECT o.id, t.kind, 0, t.id, coalesce({_ORDINAL}, :no_expiry)
                FROM products o JOIN certifications t ON t.producer_id = o.producer_id
                WHERE o.id = ANY(:ids) AND (t.verified OR t.kind <> ALL(:granted))
          ) AS held GROUP BY held.product_id, held.kind) AS h
    LEFT JOIN unnest(CAST(:word_kinds AS text[]), CAST(:words AS text[])) AS w(kind, words) ON w.kind = h.kind
    GROUP BY h.product_id
"""  # noqa: S608  (fixed text; every value is bound)
# The entries of the products of :ids the public may see, with the texts documents._document joins
# (a part that is empty or missing is left out, as Python's `if p` does), and `sort_name` for the
# order they are written in, but for the certificates. One row per product from plain joins: every
# part of it, the vectors above all, can run in parallel workers. The certificates' words end the
# body: `_written_from` appends their vector, and a tsvector concatenation shifts the second's
# positions past the first's last, as parsing the whole body would place them (the entries of
# 100,000 products with certificates came out identical both ways, and the test checks it).
_ENTRIES = """
    SELECT p.id AS product_id, strip(to_tsvector('simple', unaccent(lower(x.names)))) AS names,
        setweight(to_tsvector('simple', unaccent(lower(x.names))), 'A')
        || setweight(to_tsvector('simple', unaccent(lower(x.exact))), 'B')
        || setweight(to_tsvector('simple', unaccent(lower(x.body))), 'C') AS document,
        strip(to_tsvector('simple', lower(x.exact))) AS exact,
        coalesce(p.code, '') AS code, p.group_number, coalesce(r.province_code, '') AS province_code,
        coalesce(p.category_id, 0) AS category_id, coalesce(p.ocop_stars, 0) AS ocop, p.price_vnd AS price,
        coalesce(extract(epoch FROM coalesce(p.published_at, p.created_at))::double precision, 0) AS published,
        lower(x.names) AS sort_name
    FROM products p JOIN producers r ON r.id = p.producer_id
    LEFT JOIN categories c ON c.id = p.category_id
    LEFT JOIN provinces v ON v.code = r.province_code
    LEFT JOIN communes m ON m.code = r.commune_code
    LEFT JOIN unnest(CAST(:group_numbers AS int[]), CAST(:group_names AS text[])) AS g(number, name)
        ON g.number = p.group_number
    CROSS JOIN LATERAL (SELECT concat_ws(' ', nullif(p.name, ''), nullif(p.name_en, '')) AS names,
        concat_ws(' ', nullif(r.craft_village_name, ''), coalesce(nullif(m.name, ''), nullif(r.commune_name, '')),
            nullif(v.name, '')) AS places) AS n
    CROSS JOIN LATERAL (SELECT n.names,
        concat_ws(' ', nullif(n.names, ''), nullif(c.name, ''), nullif(r.name, ''), nullif(n.places, '')) AS exact,
        concat_ws(' ', nullif(p.code, ''), nullif(n.names, ''), nullif(p.description, ''),
            nullif(p.description_en, ''), nullif(c.name, ''), nullif(c.name_en, ''), nullif(g.name, ''),
            nullif(r.name, ''), nullif(n.places, '')) AS body) AS x
    WHERE p.id = ANY(:ids) AND p.status = :published AND r.is_published
"""


def _written_from(source: str) -> str:
    """The upsert of the entries in `source` with their certificates, then the words they hold,
    answering how many were written. Upserts (not delete-then-insert): a write that waits for a
    rebuild's transaction then overwrites its entry instead of colliding with it. Entries go in by
    category and name: the products a word finds are mostly of one kind, so their entries then share
    pages, and a search reads far fewer of them (41,340 matches of "gio may" at 1,000,000 products:
    35,347 pages in insertion order, 5,346 so). The words typos are corrected to are the documents'
    own lexemes, so a correction always matches."""
    return f"""
    written AS (
    INSERT INTO search_documents (product_id, names, document, exact, code, group_number, province_code,
        category_id, ocop, price, published, cert_kinds, cert_until)
    SELECT e.product_id, e.names,
        CASE WHEN k.words IS NULL THEN e.document
            ELSE e.document || setweight(to_tsvector('simple', unaccent(lower(k.words))), 'C') END,
        e.exact, e.code, e.group_number, e.province_code, e.category_id, e.ocop,
        e.price, e.published, coalesce(k.kinds, '{{}}'), coalesce(k.untils, '{{}}')
    FROM {source} AS e LEFT JOIN ({_CERTIFICATES}) AS k ON k.product_id = e.product_id
    ORDER BY e.category_id, e.sort_name COLLATE "C", e.product_id
    ON CONFLICT (product_id) DO UPDATE SET names = EXCLUDED.names, document = EXCLUDED.document, exact = EXCLUDED.exact,
        code = EXCLUDED.code, group_number = EXCLUDED.group_number,
        province_code = EXCLUDED.province_code, category_id = EXCLUDED.category_id, ocop = EXCLUDED.ocop,
        price = EXCLUDED.price, published = EXCLUDED.published, cert_kinds = EXCLUDED.cert_kinds,
        cert_until = EXCLUDED.cert_until
    RETURNING document),
    words AS (INSERT INTO search_words (word) SELECT DISTINCT unnest(tsvector_to_array(document)) FROM written
        ON CONFLICT DO NOTHING)
    SELECT count(*) FROM written
    """  # noqa: S608  (fixed text; every value is bound)


# One statement: a few products (an edit, a small import).
WRITE = text(f"WITH entries AS ({_ENTRIES}), {_written_from('entries')}")  # noqa: S608
# Many products: built in parallel into a table of this transaction, written from it, dropped.
_STAGE = text(f"CREATE TEMPORARY TABLE staged_search_entries ON COMMIT DROP AS {_ENTRIES}")  # noqa: S608
_WRITE_STAGED = text(f"WITH {_written_from('staged_search_entries')}")  # noqa: S608
_UNSTAGE = text("DROP TABLE staged_search_entries")
# For the staging statement only. No JIT: compiling it took 0.8 s of the 12 s it took serially at
# 100,000 products and gains nothing (the vectors are built by C functions, not by expressions JIT
# compiles). Parallel workers costed as cheap: the planner does not know the vectors are most of
# the cost.
_SETTINGS = (("jit", "off"), ("parallel_setup_cost", "0"), ("parallel_tuple_cost", "0"))
_PLANNING = [text(f"SET LOCAL {name} = {value}") for name, value in _SETTINGS]
_PLANNING_BACK = [text(f"SET LOCAL {name} TO DEFAULT") for name, _value in _SETTINGS]
# The transaction that inserted the products (an import) would have the statement planned from
# statistics taken before they existed: 24 rows expected of 100,000, no parallel worker, 9.6 s
# instead of about 5. ANALYZE counts the transaction's own new rows.
_STATISTICS_BEHIND = text("SELECT reltuples < :count FROM pg_class WHERE oid = 'products'::regclass")
_ANALYSE = text("ANALYZE products, producers, certifications")


def write(session, product_ids: list) -> int:
    """Write the entries of these products (BATCH at most) in the session's transaction; how many
    were written (those the public may see)."""
    values = parameters(product_ids)
    if len(product_ids) < STAGE_FROM:
        return session.execute(WRITE, values).scalar_one()
    if session.execute(_STATISTICS_BEHIND, {"count": len(product_ids)}).scalar():
        session.execute(_ANALYSE)
    for setting in _PLANNING:
        session.execute(setting)
    session.execute(_STAGE, values)
    written = session.execute(_WRITE_STAGED, values).scalar_one()
    session.execute(_UNSTAGE)
    for setting in _PLANNING_BACK:
        session.execute(setting)
    return written


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
