"""Who may import lists and read import reports: the centre's staff (organisers and admins)."""

from marketplace.core.permissions import is_staff


def can_import_catalogue(user) -> bool:
    return is_staff(user)
