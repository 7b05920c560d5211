"""Languages and formats: Vietnamese first, English second, money in VND and numbers written the way
the page's language writes them, dates dd/mm/yyyy."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
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


def number_locale() -> str:
    """The language numbers are written in: the page's, else Vietnamese (mail and CLI without one)."""
    try:
        locale = get_locale()
    except RuntimeError:  # outside an application context
        locale = None
    return str(locale) if locale else "vi"


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """2000 -> '2.000' in Vietnamese, '2,000' in English; `decimals` fixes the places (83 -> '83,00')."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") if decimals is not None else None
    return format_decimal(value, format=pattern, locale=number_locale())


def format_vnd(amount: int | None) -> str:
    """1250000 -> '1.250.000 ₫' in Vietnamese, '1,250,000 ₫' in English."""
    if amount is None:
        return ""
    return format_number(int(amount), 0) + " ₫"


def format_score(value: float | Decimal | None) -> str:
    """A score with two decimals: '83,00' in Vietnamese, '83.00' in English; '—' when there is none."""
    return "—" if value is None else format_number(value, 2)


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
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["score"] = format_score
    app.jinja_env.filters["ddmmyyyy"] = format_date
    app.jinja_env.filters["ddmmyyyy_hhmm"] = format_datetime
    app.jinja_env.globals["current_language"] = current_language
