"""A person's own data: ask for the archive, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from palabre.privacy import selectors, services
from palabre.privacy.registry import sections


@login_required
@require_GET
def data(request):
    return render(
        request,
        "privacy/data.html",
        {
            "exports": selectors.data_export_list(
                user=request.user, organization=request.organization
            ),
            "sections": sorted(sections.all(), key=lambda s: (s.name != "account", s.name)),
            "valid_days": services.VALID_FOR.days,
        },
    )


@login_required
@require_POST
def data_request(request):
    try:
        services.data_export_request(user=request.user, organization=request.organization)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Your archive is being prepared. We will email you as soon as it is ready."),
        )
    return redirect("privacy:data")


@login_required
@require_GET
def data_download(request, pk: int):
    export = selectors.data_export_downloadable(
        user=request.user, organization=request.organization, export_id=pk
    )
    services.data_export_downloaded(export=export)
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"my-data-{request.organization.host}-{export.created_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
