"""Each person's choices per kind of notification: what `notify` writes, what is emailed,
what the list shows, and the service that saves them."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.core.models import NotificationFrequency
from palabre.notifications.models import Notification, NotificationPreference
from palabre.notifications.selectors import (
    Channels,
    notification_list,
    notification_preferences_of,
    unread_count,
)
from palabre.notifications.services import (
    digests_send,
    notification_preferences_set,
    notify,
)

EVENT = "comments.reply"
OTHER_EVENT = "comments.mention"
DAILY = NotificationFrequency.DAILY


def choose(person, event=EVENT, *, in_app=True, email=True):
    notification_preferences_set(
        actor=person, user=person, preferences={event: Channels(in_app=in_app, email=email)}
    )


@pytest.fixture
def emails_leave_on_commit(monkeypatch):
    """Digest tests run inside a transaction that never commits: send at once."""
    monkeypatch.setattr(
        "palabre.core.queue.transaction.on_commit", lambda callback, *a, **k: callback()
    )


# What notify writes ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("in_app", "email", "written", "by_email"),
    [
        (True, True, True, True),
        (True, False, True, False),
        (False, True, True, True),
        (False, False, False, None),
    ],
)
def test_notify_follows_each_combination_of_choices(
    make_user, page, django_capture_on_commit_callbacks, in_app, email, written, by_email
):
    person = make_user()
    choose(person, in_app=in_app, email=email)
    with django_capture_on_commit_callbacks(execute=True):
        count = notify(event=EVENT, target=page, recipients=[person])

    assert count == (1 if written else 0)
    notification = Notification.objects.filter(recipient=person).first()
    assert (notification is not None) == written
    if written:
        assert notification.in_app == in_app
        assert notification.by_email == by_email
    # Real-time emails: exactly when email is on.
    assert [message.to for message in mail.outbox] == ([[person.email]] if email else [])
    # The list and the unread count: exactly when the site is on.
    organization = page.component.space.organization
    assert list(notification_list(user=person, organization=organization)) == (
        [notification] if in_app else []
    )
    assert unread_count(person, organization) == (1 if in_app else 0)


def test_a_choice_applies_to_its_event_only(make_user, page):
    person = make_user()
    choose(person, in_app=False, email=False)
    notify(event=OTHER_EVENT, target=page, recipients=[person])
    notify(event=EVENT, target=page, recipients=[person])
    assert list(Notification.objects.values_list("event", flat=True)) == [OTHER_EVENT]


def test_choices_are_each_person_s_own(make_user, page):
    quiet, default = make_user(), make_user()
    choose(quiet, in_app=False, email=False)
    assert notify(event=EVENT, target=page, recipients=[quiet, default]) == 1
    assert Notification.objects.get().recipient == default


def test_without_emails_a_notification_turned_off_on_the_site_is_not_written(make_user, page):
    never = make_user(notification_frequency=NotificationFrequency.NONE)
    never_on_site = make_user(notification_frequency=NotificationFrequency.NONE)
    choose(never, in_app=False)
    assert notify(event=EVENT, target=page, recipients=[never, never_on_site]) == 1
    kept = Notification.objects.get()
    assert kept.recipient == never_on_site
    # Emails were off when it happened: choosing a digest later does not send it.
    assert kept.by_email is False


def test_events_nobody_may_turn_off_ignore_stale_choices(
    make_user, page, django_capture_on_commit_callbacks
):
    person = make_user()
    # A row left from the time this event could be turned off.
    NotificationPreference.objects.create(
        user=person, event="proposals.coauthor_invited", in_app=False, email=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(event="proposals.coauthor_invited", target=page, recipients=[person]) == 1
    notification = Notification.objects.get()
    assert (notification.in_app, notification.by_email) == (True, True)
    assert len(mail.outbox) == 1


def test_choices_are_read_in_one_query_whatever_the_number_of_recipients(
    make_user, page, django_assert_max_num_queries
):
    few = [make_user() for _ in range(2)]
    many = few + [make_user() for _ in range(28)]
    for n, person in enumerate(many):
        # Every kind of choice is present among the many.
        choose(person, in_app=n % 2 == 0, email=n % 3 == 0)
    page.component.space  # noqa: B018 - the caller already holds the loaded target
    with django_assert_max_num_queries(9) as few_queries:
        notify(event=EVENT, target=page, recipients=few)
    assert any("notificationpreference" in query["sql"] for query in few_queries)
    Notification.objects.all().delete()
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        notify(event=EVENT, target=page, recipients=many)
    expected = sum(1 for n in range(30) if n % 2 == 0 or n % 3 == 0)
    assert Notification.objects.count() == expected


# Emails and digests ----------------------------------------------------------------------
def test_digests_leave_out_what_is_not_to_be_emailed(
    make_user, page, emails_leave_on_commit, django_capture_on_commit_callbacks
):
    person = make_user(notification_frequency=DAILY)
    choose(person, email=False)
    notify(event=EVENT, target=page, recipients=[person])
    notify(event=OTHER_EVENT, target=page, recipients=[person])

    assert digests_send(frequency=DAILY) == 1
    assert "Your day: 1 new notification" in mail.outbox[0].subject
    assert "mentioned you" in mail.outbox[0].body
    assert "replied to your comment" not in mail.outbox[0].body
    # Shown on the site, never emailed, even once emails are back on.
    choose(person, email=True)
    assert digests_send(frequency=DAILY) == 0
    assert len(mail.outbox) == 1


def test_a_digest_of_only_turned_off_notifications_is_never_sent(
    make_user, page, emails_leave_on_commit
):
    person = make_user(notification_frequency=DAILY)
    choose(person, email=False)
    notify(event=EVENT, target=page, recipients=[person])
    assert Notification.objects.filter(recipient=person).exists()
    assert digests_send(frequency=DAILY) == 0
    assert mail.outbox == []


def test_turning_emails_off_takes_pending_notifications_out_of_the_digest(
    make_user, page, emails_leave_on_commit
):
    person = make_user(notification_frequency=DAILY)
    notify(event=EVENT, target=page, recipients=[person])
    notify(event=OTHER_EVENT, target=page, recipients=[person])
    choose(person, email=False)
    assert Notification.objects.get(event=EVENT).by_email is False
    digests_send(frequency=DAILY)
    assert "Your day: 1 new notification" in mail.outbox[0].subject


def test_a_choice_saved_while_notify_was_writing_still_stops_the_email(
    make_user, page, emails_leave_on_commit
):
    """`notify` read the choices before this one was saved and wrote a notification to
    email; the digest reads the choices again."""
    person = make_user(notification_frequency=DAILY)
    notify(event=EVENT, target=page, recipients=[person])
    NotificationPreference.objects.create(user=person, event=EVENT, email=False)
    assert Notification.objects.get().by_email is True
    assert digests_send(frequency=DAILY) == 0
    assert mail.outbox == []


def test_real_time_emails_read_the_choices_again_when_sent(
    make_user, page, django_capture_on_commit_callbacks
):
    person = make_user()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(event=EVENT, target=page, recipients=[person])
    NotificationPreference.objects.create(user=person, event=EVENT, email=False)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_a_notification_only_for_email_is_emailed_in_the_digest(
    make_user, page, emails_leave_on_commit
):
    person = make_user(notification_frequency=DAILY)
    choose(person, in_app=False)
    notify(event=EVENT, target=page, recipients=[person])
    assert unread_count(person, page.component.space.organization) == 0
    assert digests_send(frequency=DAILY) == 1
    assert "replied to your comment" in mail.outbox[0].body


# The service that saves the choices ------------------------------------------------------
def test_only_choices_that_differ_from_the_default_are_stored(make_user):
    person = make_user()
    notification_preferences_set(
        actor=person,
        user=person,
        preferences={
            EVENT: Channels(in_app=False, email=True),
            OTHER_EVENT: Channels(in_app=True, email=True),
        },
    )
    assert notification_preferences_of(user=person) == {EVENT: Channels(False, True)}
    choose(person, in_app=True, email=True)
    assert not NotificationPreference.objects.exists()


def test_saving_some_events_keeps_the_others(make_user):
    person = make_user()
    choose(person, EVENT, email=False)
    choose(person, OTHER_EVENT, in_app=False)
    choose(person, EVENT, in_app=False, email=False)
    assert notification_preferences_of(user=person) == {
        EVENT: Channels(False, False),
        OTHER_EVENT: Channels(False, True),
    }
    assert NotificationPreference.objects.count() == 2


@pytest.mark.parametrize("event", ["comments.typo", "proposals.coauthor_invited"])
def test_unknown_events_and_events_that_cannot_be_turned_off_are_refused(make_user, event):
    person = make_user()
    with pytest.raises(ValidationError) as error:
        notification_preferences_set(
            actor=person,
            user=person,
            preferences={EVENT: Channels(False, False), event: Channels(False, False)},
        )
    assert event in str(error.value)
    assert not NotificationPreference.objects.exists()


def test_nobody_changes_someone_else_s_choices(make_user):
    person, other = make_user(), make_user()
    with pytest.raises(PermissionDenied):
        notification_preferences_set(
            actor=other, user=person, preferences={EVENT: Channels(False, False)}
        )
    assert not NotificationPreference.objects.exists()


def test_turning_emails_off_leaves_emailed_notifications_alone(make_user, make_notifications):
    person = make_user()
    sent_at = timezone.now()
    make_notifications(person, 1, emailed_at=sent_at)
    choose(person, "comments.created", email=False)
    notification = Notification.objects.get()
    assert notification.by_email is True
    assert notification.emailed_at == sent_at
