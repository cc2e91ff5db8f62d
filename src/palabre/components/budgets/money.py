"""Amounts of money as people read them: "120 000 €", "1 250,50 €", "8 697 250 PLN"."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "PLN": "zł"}
CENT = Decimal("0.01")


def format_money(amount, currency: str = "EUR") -> str:
    """Grouped digits in the active language, cents only when there are some."""
    amount = Decimal(amount or 0)
    places = 0 if amount == amount.to_integral_value() else 2
    number = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency, currency)
    # A no-break space keeps the amount and its symbol on one line on a narrow screen.
    return f"{number}\u00a0{symbol}"


def parse_money(text, *, label: str) -> Decimal:
    """An amount typed by a person or read from a file: spaces as thousands separators and a
    decimal comma are accepted; more than two decimals (below a cent) is refused."""
    cleaned = str(text or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValidationError(
            _("%(label)s must be an amount, such as 120000 or 1250.50.") % {"label": label}
        ) from error
    if not amount.is_finite() or amount < 0:
        raise ValidationError(_("%(label)s must be a positive amount.") % {"label": label})
    if amount != amount.quantize(CENT):
        raise ValidationError(
            _("%(label)s has more than two decimals: amounts are counted in cents.")
            % {"label": label}
        )
    if amount >= Decimal("1e12"):
        raise ValidationError(_("%(label)s is too large.") % {"label": label})
    return amount.quantize(CENT)
