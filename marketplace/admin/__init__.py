"""Administration: accounts and their roles (admins), and the audit log (the centre's staff)."""
