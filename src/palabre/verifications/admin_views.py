"""The backoffice's "Verifications" section: organization administrators only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import add_service_errors
from palabre.backoffice.views.common import require_admin
from palabre.verifications import selectors, services
from palabre.verifications.registry import methods

SECTION = gettext_lazy("Verifications")


def section_breadcrumbs(title=None):
    """Breadcrumbs of a page of the section (`title` None: the section's first page)."""
    from django.urls import reverse

    if title is None:
        return [(SECTION, None)]
    return [(SECTION, reverse("verifications_admin:index")), (title, None)]


class MethodsForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label=gettext_lazy("Methods offered to participants"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled"].choices = [(method.name, method.label) for method in methods.all()]


@backoffice_required
def index(request):
    organization = request.organization
    require_admin(request, organization)
    enabled = {method.name for method in selectors.methods_enabled(organization)}
    if request.method == "POST":
        form = MethodsForm(request.POST)
        if form.is_valid():
            try:
                services.verification_methods_set(
                    actor=request.user,
                    organization=organization,
                    enabled=form.cleaned_data["enabled"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The verification methods are saved."))
                return redirect("verifications_admin:index")
    else:
        form = MethodsForm(initial={"enabled": sorted(enabled)})
    counts = selectors.method_counts(organization)
    rows = [
        {
            "method": method,
            "enabled": method.name in enabled,
            "counts": counts.get(method.name, {}),
            "admin_url": method.admin_url(),
        }
        for method in methods.all()
    ]
    return render(
        request,
        "verifications/admin/index.html",
        {"form": form, "rows": rows, "breadcrumbs": section_breadcrumbs()},
    )
