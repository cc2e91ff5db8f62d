"""The sortitions component type: draws by lot anyone can replay, and citizen panels."""

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.components.sortitions import search as component_search
from palabre.core.components import component_url
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting
from palabre.notifications.events import register_event, register_event_group

register_event_group("sortitions", _("Draws by lot"))
register_event("sortitions.drawn", _("A draw by lot was made"), _("The draw “%(title)s” was made"))
register_event(
    "sortitions.cancelled",
    _("A draw by lot was cancelled"),
    _("The draw “%(title)s” was cancelled"),
)


def permission(*, user, action, component, resource=None, settings=None) -> bool | None:
    """Comments follow the step. The core already checked that the person is signed in,
    may take part in the space and that everything is published. A panel is seen by
    visitors once its distribution is published; before, by the space's staff only."""
    if action == "comment":
        return not settings.comments_blocked and getattr(resource, "is_public", True)
    if action == "volunteer":
        from palabre.core.permissions import Denied

        if not getattr(resource, "is_calling", False):
            return Denied(_("The call for volunteers of this panel is closed."))
        return True
    if action == "view" and getattr(resource, "is_calling", False):
        return True
    if action == "view" and getattr(resource, "is_public", True) is False:
        from palabre.core.permissions import can

        if can(user, "read_admin", component.space):
            return True
        # A volunteer of a closed call still sees the panel's page, with their number.
        return bool(
            getattr(user, "is_authenticated", False)
            and resource.volunteers.filter(user=user).exists()
        )
    return None


def stats(component_list: list) -> dict[str, int]:
    from palabre.components.sortitions.models import Panel, ProposalDraw

    return {
        "proposal_draws": ProposalDraw.objects.filter(
            component__in=component_list, drawn_at__isnull=False, cancelled_at__isnull=True
        ).count(),
        "citizen_panels": Panel.objects.filter(
            component__in=component_list, published_at__isnull=False
        ).count(),
    }


def sitemap(component_list: list) -> Iterable[str]:
    from palabre.components.sortitions.models import Panel, ProposalDraw

    by_id = {component.pk: component for component in component_list}
    rows = ProposalDraw.objects.filter(component__in=component_list).values_list(
        "pk", "component_id"
    )
    for draw_id, component_id in rows:
        yield component_url(by_id[component_id], "draw", pk=draw_id)
    panels = Panel.objects.filter(
        Q(published_at__isnull=False) | Q(call_open=True), component__in=component_list
    ).values_list("pk", "component_id")
    for panel_id, component_id in panels:
        yield component_url(by_id[component_id], "panel", pk=panel_id)


def seed(component, users=()) -> None:
    from palabre.components.sortitions.seeds import seed_sortitions

    seed_sortitions(component, list(users))


manifest = components.register(
    ComponentManifest(
        name="sortitions",
        label=_("Sortitions"),
        description=_(
            "Draws by lot anyone can replay: proposals drawn among the candidates, and citizen "
            "panels selected fairly under quotas."
        ),
        step_settings=(
            Setting("comments_blocked", "boolean", False, label=_("Comments blocked")),
            Setting(
                "announcement",
                "translated",
                {},
                label=_("Announcement"),
                rich=True,
                help_text=_("Shown above the draws while this step is active."),
            ),
        ),
        actions=(("comment", _("Comment")), ("volunteer", _("Volunteer for a citizen panel"))),
        permission=permission,
        public_urls="palabre.components.sortitions.urls",
        admin_urls="palabre.components.sortitions.admin_urls",
        stats=stats,
        stat_labels={
            "proposal_draws": _("Draws of proposals"),
            "citizen_panels": _("Citizen panels"),
        },
        seed=seed,
        sitemap=sitemap,
        search=component_search.SEARCH,
        icon="sortition",
    )
)
