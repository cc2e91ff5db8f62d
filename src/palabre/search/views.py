"""The search page: a GET form, results grouped by type, each type's count."""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from palabre.core.security import client_ip
from palabre.search import selectors

# Searches a client may make per minute (each costs a few queries per type): beyond, the
# page says to wait instead of searching.
RATE_LIMIT_PER_MINUTE = 30


def _limit() -> int:
    return getattr(settings, "PALABRE_SEARCH_RATE_LIMIT", RATE_LIMIT_PER_MINUTE)


def _over_limit(request) -> bool:
    """Counts this search of the client; True past the limit of the current minute."""
    window = int(timezone.now().timestamp()) // 60
    key = f"search:rate:{request.organization.pk}:{client_ip(request) or 'unknown'}:{window}"
    if cache.add(key, 1, 120):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, 120)
        return False
    return count > _limit()


@require_GET
def search(request):
    organization = request.organization
    query = selectors.SearchQuery.from_query(request.GET)
    limited = bool(query.words) and _over_limit(request)
    results = None
    if not limited:
        results = selectors.search(
            user=request.user,
            organization=organization,
            query=query,
            page_number=request.GET.get("page"),
        )
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("type", None)
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "limited": limited,
            "spaces": list(
                selectors.visible_spaces(user=request.user, organization=organization).only(
                    "pk", "title", "kind"
                )
            ),
            "types": [*selectors.searchables(), selectors.COMMENTS],
            "base_query": params.urlencode(),
            "min_length": selectors.MIN_WORD_LENGTH,
        },
        status=429 if limited else 200,
    )
