"""What every template may use: navigation, role names, the `do` tag."""

from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l

from marketplace.core.permissions import ADMIN, BUYER, JUROR, ORGANISER, PRODUCER

ROLE_LABELS = {
    PRODUCER: _l("Producer"),
    BUYER: _l("Buyer"),
    ORGANISER: _l("Organiser"),
    JUROR: _l("Juror"),
    ADMIN: _l("Administrator"),
}

# (endpoint, label): an entry shows once its area registers the endpoint.
NAV = [
    ("core.home", _l("Home")),
    ("catalogue.products", _l("Products")),
    ("producers.directory", _l("Producers")),
    ("inquiries.requests", _l("Buying requests")),
    ("fairs.index", _l("Fairs")),
    ("awards.index", _l("Standout products")),
]


# (endpoint, label, who): the tools each area offers on the account page, for the accounts `who` admits.
ACCOUNT_LINKS: list[tuple[str, object, object]] = []


def account_link(endpoint: str, label, who) -> None:
    """Offer `endpoint` on the account page to the accounts for which `who(user)` is true."""
    ACCOUNT_LINKS.append((endpoint, label, who))


def account_links() -> list[dict]:
    from flask import current_app
    from flask_login import current_user

    return [
        {"url": url_for(endpoint), "label": label}
        for endpoint, label, who in ACCOUNT_LINKS
        if endpoint in current_app.view_functions and who(current_user)
    ]


def nav_items() -> list[dict]:
    from flask import current_app

    items = []
    for endpoint, label in NAV:
        if endpoint in current_app.view_functions:
            url = url_for(endpoint)
            items.append({"url": url, "label": label, "current": request.path == url})
    return items


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(nav_items=nav_items, role_label=role_label, account_links=account_links)
