"""Amounts of money typed by people or read from files. They are written out for people by
`palabre.core.money.format_money`."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CENT = Decimal("0.01")


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
