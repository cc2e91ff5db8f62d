"""The notification settings page: the email frequency and, per kind of notification, on the
site and by email."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError

from palabre.accounts.services import user_update_notifications
from palabre.core.models import NotificationFrequency, User
from palabre.notifications.events import event_groups
from palabre.notifications.models import NotificationPreference
from palabre.notifications.selectors import Channels, notification_preferences_of
from palabre.notifications.services import notification_preferences_set

URL = "/account/notifications/"
SWITCHABLE = [event.name for group in event_groups() for event in group.events if event.switchable]


def everything_ticked(**overrides) -> dict:
    """What the page posts when nothing is unticked."""
    data = {"notification_frequency": "real_time", "events": SWITCHABLE}
    for name in SWITCHABLE:
        data[f"in_app-{name}"] = "on"
        data[f"email-{name}"] = "on"
    data.update(overrides)
    return data


def untick(data: dict, *fields: str) -> dict:
    for field in fields:
        del data[field]
    return data


def test_page_has_a_fieldset_per_group_and_two_labelled_boxes_per_kind(signed_in, user):
    notification_preferences_set(
        actor=user, user=user, preferences={"comments.reply": Channels(in_app=True, email=False)}
    )
    response = signed_in(user).get(URL)
    body = response.content.decode()

    assert response.status_code == 200
    # The frequency is still chosen here.
    assert 'name="notification_frequency" value="weekly"' in body
    legends = re.findall(r'<fieldset class="notification-kinds">\s*<legend>([^<]+)</legend>', body)
    # One fieldset per group of events, in the order groups were named, whatever groups the
    # installed components add (draws by lot, surveys…); the platform's own are all there.
    assert [unescape(legend) for legend in legends] == [
        str(group.label) for group in event_groups()
    ]
    platform = [
        "Proposals",
        "Comments",
        "Follow-up of results",
        "Moderation of the spaces you moderate",
    ]
    assert [legend for legend in legends if legend in platform] == platform
    # Every group was given a name people read, not shown under its bare key.
    assert all(str(group.label) != group.key for group in event_groups())
    boxes = re.findall(r'<input type="checkbox" name="([^"]+)" id="([^"]+)"( checked)?>', body)
    assert sorted(name for name, _id, _checked in boxes) == sorted(
        f"{channel}-{name}" for name in SWITCHABLE for channel in ("in_app", "email")
    )
    for _name, box_id, _checked in boxes:
        assert re.search(rf'<label for="{re.escape(box_id)}"[^>]*>[^<]+</label>', body)
    unticked = [name for name, _id, checked in boxes if not checked]
    assert unticked == ["email-comments.reply"]
    label = '<label for="id_email-comments.reply" class="visually-hidden">{}</label>'
    assert label.format("Reply to your comment by email") in body
    # An invitation cannot be turned off: no box, a sentence saying so.
    assert "in_app-proposals.coauthor_invited" not in body
    assert "Always sent" in body


def test_saving_turns_off_what_is_unticked_and_keeps_the_frequency_choice(signed_in, user):
    data = untick(
        everything_ticked(notification_frequency="daily"),
        "in_app-comments.created",
        "email-comments.created",
        "email-proposals.published",
    )
    response = signed_in(user).post(URL, data, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your notification preferences have been saved." in response.content.decode()
    assert notification_preferences_of(user=user) == {
        "comments.created": Channels(in_app=False, email=False),
        "proposals.published": Channels(in_app=True, email=False),
    }
    assert User.objects.get(pk=user.pk).notification_frequency == NotificationFrequency.DAILY


def test_ticking_everything_again_goes_back_to_the_default(signed_in, user):
    notification_preferences_set(
        actor=user, user=user, preferences={"comments.reply": Channels(False, False)}
    )
    signed_in(user).post(URL, everything_ticked())
    assert not NotificationPreference.objects.exists()


def test_a_form_without_the_list_of_kinds_turns_nothing_off(signed_in, user):
    """An older form, or a script, sending only the frequency: unsent boxes are not "off"."""
    notification_preferences_set(
        actor=user, user=user, preferences={"comments.reply": Channels(False, True)}
    )
    response = signed_in(user).post(URL, {"notification_frequency": "weekly"})
    assert response.status_code == 302
    assert notification_preferences_of(user=user) == {"comments.reply": Channels(False, True)}
    assert User.objects.get(pk=user.pk).notification_frequency == NotificationFrequency.WEEKLY


def test_only_the_kinds_the_page_listed_are_saved(signed_in, user):
    """A page shown before a new kind was added does not turn the new kind off."""
    data = everything_ticked(events=["comments.reply"])
    data = {key: value for key, value in data.items() if not key.endswith("comments.created")}
    signed_in(user).post(URL, untick(data, "email-comments.reply"))
    assert notification_preferences_of(user=user) == {"comments.reply": Channels(True, False)}


def test_unknown_kinds_and_kinds_that_cannot_be_turned_off_are_ignored(signed_in, user):
    data = everything_ticked()
    data["events"] = [*SWITCHABLE, "spam.unknown", "proposals.coauthor_invited", "comments.reply"]
    data["in_app-spam.unknown"] = "on"
    response = signed_in(user).post(URL, untick(data, "email-comments.reply"))

    assert response.status_code == 302
    assert list(NotificationPreference.objects.values_list("event", "in_app", "email")) == [
        ("comments.reply", True, False)
    ]


def test_a_refused_frequency_saves_no_choice_either(signed_in, user):
    data = untick(everything_ticked(notification_frequency="hourly"), "in_app-comments.reply")
    response = signed_in(user).post(URL, data)

    assert response.status_code == 200
    assert "notification_frequency" in response.context["form"].errors
    assert not NotificationPreference.objects.exists()
    assert User.objects.get(pk=user.pk).notification_frequency == NotificationFrequency.REAL_TIME
    # The page shows again what was ticked, so the person does not start over.
    assert 'name="in_app-comments.reply" id="id_in_app-comments.reply">' in (
        response.content.decode()
    )


def test_the_service_saves_the_frequency_and_the_choices_together_or_neither(user):
    with pytest.raises(ValidationError):
        user_update_notifications(
            actor=user,
            user=user,
            notification_frequency="weekly",
            preferences={"comments.reply": Channels(False, False), "spam.unknown": Channels()},
        )
    assert User.objects.get(pk=user.pk).notification_frequency == NotificationFrequency.REAL_TIME
    assert not NotificationPreference.objects.exists()


def test_the_page_needs_an_account(client, organization):
    response = client.post(URL, everything_ticked())
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not NotificationPreference.objects.exists()


def test_page_queries_do_not_grow_with_the_choices(
    signed_in, user, make_user, django_assert_max_num_queries
):
    def queries_for(person) -> int:
        client = signed_in(person)
        client.get(URL)
        with django_assert_max_num_queries(12) as context:
            assert client.get(URL).status_code == 200
        return len(context.captured_queries)

    other = make_user()
    notification_preferences_set(
        actor=other,
        user=other,
        preferences={name: Channels(False, False) for name in SWITCHABLE},
    )
    assert queries_for(user) == queries_for(other)


@pytest.fixture
def make_user(organization):
    from palabre.core.tests.factories import UserFactory

    return lambda **kwargs: UserFactory(organization=organization, **kwargs)
