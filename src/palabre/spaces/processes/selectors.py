"""Reads of participatory processes: lists with date filters, groups, upcoming steps."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from palabre.core import selectors as core_selectors
from palabre.core.models import Organization, Space, Step
from palabre.spaces.processes.models import ProcessGroup

KIND = "process"
# When no filter is asked for, show what runs today, else what comes next, else everything.
DEFAULT_FILTER_ORDER = ("active", "upcoming", "all")


def process_list_visible(
    *, user, organization: Organization, date_filter: str = "all", promoted: bool | None = None
) -> QuerySet[Space]:
    return core_selectors.space_list_visible(
        user=user, organization=organization, kind=KIND, date_filter=date_filter, promoted=promoted
    )


def process_filter_counts(*, user, organization: Organization) -> dict[str, int]:
    return core_selectors.space_counts_by_filter(user=user, organization=organization, kind=KIND)


def process_default_filter(counts: dict[str, int]) -> str:
    for name in DEFAULT_FILTER_ORDER:
        if counts.get(name):
            return name
    return "active"


def process_group_list_visible(*, user, organization: Organization) -> list[ProcessGroup]:
    """Groups holding at least one process the person may see, each with `visible_spaces`.

    A group of private processes only is not listed: its title could tell what they are.
    """
    visible = process_list_visible(user=user, organization=organization)
    groups = ProcessGroup.objects.filter(organization=organization).prefetch_related(
        Prefetch("spaces", queryset=visible, to_attr="visible_spaces")
    )
    return [group for group in groups if group.visible_spaces]


def process_group_get_visible(*, user, organization: Organization, pk: int) -> ProcessGroup:
    """The group with its `visible_spaces`, or Http404 when it holds nothing one may see."""
    visible = process_list_visible(user=user, organization=organization)
    group = (
        ProcessGroup.objects.filter(organization=organization, pk=pk)
        .prefetch_related(Prefetch("spaces", queryset=visible, to_attr="visible_spaces"))
        .first()
    )
    if group is None or not group.visible_spaces:
        raise Http404
    return group


def process_group_list(*, organization: Organization) -> QuerySet[ProcessGroup]:
    """Every group of the organization, for the backoffice."""
    return ProcessGroup.objects.filter(organization=organization).prefetch_related("spaces")


def process_choices(*, organization: Organization) -> QuerySet[Space]:
    """Every process of the organization, published or not, for the backoffice."""
    return Space.objects.filter(organization=organization, kind=KIND).order_by("position", "id")


def step_list_upcoming(
    *, user, organization: Organization, limit: int = 5, today: datetime.date | None = None
) -> list[Step]:
    """The next steps to start across the processes the person may see, soonest first."""
    today = today or timezone.localdate()
    visible = process_list_visible(user=user, organization=organization)
    return list(
        Step.objects.filter(space__in=visible.values("pk"), start_date__gte=today)
        .select_related("space")
        .order_by("start_date", "position", "id")[:limit]
    )
