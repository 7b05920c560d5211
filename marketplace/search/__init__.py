"""Product search: Vietnamese analysis, a Whoosh or PostgreSQL engine, and keeping it in sync."""
