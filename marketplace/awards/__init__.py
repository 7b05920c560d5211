"""Standout rural products (sản phẩm CNNT tiêu biểu): nomination, jury scoring, votes, certificates."""
