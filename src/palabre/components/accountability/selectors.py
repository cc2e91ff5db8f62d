"""Reads of the accountability component. The component itself was checked visible by the
caller; results have no state of their own, so every result of a visible component shows.

Pages read a constant number of queries whatever the number of results: the tree is read in
one query and arranged in Python, statuses come with their results, counts are aggregates.
"""

from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from palabre.components.accountability.models import Result, Status
from palabre.core.models import Component
from palabre.core.permissions import can
from palabre.core.translations import translated


def status_list(*, component: Component) -> list[Status]:
    return list(Status.objects.filter(component=component).order_by("position", "pk"))


def status_get(*, component: Component, status_id: int) -> Status:
    status = Status.objects.filter(component=component, pk=status_id).first()
    if status is None:
        raise Http404
    status.component = component
    return status


def _language(component: Component) -> str:
    """The language whose text of a category is its key in filters: the default one."""
    return component.space.organization.default_locale


def status_counts(*, component: Component, category: str = "") -> list[tuple[Status, int]]:
    """Each status with its number of top-level results (of `category` when given), in one
    query: the results `result_roots` lists for that status, so that a count and the list it
    links to always agree."""
    shown = Q(results__parent=None)
    if category:
        shown &= Q(**{f"results__category__{_language(component)}": category})
    statuses = Status.objects.filter(component=component).annotate(
        total=Count("results", filter=shown)
    )
    return [(status, status.total) for status in statuses.order_by("position", "pk")]


def category_list(*, component: Component) -> list[tuple[str, str]]:
    """The categories of the results, for a filter: `(key, name)` pairs, the key being the
    category's text in the default language, the name its text in the reader's."""
    language = _language(component)
    categories: dict[str, str] = {}
    for names in Result.objects.filter(component=component).values_list("category", flat=True):
        key = translated(names, language)
        if key:
            categories.setdefault(key, translated(names, fallback=language))
    return sorted(categories.items(), key=lambda item: item[1].casefold())


def _results(component: Component) -> QuerySet[Result]:
    return Result.objects.filter(component=component).select_related("status")


def result_roots(*, component: Component, category: str = "", status_key: str = "") -> list[Result]:
    """Top-level results with their status and number of sub-results, by category (its name
    in the reader's language), then in their order."""
    results = _results(component).filter(parent=None).annotate(children_total=Count("children"))
    if category:
        results = results.filter(**{f"category__{_language(component)}": category})
    if status_key:
        results = results.filter(status__key=status_key)
    language = _language(component)
    results = sorted(
        results.order_by("position", "pk"),
        key=lambda result: translated(result.category, fallback=language).casefold(),
    )
    for result in results:
        result.component = component
    return results


def result_tree(*, component: Component) -> list[Result]:
    """Every result, depth first (each parent followed by its sub-results), in one query."""
    children: dict[int | None, list[Result]] = defaultdict(list)
    for result in _results(component).order_by("position", "pk"):
        result.component = component
        children[result.parent_id].append(result)
    ordered: list[Result] = []

    def visit(parent_id):
        for result in children.get(parent_id, []):
            result.has_children = bool(children.get(result.pk))
            ordered.append(result)
            visit(result.pk)

    visit(None)
    return ordered


def result_get(*, component: Component, result_id: int) -> Result:
    """A result of this component; one of any other component is a 404, like a missing one."""
    result = _results(component).select_related("parent__parent").filter(pk=result_id).first()
    if result is None:
        raise Http404
    result.component = component
    return result


def result_ancestors(result: Result) -> list[Result]:
    """The parents of a result, the root first (loaded with it by `result_get`)."""
    ancestors = []
    current = result.parent
    while current is not None:
        current.component = result.component
        ancestors.append(current)
        current = current.parent
    return list(reversed(ancestors))


def result_children(*, result: Result) -> list[Result]:
    children = list(
        Result.objects.filter(parent=result)
        .select_related("status")
        .annotate(children_total=Count("children"))
        .order_by("position", "pk")
    )
    for child in children:
        child.component = result.component
    return children


def _owner_path(model) -> str | None:
    """How to load the component (and its space) of a resource model along with it."""
    names = {field.name: field for field in model._meta.get_fields()}
    if "component" in names and names["component"].is_relation:
        return "component__space__organization"
    for field in model._meta.get_fields():
        if field.many_to_one and field.related_model is not None:
            related = {f.name for f in field.related_model._meta.get_fields()}
            if "component" in related:
                return f"{field.name}__component__space__organization"
    return None


def result_origins(*, result: Result, user) -> list[models.Model]:
    """What the result comes from (budget projects, proposals…) that the person may see:
    one query per kind of origin."""
    by_type: dict[int, list[int]] = defaultdict(list)
    for content_type_id, object_id in result.origins.values_list("content_type_id", "object_id"):
        by_type[content_type_id].append(object_id)
    found = []
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        objects = model._default_manager.filter(pk__in=ids)
        path = _owner_path(model)
        if path:
            objects = objects.select_related(path)
        found.extend(obj for obj in objects if can(user, "view", obj))
    return found


def map_points(*, component: Component) -> list[dict]:
    """The geolocated results, as plain data for a map."""
    results = (
        _results(component)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("position", "pk")
    )
    points = []
    for result in results:
        result.component = component
        points.append(result)
    return points


def budget_list_of_space(*, component: Component) -> list:
    """The budgets of the budgets components of the same space, to import projects from.

    Read through the app registry, so this component works without the budgets app.
    """
    if not apps.is_installed("palabre.components.budgets"):
        return []
    budget_model = apps.get_model("budgets", "Budget")
    return list(
        budget_model.objects.filter(
            component__space_id=component.space_id, component__manifest_name="budgets"
        )
        .select_related("component__space__organization")
        .order_by("component__position", "component_id", "position", "pk")
    )
