"""The catalogue: products, categories, certifications, public listing and imports."""
