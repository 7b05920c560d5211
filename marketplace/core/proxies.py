"""Believe the forwarding headers of the TRUSTED_PROXIES proxies in front, and no one else's."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Wrap the WSGI app in werkzeug's ProxyFix when proxies stand in front.

    Each proxy appends the address it received the request from to X-Forwarded-For; counting
    TRUSTED_PROXIES entries from the right gives the client, and whatever a client wrote itself
    further left is never read. X-Forwarded-Host is not trusted: the proxy passes `Host` through.
    """
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
