"""Announcements: organisers' news and calls, the Atom feed, and producers' mail about new calls."""
