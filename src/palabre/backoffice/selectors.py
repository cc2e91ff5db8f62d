"""Reads of the backoffice: which spaces and log entries a person may see here."""

from django.db.models import Count, Q, QuerySet

from palabre.core.models import Component, Organization, Space, SpaceRole, User
from palabre.core.permissions import READ_ADMIN_ROLES, is_org_admin
from palabre.core.selectors import action_log_list


def space_list_for_backoffice(
    *, user, organization: Organization, kind: str | None = None
) -> QuerySet[Space]:
    """Every space for organization admins; for others, the spaces where they hold an
    administrator or collaborator role. Published or not."""
    spaces = Space.objects.filter(organization=organization)
    if kind:
        spaces = spaces.filter(kind=kind)
    if not is_org_admin(user, organization):
        spaces = spaces.filter(
            pk__in=SpaceRole.objects.filter(user=user, role__in=READ_ADMIN_ROLES).values("space_id")
        )
    return spaces.select_related("organization").order_by("position", "-start_date", "id")


def dashboard_counts(*, user, organization: Organization) -> dict:
    """Spaces per kind (published and not), components and participants, in three queries."""
    spaces = space_list_for_backoffice(user=user, organization=organization)
    by_kind: dict[str, dict[str, int]] = {}
    for row in (
        spaces.order_by()
        .values("kind")
        .annotate(
            published=Count("pk", filter=Q(published_at__isnull=False)),
            unpublished=Count("pk", filter=Q(published_at__isnull=True)),
        )
    ):
        by_kind[row["kind"]] = {"published": row["published"], "unpublished": row["unpublished"]}
    components = Component.objects.filter(space__in=spaces.values("pk")).aggregate(
        total=Count("pk"), published=Count("pk", filter=Q(published_at__isnull=False))
    )
    participants = User.objects.filter(
        organization=organization, is_active=True, deleted_at__isnull=True
    ).count()
    return {"by_kind": by_kind, "components": components, "participants": participants}


def action_log_for_backoffice(*, user, organization: Organization, **filters) -> QuerySet:
    """The action log as `action_log_list` filters it; people who are not organization
    admins only see what happened in the spaces they can see in the backoffice."""
    logs = action_log_list(organization=organization, **filters)
    if not is_org_admin(user, organization):
        visible = space_list_for_backoffice(user=user, organization=organization)
        logs = logs.filter(space__in=visible.values("pk"))
    return logs


def action_log_filter_choices(*, user, organization: Organization) -> dict:
    """People, spaces and resource types that appear in the visible log, for the filters."""
    logs = action_log_for_backoffice(user=user, organization=organization).order_by()
    people = User.objects.filter(pk__in=logs.filter(user__isnull=False).values("user_id")).order_by(
        "nickname"
    )
    return {
        "people": list(people),
        "spaces": list(space_list_for_backoffice(user=user, organization=organization)),
        "resource_types": sorted(set(logs.values_list("resource_type", flat=True).distinct())),
        "actions": sorted(set(logs.values_list("action", flat=True).distinct())),
    }
