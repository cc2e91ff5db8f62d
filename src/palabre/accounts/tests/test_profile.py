import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from palabre.core.models import NotificationFrequency, User
from palabre.core.tests.factories import UserFactory

PROFILE_URL = "/account/"


def png_file(name="me.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_data(**overrides):
    data = {
        "name": "New Name",
        "nickname": "newnick",
        "about": "I live by the river.",
        "locale": "en",
        "newsletter": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("url", ["/account/", "/account/notifications/", "/account/delete/"])
def test_account_pages_require_sign_in(client, organization, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_profile_page_shows_the_form_and_links(client, user):
    client.force_login(user)

    response = client.get(PROFILE_URL, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    for field in ("name", "nickname", "avatar", "about", "locale", "newsletter"):
        assert f'for="id_{field}"' in html
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assert f'href="{url}"' in html


def test_profile_update_saves_and_switches_the_language(client, user, media_root):
    client.force_login(user)

    response = client.post(PROFILE_URL, {**profile_data(), "avatar": png_file()})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert user.name == "New Name"
    assert user.nickname == "newnick"
    assert user.about == "I live by the river."
    assert user.locale == "en"
    assert user.newsletter_opt_in_at is not None
    assert user.avatar.name.startswith("avatars/")


def test_newsletter_consent_keeps_its_date_and_can_be_withdrawn(client, user):
    client.force_login(user)
    client.post(PROFILE_URL, profile_data())
    user.refresh_from_db()
    first_consent = user.newsletter_opt_in_at

    client.post(PROFILE_URL, profile_data())
    user.refresh_from_db()
    assert user.newsletter_opt_in_at == first_consent

    client.post(PROFILE_URL, profile_data(newsletter=None))
    user.refresh_from_db()
    assert user.newsletter_opt_in_at is None


def test_avatar_can_be_removed(client, user, media_root):
    client.force_login(user)
    client.post(PROFILE_URL, {**profile_data(), "avatar": png_file()})

    client.post(PROFILE_URL, {**profile_data(), "avatar-clear": "on"})

    user.refresh_from_db()
    assert not user.avatar


def assert_profile_unchanged(user, before):
    user.refresh_from_db()
    assert (user.name, user.nickname, user.about, user.locale, user.avatar.name) == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"nickname": "TAKEN"},
            "nickname",
            "The nickname “TAKEN” is already taken. Choose another one.",
        ),
        ({"locale": "de"}, "locale", None),
        ({"nickname": "a b"}, "nickname", None),
        ({"about": "x" * 2001}, "about", None),
    ],
)
def test_profile_bad_input_changes_nothing(client, user, overrides, field, message):
    UserFactory(nickname="taken")
    before = (user.name, user.nickname, user.about, user.locale, user.avatar.name)
    client.force_login(user)

    response = client.post(PROFILE_URL, profile_data(**overrides), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert f'aria-describedby="id_{field}' in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert_profile_unchanged(user, before)


def test_language_not_offered_by_the_organization_is_refused(client, organization, user):
    organization.available_locales = ["fr"]
    organization.save()
    client.force_login(user)

    response = client.post(PROFILE_URL, profile_data(locale="en"))

    assert "locale" in response.context["form"].errors
    user.refresh_from_db()
    assert user.locale == ""


def test_a_file_that_is_not_an_image_is_refused(client, user, media_root):
    client.force_login(user)
    fake = SimpleUploadedFile("me.png", b"not a picture at all", content_type="image/png")

    response = client.post(
        PROFILE_URL, {**profile_data(), "avatar": fake}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.context["form"].errors["avatar"] == [
        "This file is not an image. Upload a JPEG, PNG, GIF or WebP picture."
    ]
    user.refresh_from_db()
    assert not user.avatar
    assert user.nickname != "newnick"


def test_notification_frequency(client, user):
    client.force_login(user)

    page = client.get("/account/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    assert "<fieldset" in page.content.decode()
    response = client.post("/account/notifications/", {"notification_frequency": "weekly"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.notification_frequency == NotificationFrequency.WEEKLY


def test_unknown_notification_frequency_is_refused(client, user):
    client.force_login(user)

    response = client.post("/account/notifications/", {"notification_frequency": "hourly"})

    assert "notification_frequency" in response.context["form"].errors
    assert User.objects.get(pk=user.pk).notification_frequency == NotificationFrequency.REAL_TIME
