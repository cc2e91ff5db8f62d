"""Validators shared by every form and service."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

hex_color_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits.")
)
nickname_validator = RegexValidator(
    r"^[a-zA-Z0-9_-]{2,30}$",
    _("A nickname has 2 to 30 letters, digits, dashes or underscores, without spaces."),
)
reference_prefix_validator = RegexValidator(
    r"^[A-Z0-9]{2,12}$", _("A reference prefix has 2 to 12 capital letters or digits.")
)

# MPO is a JPEG followed by more pictures (portrait and HDR phone photos): browsers show
# its first picture as a JPEG.
ALLOWED_IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "GIF", "WEBP"}


def validate_image(upload) -> None:
    """Refuse files that are not real images in a web format, or that are too large."""
    if upload is None:
        return
    max_bytes = settings.PALABRE_MAX_IMAGE_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("This image is too large (%(size)s MB); the limit is %(max)s MB."),
            params={
                "size": round(upload.size / 1_000_000, 1),
                "max": round(max_bytes / 1_000_000, 1),
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
