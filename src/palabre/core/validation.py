"""Validation helpers shared by services: every error of a form reported at once."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from palabre.core.images import clean_image
from palabre.core.translations import clean_translations


class FieldErrors:
    """Collects the errors of several fields, so that a form shows them all together.

    errors = FieldErrors()
    with errors.collect("title"):
        cleaned["title"] = clean_translations(...)
    errors.raise_if_any()
    """

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    @contextmanager
    def collect(self, field: str) -> Iterator[None]:
        try:
            yield
        except ValidationError as error:
            self.errors.setdefault(field, []).extend(error.messages)

    def add(self, field: str, message) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def clean_title_and_body(
    organization, *, errors: FieldErrors, title, body, image=None, title_max_length: int = 200
) -> dict:
    """The usual texts of a resource: a title required in the organization's default
    language, a sanitized rich-text body, and an optional image that must be a real one,
    under `image` as the copy to store, without its metadata, when one was sent."""
    cleaned: dict = {}
    with errors.collect("title"):
        cleaned["title"] = clean_translations(
            title,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=title_max_length,
            field_label=_("Title"),
        )
    with errors.collect("body"):
        cleaned["body"] = clean_translations(
            body, languages=organization.locales, rich=True, field_label=_("Text")
        )
    if image is not None:
        with errors.collect("image"):
            cleaned["image"] = clean_image(image)
    return cleaned
