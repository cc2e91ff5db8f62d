"""Staff's pages for conflicts and bulk revocations, under /admin/verifications/: the
conflicts (the same identity presented by two accounts) and their resolution, and revoking
every verification of a method, or those granted before a date, after seeing how many.
Organization administrators only: these pages show identity data."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from palabre.accounts.staff import recent_second_factor_required
from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import DateInput, add_service_errors
from palabre.backoffice.views.common import require_admin
from palabre.verifications import conflict_selectors, conflict_services
from palabre.verifications.admin_views import section_breadcrumbs
from palabre.verifications.registry import methods

PAGE_SIZE = 50
RESOLVED_SHOWN = 20


class TransferForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Required while the other account exists: its owner loses the verification and "
            "reads this reason."
        ),
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason, shown to the new account"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RevocationForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("Method"))
    before = forms.DateField(
        label=gettext_lazy("Granted before"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Leave empty to revoke every verification of the method."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason, shown to the people concerned"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(m.name, m.label) for m in methods.all()]


def _breadcrumbs(title, parent=None):
    crumbs = section_breadcrumbs(title)
    if parent is not None:
        crumbs = [crumbs[0], parent, crumbs[-1]]
    return crumbs


def _conflicts_crumb():
    return (_("Conflicts"), reverse("verifications_admin:conflict_list"))


@backoffice_required
@require_GET
def conflict_list(request):
    require_admin(request, request.organization)
    organization = request.organization
    page = Paginator(
        conflict_selectors.conflicts_of(organization=organization), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    resolved = conflict_selectors.conflicts_of(organization=organization, open_only=False)[
        :RESOLVED_SHOWN
    ]
    labels = {method.name: method.label for method in methods.all()}
    for conflict in page.object_list:
        conflict.method_label = labels.get(conflict.method, conflict.method)
    return render(
        request,
        "verifications/admin/conflicts.html",
        {
            "page": page,
            "resolved": resolved,
            "breadcrumbs": _breadcrumbs(_("Conflicts")),
        },
    )


# Names of what methods keep, for staff comparing two accounts.
METADATA_LABELS = {
    "document_type": gettext_lazy("Type of document"),
    "last_name": gettext_lazy("Last name"),
    "first_name": gettext_lazy("First names"),
    "birth_date": gettext_lazy("Birth date"),
    "postal_code": gettext_lazy("Postal code"),
    "email": gettext_lazy("Email"),
    "scope": gettext_lazy("District"),
}


def _labelled(metadata: dict) -> list[tuple[str, str]]:
    return [(str(METADATA_LABELS.get(key, key)), value) for key, value in sorted(metadata.items())]


def _render_conflict(request, conflict, transfer_form=None, refuse_form=None, status=200):
    method = methods.get(conflict.method)
    sides = conflict_selectors.conflict_sides(conflict)
    sides["existing_metadata"] = _labelled(sides["existing_metadata"])
    sides["new_metadata"] = _labelled(sides["new_metadata"])
    return render(
        request,
        "verifications/admin/conflicts_detail.html",
        {
            "conflict": conflict,
            "method_label": method.label if method else conflict.method,
            "old_account_gone": conflict_services.old_account_gone(conflict),
            **sides,
            "transfer_form": transfer_form or TransferForm(auto_id="transfer_%s"),
            "refuse_form": refuse_form or RefuseForm(auto_id="refuse_%s"),
            "breadcrumbs": _breadcrumbs(_("Conflict"), _conflicts_crumb()),
        },
        status=status,
    )


@backoffice_required
@require_GET
def conflict_detail(request, pk: int):
    require_admin(request, request.organization)
    conflict = conflict_selectors.conflict_get(organization=request.organization, pk=pk)
    return _render_conflict(request, conflict)


@backoffice_required
@require_POST
def conflict_transfer(request, pk: int):
    require_admin(request, request.organization)
    conflict = conflict_selectors.conflict_get(organization=request.organization, pk=pk)
    form = TransferForm(request.POST, auto_id="transfer_%s")
    if form.is_valid():
        try:
            conflict_services.verification_conflict_transfer(
                actor=request.user, conflict=conflict, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The verification is transferred to %(person)s.")
                % {"person": conflict.new_user.display_name},
            )
            return redirect("verifications_admin:conflict_list")
    return _render_conflict(request, conflict, transfer_form=form, status=400)


@backoffice_required
@require_POST
def conflict_refuse(request, pk: int):
    require_admin(request, request.organization)
    conflict = conflict_selectors.conflict_get(organization=request.organization, pk=pk)
    form = RefuseForm(request.POST, auto_id="refuse_%s")
    if form.is_valid():
        try:
            conflict_services.verification_conflict_refuse(
                actor=request.user, conflict=conflict, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The verification is refused to %(person)s.")
                % {"person": conflict.new_user.display_name},
            )
            return redirect("verifications_admin:conflict_list")
    return _render_conflict(request, conflict, refuse_form=form, status=400)


def _start_of(day: datetime.date | None) -> datetime.datetime | None:
    """The first instant of `day` in the organization's time zone (the active one)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _require_org_admin(request, *args, **kwargs) -> None:
    require_admin(request, request.organization)


@backoffice_required
@require_http_methods(["GET", "POST"])
@recent_second_factor_required(methods=("POST",), permission=_require_org_admin)
def revocations(request):
    """Step one (GET with the form's values): how many verifications would be revoked;
    step two (POST): revoke them, provided that number has not changed."""
    require_admin(request, request.organization)
    organization = request.organization
    data = request.POST if request.method == "POST" else request.GET
    form = RevocationForm(data if "method" in data else None)
    preview = None
    if form.is_bound and form.is_valid():
        method = form.cleaned_data["method"]
        before = _start_of(form.cleaned_data["before"])
        if request.method == "POST":
            try:
                expected = int(request.POST.get("expected", ""))
            except ValueError:
                expected = -1
            try:
                count = conflict_services.verifications_revoke_in_bulk(
                    actor=request.user,
                    organization=organization,
                    method=method,
                    before=before,
                    reason=form.cleaned_data["reason"],
                    expected=expected,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d verification is revoked.",
                        "%(count)d verifications are revoked.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("verifications_admin:revocations")
        preview = {
            "count": conflict_selectors.verifications_granted_count(
                organization=organization, method=method, before=before
            ),
            "method_label": methods[method].label,
            "before": form.cleaned_data["before"],
        }
    return render(
        request,
        "verifications/admin/revocations.html",
        {
            "form": form,
            "preview": preview,
            "breadcrumbs": _breadcrumbs(_("Revoke verifications")),
        },
        status=400 if request.method == "POST" else 200,
    )
