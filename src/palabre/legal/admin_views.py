"""The "Legal pages" section of the backoffice: organization administrators only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import add_service_errors
from palabre.backoffice.views.common import require_admin
from palabre.legal import selectors, services
from palabre.legal.forms import AccessibilityForm, LegalPagesForm, TermsPublishForm

SECTION = gettext_lazy("Legal pages")


def _breadcrumbs(title=None):
    if title is None:
        return [(SECTION, None)]
    return [(SECTION, reverse("legal_admin:index")), (title, None)]


@backoffice_required
def index(request):
    organization = request.organization
    require_admin(request, organization)
    pages = selectors.legal_pages_get(organization=organization)
    initial = {name: getattr(pages, name) for name in services.TEXT_FIELDS}
    languages = organization.locales
    if request.method == "POST":
        form = LegalPagesForm(request.POST, initial=initial, languages=languages)
        if form.is_valid():
            try:
                services.legal_pages_update(
                    actor=request.user, organization=organization, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The legal pages are saved."))
                return redirect("legal_admin:index")
    else:
        form = LegalPagesForm(initial=initial, languages=languages)
    return render(
        request,
        "legal/admin/index.html",
        {
            "form": form,
            "pages": pages,
            "versions": selectors.terms_versions(organization=organization),
            "breadcrumbs": _breadcrumbs(),
        },
    )


@backoffice_required
def accessibility(request):
    organization = request.organization
    require_admin(request, organization)
    pages = selectors.legal_pages_get(organization=organization)
    initial = {
        "status": pages.accessibility_status,
        "audit_date": pages.audit_date,
        "auditor": pages.auditor,
        "compliance_rate": pages.compliance_rate,
        "statement_date": pages.statement_date,
        **{name: getattr(pages, name) for name in services.ACCESSIBILITY_TEXT_FIELDS},
    }
    languages = organization.locales
    if request.method == "POST":
        form = AccessibilityForm(request.POST, initial=initial, languages=languages)
        if form.is_valid():
            try:
                services.accessibility_update(
                    actor=request.user, organization=organization, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The accessibility statement is saved."))
                return redirect("legal_admin:accessibility")
    else:
        form = AccessibilityForm(initial=initial, languages=languages)
    return render(
        request,
        "legal/admin/accessibility.html",
        {"form": form, "breadcrumbs": _breadcrumbs(_("Accessibility statement"))},
    )


@backoffice_required
def terms_publish(request):
    organization = request.organization
    require_admin(request, organization)
    languages = organization.locales
    if request.method == "POST":
        form = TermsPublishForm(request.POST, languages=languages)
        if form.is_valid():
            try:
                version = services.terms_publish(
                    actor=request.user,
                    organization=organization,
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Version %(number)d of the terms of use is published: participants "
                        "accept it before their next contribution."
                    )
                    % {"number": version.number},
                )
                return redirect("legal_admin:index")
    else:
        form = TermsPublishForm(languages=languages)
    return render(
        request,
        "legal/admin/terms_publish.html",
        {
            "form": form,
            "pages": selectors.legal_pages_get(organization=organization),
            "current": selectors.terms_current(organization=organization),
            "breadcrumbs": _breadcrumbs(_("Publish a new version of the terms of use")),
        },
    )
