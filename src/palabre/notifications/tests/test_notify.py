import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from palabre.core.models import NotificationFrequency, SpaceMember
from palabre.notifications.models import Notification
from palabre.notifications.services import follow_create, notify, notify_followers


def recipients_of(event=None) -> set[int]:
    notifications = Notification.objects.all()
    if event:
        notifications = notifications.filter(event=event)
    return set(notifications.values_list("recipient_id", flat=True))


def test_notify_leaves_out_the_actor_and_duplicates(make_user, page):
    actor, alice, bob = make_user(), make_user(), make_user()
    count = notify(
        event="comments.mention", target=page, recipients=[alice, bob, alice, actor], actor=actor
    )
    assert count == 2
    assert recipients_of() == {alice.pk, bob.pk}
    notification = Notification.objects.get(recipient=alice)
    assert notification.actor == actor
    assert notification.space == page.component.space
    # Titles are kept in the organization's language (French in tests).
    assert notification.title == "Bancs"
    assert notification.url == page.get_absolute_url()
    assert notification.read_at is None
    assert notification.sentence == f"{actor.display_name} mentioned you in a comment on “Bancs”"


def test_blocked_deleted_and_deactivated_people_get_nothing(make_user, page):
    present = make_user()
    blocked = make_user(blocked_at=timezone.now())
    deleted = make_user(deleted_at=timezone.now())
    inactive = make_user(is_active=False)
    notify(event="comments.reply", target=page, recipients=[present, blocked, deleted, inactive])
    assert recipients_of() == {present.pk}


def test_people_who_may_not_view_the_target_get_nothing(make_user, private_page, private_space):
    member, outsider = make_user(), make_user()
    SpaceMember.objects.create(space=private_space, user=member)
    assert notify(event="comments.reply", target=private_page, recipients=[member, outsider]) == 1
    assert recipients_of() == {member.pk}


def test_nobody_sees_an_unpublished_component_except_its_admins(make_user, page, admin_user):
    page.component.published_at = None
    page.component.save()
    participant = make_user()
    notify(event="comments.reply", target=page, recipients=[participant, admin_user])
    assert recipients_of() == {admin_user.pk}


def test_unknown_events_are_a_programming_error(user, page):
    with pytest.raises(ValueError):
        notify(event="comments.typo", target=page, recipients=[user])
    assert not Notification.objects.exists()


def test_recipient_checks_take_a_bounded_number_of_queries(
    make_user, page, django_assert_max_num_queries
):
    few = [make_user() for _ in range(2)]
    many = few + [make_user() for _ in range(28)]
    page.component.space  # noqa: B018 - the caller already holds the loaded target
    with django_assert_max_num_queries(8) as few_queries:
        notify(event="comments.reply", target=page, recipients=few)
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        assert notify(event="comments.reply", target=page, recipients=many) == 30


def test_notify_followers_reaches_followers_of_the_target_and_of_its_space(make_user, page, space):
    of_page, of_space, of_both, extra, actor = (make_user() for _ in range(5))
    follow_create(user=of_page, target=page)
    follow_create(user=of_space, target=space)
    follow_create(user=of_both, target=page)
    follow_create(user=of_both, target=space)
    follow_create(user=actor, target=page)
    count = notify_followers(
        event="comments.created", target=page, actor=actor, extra_recipients=[extra, of_page]
    )
    assert count == 4
    assert recipients_of() == {of_page.pk, of_space.pk, of_both.pk, extra.pk}


def test_followers_who_lost_access_get_nothing(make_user, private_page, private_space):
    kept, removed = make_user(), make_user()
    for person in (kept, removed):
        SpaceMember.objects.create(space=private_space, user=person)
        follow_create(user=person, target=private_space)
    SpaceMember.objects.filter(user=removed).delete()
    notify_followers(event="comments.created", target=private_page)
    assert recipients_of() == {kept.pk}


def test_space_followers_are_notified_about_the_space_itself(make_user, space):
    follower = make_user()
    follow_create(user=follower, target=space)
    assert notify_followers(event="proposals.published", target=space) == 1
    assert Notification.objects.get().title == "The park"


# Real-time emails ------------------------------------------------------------------------
def test_real_time_email_leaves_only_once_the_transaction_commits(
    make_user, page, django_capture_on_commit_callbacks
):
    actor = make_user(name="Amina")
    real_time = make_user(locale="en")
    daily = make_user(notification_frequency=NotificationFrequency.DAILY)
    never = make_user(notification_frequency=NotificationFrequency.NONE)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(
            event="comments.reply",
            target=page,
            recipients=[real_time, daily, never],
            actor=actor,
        )
        assert mail.outbox == []
    assert [message.to for message in mail.outbox] == [[real_time.email]]
    message = mail.outbox[0]
    assert "Amina replied to your comment on “Bancs”" in message.subject
    assert f"https://testserver{page.get_absolute_url()}" in message.body
    assert "https://testserver/account/notifications/" in message.body
    assert Notification.objects.get(recipient=real_time).emailed_at is not None
    assert Notification.objects.get(recipient=daily).emailed_at is None


def test_a_rolled_back_notification_sends_no_email(
    make_user, page, django_capture_on_commit_callbacks
):
    person = make_user()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(event="comments.reply", target=page, recipients=[person])
        raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_real_time_email_is_in_the_recipient_language(
    make_user, page, django_capture_on_commit_callbacks
):
    french = make_user(locale="fr", name="Jeanne")
    default_language = make_user(locale="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="comments.reply", target=page, recipients=[french, default_language])
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert by_recipient[french.email].body.startswith("Bonjour Jeanne,")
    # Without a language of their own, people read the organization's (French here).
    assert by_recipient[default_language.email].body.startswith("Bonjour")
    assert by_recipient[french.email].subject.startswith("[Ville de Test]")
