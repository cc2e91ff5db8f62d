"""Public pages of assemblies."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from palabre.core import selectors as core_selectors
from palabre.spaces import landing
from palabre.spaces.assemblies import selectors
from palabre.spaces.assemblies.selectors import KIND


@require_GET
def assembly_list(request):
    assemblies = selectors.assembly_list_visible(
        user=request.user, organization=request.organization
    )
    return render(request, "assemblies/list.html", {"assemblies": assemblies})


@require_GET
def assembly_detail(request, slug: str):
    space = core_selectors.space_get_visible(
        user=request.user, organization=request.organization, kind=KIND, slug=slug
    )
    current_members, former_members = selectors.assembly_member_list(assembly=space)
    context = landing.landing_context(request, space)
    context.update(current_members=current_members, former_members=former_members)
    return render(request, "assemblies/detail.html", context)
