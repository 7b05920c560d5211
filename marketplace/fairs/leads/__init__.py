"""Leads scanned at a booth: an exhibitor's staff read a buyer's visitor badge and the meeting becomes an
inquiry thread; the buyer sees what was shared and may withdraw it."""
