"""Amounts are written in the reader's language, with the currency, as Babel (the Unicode
locale data) writes them; cents only when there are some."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from palabre.core.money import format_money


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("fr", 12500, "EUR", "12\u202f500\u00a0€"),
        ("en", 12500, "EUR", "€12,500"),
        ("fr", Decimal("1250.50"), "EUR", "1\u202f250,50\u00a0€"),
        ("en", Decimal("1250.50"), "EUR", "€1,250.50"),
        ("fr", Decimal("8697250"), "PLN", "8\u202f697\u202f250\u00a0PLN"),
        ("en", Decimal("0"), "EUR", "€0"),
    ],
)
def test_amounts_follow_the_language(language, amount, currency, expected):
    with translation.override(language):
        assert format_money(amount, currency) == expected
    assert format_money(amount, currency, language=language) == expected


def test_the_template_filter_writes_nothing_for_no_amount():
    template = Template("[{{ cost|money:currency }}]")
    with translation.override("fr"):
        assert template.render(Context({"cost": Decimal("12500.00"), "currency": "EUR"})) == (
            "[12\u202f500\u00a0€]"
        )
        assert template.render(Context({"cost": None, "currency": "EUR"})) == "[]"
