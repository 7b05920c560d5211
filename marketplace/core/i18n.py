"""Languages and Vietnamese formats: Vietnamese first, English second, money in VND, dates dd/mm/yyyy."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, request
from flask_babel import get_locale
from flask_login import current_user

from marketplace.extensions import babel

LANGUAGE_COOKIE = "lang"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def select_locale() -> str:
    """An explicit choice wins (account, then cookie); otherwise Vietnamese, the site's language."""
    languages = current_app.config["LANGUAGES"]
    forced = getattr(g, "forced_locale", None)
    if forced in languages:
        return forced
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.locale in languages:
            return current_user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE) if request else None
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def format_vnd(amount: int | None) -> str:
    """1250000 -> '1.250.000 ₫' in either language: prices are always shown the Vietnamese way."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + " ₫"


def format_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, in Vietnam's time zone for moments."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(VIETNAM) if value.tzinfo else value
        return value.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(VIETNAM) if value.tzinfo else value
    return local.strftime("%d/%m/%Y %H:%M")


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Asia/Ho_Chi_Minh")
    app.jinja_env.filters["vnd"] = format_vnd
    app.jinja_env.filters["ddmmyyyy"] = format_date
    app.jinja_env.filters["ddmmyyyy_hhmm"] = format_datetime
    app.jinja_env.globals["current_language"] = current_language
