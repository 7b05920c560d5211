"""Security defaults on every response, and the one check for where a `next` link may lead."""

from urllib.parse import urljoin, urlsplit

from flask import Flask, abort, request

# No inline script or style anywhere: every asset comes from this site's /static.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no other host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    joined = urlsplit(urljoin(request.host_url, target))
    return joined.netloc == urlsplit(request.host_url).netloc and joined.scheme in ("http", "https")


def safe_next(target: str | None, fallback: str) -> str:
    return target if is_safe_next(target) else fallback


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if _production():
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint and not request.endpoint.startswith("static"):
        # Pages may show private data (inboxes, bookings): never keep them in shared caches.
        headers.setdefault("Cache-Control", "private, no-store" if _signed_in() else "no-cache")
    headers.setdefault("Vary", "Cookie")
    return response


def _production() -> bool:
    from flask import current_app

    return current_app.config["APP_ENV"] == "production"


def _signed_in() -> bool:
    from flask_login import current_user

    return bool(getattr(current_user, "is_authenticated", False))


def has_nul_characters() -> bool:
    """Whether a query or form field holds a NUL character (uploaded files are not looked at)."""
    fields = (pair for values in (request.args, request.form) for pair in values.items(multi=True))
    return any("\x00" in key or "\x00" in value for key, value in fields)


def refuse_nul_characters() -> None:
    """A `before_request` hook for blueprints: a NUL character is never meaningful in a field, and PostgreSQL
    refuses to store or even compare text holding one, so answer 400 rather than 500 deep in a query."""
    if has_nul_characters():
        abort(400)


def init_app(app: Flask) -> None:
    app.after_request(_security_headers)
