"""Amounts of money as people read them in their language: "12 500 €" in French (narrow
no-break spaces between thousands, as the Unicode locale data writes them), "€12,500" in
English. Cents are shown only when there are some. Exports keep raw numbers: this module is
for pages and emails.
"""

import copy
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import NumberPattern, parse_pattern
from django.conf import settings
from django.utils import translation

DEFAULT_CURRENCY = "EUR"


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(translation.to_locale(settings.LANGUAGE_CODE))


@cache
def _pattern(language: str, whole: bool) -> NumberPattern:
    pattern = copy.copy(parse_pattern(_locale(language).currency_formats["standard"]))
    if whole:
        pattern.frac_prec = (0, 0)
    return pattern


def format_money(amount, currency: str = DEFAULT_CURRENCY, *, language: str | None = None) -> str:
    """`amount` in `currency` (a three-letter code) written in `language` (default: the active
    one), with the currency's symbol where the language has one."""
    amount = Decimal(amount or 0)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    whole = amount == amount.to_integral_value()
    return _pattern(language, whole).apply(
        amount, _locale(language), currency=currency or DEFAULT_CURRENCY, currency_digits=False
    )
