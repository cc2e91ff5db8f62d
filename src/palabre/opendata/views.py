"""The public page of open data, and its section of the backoffice."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.views.common import require_admin
from palabre.opendata import services
from palabre.opendata.archive import licence
from palabre.opendata.registry import ordered_files
from palabre.opendata.selectors import last_build

SECTION = gettext_lazy("Open data")


def _context(organization) -> dict:
    build = last_build(organization)
    sizes = {entry["file"]: entry for entry in (build or {}).get("files", [])}
    built_at = None
    if build:
        built_at = datetime.datetime.fromisoformat(build["built_at"])
    return {
        "build": build,
        "built_at": built_at,
        "files": [(file, sizes.get(file.name)) for file in ordered_files()],
        "licence": licence(),
    }


@require_GET
def index(request):
    return render(request, "opendata/index.html", _context(request.organization))


@backoffice_required
def admin_index(request):
    organization = request.organization
    require_admin(request, organization)
    if request.method == "POST":
        services.opendata_build_request(actor=request.user, organization=organization)
        messages.success(
            request, _("The open data archive is being rebuilt: it will be ready in a moment.")
        )
        return redirect("opendata_admin:index")
    return render(
        request,
        "opendata/admin/index.html",
        {
            **_context(organization),
            "public_url": reverse("opendata:index"),
            "breadcrumbs": [(SECTION, None)],
        },
    )
