"""Safe handling of uploaded media: photo validation and re-encoding, storage, PDF checks."""
