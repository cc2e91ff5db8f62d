"""Limits are stated once: help texts and errors are formatted from the same value."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from palabre.core.validators import image_help_text, validate_image


@pytest.mark.parametrize(
    ("limit", "english", "french"),
    [(5_000_000, "5", "5"), (5 * 1024 * 1024, "5.2", "5,2"), (2_500_000, "2.5", "2,5")],
)
def test_the_image_help_and_the_error_state_the_same_limit(settings, limit, english, french):
    settings.PALABRE_MAX_IMAGE_BYTES = limit
    too_large = SimpleUploadedFile("photo.jpg", b"\xff\xd8" + b"0" * limit, "image/jpeg")
    with translation.override("en"):
        assert str(image_help_text()) == f"JPEG, PNG, GIF or WebP, at most {english} MB."
        with pytest.raises(ValidationError) as raised:
            validate_image(too_large)
        assert raised.value.messages[0].endswith(f"the limit is {english} MB.")
    with translation.override("fr"):
        assert french in str(image_help_text())
        with pytest.raises(ValidationError) as raised:
            validate_image(too_large)
        assert french in raised.value.messages[0]


def test_image_fields_of_the_forms_state_the_limit(settings):
    from palabre.backoffice.forms import OrganizationForm
    from palabre.components.budgets.forms import ProjectForm

    settings.PALABRE_MAX_IMAGE_BYTES = 3_000_000
    with translation.override("en"):
        assert "at most 3 MB" in str(ProjectForm.base_fields["image"].help_text)
        assert "at most 3 MB" in str(OrganizationForm.base_fields["logo"].help_text)
