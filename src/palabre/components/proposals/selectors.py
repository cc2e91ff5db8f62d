"""Reads of the proposals component: visibility, filters, sorts, similarity, counts.

Drafts are seen by their authors only; proposals hidden by moderation are left out of every
list and answer 404 at their address.
"""

import datetime
import random
import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from palabre.components.proposals.models import (
    Category,
    Endorsement,
    Proposal,
    ProposalAuthor,
    ProposalLink,
    Scope,
    Support,
    ValuatorAssignment,
)
from palabre.core.models import Component
from palabre.core.permissions import can

SORT_ORDERS = {
    "recent": ("-published_at", "-id"),
    "most_supported": ("-supports_count", "-published_at", "-id"),
    "most_commented": ("-comments_count", "-published_at", "-id"),
    "most_endorsed": ("-endorsements_count", "-published_at", "-id"),
}
ANSWER_FILTERS = ("not_answered", "evaluating", "accepted", "rejected", "withdrawn")


def _exclude_hidden(queryset: QuerySet) -> QuerySet:
    from palabre.moderation.selectors import exclude_hidden

    return exclude_hidden(queryset)


def _authors_prefetch() -> Prefetch:
    return Prefetch(
        "authors",
        queryset=ProposalAuthor.objects.filter(accepted_at__isnull=False).select_related("user"),
        to_attr="accepted_authors",
    )


def proposal_list_public(*, component: Component) -> QuerySet[Proposal]:
    """Published and withdrawn proposals anyone may read, without hidden ones."""
    queryset = Proposal.objects.filter(
        component=component, state__in=[Proposal.State.PUBLISHED, Proposal.State.WITHDRAWN]
    )
    return _exclude_hidden(queryset)


@dataclass
class ProposalFilters:
    state: str = ""
    category: int | None = None
    scope: int | None = None
    text: str = ""
    mine: bool = False
    answered: str = ""  # "", "yes", "no"
    sort: str = "random"

    @classmethod
    def from_query(cls, data, *, default_sort: str) -> "ProposalFilters":
        category = data.get("category") or ""
        scope = data.get("scope") or ""
        sort = data.get("sort") or default_sort
        return cls(
            state=data.get("state", "") if data.get("state") in ANSWER_FILTERS else "",
            category=int(category) if category.isdigit() else None,
            scope=int(scope) if scope.isdigit() else None,
            text=(data.get("q") or "").strip()[:200],
            mine=data.get("mine") == "1",
            answered=data.get("answered") if data.get("answered") in ("yes", "no") else "",
            sort=sort if sort in SORT_ORDERS or sort == "random" else default_sort,
        )


def proposal_filter(
    queryset: QuerySet[Proposal], *, filters: ProposalFilters, user
) -> QuerySet[Proposal]:
    if filters.state == "withdrawn":
        queryset = queryset.filter(state=Proposal.State.WITHDRAWN)
    elif filters.state == "not_answered":
        queryset = queryset.filter(answer_published_at__isnull=True)
    elif filters.state:
        queryset = queryset.filter(answer_state=filters.state, answer_published_at__isnull=False)
    if filters.answered == "yes":
        queryset = queryset.filter(answer_published_at__isnull=False)
    elif filters.answered == "no":
        queryset = queryset.filter(answer_published_at__isnull=True)
    if filters.category:
        queryset = queryset.filter(category_id=filters.category)
    if filters.scope:
        queryset = queryset.filter(scope_id=filters.scope)
    if filters.text:
        # Titles and bodies are JSON maps: searching their text form finds every language.
        queryset = queryset.annotate(
            _title_text=Cast("title", TextField()), _body_text=Cast("body", TextField())
        ).filter(Q(_title_text__icontains=filters.text) | Q(_body_text__icontains=filters.text))
    if filters.mine:
        if getattr(user, "is_authenticated", False):
            queryset = queryset.filter(
                Exists(
                    ProposalAuthor.objects.filter(
                        proposal=OuterRef("pk"), user=user, accepted_at__isnull=False
                    )
                )
            )
        else:
            queryset = queryset.none()
    return queryset


def proposal_sorted_ids(queryset: QuerySet[Proposal], *, sort: str, seed: int) -> list[int]:
    """Ids in the chosen order. The random order is a shuffle with the visitor's seed, so
    pages follow each other without repeating a proposal."""
    if sort == "random":
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        random.Random(seed).shuffle(ids)
        return ids
    return list(queryset.order_by(*SORT_ORDERS[sort]).values_list("pk", flat=True))


def proposal_page(
    *, component: Component, user, filters: ProposalFilters, seed: int, page_number, per_page=15
):
    """One page of proposals with everything the list shows, in a constant number of queries."""
    queryset = proposal_filter(
        proposal_list_public(component=component), filters=filters, user=user
    )
    ids = proposal_sorted_ids(queryset, sort=filters.sort, seed=seed)
    page = Paginator(ids, per_page).get_page(page_number)
    by_id = proposals_with_details(component=component, ids=list(page.object_list), user=user)
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    return page


def proposals_with_details(*, component: Component, ids: list[int], user) -> dict[int, Proposal]:
    proposals = (
        Proposal.objects.filter(pk__in=ids)
        .select_related("category", "scope", "custom_state")
        .prefetch_related(_authors_prefetch())
    )
    if getattr(user, "is_authenticated", False):
        proposals = proposals.annotate(
            supported=Exists(Support.objects.filter(proposal=OuterRef("pk"), user=user))
        )
    result = {}
    for proposal in proposals:
        proposal.component = component
        result[proposal.pk] = proposal
    return result


def proposal_get_visible(*, user, component: Component, proposal_id: int) -> Proposal:
    """A proposal the person may read (drafts: their authors only); hidden ones answer 404."""
    proposal = (
        _exclude_hidden(Proposal.objects.filter(component=component, pk=proposal_id))
        .select_related("category", "scope", "custom_state")
        .prefetch_related(
            _authors_prefetch(),
            Prefetch("links_out", queryset=ProposalLink.objects.select_related("to_proposal")),
            Prefetch("links_in", queryset=ProposalLink.objects.select_related("from_proposal")),
        )
        .first()
    )
    if proposal is None:
        raise Http404
    proposal.component = component
    if not can(user, "view", proposal):
        raise Http404
    return proposal


def proposal_get(*, component: Component, proposal_id: int) -> Proposal:
    """Any proposal of the component (backoffice); else 404."""
    proposal = Proposal.objects.filter(component=component, pk=proposal_id).first()
    if proposal is None:
        raise Http404
    proposal.component = component
    return proposal


def draft_list(*, component: Component, user) -> list[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return []
    drafts = list(
        Proposal.objects.filter(
            component=component,
            state=Proposal.State.DRAFT,
            authors__user=user,
            authors__accepted_at__isnull=False,
        ).order_by("-updated_at")
    )
    for draft in drafts:
        draft.component = component
    return drafts


@dataclass
class SupportStatus:
    supported: bool
    temporary: bool
    used: int
    remaining: int | None  # None: unlimited
    minimum: int


def support_status(*, user, proposal: Proposal, settings) -> SupportStatus | None:
    """What the supports button says to this person (two queries)."""
    if not getattr(user, "is_authenticated", False):
        return None
    mine = list(
        Support.objects.filter(user=user, proposal__component_id=proposal.component_id).values_list(
            "proposal_id", "temporary"
        )
    )
    current = next((temporary for pk, temporary in mine if pk == proposal.pk), None)
    limit = settings.supports_limit
    return SupportStatus(
        supported=current is not None,
        temporary=bool(current),
        used=len(mine),
        remaining=max(limit - len(mine), 0) if limit else None,
        minimum=settings.minimum_supports_per_user,
    )


def edit_window_open(*, proposal: Proposal, settings) -> bool:
    """Whether a published proposal can still be corrected: within the edit window after
    publication and before any answer."""
    if proposal.state != Proposal.State.PUBLISHED or proposal.answered_at is not None:
        return False
    window = datetime.timedelta(minutes=settings.edit_window_minutes)
    return timezone.now() <= proposal.published_at + window


def has_endorsed(*, user, proposal: Proposal) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Endorsement.objects.filter(user=user, proposal=proposal).exists()


def supports_recount(*, component: Component) -> dict[int, int]:
    """Final supports counted row by row, to check the counters the services keep."""
    return dict(
        Support.objects.filter(proposal__component=component, temporary=False)
        .values("proposal_id")
        .annotate(total=Count("pk"))
        .values_list("proposal_id", "total")
    )


def category_list(*, component: Component) -> list[Category]:
    return list(Category.objects.filter(component=component))


def scope_list(*, component: Component) -> list[Scope]:
    return list(Scope.objects.filter(component=component))


def map_points(queryset: QuerySet[Proposal]) -> list[dict]:
    """Geolocated proposals for the map: id, title, coordinates (one query)."""
    return list(
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values("pk", "title", "latitude", "longitude")
    )


# Similar proposals ---------------------------------------------------------------------

_WORD = re.compile(r"\w{4,}", re.UNICODE)
SIMILARITY_THRESHOLD = 0.3


def _trigrams(text: str) -> set[str]:
    """Trigrams as pg_trgm builds them: lowercase words padded with two spaces in front and
    one behind, so that SQLite and PostgreSQL find the same neighbours."""
    grams: set[str] = set()
    for word in re.findall(r"\w+", text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    first, second = _trigrams(a), _trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def proposal_similar(
    *, component: Component, title: str, exclude_id: int | None = None, limit: int = 5
) -> list[Proposal]:
    """Published proposals of the component whose title resembles `title`, closest first.

    PostgreSQL ranks with pg_trgm's `similarity()`. Elsewhere the same measure is computed
    in Python over the titles that share at least one word of four letters or more with the
    new title, prefiltered in SQL so that only a few candidates are read.
    """
    queryset = proposal_list_public(component=component).filter(state=Proposal.State.PUBLISHED)
    if exclude_id:
        queryset = queryset.exclude(pk=exclude_id)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        ranked = (
            queryset.annotate(similarity=TrigramSimilarity(Cast("title", TextField()), title))
            .filter(similarity__gte=SIMILARITY_THRESHOLD)
            .order_by("-similarity", "-id")[:limit]
        )
        proposals = list(ranked)
    else:
        words = {word.lower() for word in _WORD.findall(title)}
        if not words:
            return []
        condition = Q()
        for word in words:
            condition |= Q(_title_text__icontains=word)
        candidates = queryset.annotate(_title_text=Cast("title", TextField())).filter(condition)
        scored = []
        for proposal in candidates[:200]:
            best = max(
                (trigram_similarity(title, text) for text in proposal.title.values()), default=0
            )
            if best >= SIMILARITY_THRESHOLD:
                proposal.similarity = best
                scored.append(proposal)
        scored.sort(key=lambda p: (-p.similarity, -p.pk))
        proposals = scored[:limit]
    for proposal in proposals:
        proposal.component = component
    return proposals


def backoffice_list(*, component: Component, user, filters: dict) -> QuerySet[Proposal]:
    """Proposals for the backoffice: every non-draft one for the space's staff; valuators see
    only those assigned to them."""
    queryset = (
        Proposal.objects.filter(component=component)
        .exclude(state=Proposal.State.DRAFT)
        .select_related("category", "scope", "custom_state")
        .annotate(valuators=Count("valuator_assignments"))
        .order_by("-published_at", "-id")
    )
    if not can(user, "read_admin", component):
        queryset = queryset.filter(
            Exists(ValuatorAssignment.objects.filter(proposal=OuterRef("pk"), valuator=user))
        )
    if filters.get("answer_state"):
        queryset = queryset.filter(answer_state=filters["answer_state"])
    if filters.get("category"):
        queryset = queryset.filter(category_id=filters["category"])
    if filters.get("scope"):
        queryset = queryset.filter(scope_id=filters["scope"])
    if filters.get("unpublished_answers"):
        queryset = queryset.filter(answered_at__isnull=False, answer_published_at__isnull=True)
    return queryset
