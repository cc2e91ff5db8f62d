"""Public views of the accountability component; `request.component` was checked visible."""

from django.http import JsonResponse
from django.shortcuts import render

from palabre.components.accountability import selectors
from palabre.core.components import component_url
from palabre.core.settings_schema import current_settings
from palabre.core.translations import translated


def _context(request, **extra) -> dict:
    return {
        "space": request.space,
        "component": request.component,
        "component_settings": current_settings(request.component),
        **extra,
    }


def index(request):
    """Top-level results by category, with counts per status and filters."""
    component = request.component
    category = request.GET.get("category", "")[:200]
    status_key = request.GET.get("status", "")[:50]
    results = selectors.result_roots(component=component, category=category, status_key=status_key)
    language = request.organization.default_locale
    # Grouped by category, named in the reader's language.
    groups: list[tuple[str, list]] = []
    keys: list[str] = []
    for result in results:
        key = translated(result.category, language)
        if not keys or keys[-1] != key:
            keys.append(key)
            groups.append((translated(result.category, fallback=language), []))
        groups[-1][1].append(result)
    categories = selectors.category_list(component=component)
    return render(request, "accountability/index.html", _context(
        request,
        groups=groups,
        results_total=len(results),
        status_counts=selectors.status_counts(component=component, category=category),
        categories=categories,
        category=category,
        category_name=dict(categories).get(category, category),
        status_key=status_key,
        map_url=component_url(component, "map"),
    ))  # fmt: skip


def result_detail(request, pk: int):
    component = request.component
    result = selectors.result_get(component=component, result_id=pk)
    ancestors = selectors.result_ancestors(result)
    return render(request, "accountability/result.html", _context(
        request,
        result=result,
        ancestors=ancestors,
        back_url=(ancestors[-1] if ancestors else component).get_absolute_url(),
        children=selectors.result_children(result=result),
        timeline=list(result.timeline.order_by("date", "pk")),
        origins=selectors.result_origins(result=result, user=request.user),
    ))  # fmt: skip


def map_data(request):
    """Geolocated results as JSON, for a map or anyone reusing the data."""
    component = request.component
    points = [
        {
            "id": result.pk,
            "title": translated(result.title),
            "url": result.get_absolute_url(),
            "latitude": float(result.latitude),
            "longitude": float(result.longitude),
            "progress": float(result.progress),
            "status": translated(result.status.name) if result.status else "",
            "category": translated(result.category),
        }
        for result in selectors.map_points(component=component)
    ]
    return JsonResponse({"results": points})
