"""Views of the core: health check, component dispatch, sitemap, error pages."""

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from palabre.core import selectors


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "time": timezone.now().isoformat()})


def component_dispatch(request, kind: str, space_slug: str, component_id: int, rest: str = ""):
    """Find the space and the component (404 unless visible), then run the component's view.

    The component's own urlconf resolves `rest`; its views receive `request.space` and
    `request.component` already checked for visibility.
    """
    space = selectors.space_get_visible(
        user=request.user, organization=request.organization, kind=kind, slug=space_slug
    )
    component = selectors.component_get_visible(
        user=request.user, space=space, component_id=component_id
    )
    urlconf = component.manifest.public_urls
    if not urlconf:
        raise Http404
    try:
        match = resolve("/" + rest, urlconf=urlconf)
    except Resolver404 as error:
        raise Http404 from error
    request.space = space
    request.component = component
    return match.func(request, *match.args, **match.kwargs)


def home(request):
    from palabre.core.home import home_view

    return home_view(request)


def sitemap(request):
    from palabre.core.sitemap import sitemap_view

    return sitemap_view(request)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the failure may come from the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
