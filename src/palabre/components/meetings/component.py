"""The meetings component type: meetings in person, online or hybrid, with their agenda,
registrations, calendars and minutes."""

import random
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

# The notification events of registrations, known to every process from the start.
from palabre.components.meetings import registration_events  # noqa: F401
from palabre.components.meetings import search as component_search
from palabre.components.meetings.permissions import permission
from palabre.core.components import component_url
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting


def _public(component_list: list):
    """Meetings anyone who sees the components sees: published, not private."""
    from palabre.components.meetings.models import Meeting
    from palabre.moderation.selectors import exclude_hidden

    return exclude_hidden(
        Meeting.objects.filter(
            component__in=component_list, published_at__isnull=False, private=False
        )
    )


def stats(component_list: list) -> dict[str, int]:
    meetings = _public(component_list).filter(withdrawn_at__isnull=True)
    return {
        "meetings": meetings.count(),
        "meetings_closed": meetings.filter(closed_at__isnull=False).count(),
    }


def sitemap(component_list: list) -> Iterable[str]:
    by_id = {component.pk: component for component in component_list}
    rows = (
        _public(component_list)
        .filter(withdrawn_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "component_id")
    )
    for meeting_id, component_id in rows:
        yield component_url(by_id[component_id], "meeting", pk=meeting_id)


def export_rows(component) -> Iterable[dict]:
    from palabre.components.meetings.exports import public_rows

    return public_rows(component)


def on_create(component) -> None:
    """The organization's first meetings component gives it the usual kinds of meeting."""
    from palabre.components.meetings.services import meeting_kinds_ensure

    meeting_kinds_ensure(organization=component.space.organization)


def seed(component, users=()) -> None:
    from palabre.components.meetings.seeds import seed_meetings

    seed_meetings(component, rng=random.Random(component.pk))


manifest = components.register(
    ComponentManifest(
        name="meetings",
        label=_("Meetings"),
        description=_(
            "Meetings in person, online or hybrid: agenda, map, registrations with a "
            "waiting list, calendars, and minutes once held."
        ),
        global_settings=(
            Setting("comments_enabled", "boolean", True, label=_("Comments on meetings")),
            Setting(
                "attachments_enabled",
                "boolean",
                True,
                label=_("Documents and images attached to meetings"),
            ),
            Setting(
                "announcement",
                "translated",
                {},
                label=_("Announcement"),
                help_text=_("Shown above the meetings."),
                rich=True,
            ),
        ),
        step_settings=(
            Setting(
                "creation_enabled",
                "boolean",
                False,
                label=_("Participants may organize meetings"),
                help_text=_("Their meetings are moderated like other contributions."),
            ),
            Setting("registrations_enabled", "boolean", True, label=_("Registrations open")),
            Setting("comments_blocked", "boolean", False, label=_("Comments blocked")),
            Setting(
                "announcement",
                "translated",
                {},
                label=_("Announcement"),
                help_text=_("Shown above the meetings while this step is active."),
                rich=True,
            ),
        ),
        actions=(
            ("create", _("Organize a meeting")),
            ("comment", _("Comment")),
            ("register", _("Register for a meeting")),
            ("edit", _("Edit one's own meeting")),
            ("withdraw", _("Withdraw one's own meeting")),
            ("close", _("Close one's own meeting with its minutes")),
        ),
        permission=permission,
        stats=stats,
        stat_labels={"meetings": _("Meetings"), "meetings_closed": _("Meetings held")},
        public_urls="palabre.components.meetings.urls",
        admin_urls="palabre.components.meetings.admin_urls",
        # Public data only: published meetings that are not private, without online links
        # (never registrations).
        exports={"csv": export_rows, "xlsx": export_rows, "json": export_rows},
        seed=seed,
        on_create=on_create,
        sitemap=sitemap,
        search=component_search.SEARCH,
        icon="meetings",
    )
)
