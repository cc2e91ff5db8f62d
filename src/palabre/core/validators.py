"""Validators shared by every form and service, and the limits they announce.

A limit is stated in one place and every text about it — a form's help, an error — is
formatted from that value, so that they always agree.
"""

from decimal import ROUND_DOWN, ROUND_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

hex_color_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits.")
)
nickname_validator = RegexValidator(
    r"^[a-zA-Z0-9_-]{2,30}$",
    _("A nickname has 2 to 30 letters, digits, dashes or underscores, without spaces."),
)
currency_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Enter a three-letter currency code, such as EUR.")
)
reference_prefix_validator = RegexValidator(
    r"^[A-Z0-9]{2,12}$", _("A reference prefix has 2 to 12 capital letters or digits.")
)

# MPO is a JPEG followed by more pictures (portrait and HDR phone photos): browsers show
# its first picture as a JPEG.
ALLOWED_IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "GIF", "WEBP"}


def _megabytes(size: int, rounding: str) -> str:
    """A number of bytes in megabytes (a million bytes) with at most one decimal, in the
    active language: "5", "2,5"."""
    value = (Decimal(size) / 1_000_000).quantize(Decimal("0.1"), rounding=rounding)
    places = 0 if value == value.to_integral_value() else 1
    return number_format(value, decimal_pos=places, use_l10n=True)


def limit_megabytes(size: int) -> str:
    """A limit in megabytes, rounded down: a limit is never overstated."""
    return _megabytes(size, ROUND_DOWN)


def size_megabytes(size: int) -> str:
    """The size of a refused file in megabytes, rounded up: it never looks within the
    limit."""
    return _megabytes(size, ROUND_UP)


def image_max_bytes() -> int:
    """The largest image anyone may upload (`PALABRE_MAX_IMAGE_BYTES`)."""
    return settings.PALABRE_MAX_IMAGE_BYTES


def _image_help_text() -> str:
    return gettext("JPEG, PNG, GIF or WebP, at most %(max)s MB.") % {
        "max": limit_megabytes(image_max_bytes())
    }


# The help of every image field: lazy, so that a form class can state it.
image_help_text = lazy(_image_help_text, str)


def validate_image(upload) -> None:
    """Refuse files that are not real images in a web format, or that are too large."""
    if upload is None:
        return
    max_bytes = image_max_bytes()
    if upload.size > max_bytes:
        raise ValidationError(
            _("This image is too large (%(size)s MB); the limit is %(max)s MB."),
            params={
                "size": size_megabytes(upload.size),
                "max": limit_megabytes(max_bytes),
            },
            code="image_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image. Upload a JPEG, PNG, GIF or WebP picture."),
            code="not_an_image",
        ) from error
    finally:
        if hasattr(upload, "seek"):
            upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("This image format is not accepted. Upload a JPEG, PNG, GIF or WebP picture."),
            code="bad_image_format",
        )
