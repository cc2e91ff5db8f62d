"""A profile picture is stored without where it was taken, upright."""

from PIL import Image

from palabre.core.tests.images import cut_photo, leaks, phone_photo

PROFILE_URL = "/account/"
PROFILE = {"name": "Alice", "nickname": "alice", "about": "", "locale": "en"}


def test_a_phone_photo_as_avatar_loses_its_location(client, user, media_root):
    client.force_login(user)
    response = client.post(PROFILE_URL, {**PROFILE, "avatar": phone_photo("selfie.jpg")})
    assert response.status_code == 302
    user.refresh_from_db()
    stored = media_root / user.avatar.name
    assert leaks(stored.read_bytes()) == []
    with Image.open(stored) as picture:
        assert picture.format == "JPEG" and dict(picture.getexif()) == {}
        assert picture.size == (20, 40)


def test_a_photo_that_cannot_be_decoded_is_refused_and_nothing_changes(client, user, media_root):
    client.force_login(user)
    response = client.post(
        PROFILE_URL, {**PROFILE, "avatar": cut_photo()}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["avatar"][0].startswith("This file is not an image.")
    user.refresh_from_db()
    assert not user.avatar and user.nickname != "alice"
    assert not media_root.exists() or not any(media_root.rglob("*.jpg"))
