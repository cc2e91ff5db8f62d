"""Reads of moderation: what is hidden, and the report lists of the backoffice."""

from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from palabre.core.html import html_to_text
from palabre.core.models import Organization, Space, User
from palabre.core.permissions import can
from palabre.core.resources import resource_title
from palabre.core.translations import translated
from palabre.moderation import hideable
from palabre.moderation.models import Moderation, Report, ReportReason, UserBlock, UserReport


class State:
    PENDING = "pending"
    HIDDEN = "hidden"


def exclude_hidden(queryset: QuerySet) -> QuerySet:
    """`queryset` without the rows moderation hides, in one `NOT IN` subquery.

    The hidden rows are few: the database reads them once, where a correlated `NOT EXISTS`
    runs a lookup for every row of the list (SQLite does; PostgreSQL plans both alike)."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    hidden = Moderation.objects.filter(content_type=content_type, hidden_at__isnull=False)
    return queryset.exclude(pk__in=hidden.values("object_id"))


def hidden_flag(model: type[models.Model]) -> Exists:
    """An annotation telling whether moderation hid each row of `model`, for lists that show a
    placeholder instead of the hidden rows (one lookup per row read, in the same query)."""
    return Exists(
        Moderation.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            hidden_at__isnull=False,
        )
    )


def is_hidden(target: models.Model) -> bool:
    content_type = ContentType.objects.get_for_model(target)
    return Moderation.objects.filter(
        content_type=content_type, object_id=target.pk, hidden_at__isnull=False
    ).exists()


def has_reported(*, user, target: models.Model) -> bool:
    content_type = ContentType.objects.get_for_model(target)
    return Report.objects.filter(
        reporter=user, content_type=content_type, object_id=target.pk
    ).exists()


def moderated_spaces(*, user, organization: Organization) -> list[Space]:
    """Spaces of the organization whose reports this person handles."""
    spaces = Space.objects.filter(organization=organization).select_related("organization")
    return [space for space in spaces if can(user, "moderate", space)]


def _load_by_type(wanted: dict[int, set[int]]) -> dict[tuple[int, int], models.Model]:
    """Resources by (content type id, pk), one query per type of resource."""
    found: dict[tuple[int, int], models.Model] = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        if hasattr(model, "component"):
            queryset = queryset.select_related("component__space__organization")
        # Moderators know whose contribution it is, even one published anonymously.
        author_field = hideable.registered().get(model)
        if author_field:
            queryset = queryset.select_related(author_field)
        for resource in queryset:
            found[(content_type_id, resource.pk)] = resource
    return found


def _label(resource: models.Model) -> str:
    """What moderators read to recognise a contribution: its title, else its text."""
    if getattr(resource, "title", None):
        return resource_title(resource)
    body = getattr(resource, "body", None)
    if body:
        return html_to_text(translated(body))
    return str(resource)


def _attach_resources(moderations: list[Moderation]) -> None:
    """Load the reported resources, and the resources they are attached to (a comment's
    commented post), with one query per type of resource rather than one per item."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for moderation in moderations:
        wanted[moderation.content_type_id].add(moderation.object_id)
    found = _load_by_type(wanted)
    # Resources attached to another one (comments) build their address from it: load
    # those in bulk too and hand them over through their `target` setter.
    attached = [
        resource
        for resource in found.values()
        if hasattr(resource, "content_type_id") and hasattr(type(resource), "target")
    ]
    targets_wanted: dict[int, set[int]] = defaultdict(set)
    for resource in attached:
        targets_wanted[resource.content_type_id].add(resource.object_id)
    targets = _load_by_type(targets_wanted)
    orphans = set()
    for resource in attached:
        target = targets.get((resource.content_type_id, resource.object_id))
        if target is None:
            orphans.add(id(resource))
        else:
            resource.target = target
    for moderation in moderations:
        resource = found.get((moderation.content_type_id, moderation.object_id))
        moderation.resource = resource
        moderation.resource_title = _label(resource) if resource is not None else ""
        author_field = hideable.registered().get(type(resource)) if resource is not None else None
        moderation.resource_author = getattr(resource, author_field) if author_field else None
        moderation.resource_anonymous = bool(getattr(resource, "anonymous", False))
        moderation.resource_url = (
            resource.get_absolute_url()
            if resource is not None and id(resource) not in orphans
            else ""
        )
        reasons = Counter(report.reason for report in moderation.reports_list)
        moderation.reason_counts = [
            (label, reasons[value]) for value, label in ReportReason.choices if reasons[value]
        ]


def moderation_page(
    *,
    spaces: list[Space],
    space_id: int | None = None,
    state: str | None = None,
    page_number=None,
    per_page: int = 50,
) -> Page:
    """One page of reported or hidden contributions of `spaces`, most recently changed
    first, with their reports, reporters and resources loaded in a number of queries that
    does not grow with the number of items."""
    queryset = (
        Moderation.objects.filter(space__in=spaces)
        .filter(Q(reports_count__gt=0) | Q(hidden_at__isnull=False))
        .select_related("space", "hidden_by")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.select_related("reporter").order_by("-created_at"),
                to_attr="reports_list",
            )
        )
    )
    if space_id is not None:
        queryset = queryset.filter(space_id=space_id)
    if state == State.PENDING:
        queryset = queryset.filter(hidden_at__isnull=True)
    elif state == State.HIDDEN:
        queryset = queryset.filter(hidden_at__isnull=False)
    page = Paginator(queryset, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    _attach_resources(page.object_list)
    return page


def moderation_get(*, organization: Organization, moderation_id: int) -> Moderation | None:
    return (
        Moderation.objects.select_related("space__organization")
        .filter(pk=moderation_id, space__organization=organization)
        .first()
    )


def reported_participants(*, organization: Organization) -> list[User]:
    """Participants of the organization who were reported or are blocked, with their
    reports and their current block loaded at once."""
    people = (
        User.objects.filter(organization=organization, deleted_at__isnull=True)
        .filter(Q(reports_received__isnull=False) | Q(blocked_at__isnull=False))
        .annotate(reports_total=Count("reports_received", distinct=True))
        .prefetch_related(
            Prefetch(
                "reports_received",
                queryset=UserReport.objects.select_related("reporter").order_by("-created_at"),
                to_attr="reports_list",
            ),
            Prefetch(
                "blocks",
                queryset=UserBlock.objects.filter(lifted_at__isnull=True).select_related(
                    "blocked_by"
                ),
                to_attr="current_blocks",
            ),
        )
        .distinct()
        .order_by("-reports_total", "nickname")
    )
    return list(people)
