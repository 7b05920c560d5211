"""Importing the producer and product lists organisers already keep (CSV or XLSX)."""
