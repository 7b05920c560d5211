"""Saved searches: a signed-in account keeps a catalogue search and is mailed its new products."""
