"""The accountability component type: what became of the decisions, result by result."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from palabre.components.accountability import search as component_search
from palabre.core.components import component_url
from palabre.core.permissions import Denied
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting
from palabre.notifications.events import register_event

PROGRESS_EVENT = "accountability.progress"
register_event(
    PROGRESS_EVENT,
    _("Progress of a result"),
    _("The progress of “%(title)s” is now %(progress)s %%"),
)


def permission(*, user, action, component, resource=None, settings=None) -> bool | None:
    """Comments follow the step. The core already checked that the person is signed in,
    may take part in the space and that everything is published."""
    if action == "comment":
        return (
            Denied(_("Comments are closed in this phase.")) if settings.comments_blocked else True
        )
    return None


def stats(component_list: list) -> dict[str, int]:
    from palabre.components.accountability.models import Result

    return {"results": Result.objects.filter(component__in=component_list).count()}


def sitemap(component_list: list) -> Iterable[str]:
    from palabre.components.accountability.models import Result

    by_id = {component.pk: component for component in component_list}
    rows = Result.objects.filter(component__in=component_list).values_list("pk", "component_id")
    for result_id, component_id in rows:
        yield component_url(by_id[component_id], "result", pk=result_id)


def seed(component, users=()) -> None:
    from palabre.components.accountability.seeds import seed_results

    seed_results(component, users)


manifest = components.register(
    ComponentManifest(
        name="accountability",
        label=_("Accountability"),
        description=_(
            "Follow-up of the decisions: results with their status, progress and timeline."
        ),
        global_settings=(
            Setting("display_progress", "boolean", True, label=_("Show the progress")),
            Setting(
                "weighted_progress",
                "boolean",
                False,
                label=_("Weight the progress of sub-results"),
                help_text=_(
                    "A result's progress is the average of its sub-results' progress; "
                    "with this option, each counts as much as its weight."
                ),
            ),
            Setting(
                "intro",
                "translated",
                {},
                label=_("Introduction"),
                rich=True,
                help_text=_("Shown above the results."),
            ),
        ),
        step_settings=(
            Setting(
                "announcement",
                "translated",
                {},
                label=_("Announcement"),
                rich=True,
                help_text=_("Shown above the results while this step is active."),
            ),
            Setting("comments_blocked", "boolean", False, label=_("Comments blocked")),
        ),
        actions=(("comment", _("Comment")),),
        permission=permission,
        public_urls="palabre.components.accountability.urls",
        admin_urls="palabre.components.accountability.admin_urls",
        stats=stats,
        stat_labels={"results": _("Results")},
        seed=seed,
        sitemap=sitemap,
        search=component_search.SEARCH,
        icon="accountability",
    )
)
