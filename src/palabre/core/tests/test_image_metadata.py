"""Space main images and organization logos are stored without what a phone writes in a
photo (its location above all), upright; a picture that cannot be rewritten is refused on
its own field and nothing is saved."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from palabre.core import services
from palabre.core.models import Organization, Space
from palabre.core.tests.images import cut_photo, leaks, phone_photo


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(field_file) -> bytes:
    with field_file.open("rb") as opened:
        return opened.read()


def _create_process(admin, organization, **extra):
    return services.space_create(
        actor=admin,
        organization=organization,
        kind="process",
        slug="budget-2027",
        title={"fr": "Budget 2027"},
        **extra,
    )


def test_a_space_main_image_is_stored_without_its_location(admin_user, organization):
    space = _create_process(admin_user, organization, hero_image=phone_photo("square.jpg"))
    data = stored(Space.objects.get(pk=space.pk).hero_image)
    assert leaks(data) == []
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (20, 40))
    services.space_update(actor=admin_user, space=space, hero_image=phone_photo("again.jpg"))
    space.refresh_from_db()
    assert space.hero_image.name.endswith(".jpg")
    assert leaks(stored(space.hero_image)) == []


def test_a_space_image_that_cannot_be_read_is_refused_on_its_field(admin_user, organization):
    with pytest.raises(ValidationError) as error:
        _create_process(admin_user, organization, hero_image=cut_photo())
    assert list(error.value.message_dict) == ["hero_image"]
    assert not Space.objects.exists()
    space = _create_process(admin_user, organization)
    with pytest.raises(ValidationError) as error:
        services.space_update(
            actor=admin_user, space=space, title={"fr": "Autre"}, hero_image=cut_photo()
        )
    assert list(error.value.message_dict) == ["hero_image"]
    space.refresh_from_db()
    assert space.title == {"fr": "Budget 2027"} and not space.hero_image


def test_an_organization_logo_is_stored_without_its_location(admin_user, organization):
    services.organization_update(
        actor=admin_user, organization=organization, logo=phone_photo("logo.jpg")
    )
    organization.refresh_from_db()
    assert organization.logo.name.startswith("organizations/")
    assert leaks(stored(organization.logo)) == []


def test_a_new_organization_logo_is_stored_without_its_location(db):
    organization = services.organization_create(
        host="dee.example.org", name="Ville de Dée", logo=phone_photo("logo.jpg")
    )
    assert leaks(stored(Organization.objects.get(pk=organization.pk).logo)) == []


def test_a_refused_logo_is_reported_with_the_other_errors(admin_user, organization):
    with pytest.raises(ValidationError) as error:
        services.organization_update(
            actor=admin_user,
            organization=organization,
            name="Autre nom",
            primary_color="blue",
            logo=cut_photo(),
        )
    assert set(error.value.message_dict) == {"logo", "primary_color"}
    organization.refresh_from_db()
    assert organization.name != "Autre nom" and not organization.logo
    with pytest.raises(ValidationError) as error:
        services.organization_create(host="dee.example.org", name="Dée", logo=cut_photo())
    assert list(error.value.message_dict) == ["logo"]
    assert not Organization.objects.filter(host="dee.example.org").exists()
