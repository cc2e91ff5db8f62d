"""The pages component type: static rich-text pages (FAQ, participation rules)."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from palabre.components.pages import search as component_search
from palabre.core.components import component_url
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting


def permission(*, user, action, component, resource=None, settings=None) -> bool | None:
    """Pages have nothing to guard beyond seeing them, which the core already decides."""
    return None


def stats(component_list: list) -> dict[str, int]:
    from palabre.components.pages.models import Page

    return {"pages": Page.objects.filter(component__in=component_list).count()}


def sitemap(component_list: list) -> Iterable[str]:
    from palabre.components.pages.models import Page

    # The components come with their space loaded: reuse them rather than one query a page.
    by_id = {component.pk: component for component in component_list}
    for page_id, component_id in Page.objects.filter(component__in=component_list).values_list(
        "pk", "component_id"
    ):
        yield component_url(by_id[component_id], "page", pk=page_id)


def seed(component, users=()) -> None:
    from palabre.components.pages.seeds import seed_pages

    seed_pages(component)


manifest = components.register(
    ComponentManifest(
        name="pages",
        label=_("Pages"),
        description=_("Static pages: frequently asked questions, participation rules."),
        global_settings=(
            Setting(
                "show_table_of_contents",
                "boolean",
                True,
                label=_("Show a table of contents"),
                help_text=_(
                    "When the component has several pages, its first page lists them with "
                    "links; otherwise it shows every page in full, one after another."
                ),
            ),
        ),
        step_settings=(
            Setting(
                "announcement",
                "translated",
                {},
                label=_("Announcement"),
                help_text=_("Shown above the pages while this step is active."),
                rich=True,
            ),
        ),
        actions=(),
        permission=permission,
        public_urls="palabre.components.pages.urls",
        admin_urls="palabre.components.pages.admin_urls",
        stats=stats,
        stat_labels={"pages": _("Pages")},
        seed=seed,
        sitemap=sitemap,
        search=component_search.SEARCH,
        icon="page",
    )
)
