"""Reads of the meetings component: who sees which meeting, lists, the directory, the map.

A meeting is listed when it is published, not hidden by moderation, and not private —
unless the person was invited to it, organizes it, or is staff of its space. A transparent
private meeting is readable by everyone who opens it, but lists, feeds, the directory, the
sitemap and exports keep it to the people it is for, like any private meeting.

Every list reads a bounded number of queries whatever the number of meetings, spaces or
agenda items: the kind, category, scope, component and space come with each meeting.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from palabre.components.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingCategory,
    MeetingKind,
    MeetingScope,
    Registration,
)
from palabre.core import structure
from palabre.core.models import Component, Organization
from palabre.core.permissions import can
from palabre.moderation.selectors import exclude_hidden

PAGE_SIZE = 20
WHEN_CHOICES = ("upcoming", "past", "all")


def _invited_ids_q(user) -> Q:
    through = Meeting.invitees.through
    return Q(pk__in=through.objects.filter(user_id=user.pk).values("meeting_id"))


def staff_component_ids(user, components: list[Component]) -> set[int]:
    """The components among `components` whose meetings `user` sees all of (the staff of
    their space), from the roles read once per request."""
    return {component.pk for component in components if can(user, "read_admin", component)}


def visible_q(user, components: list[Component]) -> Q:
    """The meetings of `components` that `user` finds in lists (see the module)."""
    ids = [component.pk for component in components]
    staff = staff_component_ids(user, components)
    listed = Q(private=False)
    if getattr(user, "is_authenticated", False):
        listed |= Q(author_id=user.pk) | _invited_ids_q(user)
    condition = Q(component_id__in=ids) & Q(published_at__isnull=False) & listed
    if staff:
        condition |= Q(component_id__in=staff, published_at__isnull=False)
    return condition


def meeting_list_visible(*, user, components: list[Component]) -> QuerySet[Meeting]:
    """Published meetings of `components` (already known visible to `user`) that `user`
    finds in lists, with what a card shows."""
    if not components:
        return Meeting.objects.none()
    return exclude_hidden(
        Meeting.objects.filter(visible_q(user, components)).select_related(
            "component__space", "kind", "category", "scope"
        )
    )


@dataclass
class MeetingFilters:
    """The filters of a list of meetings, read from the address's query."""

    when: str = "upcoming"
    type: str = ""
    kind: int | None = None
    category: int | None = None
    scope: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    mine: bool = False
    errors: list = field(default_factory=list)

    @classmethod
    def from_query(cls, query) -> "MeetingFilters":
        filters = cls()
        when = query.get("when", "upcoming")
        filters.when = when if when in WHEN_CHOICES else "upcoming"
        meeting_type = query.get("type", "")
        filters.type = meeting_type if meeting_type in Meeting.Type.values else ""
        for name in ("kind", "category", "scope"):
            value = query.get(name, "")
            if value.isdigit() and len(value) < 10:
                setattr(filters, name, int(value))
        for name in ("date_from", "date_to"):
            value = query.get(name, "")
            if value:
                try:
                    setattr(filters, name, datetime.date.fromisoformat(value))
                except ValueError:
                    filters.errors.append(name)
        filters.mine = query.get("mine") in ("1", "on", "true")
        return filters

    @property
    def active(self) -> bool:
        return bool(
            self.type
            or self.kind
            or self.category
            or self.scope
            or self.date_from
            or self.date_to
            or self.mine
        )


def _zone_day_start(day: datetime.date, zone) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


def meeting_filter(
    queryset: QuerySet[Meeting], *, filters: MeetingFilters, user, zone, now=None
) -> QuerySet[Meeting]:
    """`queryset` narrowed by `filters` and put in the order of its list: upcoming ones
    soonest first, past ones latest first. Dates are days of the organization's zone."""
    now = now or timezone.now()
    if filters.when == "upcoming":
        queryset = queryset.filter(end_at__gte=now).order_by("start_at", "id")
    elif filters.when == "past":
        queryset = queryset.filter(end_at__lt=now).order_by("-start_at", "-id")
    else:
        queryset = queryset.order_by("-start_at", "-id")
    if filters.type:
        queryset = queryset.filter(type_of_meeting=filters.type)
    if filters.kind:
        queryset = queryset.filter(kind_id=filters.kind)
    if filters.category:
        queryset = queryset.filter(category_id=filters.category)
    if filters.scope:
        queryset = queryset.filter(scope_id=filters.scope)
    if filters.date_from:
        queryset = queryset.filter(end_at__gte=_zone_day_start(filters.date_from, zone))
    if filters.date_to:
        day_after = filters.date_to + datetime.timedelta(days=1)
        queryset = queryset.filter(start_at__lt=_zone_day_start(day_after, zone))
    if filters.mine:
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        registered = Registration.objects.filter(
            user_id=user.pk,
            status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITING),
        ).values("meeting_id")
        queryset = queryset.filter(
            Q(author_id=user.pk) | Q(pk__in=registered) | _invited_ids_q(user)
        )
    return queryset


def meeting_page(queryset: QuerySet[Meeting], *, page_number, per_page: int = PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(page_number)


def meeting_get_visible(*, user, component: Component, meeting_id: int) -> Meeting:
    """The meeting `meeting_id` of `component` if `user` may read it; 404 otherwise, like a
    meeting that does not exist (a hidden one too)."""
    meeting = (
        exclude_hidden(Meeting.objects.filter(component=component, pk=meeting_id))
        .select_related("kind", "category", "scope", "author")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.filter(parent__isnull=True).prefetch_related(
                    "children"
                ),
                to_attr="agenda",
            )
        )
        .first()
    )
    if meeting is None:
        raise Http404
    meeting.component = component
    if not can(user, "view", meeting):
        raise Http404
    return meeting


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The agenda's items in order, each with its `children`, in two queries."""
    if hasattr(meeting, "agenda"):
        return meeting.agenda
    return list(
        AgendaItem.objects.filter(meeting=meeting, parent__isnull=True).prefetch_related("children")
    )


def is_registered(*, user, meeting: Meeting) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Registration.objects.filter(
        meeting=meeting, user_id=user.pk, status=Registration.Status.CONFIRMED
    ).exists()


@dataclass(frozen=True)
class OnlineLink:
    """What the meeting page says of the link of an online meeting."""

    url: str = ""
    # Why it is not shown (yet), for the page to say it.
    reason: str = ""
    opens_at: datetime.datetime | None = None


def online_link(*, user, meeting: Meeting, now=None) -> OnlineLink:
    """The link of an online or hybrid meeting, for `user`, now: shown to whom the organizer
    chose (everyone, signed-in people, registered people) and only from
    `online_link_minutes_before` minutes before the start until the end. The space's staff
    and the organizer always see it."""
    if not meeting.is_online or not meeting.online_url:
        return OnlineLink()
    if meeting.is_withdrawn:
        return OnlineLink(reason="withdrawn")
    organizer = getattr(user, "is_authenticated", False) and meeting.author_id == user.pk
    if organizer or can(user, "read_admin", meeting.component):
        return OnlineLink(url=meeting.online_url)
    now = now or timezone.now()
    opens_at = meeting.start_at - datetime.timedelta(minutes=meeting.online_link_minutes_before)
    visibility = meeting.online_visibility
    if visibility == Meeting.OnlineVisibility.SIGNED_IN and not getattr(
        user, "is_authenticated", False
    ):
        return OnlineLink(reason="sign_in", opens_at=opens_at)
    if visibility == Meeting.OnlineVisibility.REGISTERED and not is_registered(
        user=user, meeting=meeting
    ):
        return OnlineLink(reason="register", opens_at=opens_at)
    if meeting.private and not meeting_may_take_part(user, meeting):
        return OnlineLink(reason="invited", opens_at=opens_at)
    if now > meeting.end_at:
        return OnlineLink(reason="ended")
    if now < opens_at:
        return OnlineLink(reason="later", opens_at=opens_at)
    return OnlineLink(url=meeting.online_url)


def meeting_may_take_part(user, meeting: Meeting) -> bool:
    from palabre.components.meetings.permissions import may_take_part

    return may_take_part(user, meeting)


def linked_proposals_visible(*, user, meeting: Meeting) -> list:
    """The proposals linked to the meeting that `user` may read (published, not hidden, in
    components they see), in one query plus the components'."""
    from palabre.components.proposals.models import Proposal

    rows = exclude_hidden(
        meeting.linked_proposals.filter(state=Proposal.State.PUBLISHED).select_related(
            "component__space"
        )
    )
    return [row for row in rows if can(user, "view", row.component)]


def linked_results_visible(*, user, meeting: Meeting) -> list:
    rows = meeting.linked_results.select_related("component__space")
    return [row for row in rows if can(user, "view", row.component)]


# Filters' choices --------------------------------------------------------------------------
def kind_list(*, organization: Organization) -> list[MeetingKind]:
    return structure.cached(
        ("meeting_kinds", organization.pk),
        lambda: list(MeetingKind.objects.filter(organization=organization)),
    )


def category_list(*, component: Component) -> list[MeetingCategory]:
    return structure.cached(
        ("meeting_categories", component.pk),
        lambda: list(MeetingCategory.objects.filter(component=component)),
    )


def scope_list(*, component: Component) -> list[MeetingScope]:
    return structure.cached(
        ("meeting_scopes", component.pk),
        lambda: list(MeetingScope.objects.filter(component=component)),
    )


# The directory -----------------------------------------------------------------------------
def directory_components(*, user, organization: Organization) -> list[Component]:
    """The published meetings components of every space of the organization that `user`
    may see, in one query (the roles come from the request's cache)."""
    rows = Component.objects.filter(
        manifest_name="meetings",
        published_at__isnull=False,
        space__organization=organization,
        space__published_at__isnull=False,
    ).select_related("space")
    return [component for component in rows if can(user, "view", component)]


def map_points(queryset: QuerySet[Meeting]) -> list[Meeting]:
    """The meetings of `queryset` that have a place on the map."""
    return list(queryset.filter(latitude__isnull=False, longitude__isnull=False)[:1000])
