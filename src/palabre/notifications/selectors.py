"""Reads of follows and notifications, and who may receive a notification."""

from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from palabre.core.models import Space, User
from palabre.core.permissions import can, preload_roles
from palabre.core.resources import ResourceRef, resource_get_in_organization
from palabre.notifications.events import event_get, unswitchable_event_names
from palabre.notifications.models import Follow, Notification, NotificationPreference

NOTIFICATIONS_PER_PAGE = 30


class Channels(NamedTuple):
    """How a person wants one kind of notification."""

    in_app: bool = True
    email: bool = True


DEFAULT_CHANNELS = Channels()


def target_space(target) -> Space:
    """The space a followed or notified target belongs to (a space is its own)."""
    return target if isinstance(target, Space) else target.component.space


def target_get(*, organization, ref: ResourceRef | str | None) -> Space | object | None:
    """What a reference points at inside `organization`: one of its spaces or a resource of
    one of their components (None for anything else, another organization's included).

    Visibility is not checked here: callers ask `can(user, "view", target)`.
    """
    if isinstance(ref, str):
        ref = ResourceRef.parse(ref)
    if ref is None or organization is None:
        return None
    if ref.content_type_id == ContentType.objects.get_for_model(Space).pk:
        # A space is not inside a component: its own organization is checked here.
        return (
            Space.objects.select_related("organization")
            .filter(pk=ref.object_id, organization=organization)
            .first()
        )
    return resource_get_in_organization(organization=organization, ref=ref)


def _target_q(target, prefix: str = "") -> Q:
    content_type = ContentType.objects.get_for_model(target)
    return Q(**{f"{prefix}content_type": content_type, f"{prefix}object_id": target.pk})


def followers_q(target) -> Q:
    """People following `target` or, for a resource, its space (as a filter on users)."""
    targets = _target_q(target)
    space = target_space(target)
    if space is not target:
        targets |= _target_q(space)
    return Q(Exists(Follow.objects.filter(targets, user=OuterRef("pk"))))


def followers_of(target) -> QuerySet[User]:
    """People following exactly `target` (not its space)."""
    return User.objects.filter(
        Exists(Follow.objects.filter(_target_q(target), user=OuterRef("pk")))
    )


def is_following(user, target) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(_target_q(target), user=user).exists()


def recipients_who_can_view(*, target, people_q: Q, exclude: User | None = None) -> list[User]:
    """The people matching `people_q` who can still act and may view `target`.

    Deleted, blocked and deactivated accounts get nothing, nor do people who lost access
    (a private space they are not members of, an unpublished component…). A bounded number
    of queries whatever the number of people.
    """
    people = User.objects.filter(
        people_q, is_active=True, deleted_at__isnull=True, blocked_at__isnull=True
    )
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    people = list(people.order_by("pk"))
    preload_roles(people)
    return [person for person in people if can(person, "view", target)]


def notification_preferences_of(*, user) -> dict[str, Channels]:
    """A person's choices that differ from the default, by event name (one query)."""
    return {
        event: Channels(in_app, email)
        for event, in_app, email in NotificationPreference.objects.filter(user=user).values_list(
            "event", "in_app", "email"
        )
    }


def notification_preferences_for(*, event: str, user_ids: Iterable[int]) -> dict[int, Channels]:
    """The choices of these people for `event`, by person id, for those who changed it:
    one query whatever the number of people, none for an event nobody may turn off."""
    if not event_get(event).switchable:
        return {}
    ids = list(user_ids)
    if not ids:
        return {}
    return {
        user_id: Channels(in_app, email)
        for user_id, in_app, email in NotificationPreference.objects.filter(
            event=event, user_id__in=ids
        ).values_list("user_id", "in_app", "email")
    }


def email_turned_off() -> Exists:
    """For a queryset of notifications: the recipient turned emails of this event off
    since it happened (events nobody may turn off are never left out)."""
    return Exists(
        NotificationPreference.objects.filter(
            user=OuterRef("recipient_id"), event=OuterRef("event"), email=False
        ).exclude(event__in=unswitchable_event_names())
    )


def notifications_of(*, user, organization) -> QuerySet[Notification]:
    """A person's notifications about the spaces of `organization`: one account may take
    part on several organizations' sites, and each site shows only its own."""
    return Notification.objects.filter(
        recipient=user, space__in=Space.objects.filter(organization=organization).values("pk")
    )


def notification_list(*, user, organization) -> QuerySet[Notification]:
    """A person's notifications on this organization's site shown in the app, newest first
    (those they asked to get only by email are left out)."""
    return (
        notifications_of(user=user, organization=organization)
        .filter(in_app=True)
        .select_related("actor")
    )


def notification_page(*, user, organization, page_number) -> Page:
    return Paginator(
        notification_list(user=user, organization=organization), NOTIFICATIONS_PER_PAGE
    ).get_page(page_number)


def notification_get(*, user, organization, notification_id: int) -> Notification:
    """One of the person's notifications on this site; someone else's, or one about another
    organization, does not exist as far as this person can tell (404)."""
    notification = (
        notifications_of(user=user, organization=organization).filter(pk=notification_id).first()
    )
    if notification is None:
        raise Http404
    return notification


def unread_count(user, organization=None) -> int:
    if not getattr(user, "is_authenticated", False) or organization is None:
        return 0
    return (
        notifications_of(user=user, organization=organization)
        .filter(in_app=True, read_at__isnull=True)
        .count()
    )
