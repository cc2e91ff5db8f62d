"""Registries of space types and component types, filled at start-up.

Each component app declares one `ComponentManifest` in its `component.py` and calls
`components.register(...)`; each space app does the same with a `SpaceType` in `space.py`.
`CoreConfig.ready()` imports those modules in every installed app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from palabre.core.settings_schema import Setting


@dataclass(frozen=True)
class SpaceType:
    """A kind of participatory space (participatory process, assembly…)."""

    kind: str
    label: Any
    label_plural: Any
    url_prefix: str
    has_steps: bool = False
    # Presentation fields shown in the metadata table: (key, label) pairs, translated texts.
    metadata_fields: tuple[tuple[str, Any], ...] = ()
    # Public urlconf, mounted at `/<url_prefix>/`.
    public_urls: str | None = None
    # Backoffice urlconf (its `app_name` must be "<kind>_admin" with an "index" view),
    # mounted by the backoffice at `/admin/<url_prefix>/`.
    admin_urls: str | None = None
    icon: str = "space"


@dataclass(frozen=True)
class ComponentManifest:
    """Everything the platform knows about a component type, declared in one place."""

    name: str
    label: Any
    description: Any = ""
    global_settings: tuple[Setting, ...] = ()
    step_settings: tuple[Setting, ...] = ()
    # check_settings(global values) -> {error key: message}: rules across settings that
    # each `Setting` cannot see alone (keys like "global.max_projects").
    check_settings: Callable[[dict], dict[str, Any]] | None = None
    # Actions a permission can guard (create, vote, comment…), with their labels.
    actions: tuple[tuple[str, Any], ...] = ()
    # can(user, action, component, resource, settings) -> bool | None; None = no opinion.
    permission: Callable[..., bool | None] | None = None
    # Actions that prepare another one, {preparation: action}: the manifest's permission
    # decides them as that action, but the requirements administrators add to it (the
    # verifications of `core.permissions.action_checks`) wait for the action itself, so
    # that what the person prepared is kept while they pass them (a basket, a draft).
    preparations: dict[str, str] = field(default_factory=dict)
    # Resources that may require other verifications than their component for its actions
    # (one budget of a budgets component); None: the component's rules apply throughout.
    permission_resources: "PermissionResources | None" = None
    # Public urlconf of one component, mounted at `<space url>f/<component id>/`; its views
    # get `request.space` and `request.component`, already checked visible.
    public_urls: str | None = None
    # Backoffice urlconf, mounted at `/admin/spaces/<space id>/components/<id>/manage/`.
    admin_urls: str | None = None
    # Whether valuators (who have no other backoffice access) may open those views; the
    # views then limit them to what is assigned to them.
    admin_for_valuators: bool = False
    # stats(components) -> {stat key: count} over a list of components, in few queries.
    stats: Callable[[list], dict[str, int]] | None = None
    stat_labels: dict[str, Any] = field(default_factory=dict)
    # exports: {format name: callable(component) -> iterable of rows}.
    exports: dict[str, Callable] = field(default_factory=dict)
    # seed(component, users) -> None: demo content for a new component.
    seed: Callable[..., None] | None = None
    # on_create(component) -> None: what a new component of this type needs.
    on_create: Callable[..., None] | None = None
    # sitemap(components) -> iterable of public URLs of published resources.
    sitemap: Callable[[list], Iterable[str]] | None = None
    # What the platform's search finds in components of this type (`palabre.search`).
    search: tuple["Searchable", ...] = ()
    icon: str = "component"


@dataclass(frozen=True)
class Searchable:
    """One kind of thing the platform's search finds (proposals, meetings…)."""

    # Its key in the search's type filter (`?type=proposals`), unique across the platform.
    key: str
    # Its name in the plural, a heading of the results ("Proposals").
    label: Any
    # rows(components, user) -> a queryset of what `user` may find in `components` (published
    # components of spaces they may see): published, not withdrawn, not hidden, not
    # private... with what the rows' `get_absolute_url()` reads (`select_related`), and the
    # space of each row reachable through `component_path`.
    rows: Callable[[list, Any], Any]
    # Translated fields searched, in every language: the first is the result's title, the
    # others give its excerpt.
    fields: tuple[str, ...]
    # The date shown and filtered (a DateTimeField or DateField of the rows).
    date_field: str
    # How a row reaches its component ("component", "budget__component").
    component_path: str = "component"


@dataclass(frozen=True)
class PermissionResources:
    """The resources of a component that may have action permissions of their own."""

    # Their name in the backoffice ("Budgets").
    label: Any
    # list(component) -> the resources an administrator may configure, in order.
    list: Callable[[Any], Iterable]
    # of(resource) -> (model, id) of the configurable resource a resource belongs to (a
    # budget for itself or for one of its projects), without a query; None if none.
    of: Callable[[Any], tuple[type, int] | None]


class Registry[T]:
    def __init__(self, key: str) -> None:
        self._key = key
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        name = getattr(item, self._key)
        if name in self._items and self._items[name] is not item:
            raise ValueError(f"{name!r} is registered twice")
        self._items[name] = item
        return item

    def unregister(self, name: str) -> None:
        """Remove a type (tests register throwaway types and remove them afterwards)."""
        self._items.pop(name, None)

    def get(self, name: str) -> T | None:
        return self._items.get(name)

    def __getitem__(self, name: str) -> T:
        return self._items[name]

    def __contains__(self, name: str) -> bool:
        return name in self._items

    def all(self) -> list[T]:
        return list(self._items.values())

    def names(self) -> list[str]:
        return list(self._items)


components: Registry[ComponentManifest] = Registry("name")
space_types: Registry[SpaceType] = Registry("kind")

# Functions other apps run on a new organization inside its creation's transaction
# (`services.organization_create`), called as `setup(organization=…)`: the legal app gives it
# its template pages.
organization_setups: list[Callable[..., None]] = []

# Functions other apps run when a person deletes their account, inside the deletion's
# transaction, called as `remove(user=…)`: the verifications app removes theirs.
account_deletions: list[Callable[..., None]] = []
