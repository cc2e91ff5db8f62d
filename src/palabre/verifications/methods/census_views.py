"""Census pages: the participant's check, the administrators' upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.views.common import require_admin
from palabre.verifications.admin_views import section_breadcrumbs
from palabre.verifications.methods import census
from palabre.verifications.methods.census_forms import CensusIdentityForm, CensusUploadForm
from palabre.verifications.models import CensusUpload
from palabre.verifications.selectors import verification_statuses
from palabre.verifications.views import done_url, enabled_method, safe_next


def _granted_message(request, verification) -> None:
    if verification.status == "granted":
        messages.success(request, _("You are verified: you are on the census."))
    else:
        messages.warning(
            request,
            _(
                "These details are already verified for another account. The organization "
                "will check; you will see the result on your verifications page."
            ),
        )


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    method = enabled_method(request, census.NAME)
    organization = request.organization
    current = census.census_current(organization)
    verification = verification_statuses(request.user, organization).get(census.NAME)
    identity_census = current is not None and current.kind == CensusUpload.Kind.IDENTITY
    form = CensusIdentityForm(request.POST or None) if identity_census else None
    error = ""
    posted = request.method == "POST" and current is not None
    if posted and (form is None or form.is_valid()):
        try:
            verification = census.census_verify(
                user=request.user,
                organization=organization,
                identity=form.cleaned_data if form is not None else None,
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            _granted_message(request, verification)
            return redirect(done_url(request))
    return render(
        request,
        "verifications/methods/census.html",
        {
            "method": method,
            "census": current,
            "form": form,
            "error": error,
            "verification": verification,
            "status": verification.current_status if verification else "missing",
            "next_url": safe_next(request),
            "section": "verifications",
        },
    )


@backoffice_required
@require_http_methods(["GET", "POST"])
def admin_index(request):
    organization = request.organization
    require_admin(request, organization)
    line_errors = []
    if request.method == "POST":
        form = CensusUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            try:
                upload = census.census_upload(
                    actor=request.user,
                    organization=organization,
                    raw=upload_file.read(census.MAX_FILE_BYTES + 1),
                    filename=upload_file.name,
                )
            except census.CensusInvalid as invalid:
                form.add_error("file", invalid.messages)
                line_errors = invalid.line_errors
            else:
                messages.success(
                    request,
                    _(
                        "The census is replaced: %(count)d people; %(revoked)d verifications "
                        "it no longer supports were revoked."
                    )
                    % {"count": upload.entries_count, "revoked": upload.revoked_count},
                )
                return redirect("verifications_admin:census:index")
    else:
        form = CensusUploadForm()
    uploads = list(
        CensusUpload.objects.filter(organization=organization).select_related("uploaded_by")[:10]
    )
    return render(
        request,
        "verifications/methods/census_admin.html",
        {
            "form": form,
            "uploads": uploads,
            "current": uploads[0] if uploads else None,
            "line_errors": line_errors[: census.MAX_ERRORS_SHOWN],
            "more_errors": max(0, len(line_errors) - census.MAX_ERRORS_SHOWN),
            "breadcrumbs": section_breadcrumbs(_("Census")),
        },
    )
