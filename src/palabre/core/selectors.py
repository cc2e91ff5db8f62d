"""Reads of the core: visibility of spaces and components lives here and nowhere else."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from palabre.core import structure
from palabre.core.models import (
    ActionLog,
    Component,
    Organization,
    Space,
    SpaceMember,
    SpaceRole,
    Step,
    User,
)
from palabre.core.permissions import can, is_org_admin
from palabre.core.registry import components as component_registry


def person_by_nickname(nickname: str) -> User | None:
    """The account with this nickname, whatever its case (nicknames are unique regardless of
    case); None for a deleted account or an unknown nickname."""
    nickname = (nickname or "").strip().lstrip("@")
    if not nickname:
        return None
    return User.objects.filter(nickname__iexact=nickname, deleted_at__isnull=True).first()


def organization_for_host(host: str) -> Organization | None:
    host = (host or "").split(":")[0].lower().rstrip(".")
    return structure.cached(
        ("organization", host), lambda: Organization.objects.filter(host=host).first()
    )


def _visible_spaces_q(user, organization: Organization) -> Q:
    if is_org_admin(user, organization):
        return Q(published_at__isnull=False)
    open_to_all = Q(private=False) | Q(transparent=True)
    if getattr(user, "is_authenticated", False):
        open_to_all |= Q(Exists(SpaceMember.objects.filter(space=OuterRef("pk"), user=user))) | Q(
            Exists(SpaceRole.objects.filter(space=OuterRef("pk"), user=user))
        )
    return Q(published_at__isnull=False) & open_to_all


DATE_FILTERS = ("active", "upcoming", "past", "all")


def space_list_visible(
    *,
    user,
    organization: Organization,
    kind: str | None = None,
    date_filter: str = "all",
    promoted: bool | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Space]:
    """Published spaces the person may see, newest first within their position.

    `date_filter`: active (running today or without dates), upcoming, past or all.
    """
    today = today or timezone.localdate()
    spaces = Space.objects.filter(
        Q(organization=organization) & _visible_spaces_q(user, organization)
    )
    if kind:
        spaces = spaces.filter(kind=kind)
    if promoted is not None:
        spaces = spaces.filter(promoted=promoted)
    if date_filter == "active":
        spaces = spaces.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=today),
            Q(end_date__isnull=True) | Q(end_date__gte=today),
        )
    elif date_filter == "upcoming":
        spaces = spaces.filter(start_date__gt=today)
    elif date_filter == "past":
        spaces = spaces.filter(end_date__lt=today)
    return spaces.prefetch_related(
        Prefetch("steps", queryset=Step.objects.filter(active=True), to_attr="active_steps")
    ).order_by("position", "-start_date", "id")


def space_counts_by_filter(*, user, organization: Organization, kind: str) -> dict[str, int]:
    today = timezone.localdate()
    return {
        name: space_list_visible(
            user=user, organization=organization, kind=kind, date_filter=name, today=today
        ).count()
        for name in DATE_FILTERS
    }


def space_get_visible(*, user, organization: Organization, kind: str, slug: str) -> Space:
    """The space, or Http404 when it does not exist *or* the person may not see it.

    A private or unpublished space answers exactly like a missing one, so its existence
    does not leak.
    """
    space = structure.cached(
        ("space", organization.pk, kind, slug),
        lambda: (
            Space.objects.filter(organization=organization, kind=kind, slug=slug)
            .annotate(
                # What `current_settings` needs of the active step, without another query.
                active_step_id=Subquery(
                    Step.objects.filter(space=OuterRef("pk"), active=True).values("pk")[:1]
                )
            )
            .first()
        ),
    )
    if space is None:
        raise Http404
    space.organization = organization
    if not can(user, "view", space):
        raise Http404
    return space


def space_steps(space: Space) -> list[Step]:
    steps = list(space.steps.all())
    space._active_step_cache = (next((s for s in steps if s.active), None),)
    return steps


def step_list_upcoming(
    *, user, organization: Organization, limit: int = 5, today: datetime.date | None = None
) -> list[Step]:
    """The next steps to start across the spaces the person may see, soonest first."""
    today = today or timezone.localdate()
    visible = space_list_visible(user=user, organization=organization, today=today)
    return list(
        Step.objects.filter(space__in=visible.values("pk"), start_date__gte=today)
        .select_related("space")
        .order_by("start_date", "position", "id")[:limit]
    )


def component_list_visible(*, user, space: Space) -> list[Component]:
    components = [
        c
        for c in space.components.all()
        if c.manifest_name in component_registry and (c.is_published or can(user, "view", c))
    ]
    for component in components:
        component.space = space  # spare one query per component
    return components


def component_get_visible(*, user, space: Space, component_id: int) -> Component:
    component = structure.cached(
        ("component", space.pk, component_id),
        lambda: Component.objects.filter(space_id=space.pk, pk=component_id).first(),
    )
    if component is None or component.manifest_name not in component_registry:
        raise Http404
    component.space = space
    if not can(user, "view", component):
        raise Http404
    return component


def space_statistics(spaces: list[Space]) -> dict[str, int]:
    """Counts of published content over `spaces`, one query per component type."""
    by_type: dict[str, list[Component]] = {}
    for component in Component.objects.filter(
        space__in=spaces, published_at__isnull=False
    ).select_related("space"):
        by_type.setdefault(component.manifest_name, []).append(component)
    totals: dict[str, int] = {}
    for name, items in by_type.items():
        manifest = component_registry.get(name)
        if manifest and manifest.stats:
            for key, value in manifest.stats(items).items():
                totals[key] = totals.get(key, 0) + value
    return totals


def organization_statistics(*, user, organization: Organization) -> dict[str, int]:
    spaces = list(
        space_list_visible(user=user, organization=organization).values_list("pk", flat=True)
    )
    stats = {
        "participants": User.objects.filter(
            organization=organization, is_active=True, deleted_at__isnull=True
        ).count(),
        "spaces": len(spaces),
    }
    stats.update(space_statistics(spaces))
    return stats


def stat_labels() -> dict:
    labels = {}
    for manifest in component_registry.all():
        labels.update(manifest.stat_labels)
    return labels


def action_log_list(
    *,
    organization: Organization,
    user_id: int | None = None,
    space_id: int | None = None,
    action: str | None = None,
    resource_type: str | None = None,
) -> QuerySet[ActionLog]:
    logs = ActionLog.objects.filter(organization=organization).select_related("user", "space")
    if user_id:
        logs = logs.filter(user_id=user_id)
    if space_id:
        logs = logs.filter(space_id=space_id)
    if action:
        logs = logs.filter(action=action)
    if resource_type:
        logs = logs.filter(resource_type=resource_type)
    return logs
