"""Reads of the proposals component: visibility, filters, sorts, similarity, counts.

Drafts are seen by their authors only; proposals hidden by moderation are left out of every
list and answer 404 at their address.
"""

import array
import dataclasses
import datetime
import hashlib
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf, Upper
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.components.proposals.models import (
    Category,
    Endorsement,
    Proposal,
    ProposalAuthor,
    ProposalLink,
    ProposalState,
    Scope,
    Support,
    ValuatorAssignment,
)
from palabre.core import structure
from palabre.core.components import component_url
from palabre.core.models import Component, SpaceRole, User
from palabre.core.permissions import can
from palabre.core.prepared import Prepared

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


class SearchText(Expression):
    """The proposal's `search_text` column: on PostgreSQL, its title and body as text, in
    upper case, kept by the database (migration 0009, which says why the model does not
    declare it)."""

    output_field = TextField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_text')}", []


def _text_search(queryset: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    """Titles and bodies are JSON maps: searching their text form finds every language.

    That text is JSON, so the words are looked for as JSON writes them. PostgreSQL keeps the
    letters, and keeps that text in upper case in a column of its own (with a trigram index),
    where the word is looked for in upper case too. SQLite keeps "vélo" as "v\\u00e9lo" and
    ignores the case of ASCII letters only, so the words are also looked for in lower case
    there."""
    if connection.vendor == "postgresql":
        needle = json.dumps(text, ensure_ascii=False)[1:-1]
        return queryset.alias(_search_text=SearchText()).filter(
            _search_text__contains=Upper(Value(needle))
        )
    needles = list(dict.fromkeys(json.dumps(words)[1:-1] for words in (text, text.lower())))
    condition = Q()
    for needle in needles:
        condition |= Q(_title_text__icontains=needle) | Q(_body_text__icontains=needle)
    return queryset.alias(
        _title_text=Cast("title", TextField()), _body_text=Cast("body", TextField())
    ).filter(condition)


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
        queryset = _text_search(queryset, filters.text)
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


# The random order: a hash of the id and the visitor's seed, computed by the database, so
# that a page reads 15 ids instead of shuffling every id of the component in Python. Squaring
# modulo a prime mixes the ids (an affine map alone would list them in a visible arithmetic
# progression); every intermediate value stays below 2**62, within a 64-bit integer.
_PRIME = 2_147_483_647


def _random_key(seed: int):
    seed = Value(seed % _PRIME)
    mixed = (F("pk") * Value(48_271) + seed) % Value(_PRIME)
    mixed = (mixed * mixed) % Value(_PRIME)
    mixed = (mixed * Value(16_807) + seed) % Value(_PRIME)
    return (mixed * mixed) % Value(_PRIME)


def proposal_ordered(queryset: QuerySet[Proposal], *, sort: str, seed: int) -> QuerySet[Proposal]:
    """`queryset` in the chosen order. The random order depends on the visitor's seed only,
    so that pages follow each other without repeating a proposal."""
    if sort == "random":
        return queryset.annotate(random_key=_random_key(seed)).order_by("random_key", "pk")
    return queryset.order_by(*SORT_ORDERS[sort])


# The order of a list (its ids) is kept for a short time per filter, order and seed, so
# that a visitor reading page after page, or coming back, does not make the database sort
# and count the component again. Orders that follow counters (supports, comments,
# endorsements) change with every click and are always computed; the kept ids follow every
# change of a proposal and every moderation decision (`list_stamp`), so only such counters
# may be older than this.
KEPT_ORDERS = ("random", "recent")
KEPT_IDS = 3000
LIST_KEEP_SECONDS = 60


def proposal_page(
    *, component: Component, user, filters: ProposalFilters, seed: int, page_number, per_page=15
):
    """One page of proposals with everything the list shows, in a constant number of queries:
    the database counts, sorts and cuts the page (or the kept order of the list gives its
    ids); then only its proposals are read."""
    queryset = proposal_filter(
        proposal_list_public(component=component), filters=filters, user=user
    )
    ordered = proposal_ordered(queryset, sort=filters.sort, seed=seed).values_list("pk", flat=True)
    if filters.sort in KEPT_ORDERS and not filters.mine:
        page = _page_of_kept_ids(
            ordered,
            key=_list_key(component=component, filters=filters, seed=seed),
            per_page=per_page,
            page_number=page_number,
        )
    elif filters.text:
        page = _page_counted_in_one_query(ordered, per_page=per_page, page_number=page_number)
    else:
        page = Paginator(ordered, per_page).get_page(page_number)
    ids = list(page.object_list)
    by_id = proposals_with_details(component=component, ids=ids, user=user)
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


def _list_key(*, component: Component, filters: ProposalFilters, seed: int) -> str:
    source = repr((list_stamp(component=component), filters, seed))
    return "proposals-ids-" + hashlib.sha256(source.encode()).hexdigest()


def _page_of_kept_ids(ids: QuerySet, *, key: str, per_page: int, page_number) -> Page:
    """A page of `ids` from the first `KEPT_IDS` of them and their total, kept under `key`
    (read with one query, `COUNT(*) OVER ()`, when they are not kept); pages further on are
    asked for in the database."""
    kept = cache.get(key)
    if kept is None:
        rows = list(ids.annotate(total=Window(Count("pk"))).values_list("pk", "total")[:KEPT_IDS])
        kept = (rows[0][1] if rows else 0, array.array("q", [pk for pk, _total in rows]))
        cache.set(key, kept, LIST_KEEP_SECONDS)
    total, first_ids = kept
    paginator = Paginator(ids, per_page)
    paginator.count = total
    page = paginator.get_page(page_number)
    start = (page.number - 1) * per_page
    end = min(start + per_page, total)
    page.object_list = list(first_ids[start:end]) if end <= len(first_ids) else list(ids[start:end])
    return page


def _page_counted_in_one_query(ids: QuerySet, *, per_page: int, page_number) -> Page:
    """A page of `ids` whose total comes with its rows (`COUNT(*) OVER ()`): a text search
    then reads every text once, not once to count and once for the page. Past the last page,
    the paginator finds the last one as usual."""
    paginator = Paginator(ids, per_page)
    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    rows = list(
        ids.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
            offset : offset + per_page
        ]
    )
    if not rows and number > 1:
        return paginator.get_page(number)
    paginator.count = rows[0][1] if rows else 0
    return Page([pk for pk, _total in rows], number, paginator)


# What a name needs of an account (`User.display_name`): lists and pages read no more.
_NAME_FIELDS = ("nickname", "name", "is_active", "deleted_at", "blocked_at")
# The proposals a list or a page shows, their authors and links: read on nearly every page,
# compiled once (`core.prepared`). Lists show neither answers nor cost reports: their texts
# are left in the database.
_LISTED = Prepared(
    lambda ids: (
        Proposal.objects.filter(pk__in=ids)
        .select_related("category", "scope", "custom_state")
        .defer("answer", "cost_report")
    )
)
_LISTED_FOR = Prepared(
    lambda ids, user: (
        Proposal.objects.filter(pk__in=ids)
        .select_related("category", "scope", "custom_state")
        .defer("answer", "cost_report")
        .annotate(supported=Exists(Support.objects.filter(proposal=OuterRef("pk"), user_id=user)))
    )
)
_VISIBLE = Prepared(
    lambda component, pk: _exclude_hidden(
        Proposal.objects.filter(component_id=component, pk=pk)
    ).select_related("category", "scope", "custom_state")
)
_ACCEPTED_AUTHORS = Prepared(
    lambda proposals: (
        ProposalAuthor.objects.filter(proposal_id__in=proposals, accepted_at__isnull=False)
        .select_related("user")
        .only(
            "proposal", "user", "invited_at", "accepted_at", *(f"user__{f}" for f in _NAME_FIELDS)
        )
    )
)
_LINKS = Prepared(
    lambda pk: ProposalLink.objects.filter(
        Q(from_proposal_id=pk) | Q(to_proposal_id=pk)
    ).select_related("from_proposal", "to_proposal")
)


def _with_authors(proposals: list[Proposal]) -> None:
    """Set `accepted_authors` on each proposal, in one query for all of them."""
    by_proposal: dict[int, list[ProposalAuthor]] = {proposal.pk: [] for proposal in proposals}
    if proposals:
        for author in _ACCEPTED_AUTHORS.objects(proposals=list(by_proposal)):
            by_proposal[author.proposal_id].append(author)
    for proposal in proposals:
        proposal.accepted_authors = by_proposal[proposal.pk]


def proposals_with_details(*, component: Component, ids: list[int], user) -> dict[int, Proposal]:
    if getattr(user, "is_authenticated", False):
        proposals = _LISTED_FOR.objects(ids=list(ids), user=user.pk)
    else:
        proposals = _LISTED.objects(ids=list(ids))
    _with_authors(proposals)
    result = {}
    for proposal in proposals:
        proposal.component = component
        # Set for visitors too: a template asking for a missing attribute costs a dir().
        proposal.supported = getattr(proposal, "supported", False)
        result[proposal.pk] = proposal
    return result


def proposal_get_visible(*, user, component: Component, proposal_id: int) -> Proposal:
    """A proposal the person may read (drafts: their authors only); hidden ones answer 404."""
    if not 0 < proposal_id < 2**63:
        raise Http404  # beyond what a database id can hold
    proposal = _VISIBLE.first(component=component.pk, pk=proposal_id)
    if proposal is None:
        raise Http404
    proposal.component = component
    _with_authors([proposal])
    # The links both ways in one query: what this proposal became, where it comes from.
    links = _LINKS.objects(pk=proposal.pk)
    proposal.links_to = [link for link in links if link.from_proposal_id == proposal.pk]
    proposal.links_from = [link for link in links if link.to_proposal_id == proposal.pk]
    if not can(user, "view", proposal):
        raise Http404
    return proposal


def proposal_for_action(*, user, component: Component, proposal_id: int) -> Proposal:
    """A proposal the person may read, as `proposal_get_visible` finds it, without the
    authors and links that only its page shows: for the buttons (support, endorse…)."""
    proposal = _exclude_hidden(Proposal.objects.filter(component=component, pk=proposal_id)).first()
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
    # Why this person cannot support this proposal now (the button is shown disabled with
    # it), in the words the service would refuse with; empty when they can.
    refusal: str = ""


def support_status(*, user, proposal: Proposal, settings) -> SupportStatus | None:
    """What the supports button says to this person (one query): whether they support the
    proposal, what they have left and, when the rules of `proposal_support` would refuse a
    new support, why."""
    if not getattr(user, "is_authenticated", False):
        return None
    mine = list(
        Support.objects.filter(user=user, proposal__component_id=proposal.component_id).values_list(
            "proposal_id", "temporary"
        )
    )
    current = next((temporary for pk, temporary in mine if pk == proposal.pk), None)
    limit = settings.supports_limit
    threshold = settings.threshold_per_proposal
    refusal = ""
    if current is None and limit and len(mine) >= limit:
        refusal = ngettext(
            "You have used your %(limit)d support.",
            "You have used all your %(limit)d supports.",
            limit,
        ) % {"limit": limit}
    elif (
        current is None
        and threshold
        and not settings.can_accumulate_supports_beyond_threshold
        and proposal.supports_count >= threshold
    ):
        refusal = _("This proposal already reached its supports threshold.")
    return SupportStatus(
        supported=current is not None,
        temporary=bool(current),
        used=len(mine),
        remaining=max(limit - len(mine), 0) if limit else None,
        minimum=settings.minimum_supports_per_user,
        refusal=refusal,
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
    return structure.cached(
        ("proposal-categories", component.pk),
        lambda: list(Category.objects.filter(component=component)),
    )


def scope_list(*, component: Component) -> list[Scope]:
    return structure.cached(
        ("proposal-scopes", component.pk), lambda: list(Scope.objects.filter(component=component))
    )


def _text_in(field: str, languages: list[str]):
    """The text of a translated field in the first of `languages` that has one, read by the
    database: lists of thousands of rows then decode no JSON in Python."""
    texts = [NullIf(KeyTextTransform(code, field), Value("")) for code in languages]
    return Coalesce(*texts, Value(""), output_field=TextField())


def _list_stamp_query(component: int, space: int):
    from django.contrib.contenttypes.models import ContentType

    from palabre.moderation.models import Moderation

    moderation = Moderation.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal), space_id=space
    ).order_by()
    return (
        Component.objects.filter(pk=component)
        .only("pk")
        .annotate(
            changed=Subquery(
                Proposal.objects.filter(component_id=component)
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
            moderated=Subquery(moderation.order_by("-updated_at").values("updated_at")[:1]),
            moderations=Subquery(
                moderation.values("space_id").annotate(total=Count("pk")).values("total")
            ),
        )
    )


_LIST_STAMP = Prepared(_list_stamp_query)


def list_stamp(*, component: Component) -> tuple:
    """What every list of the component follows, read in one small query: the last change
    of any of its proposals (published, edited, withdrawn, answered, merged; counters are
    not changes) and the moderation decisions on the space's proposals (the last one and
    how many, so that a hidden proposal leaves at once). The component's creation time keeps
    a reused id from reading another component's lists."""
    row = _LIST_STAMP.first(component=component.pk, space=component.space_id)
    return (
        component.pk,
        component.created_at.isoformat(),
        row and (row.changed, row.moderated, row.moderations),
    )


def map_cache_key(*, component: Component, filters: ProposalFilters, language: str) -> str:
    """The key of the map data of a filter, in a language: it follows `list_stamp`, so a
    new, changed or hidden proposal shows on the map at once."""
    source = repr(
        (list_stamp(component=component), language, dataclasses.replace(filters, sort=""))
    )
    return "proposals-map-" + hashlib.sha256(source.encode()).hexdigest()


# Any id: the address of one proposal is resolved with it, then the others are written alike.
_URL_SENTINEL = 987_654_321


def map_points(queryset: QuerySet[Proposal], *, component: Component, language: str) -> list[dict]:
    """Geolocated proposals for the map: id, title, coordinates, page address (one query).

    The title is in `language`, else in the organization's default language, else in any
    language the site knows."""
    organization = component.space.organization
    languages = list(
        dict.fromkeys([language, *organization.locales, *(code for code, _ in settings.LANGUAGES)])
    )
    head, _sentinel, tail = component_url(component, "proposal", pk=_URL_SENTINEL).rpartition(
        str(_URL_SENTINEL)
    )
    rows = (
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .annotate(map_title=_text_in("title", languages))
        .values_list("pk", "map_title", "latitude", "longitude")
    )
    return [
        {"pk": pk, "title": title, "latitude": lat, "longitude": lon, "url": f"{head}{pk}{tail}"}
        for pk, title, lat, lon in rows
    ]


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


# Backoffice lookups --------------------------------------------------------------------
def _one(model, *, component: Component, pk, required: bool):
    """The `model` row of `component` with this id; None (or 404 when `required`) for a
    missing one or an id that is not a number."""
    found = model.objects.filter(component=component, pk=pk).first() if str(pk).isdigit() else None
    if found is None and required:
        raise Http404
    return found


def category_get(*, component: Component, pk, required: bool = True) -> Category | None:
    return _one(Category, component=component, pk=pk, required=required)


def scope_get(*, component: Component, pk, required: bool = True) -> Scope | None:
    return _one(Scope, component=component, pk=pk, required=required)


def state_get(*, component: Component, pk, required: bool = True) -> ProposalState | None:
    return _one(ProposalState, component=component, pk=pk, required=required)


def state_list(*, component: Component) -> QuerySet[ProposalState]:
    return ProposalState.objects.filter(component=component)


def valuator_list(*, component: Component) -> QuerySet[User]:
    """The people who hold the valuator role in the component's space."""
    return User.objects.filter(
        space_roles__space=component.space, space_roles__role=SpaceRole.Role.VALUATOR
    ).distinct()


def valuator_assignments(*, proposal: Proposal) -> QuerySet[ValuatorAssignment]:
    return ValuatorAssignment.objects.filter(proposal=proposal).select_related("valuator")


def proposals_by_ids(*, component: Component, ids: list[int]) -> list[Proposal]:
    return list(Proposal.objects.filter(component=component, pk__in=ids))


def copy_targets(*, user, component: Component) -> list[Component]:
    """Other proposals components of the organization that this person administers."""
    candidates = (
        Component.objects.filter(
            space__organization_id=component.space.organization_id, manifest_name="proposals"
        )
        .exclude(pk=component.pk)
        .select_related("space__organization")
    )
    return [target for target in candidates if can(user, "admin", target)]
