"""Views of the core: home page, health check, component dispatch, sitemap, error pages."""

from urllib.parse import urlencode
from xml.sax.saxutils import escape

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from palabre.core import selectors
from palabre.core.models import Component
from palabre.core.permissions import Denied
from palabre.core.registry import components as component_registry
from palabre.core.registry import space_types
from palabre.core.translations import translated

HOME_ACTIVE_SPACES = 6
HOME_UPCOMING_STEPS = 5


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


@require_GET
def home(request):
    """The organization's front page: welcome, highlighted and running spaces, next steps
    and a few figures, all limited to what the visitor may see."""
    organization = request.organization
    promoted = list(
        selectors.space_list_visible(user=request.user, organization=organization, promoted=True)
    )
    # "Running now" only means something for spaces with phases (processes), one query each.
    active = []
    for space_type in space_types.all():
        if space_type.has_steps:
            active += selectors.space_list_visible(
                user=request.user,
                organization=organization,
                kind=space_type.kind,
                date_filter="active",
                promoted=False,
            )[:HOME_ACTIVE_SPACES]
    labels = {
        "participants": _("Participants"),
        "spaces": _("Participatory spaces"),
        **selectors.stat_labels(),
    }
    statistics = selectors.organization_statistics(user=request.user, organization=organization)
    return render(
        request,
        "home.html",
        {
            "promoted_spaces": promoted,
            "active_spaces": active,
            "upcoming_steps": selectors.step_list_upcoming(
                user=request.user, organization=organization, limit=HOME_UPCOMING_STEPS
            ),
            "statistics": [(labels.get(key, key), value) for key, value in statistics.items()],
            "space_types": [t for t in space_types.all() if t.public_urls],
        },
    )


@require_GET
def sitemap(request):
    """Every public page, for search engines: nothing private, unpublished or members-only."""
    paths = ["/"]
    public_spaces = list(
        selectors.space_list_visible(user=AnonymousUser(), organization=request.organization)
    )
    for space_type in space_types.all():
        if space_type.public_urls:
            paths.append(f"/{space_type.url_prefix}/")
    entries = [(path, None) for path in paths]
    entries += [
        (space.get_absolute_url(), space.updated_at)
        for space in public_spaces
        if space.space_type and space.space_type.public_urls
    ]
    by_space = {space.pk: space for space in public_spaces}
    components_by_type: dict[str, list[Component]] = {}
    for component in Component.objects.filter(
        space_id__in=list(by_space), published_at__isnull=False
    ):
        manifest = component.manifest
        if manifest is None or not manifest.public_urls:
            continue
        component.space = by_space[component.space_id]
        components_by_type.setdefault(component.manifest_name, []).append(component)
        entries.append((component.get_absolute_url(), None))
    for name, items in components_by_type.items():
        manifest = component_registry.get(name)
        if manifest.sitemap:
            entries += [(url, None) for url in manifest.sitemap(items)]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, modified in entries:
        lines.append(f"<url><loc>{escape(request.build_absolute_uri(path))}</loc>")
        if modified:
            lines.append(f"<lastmod>{modified.date().isoformat()}</lastmod>")
        lines.append("</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")


def permission_denied(request, exception=None):
    """A refusal says why (the `Denied` or message it was raised with) and what to do next:
    sign in, the step that may lift it, or back to the component or space the person was in."""
    return render(request, "403.html", _refusal_context(request, exception), status=403)


def _refusal_context(request, exception) -> dict:
    reason = exception.args[0] if exception is not None and exception.args else None
    denial = reason if isinstance(reason, Denied) else None
    back_url, back_to = "", ""
    component, space = getattr(request, "component", None), getattr(request, "space", None)
    if request.path.startswith("/admin/"):
        # In the backoffice, the public page of the component is not where the person was
        # working: back to the page they came from, or to the administration's home.
        component = space = None
        back_url, back_to = reverse("backoffice:dashboard"), _("the administration")
    if component is not None:
        back_url, back_to = component.get_absolute_url(), translated(component.name)
    elif space is not None:
        back_url, back_to = space.get_absolute_url(), translated(space.title)
    if not back_url or request.path.startswith("/admin/"):
        referer = request.META.get("HTTP_REFERER", "")
        if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
            back_url, back_to = referer, ""
    # Signing in brings the person back here; a refused form sends them back where it was.
    after_sign_in = request.get_full_path() if request.method == "GET" else back_url or "/"
    next_url = denial.next_url if denial is not None else ""
    if next_url and denial.next_returns:
        next_url = f"{next_url}?{urlencode({'next': after_sign_in})}"
    return {
        "reason": "" if reason is None else str(reason),
        "next_url": next_url,
        "next_label": denial.next_label if denial is not None else "",
        "sign_in_url": f"{reverse('account_login')}?{urlencode({'next': after_sign_in})}",
        "back_url": back_url,
        "back_to": back_to,
    }


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors and no database: the failure may come from the database itself.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
