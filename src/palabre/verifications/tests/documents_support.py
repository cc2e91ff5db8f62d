"""What the tests of identity documents, postal letters and conflicts share: the methods
offered, files in a temporary media folder, real uploads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from palabre.core.tests.factories import (
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)
from palabre.verifications.models import OrganizationVerificationMethod

IDENTITY = {
    "document_type": "id_card",
    "document_number": "AB 12-34 56",
    "last_name": "Le Gall",
    "first_name": "Anne",
    "birth_date": "1990-05-17",
    "postal_code": "75011",
}


def jpeg_upload(name="document.jpg", *, exif_gps=False) -> SimpleUploadedFile:
    """A real JPEG photo, with a GPS position in its EXIF data when asked."""
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 30), "blue")
    exif = Image.Exif()
    if exif_gps:
        exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_upload(name="document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
        content_type="application/pdf",
    )


def offer(organization, *names) -> None:
    for name in names:
        OrganizationVerificationMethod.objects.create(organization=organization, method=name)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def space_admin(organization):
    person = with_two_factor(UserFactory(organization=organization))
    SpaceRoleFactory(space=SpaceFactory(organization=organization), user=person, role="admin")
    return person


@pytest.fixture
def org_admin_without_second_factor(organization):
    from palabre.core.models import OrganizationAdmin

    person = UserFactory(organization=organization)
    OrganizationAdmin.objects.create(organization=organization, user=person)
    return person


@pytest.fixture
def browser_of(request, client, signed_in):
    """`browser_of(who)`: a client for "visitor", "participant", "space_admin",
    "org_admin_without_second_factor" or "org_admin" (with its second factor)."""

    def build(who: str):
        if who == "visitor":
            return client
        return signed_in(request.getfixturevalue(who))

    return build
