import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from palabre.backoffice.tests.conftest import client_for


def organization_data(**overrides):
    data = {
        "name": "Ville d'Essai",
        "reference_prefix": "ESSAI",
        "default_locale": "fr",
        "available_locales": ["fr", "en"],
        "time_zone": "Europe/Paris",
        "currency": "EUR",
        "contact_email": "contact@example.org",
        "primary_color": "#123456",
        "secondary_color": "#654321",
        "description_fr": "<p>Bienvenue</p>",
        "announcement_fr": "<p>Vote ce week-end</p><script>x()</script>",
        "staff_idle_minutes": 30,
        "participant_idle_minutes": 10080,
    }
    data.update(overrides)
    return data


def test_admin_updates_the_organization(admin_client, organization):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    response = admin_client.post("/admin/organization/", organization_data(logo=logo))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Ville d'Essai"
    assert organization.announcement == {"fr": "<p>Vote ce week-end</p>"}
    assert organization.logo.name.startswith("organizations/")


def test_admin_sets_the_currency_of_amounts(admin_client, organization):
    response = admin_client.post("/admin/organization/", organization_data(currency="chf"))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.currency == "CHF"
    response = admin_client.post("/admin/organization/", organization_data(currency="E1"))
    assert "three-letter currency code" in response.content.decode()
    organization.refresh_from_db()
    assert organization.currency == "CHF"


def test_bad_input_changes_nothing(admin_client, organization):
    response = admin_client.post(
        "/admin/organization/",
        organization_data(default_locale="en", available_locales=["fr"]),
    )
    assert response.status_code == 200
    assert "default_locale" in response.context["form"].errors
    organization.refresh_from_db()
    assert organization.name == "Ville de Test"


def test_admin_sets_how_long_idle_sessions_last(admin_client, organization):
    response = admin_client.post(
        "/admin/organization/",
        organization_data(staff_idle_minutes=15, participant_idle_minutes=60 * 24),
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.staff_idle_minutes, organization.participant_idle_minutes) == (15, 1440)


def test_idle_limits_out_of_bounds_are_refused(admin_client, organization):
    response = admin_client.post(
        "/admin/organization/", organization_data(staff_idle_minutes=2, name="Autre")
    )
    assert response.status_code == 200
    assert "staff_idle_minutes" in response.context["form"].errors
    organization.refresh_from_db()
    assert (organization.name, organization.staff_idle_minutes) == ("Ville de Test", 30)


def test_not_an_image_logo_is_refused(admin_client, organization):
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = admin_client.post("/admin/organization/", organization_data(logo=fake))
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    organization.refresh_from_db()
    assert not organization.logo


def test_space_admin_cannot_change_the_organization(space_admin, organization):
    client = client_for(space_admin)
    assert client.get("/admin/organization/").status_code == 403
    assert client.post("/admin/organization/", organization_data()).status_code == 403
    organization.refresh_from_db()
    assert organization.name == "Ville de Test"


def test_a_logo_photo_loses_its_location_and_a_broken_one_is_refused_on_its_field(
    admin_client, organization, settings, tmp_path
):
    from palabre.core.tests.images import cut_photo, leaks, phone_photo

    settings.MEDIA_ROOT = tmp_path / "media"
    response = admin_client.post("/admin/organization/", organization_data(logo=phone_photo()))
    assert response.status_code == 302
    organization.refresh_from_db()
    with organization.logo.open("rb") as stored:
        assert leaks(stored.read()) == []
    kept = organization.logo.name
    response = admin_client.post(
        "/admin/organization/", organization_data(name="Autre", logo=cut_photo())
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["logo"]
    organization.refresh_from_db()
    assert organization.logo.name == kept and organization.name == "Ville d'Essai"
