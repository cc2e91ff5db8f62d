"""Public pages of participatory processes."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from palabre.core import selectors as core_selectors
from palabre.core.security import embeddable
from palabre.spaces import landing
from palabre.spaces.processes import selectors
from palabre.spaces.processes.selectors import KIND

FILTER_LABELS = {
    "active": _("Active"),
    "upcoming": _("Upcoming"),
    "past": _("Past"),
    "all": _("All"),
}


@require_GET
def process_list(request):
    counts = selectors.process_filter_counts(user=request.user, organization=request.organization)
    asked = request.GET.get("filter")
    current = asked if asked in core_selectors.DATE_FILTERS else None
    current = current or selectors.process_default_filter(counts)
    processes = selectors.process_list_visible(
        user=request.user, organization=request.organization, date_filter=current
    )
    groups = selectors.process_group_list_visible(
        user=request.user, organization=request.organization
    )
    return render(
        request,
        "processes/list.html",
        {
            "processes": processes,
            "groups": groups,
            "filters": [
                (name, FILTER_LABELS[name], counts[name]) for name in core_selectors.DATE_FILTERS
            ],
            "current_filter": current,
        },
    )


@require_GET
def group_detail(request, pk: int):
    group = selectors.process_group_get_visible(
        user=request.user, organization=request.organization, pk=pk
    )
    return render(request, "processes/group.html", {"group": group})


@require_GET
def process_detail(request, slug: str):
    space = core_selectors.space_get_visible(
        user=request.user, organization=request.organization, kind=KIND, slug=slug
    )
    steps = core_selectors.space_steps(space)
    context = landing.landing_context(
        request, space, embed_path=reverse("processes:embed", kwargs={"slug": space.slug})
    )
    context.update(
        steps=steps,
        active_step=next((step for step in steps if step.active), None),
    )
    return render(request, "processes/detail.html", context)


@embeddable
@require_GET
def process_embed(request, slug: str):
    """A compact card that other websites show in an iframe (the only framable page)."""
    space = core_selectors.space_get_visible(
        user=request.user, organization=request.organization, kind=KIND, slug=slug
    )
    active_step = next((step for step in space.steps.all() if step.active), None)
    return render(
        request,
        "processes/embed.html",
        {
            "space": space,
            "active_step": active_step,
            "space_url": request.build_absolute_uri(space.get_absolute_url()),
        },
    )
