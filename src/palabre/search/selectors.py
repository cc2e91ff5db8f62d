"""Reads of the platform's search: what a person may find, by type, in a bounded number of
queries whatever the number of spaces, components and results.

Each component type declares what is found in it (`ComponentManifest.search`, a tuple of
`core.registry.Searchable`); the spaces themselves are searched here. The spaces come from
`core.selectors.space_list_visible` as a subquery (never a Python filter), the components
are the published ones of those spaces (one query), then each type costs one `COUNT` and,
when it has results, one query of the rows shown.
"""

import datetime
import html
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from palabre.core.html import html_to_text
from palabre.core.models import Component, Organization, Space
from palabre.core.registry import Searchable
from palabre.core.registry import components as component_registry
from palabre.core.selectors import space_list_visible
from palabre.core.translations import translated
from palabre.moderation.selectors import exclude_hidden
from palabre.search.folding import SearchMatch, fold

MIN_WORD_LENGTH = 2
MAX_WORDS = 6
MAX_QUERY_LENGTH = 100
PAGE_SIZE = 20
# Results of each type on the page of every type ("All"), before its "all N results" link.
PREVIEW_SIZE = 3
EXCERPT_LENGTH = 220


def _space_rows(spaces: QuerySet, user) -> QuerySet:
    return spaces


SPACES = Searchable(
    key="spaces",
    label=_("Participatory spaces"),
    rows=_space_rows,
    fields=("title", "subtitle", "short_description", "description"),
    date_field="published_at",
    component_path="",
)


# Comments on what the person finds of every type (see `_comment_rows`); their first field
# is searched, their title names what they comment on.
COMMENTS = Searchable(
    key="comments",
    label=_("Comments"),
    rows=None,
    fields=("body",),
    date_field="created_at",
    component_path="",
)


def searchables() -> list[Searchable]:
    """Every type the search finds: the spaces, then each component type's, in the order of
    the registry."""
    found = [SPACES]
    for manifest in component_registry.all():
        found.extend(manifest.search)
    return found


def _owners() -> dict[str, str]:
    """The component type of each searchable key."""
    return {
        searchable.key: manifest.name
        for manifest in component_registry.all()
        for searchable in manifest.search
    }


@dataclass
class SearchQuery:
    text: str = ""
    type: str = ""
    space: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        words = [word for word in self.text.split() if len(word) >= MIN_WORD_LENGTH]
        return list(dict.fromkeys(words))[:MAX_WORDS]

    @property
    def too_short(self) -> bool:
        return bool(self.text) and not self.words

    @classmethod
    def from_query(cls, data) -> "SearchQuery":
        errors = []

        def day(name):
            value = (data.get(name) or "").strip()
            if not value:
                return None
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                errors.append(name)
                return None

        space = (data.get("space") or "").strip()
        keys = {searchable.key for searchable in [*searchables(), COMMENTS]}
        kind = data.get("type") or ""
        return cls(
            text=" ".join((data.get("q") or "").split())[:MAX_QUERY_LENGTH],
            type=kind if kind in keys else "",
            space=int(space) if space.isdigit() and len(space) < 12 else None,
            date_from=day("date_from"),
            date_to=day("date_to"),
            errors=errors,
        )


@dataclass
class Hit:
    url: str
    title: SafeString
    excerpt: SafeString
    space: Space | None
    date: datetime.date | datetime.datetime | None
    # The language of the title or excerpt when it is not the page's (found in another).
    title_language: str = ""
    excerpt_language: str = ""


@dataclass
class TypeResults:
    searchable: Searchable
    count: int
    hits: list[Hit]
    page: Page | None = None

    @property
    def key(self) -> str:
        return self.searchable.key

    @property
    def label(self):
        return self.searchable.label


@dataclass
class SearchResults:
    query: SearchQuery
    types: list[TypeResults]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.types)

    @property
    def shown(self) -> list[TypeResults]:
        return [group for group in self.types if group.hits]


def visible_spaces(*, user, organization: Organization) -> QuerySet[Space]:
    """The spaces whose content the person may find, for the space filter's choices."""
    return space_list_visible(user=user, organization=organization).prefetch_related(None)


def _matching(queryset: QuerySet, searchable: Searchable, query: SearchQuery) -> QuerySet:
    queryset = queryset.filter(SearchMatch(searchable.fields, query.words))
    date = searchable.date_field
    if query.date_from:
        queryset = queryset.filter(**{f"{date}__date__gte": query.date_from})
    if query.date_to:
        queryset = queryset.filter(**{f"{date}__date__lte": query.date_to})
    return queryset


def highlight(text: str, words: list[str], *, excerpt: int | None = None) -> SafeString:
    """`text` escaped, the places where the words are found in `<mark>`, compared without
    case nor accents. With `excerpt`, only about that many characters around the first
    place found (or the start)."""
    folded = fold(text)
    spans = []
    for word in words:
        target = fold(word)
        start = folded.find(target)
        while start != -1:
            spans.append((start, start + len(target)))
            start = folded.find(target, start + len(target))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    begin, finish = 0, len(text)
    if excerpt and len(text) > excerpt:
        first = merged[0][0] if merged else 0
        begin = max(0, first - excerpt // 3)
        space = text.rfind(" ", 0, begin)
        begin = space + 1 if begin and space != -1 and begin - space < 20 else begin
        finish = min(len(text), begin + excerpt)
        space = text.find(" ", finish)
        finish = space if space != -1 and space - finish < 20 else finish
    parts = ["…" if begin else ""]
    position = begin
    for start, end in merged:
        if end <= begin or start >= finish:
            continue
        start, end = max(start, begin), min(end, finish)
        parts.append(conditional_escape(text[position:start]))
        parts.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        position = end
    parts.append(conditional_escape(text[position:finish]))
    parts.append("…" if finish < len(text) else "")
    return mark_safe("".join(str(part) for part in parts))


def _plain(value) -> str:
    """The text of rich text (sanitized HTML), unescaped: it is escaped once, when shown."""
    return " ".join(html.unescape(html_to_text(value or "")).split())


def _language_of(value: dict, text: str) -> str:
    """The language of `text` among the translations `value`, unless it is the page's."""
    current = get_language()
    if value.get(current) == text:
        return ""
    return next((language for language, other in value.items() if other == text), "")


def _excerpt_source(row, searchable: Searchable, words: list[str]) -> tuple[str, str]:
    """The text of the excerpt and its language: the first of the row's texts (in the
    person's language, then in the others) where a word is found, else the first text."""
    first = ("", "")
    folded_words = [fold(word) for word in words]
    current = get_language()
    for name in searchable.fields[1:]:
        value = getattr(row, name, None) or {}
        shown = translated(value)
        texts = [(_language_of(value, shown), shown)] + [
            (language, text) for language, text in value.items() if isinstance(text, str)
        ]
        for language, text in texts:
            plain = _plain(text)
            if not plain:
                continue
            first = first if first[0] else (plain, language)
            if any(word in fold(plain) for word in folded_words):
                return plain, "" if language == current else language
    return first


def _title(row, searchable: Searchable, words: list[str]) -> tuple[SafeString, str]:
    """The title in the person's language, or in the language where a word was found, and
    that language when it is another."""
    value = getattr(row, searchable.fields[0], None) or {}
    title = translated(value)
    language = _language_of(value, title)
    folded_words = [fold(word) for word in words]
    if not any(word in fold(title) for word in folded_words):
        for other, text in value.items():
            if isinstance(text, str) and any(word in fold(text) for word in folded_words):
                title, language = text, other
                break
    if language == get_language():
        language = ""
    return highlight(" ".join(title.split()), words), language


def _space_of(row, searchable: Searchable) -> Space | None:
    if not searchable.component_path:
        return None
    component = row
    for name in searchable.component_path.split("__"):
        component = getattr(component, name)
    return component.space


def _hit(row, searchable: Searchable, words: list[str]) -> Hit:
    title, title_language = _title(row, searchable, words)
    excerpt, excerpt_language = _excerpt_source(row, searchable, words)
    return Hit(
        url=row.get_absolute_url(),
        title=title,
        title_language=title_language,
        excerpt=highlight(excerpt, words, excerpt=EXCERPT_LENGTH),
        excerpt_language=excerpt_language,
        space=_space_of(row, searchable),
        date=getattr(row, searchable.date_field, None),
    )


def _ordered(queryset: QuerySet, searchable: Searchable) -> QuerySet:
    return queryset.order_by(f"-{searchable.date_field}", "-pk")


def _comment_rows(visible: dict[Searchable, QuerySet], space_ids) -> QuerySet:
    """Comments, not deleted nor hidden, on what the person finds of each type (the rows'
    own rules, moderation's included: a comment on a hidden proposal is not found)."""
    from palabre.comments.models import Comment

    condition = Q()
    for rows in visible.values():
        content_type = ContentType.objects.get_for_model(rows.model)
        condition |= Q(content_type=content_type, object_id__in=rows.values("pk"))
    if not condition:
        return Comment.objects.none()
    return exclude_hidden(
        Comment.objects.filter(condition, space__in=space_ids, deleted_at__isnull=True)
    ).select_related("space")


def _comment_targets(comments: list, visible: dict[Searchable, QuerySet]) -> None:
    """Set each comment's `target` (its resource, with what its address reads) and the
    searchable of that resource: one query per type of resource shown."""
    by_model = {rows.model: (searchable, rows) for searchable, rows in visible.items()}
    wanted: dict[int, set[int]] = {}
    for comment in comments:
        wanted.setdefault(comment.content_type_id, set()).add(comment.object_id)
    found = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        searchable, rows = by_model[model]
        for row in rows.filter(pk__in=ids):
            found[(content_type_id, row.pk)] = (row, searchable)
    for comment in comments:
        comment.target, comment.target_searchable = found[
            (comment.content_type_id, comment.object_id)
        ]


def _comment_hit(comment, words: list[str]) -> Hit:
    target = comment.target
    title = translated(getattr(target, comment.target_searchable.fields[0], None) or {})
    body = comment.body or {}
    text = translated(body)
    return Hit(
        url=comment.get_absolute_url(),
        title=mark_safe(
            conditional_escape(_("Comment on “%(title)s”") % {"title": " ".join(title.split())})
        ),
        excerpt=highlight(" ".join(text.split()), words, excerpt=EXCERPT_LENGTH),
        excerpt_language=_language_of(body, text),
        space=comment.space,
        date=comment.created_at,
    )


def search(*, user, organization: Organization, query: SearchQuery, page_number=None):
    """What `user` finds for `query`: the count of every type, and with `query.type` one page
    of that type, otherwise the first few results of every type. None when the query has no
    word to look for."""
    if not query.words:
        return None
    spaces = space_list_visible(user=user, organization=organization)
    if query.space:
        spaces = spaces.filter(pk=query.space)
    space_ids = spaces.values("pk")
    manifest_names = {manifest.name for manifest in component_registry.all() if manifest.search}
    components_by_type: dict[str, list[Component]] = {}
    for component in Component.objects.filter(
        space__in=space_ids,
        published_at__isnull=False,
        manifest_name__in=manifest_names,
    ).select_related("space"):
        components_by_type.setdefault(component.manifest_name, []).append(component)
    owners = _owners()
    # What the person may find of each component type, before the words.
    visible: dict[Searchable, QuerySet] = {}
    for searchable in searchables():
        if searchable.key in owners:
            components = components_by_type.get(owners[searchable.key], [])
            if components:
                visible[searchable] = exclude_hidden(searchable.rows(components, user))
    groups = []
    for searchable in [*searchables(), COMMENTS]:
        if searchable is SPACES:
            rows = Space.objects.filter(pk__in=space_ids)
        elif searchable is COMMENTS:
            rows = _comment_rows(visible, space_ids)
        elif searchable in visible:
            rows = visible[searchable]
        else:
            groups.append(TypeResults(searchable, 0, []))
            continue
        rows = _ordered(_matching(rows, searchable, query), searchable)
        count = rows.count()
        page = None
        if not count or (query.type and searchable.key != query.type):
            shown = []
        elif query.type:
            paginator = Paginator(rows, PAGE_SIZE)
            paginator.__dict__["count"] = count  # counted above: not twice
            page = paginator.get_page(page_number)
            shown = list(page.object_list)
        else:
            shown = list(rows[:PREVIEW_SIZE])
        if searchable is SPACES:
            for space in shown:
                space.organization = organization
        if searchable is COMMENTS:
            _comment_targets(shown, visible)
            hits = [_comment_hit(comment, query.words) for comment in shown]
        else:
            hits = [_hit(row, searchable, query.words) for row in shown]
        groups.append(TypeResults(searchable, count, hits, page))
    return SearchResults(query=query, types=groups)
