"""Whole pages kept for the crowd at the front door: a visitor who has no session (no cookie of the
site, no token) gets the pages everyone lands on from the cache, without a query or a template.

- Which pages, and for how long: each area marks its own views with `@kept_for_visitors(seconds,
  versions)`. The key holds those versions (core.cache: the catalogue's by default, the fair page the
  fairs version too), so a product published, changed or withdrawn (a booth booked, a fair changed) is
  right on the next request; what else a page shows (counts, the home page's fairs) may lag by at most
  those seconds.
- Only what is the same for every such visitor is kept: a 200 answer to a GET that left the session
  untouched (no flash, no CSRF token: anonymous pages switch language with a link) and set no cookie.
- Keyed by language (the visitor's `lang` cookie, else the site's) and the full path with its query.
- PAGE_CACHE=false turns it off (the test suite does, but for the tests of this module).
"""

from typing import NamedTuple

from flask import Flask, current_app, g, request, session
from werkzeug.wrappers import Response

from marketplace.core.cache import CATALOGUE, version
from marketplace.core.i18n import LANGUAGE_COOKIE
from marketplace.extensions import cache

_KEPT_HEADERS = ("Content-Type", "Content-Language")


class Keeping(NamedTuple):
    seconds: int
    versions: tuple  # core.cache version names the page is filed under: a write to any shows at once


def kept_for_visitors(seconds: int = 60, versions: tuple = (CATALOGUE,)):
    """Mark a view whose page a visitor without a session may get from the cache. Put it right under
    the route: the route registers the view this marks."""

    def mark(view):
        view.kept_for_visitors = Keeping(seconds, tuple(versions))
        return view

    return mark


def _keeping() -> Keeping | None:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return getattr(view, "kept_for_visitors", None)


def init_app(app: Flask) -> None:
    app.before_request(_serve_kept)
    app.after_request(_keep)


def _eligible() -> bool:
    if request.method not in ("GET", "HEAD") or _keeping() is None:
        return False
    if not current_app.config["PAGE_CACHE"] or request.authorization is not None:
        return False
    cookies = request.cookies
    return current_app.config["SESSION_COOKIE_NAME"] not in cookies and "remember_token" not in cookies


def _key() -> str:
    """Built once per request, before the page is made. The page is then at least as new as the
    catalogue version in its key; read again after it was made, a write committed meanwhile would
    file the older page under the newer version, wrong for up to its 60 seconds."""
    if "page_key" not in g:
        language = request.cookies.get(LANGUAGE_COOKIE)
        if language not in current_app.config["LANGUAGES"]:
            language = current_app.config["BABEL_DEFAULT_LOCALE"]
        versions = ":".join(version(name) for name in _keeping().versions)
        g.page_key = f"page:{versions}:{language}:{request.full_path}"
    return g.page_key


def _serve_kept():
    if not _eligible():
        return None
    kept = cache.get(_key())
    if kept is None:
        return None
    g.page_from_cache = True
    response = Response(kept["body"], status=200, headers=kept["headers"])
    response.headers["X-Cache"] = "hit"  # for operators (and tests): answered from the page cache
    return response


def _keep(response: Response) -> Response:
    if getattr(g, "page_from_cache", False) or not _eligible():
        return response
    if response.status_code != 200 or response.direct_passthrough or response.headers.get("Set-Cookie"):
        return response
    if session.modified or session.get("_flashes"):  # something personal was put in the page
        return response
    headers = [(name, response.headers[name]) for name in _KEPT_HEADERS if name in response.headers]
    cache.set(_key(), {"body": response.get_data(), "headers": headers}, timeout=_keeping().seconds)
    return response
