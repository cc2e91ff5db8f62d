from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import OrganizationForm, add_service_errors
from palabre.backoffice.views.common import require_admin
from palabre.core.services import organization_update
from palabre.limits.forms import ContributionLimitsForm
from palabre.limits.services import limits_of, limits_save

ORGANIZATION_FORM_FIELDS = (
    "name", "reference_prefix", "default_locale", "available_locales", "time_zone", "currency",
    "contact_email", "primary_color", "secondary_color", "description", "announcement",
    "staff_idle_minutes", "participant_idle_minutes",
)  # fmt: skip


@backoffice_required
def organization_edit(request):
    organization = request.organization
    require_admin(request, organization)
    initial = {name: getattr(organization, name) for name in ORGANIZATION_FORM_FIELDS}
    current_limits = limits_of(organization)
    if request.method == "POST":
        form = OrganizationForm(
            request.POST, request.FILES, initial=initial, languages=organization.locales
        )
        limits_form = ContributionLimitsForm(
            request.POST, prefix="limits", limits=current_limits, languages=organization.locales
        )
        if form.is_valid() and limits_form.is_valid():
            fields = dict(form.cleaned_data)
            if not fields.get("logo"):
                fields.pop("logo")
            try:
                with transaction.atomic():
                    organization_update(actor=request.user, organization=organization, **fields)
                    limits_save(
                        actor=request.user,
                        organization=organization,
                        limits=limits_form.cleaned_limits(),
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The organization settings are saved."))
                return redirect("backoffice:organization")
    else:
        form = OrganizationForm(initial=initial, languages=organization.locales)
        limits_form = ContributionLimitsForm(
            prefix="limits", limits=current_limits, languages=organization.locales
        )
    return render(
        request,
        "backoffice/organization.html",
        {
            "form": form,
            "limits_form": limits_form,
            "breadcrumbs": [(_("Organization settings"), None)],
        },
    )
