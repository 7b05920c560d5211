"""Fairs: floor plans, booth booking that never double-books, and the organiser's desk."""
