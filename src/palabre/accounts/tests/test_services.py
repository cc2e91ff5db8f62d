import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palabre.accounts.services import user_update_notifications, user_update_profile
from palabre.core.models import NotificationFrequency
from palabre.core.tests.factories import UserFactory


def update_kwargs(**overrides):
    kwargs = {
        "name": "Name",
        "nickname": "nick",
        "about": "",
        "locale": "fr",
        "newsletter_opt_in": False,
    }
    kwargs.update(overrides)
    return kwargs


def test_only_the_person_changes_their_profile(organization, user):
    other = UserFactory(organization=organization)

    with pytest.raises(PermissionDenied):
        user_update_profile(actor=other, user=user, organization=organization, **update_kwargs())
    with pytest.raises(PermissionDenied):
        user_update_notifications(actor=other, user=user, notification_frequency="never")

    user.refresh_from_db()
    assert user.nickname != "nick"
    assert user.notification_frequency == NotificationFrequency.REAL_TIME


def test_profile_service_checks_the_rules_itself(organization, user):
    organization.available_locales = ["fr"]
    UserFactory(nickname="Taken")

    with pytest.raises(ValidationError) as error:
        user_update_profile(
            actor=user,
            user=user,
            organization=organization,
            **update_kwargs(nickname="taken", locale="en"),
        )

    assert set(error.value.message_dict) == {"nickname", "locale"}
    user.refresh_from_db()
    assert user.nickname != "taken"


def test_notification_service_refuses_unknown_frequencies(user):
    with pytest.raises(ValidationError):
        user_update_notifications(actor=user, user=user, notification_frequency="hourly")
