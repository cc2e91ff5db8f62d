import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied

from palabre.accounts.services import user_delete_account
from palabre.core.models import User
from palabre.core.tests.factories import DEMO_PASSWORD, UserFactory

DELETE_URL = "/account/delete/"


def test_deletion_page_explains_what_happens(client, user):
    client.force_login(user)

    response = client.get(DELETE_URL, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert "Deleted participant" in html
    assert 'for="id_password"' in html
    assert 'for="id_confirm"' in html


def test_wrong_password_or_missing_confirmation_changes_nothing(client, user):
    client.force_login(user)

    wrong = client.post(
        DELETE_URL, {"password": "nope", "confirm": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    unconfirmed = client.post(DELETE_URL, {"password": DEMO_PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")

    assert wrong.context["form"].errors["password"] == ["This password is not correct."]
    assert unconfirmed.context["form"].errors["confirm"] == [
        "Tick the box to confirm the deletion."
    ]
    user.refresh_from_db()
    assert user.deleted_at is None
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_deletion_anonymizes_signs_out_and_frees_email_and_nickname(
    client, organization, user, mailoutbox, django_capture_on_commit_callbacks
):
    email, nickname = user.email, user.nickname
    client.force_login(user)

    response = client.post(DELETE_URL, {"password": DEMO_PASSWORD, "confirm": "on"})

    assert response["Location"] == "/account/deleted/"
    assert client.session.get("_auth_user_id") is None
    goodbye = client.get("/account/deleted/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Your account has been deleted" in goodbye.content.decode()

    deleted = User.objects.get(pk=user.pk)
    assert deleted.deleted_at is not None
    assert deleted.email != email
    assert deleted.name == ""
    assert deleted.display_name == "Deleted participant"
    assert not EmailAddress.objects.filter(email__iexact=email).exists()

    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert client.session.get("_auth_user_id") is None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "name": "Back Again",
                "nickname": nickname,
                "email": email,
                "password1": "a-brand-new-password-42",
                "accept_terms": "on",
            },
        )
    assert response.status_code == 302
    assert User.objects.filter(email=email, nickname=nickname, deleted_at=None).exists()
    assert len(mailoutbox) == 1


def test_nobody_deletes_someone_elses_account(user):
    other = UserFactory()

    with pytest.raises(PermissionDenied):
        user_delete_account(actor=other, user=user)

    user.refresh_from_db()
    assert user.deleted_at is None


def test_deletion_forgets_the_notification_choices(user):
    from palabre.notifications.models import NotificationPreference

    NotificationPreference.objects.create(
        user=user, event="comments.created", in_app=False, email=False
    )
    other = UserFactory()
    NotificationPreference.objects.create(
        user=other, event="comments.created", in_app=False, email=False
    )

    user_delete_account(actor=user, user=user)

    assert not NotificationPreference.objects.filter(user=user).exists()
    assert NotificationPreference.objects.filter(user=other).exists()
