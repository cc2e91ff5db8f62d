"""Reads of the debates component. The component itself was checked visible by the caller."""

import datetime

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.components.debates.models import Category, Debate, DebateUpdate, Scope
from palabre.core.models import Component
from palabre.core.permissions import can
from palabre.moderation.selectors import exclude_hidden

PER_PAGE = 20
SORTS = {
    "recent": (_("Most recent"), ("-published_at", "-id")),
    "most_commented": (_("Most commented"), ("-comments_count", "-published_at", "-id")),
    "most_endorsed": (_("Most endorsed"), ("-endorsements_count", "-published_at", "-id")),
    "commented_recently": (
        _("Commented recently"),
        ("-last_comment_at", "-published_at", "-id"),
    ),
}
DEFAULT_SORT = "recent"
STATES = {"open": _("Open"), "closed": _("Closed")}
ORIGINS = {"official": _("Opened by the organization"), "participants": _("Opened by participants")}
# "Commented recently": a comment in the last days.
RECENT_DAYS = 7


def clean_filters(data, *, component: Component) -> dict:
    """The filters of the list from the query string; anything unknown is dropped."""
    filters: dict = {}
    if data.get("state") in STATES:
        filters["state"] = data["state"]
    if data.get("origin") in ORIGINS:
        filters["origin"] = data["origin"]
    for name in ("category", "scope"):
        value = data.get(name, "")
        if value.isdigit():
            filters[name] = int(value)
    if data.get("mine") == "1":
        filters["mine"] = True
    if data.get("recent") == "1":
        filters["recent"] = True
    sort = data.get("sort")
    filters["sort"] = sort if sort in SORTS else DEFAULT_SORT
    return filters


def debate_list_published(
    *, component: Component, user=None, filters: dict | None = None, now=None
) -> QuerySet[Debate]:
    """Published debates that moderation did not hide, filtered and sorted."""
    filters = filters or {}
    now = now or timezone.now()
    debates = exclude_hidden(
        Debate.objects.filter(component=component, published_at__isnull=False)
    ).select_related("author", "last_comment_by", "category", "scope")
    closed = Q(closed_at__isnull=False) | Q(end_at__lte=now)
    if filters.get("state") == "open":
        debates = debates.exclude(closed)
    elif filters.get("state") == "closed":
        debates = debates.filter(closed)
    if filters.get("origin") == "official":
        debates = debates.filter(official=True)
    elif filters.get("origin") == "participants":
        debates = debates.filter(official=False)
    if "category" in filters:
        debates = debates.filter(category_id=filters["category"])
    if "scope" in filters:
        debates = debates.filter(scope_id=filters["scope"])
    if filters.get("mine"):
        if getattr(user, "is_authenticated", False):
            debates = debates.filter(Q(author=user) | follows_q(user))
        else:
            debates = debates.none()
    if filters.get("recent"):
        debates = debates.filter(last_comment_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
    order = SORTS[filters.get("sort") or DEFAULT_SORT][1]
    if filters.get("sort") == "commented_recently":
        from django.db.models import F

        order = (F("last_comment_at").desc(nulls_last=True), "-published_at", "-id")
    return debates.order_by(*order)


def follows_q(user) -> Q:
    """Debates the person opened or commented on: "my debates"."""
    from django.contrib.contenttypes.models import ContentType

    from palabre.comments.models import Comment

    commented = Comment.objects.filter(
        author=user, content_type=ContentType.objects.get_for_model(Debate)
    ).values("object_id")
    return Q(pk__in=commented)


def debate_page(
    *, component: Component, user, filters: dict, page_number, per_page: int = PER_PAGE
) -> PaginatorPage:
    """One page of the list; a page number out of range gives the nearest page."""
    page = Paginator(
        debate_list_published(component=component, user=user, filters=filters), per_page
    ).get_page(page_number)
    page.object_list = list(page.object_list)
    for debate in page.object_list:
        debate.component = component
    return page


def labels(component: Component) -> tuple[list[Category], list[Scope]]:
    return (
        list(Category.objects.filter(component=component)),
        list(Scope.objects.filter(component=component)),
    )


def debate_get(*, component: Component, debate_id: int) -> Debate:
    """A debate of this component, whatever its state (backoffice); else 404."""
    debate = (
        Debate.objects.select_related("author", "closed_by", "category", "scope")
        .filter(component=component, pk=debate_id)
        .first()
    )
    if debate is None:
        raise Http404
    debate.component = component
    return debate


def debate_get_visible(*, user, component: Component, debate_id: int) -> Debate:
    """A debate the person may see: published and not hidden, or any debate for those who
    administer it. A draft answers exactly like a missing debate."""
    debate = debate_get(component=component, debate_id=debate_id)
    if not can(user, "view", debate):
        raise Http404
    if (
        not can(user, "admin", component)
        and not exclude_hidden(Debate.objects.filter(pk=debate.pk)).exists()
    ):
        raise Http404
    return debate


def updates_of(debate: Debate) -> list[DebateUpdate]:
    return list(DebateUpdate.objects.filter(debate=debate).order_by("-created_at", "-id"))


def debate_list_all(*, component: Component) -> list[Debate]:
    """Every debate, drafts first then newest first, for the backoffice."""
    debates = list(
        Debate.objects.filter(component=component)
        .select_related("author")
        .order_by("-published_at", "-id")
    )
    debates.sort(key=lambda debate: debate.published_at is not None)
    for debate in debates:
        debate.component = component
    return debates


def is_endorsed(*, user, debate: Debate) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return debate.endorsements.filter(user=user).exists()
