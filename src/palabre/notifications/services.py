"""Writes: follows, notifications, their emails and digests."""

from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from palabre.core.mail import organization_url, send_templated_email
from palabre.core.models import NotificationFrequency, Organization, Space, User
from palabre.core.permissions import require
from palabre.core.translations import translated
from palabre.notifications.events import event_get
from palabre.notifications.models import Follow, Notification, NotificationPreference
from palabre.notifications.selectors import (
    DEFAULT_CHANNELS,
    Channels,
    email_turned_off,
    followers_q,
    notification_preferences_for,
    recipients_who_can_view,
    target_space,
)

# A digest lists this many notifications at most, then says how many more there are.
DIGEST_MAX_ITEMS = 50


def _require_can_follow(user) -> None:
    if (
        not getattr(user, "is_authenticated", False)
        or not user.is_active
        or user.is_deleted
        or user.is_blocked
    ):
        raise PermissionDenied(_("Sign in to follow."))


def follow_create(*, user: User, target) -> Follow:
    """Follow a resource or a space; following it again changes nothing."""
    _require_can_follow(user)
    require(user, "view", target)
    follow, _created = Follow.objects.get_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    )
    return follow


def follow_delete(*, user: User, target) -> None:
    """Stop following; stopping what one does not follow changes nothing."""
    _require_can_follow(user)
    Follow.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).delete()


def _title_of(target, space: Space) -> str:
    # One snapshot for every recipient, whatever the actor's language: the organization's
    # language, else the one the text was written in.
    title = translated(getattr(target, "title", None), space.organization.default_locale)
    return (title or str(target))[:255]


def _deliver(*, event: str, target, people_q: Q, actor: User | None, data: dict | None) -> int:
    event_get(event)
    space = target_space(target)
    recipients = recipients_who_can_view(target=target, people_q=people_q, exclude=actor)
    if not recipients:
        return 0
    content_type = ContentType.objects.get_for_model(target)
    title = _title_of(target, space)
    url = target.get_absolute_url()
    preferences = notification_preferences_for(
        event=event, user_ids=[person.pk for person in recipients]
    )
    notifications = []
    for person in recipients:
        channels = preferences.get(person.pk, DEFAULT_CHANNELS)
        by_email = channels.email and person.notification_frequency != NotificationFrequency.NONE
        if not channels.in_app and not by_email:
            continue
        notifications.append(
            Notification(
                recipient=person,
                event=event,
                actor=actor,
                content_type=content_type,
                object_id=target.pk,
                space=space,
                title=title,
                url=url,
                data=data or {},
                in_app=channels.in_app,
                by_email=by_email,
            )
        )
    if not notifications:
        return 0
    with transaction.atomic():
        created = Notification.objects.bulk_create(notifications)
        real_time = [
            notification.pk
            for notification in created
            if notification.by_email
            and notification.recipient.notification_frequency == NotificationFrequency.REAL_TIME
        ]
        if real_time:
            from palabre.notifications.tasks import send_notification_emails

            transaction.on_commit(
                lambda: send_notification_emails.enqueue(notification_ids=real_time)
            )
    return len(created)


def notify(
    *,
    event: str,
    target,
    recipients: Iterable[User],
    actor: User | None = None,
    data: dict | None = None,
) -> int:
    """Notify `recipients` that `event` happened on `target`; returns how many were notified.

    The actor, people who may not view the target and deleted, blocked or deactivated
    accounts are left out; a person listed twice is notified once. People who asked for
    real-time emails get one after the current transaction commits.

    Each person's choices for this event apply (one query for all of them): turned off in
    the app and by email, nothing is written; off by email only, the notification is shown
    in the app and never emailed nor put in a digest; off in the app only, it is kept for
    the email or the digest and hidden from the list and the unread count. Emails follow
    the person's frequency: with "never", a notification turned off in the app is not
    written either.
    """
    ids = {person.pk for person in recipients if person is not None}
    if not ids:
        return 0
    return _deliver(event=event, target=target, people_q=Q(pk__in=ids), actor=actor, data=data)


def notify_followers(
    *,
    event: str,
    target,
    actor: User | None = None,
    data: dict | None = None,
    extra_recipients: Iterable[User] = (),
    exclude: Iterable[User] = (),
) -> int:
    """Notify the followers of `target` and of its space, plus `extra_recipients`, once each
    (same rules as `notify`). `exclude` leaves out people who get a more specific
    notification of the same event (the author replied to, people mentioned)."""
    people_q = followers_q(target)
    extra = {person.pk for person in extra_recipients if person is not None}
    if extra:
        people_q |= Q(pk__in=extra)
    excluded = {person.pk for person in exclude if person is not None}
    if excluded:
        people_q &= ~Q(pk__in=excluded)
    return _deliver(event=event, target=target, people_q=people_q, actor=actor, data=data)


def notifications_mark_read(
    *, user: User, ids: list[int] | None = None, organization: Organization | None = None
) -> int:
    """Mark a person's notifications read (all of them without `ids`, only those about
    `organization`'s spaces with it); returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if organization is not None:
        unread = unread.filter(
            space__in=Space.objects.filter(organization=organization).values("pk")
        )
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


# Preferences ----------------------------------------------------------------------------
def notification_preferences_set(
    *, actor: User, user: User, preferences: Mapping[str, Channels]
) -> None:
    """Save how a person wants each of these kinds of notification (event name → in the
    app, by email); events not given keep their current choice.

    Unknown events and events nobody may turn off are refused with nothing saved. A choice
    back to the default (both on) deletes its row. Turning emails of an event off also
    takes its notifications not emailed yet out of the next email or digest.
    """
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder can change these preferences."))
    unknown = sorted(name for name in preferences if not _is_switchable(name))
    if unknown:
        raise ValidationError(
            _("These notifications cannot be turned off or do not exist: %(events)s."),
            params={"events": ", ".join(unknown)},
            code="unknown_event",
        )
    defaults = [name for name, channels in preferences.items() if channels == DEFAULT_CHANNELS]
    changed = [
        NotificationPreference(user=user, event=name, in_app=channels.in_app, email=channels.email)
        for name, channels in preferences.items()
        if channels != DEFAULT_CHANNELS
    ]
    with transaction.atomic():
        # Two saves of the same person (a double click, two tabs) queue up on their row.
        User.objects.select_for_update().get(pk=user.pk)
        NotificationPreference.objects.filter(user=user, event__in=defaults).delete()
        NotificationPreference.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["user", "event"],
            update_fields=["in_app", "email", "updated_at"],
        )
        no_email = [preference.event for preference in changed if not preference.email]
        Notification.objects.filter(
            recipient=user, event__in=no_email, emailed_at__isnull=True, by_email=True
        ).update(by_email=False)


def _is_switchable(name: str) -> bool:
    try:
        return event_get(name).switchable
    except ValueError:
        return False


# Emails ---------------------------------------------------------------------------------
def _organization_of(notification: Notification) -> Organization | None:
    if notification.space is not None:
        return notification.space.organization
    return notification.recipient.organization


def _language(user: User, organization: Organization) -> str:
    return user.locale or organization.default_locale


def _pending_for_email():
    # Emails were wanted when it happened (`by_email`) and still are: a choice saved while
    # `notify` was writing cannot let an email through.
    return (
        Notification.objects.filter(
            emailed_at__isnull=True,
            by_email=True,
            recipient__is_active=True,
            recipient__deleted_at__isnull=True,
            recipient__blocked_at__isnull=True,
        )
        .exclude(email_turned_off())
        .select_related("recipient__organization", "actor", "space__organization")
    )


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Email each of these notifications to its recipient, if they still want real-time
    emails and it was not emailed yet; returns how many emails were sent."""
    sent = 0
    with transaction.atomic():
        notifications = list(
            _pending_for_email()
            .filter(
                pk__in=notification_ids,
                recipient__notification_frequency=NotificationFrequency.REAL_TIME,
            )
            # Two workers handed the same ids send one email.
            .select_for_update(of=("self",))
        )
        for notification in notifications:
            organization = _organization_of(notification)
            if organization is None:
                continue
            recipient = notification.recipient
            language = _language(recipient, organization)
            with translation.override(language):
                sentence = notification.sentence
            send_templated_email(
                to=recipient.email,
                subject_template="notifications/email/notification_subject.txt",
                body_template="notifications/email/notification_body.txt",
                context={
                    "user": recipient,
                    "sentence": sentence,
                    "target_url": organization_url(organization, notification.url),
                    "settings_url": organization_url(
                        organization, reverse("accounts:notifications")
                    ),
                    "organization": organization,
                },
                language=language,
                organization=organization,
            )
            sent += 1
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
    return sent


def digests_send(*, frequency: str) -> int:
    """Send one digest to each person with this email frequency who has notifications not
    emailed yet, and mark them emailed; returns how many digests were sent.

    People with nothing new get nothing: a digest with nothing in it is never sent. Running
    it twice sends nothing the second time.
    """
    if frequency not in (NotificationFrequency.DAILY, NotificationFrequency.WEEKLY):
        raise ValueError(f"Digests are daily or weekly, not {frequency!r}")
    recipient_ids = list(
        _pending_for_email()
        .filter(recipient__notification_frequency=frequency)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(_digest_send(user_id=user_id, frequency=frequency) for user_id in recipient_ids)


def _digest_send(*, user_id: int, frequency: str) -> int:
    with transaction.atomic():
        notifications = list(
            _pending_for_email()
            .filter(recipient_id=user_id, recipient__notification_frequency=frequency)
            .order_by("-created_at", "-id")
            # A digest run that overlaps another one sends each notification once.
            .select_for_update(of=("self",))
        )
        if not notifications:
            return 0
        recipient = notifications[0].recipient
        organization = recipient.organization or _organization_of(notifications[0])
        if organization is None:
            return 0
        language = _language(recipient, organization)
        with translation.override(language):
            items = [
                {
                    "sentence": notification.sentence,
                    "url": organization_url(
                        _organization_of(notification) or organization, notification.url
                    ),
                    "created_at": notification.created_at,
                }
                for notification in notifications[:DIGEST_MAX_ITEMS]
            ]
        send_templated_email(
            to=recipient.email,
            subject_template="notifications/email/digest_subject.txt",
            body_template="notifications/email/digest_body.txt",
            context={
                "user": recipient,
                "frequency": frequency,
                "items": items,
                "count": len(notifications),
                "more": len(notifications) - len(items),
                "list_url": organization_url(organization, reverse("notifications:list")),
                "settings_url": organization_url(organization, reverse("accounts:notifications")),
                "organization": organization,
            },
            language=language,
            organization=organization,
        )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
    return 1
