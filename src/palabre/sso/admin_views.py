"""The "Single sign-on" section of the backoffice: organization administrators only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import add_service_errors
from palabre.backoffice.views.common import require_admin
from palabre.core.translations import translated
from palabre.sso import selectors, services
from palabre.sso.forms import FranceConnectForm, ProviderForm
from palabre.sso.models import IdentityProvider

SECTION = gettext_lazy("Single sign-on")


def _breadcrumbs(title=None):
    if title is None:
        return [(SECTION, None)]
    return [(SECTION, reverse("sso_admin:index")), (title, None)]


def _addresses(request, provider: IdentityProvider | None) -> dict:
    """The two addresses to register at the provider."""
    return {
        "callback_url": request.build_absolute_uri(
            reverse("sso:callback", kwargs={"provider_id": provider.key})
        )
        if provider
        else "",
        "signed_out_url": request.build_absolute_uri(reverse("sso:signed_out")),
    }


@backoffice_required
def index(request):
    organization = request.organization
    require_admin(request, organization)
    providers = selectors.providers_list(organization=organization)
    rows = [(provider, _addresses(request, provider)["callback_url"]) for provider in providers]
    return render(
        request,
        "sso/admin/index.html",
        {
            "rows": rows,
            "signed_out_url": _addresses(request, None)["signed_out_url"],
            "breadcrumbs": _breadcrumbs(),
        },
    )


def _form_page(request, *, form_class, kind, initial, title):
    organization = request.organization
    languages = organization.locales
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, languages=languages, creating=True)
        if form.is_valid():
            try:
                provider = services.provider_create(
                    actor=request.user, organization=organization, kind=kind, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The provider is added. Register the addresses below in its "
                        "settings, then try the button on the sign-in page."
                    ),
                )
                return redirect("sso_admin:edit", provider_id=provider.pk)
    else:
        form = form_class(initial=initial, languages=languages, creating=True)
    return render(
        request,
        "sso/admin/form.html",
        {
            "form": form,
            "title": title,
            "provider": None,
            "signed_out_url": _addresses(request, None)["signed_out_url"],
            "breadcrumbs": _breadcrumbs(title),
        },
    )


@backoffice_required
def create(request):
    require_admin(request, request.organization)
    initial = {"scopes": "openid email profile", "enabled": True}
    return _form_page(
        request,
        form_class=ProviderForm,
        kind=IdentityProvider.Kind.CUSTOM,
        initial=initial,
        title=_("Add an OpenID Connect provider"),
    )


@backoffice_required
def create_franceconnect(request):
    require_admin(request, request.organization)
    initial = services.franceconnect_initial()
    initial["enabled"] = True
    return _form_page(
        request,
        form_class=FranceConnectForm,
        kind=IdentityProvider.Kind.FRANCECONNECT,
        initial=initial,
        title=_("Add FranceConnect"),
    )


def _provider(request, provider_id) -> IdentityProvider:
    return get_object_or_404(IdentityProvider, pk=provider_id, organization=request.organization)


@backoffice_required
def edit(request, provider_id):
    organization = request.organization
    require_admin(request, organization)
    provider = _provider(request, provider_id)
    form_class = (
        FranceConnectForm if provider.kind == IdentityProvider.Kind.FRANCECONNECT else ProviderForm
    )
    languages = organization.locales
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, languages=languages)
        if form.is_valid():
            try:
                services.provider_update(actor=request.user, provider=provider, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The provider is saved."))
                return redirect("sso_admin:edit", provider_id=provider.pk)
    else:
        initial = {name: getattr(provider, name) for name in services.EDITABLE_FIELDS}
        form = form_class(initial=initial, languages=languages)
    title = translated(provider.label)
    return render(
        request,
        "sso/admin/form.html",
        {
            "form": form,
            "title": title,
            "provider": provider,
            **_addresses(request, provider),
            "breadcrumbs": _breadcrumbs(title),
        },
    )


@backoffice_required
def delete(request, provider_id):
    organization = request.organization
    require_admin(request, organization)
    provider = _provider(request, provider_id)
    if request.method == "POST":
        services.provider_delete(actor=request.user, provider=provider)
        messages.success(request, _("The provider is deleted."))
        return redirect("sso_admin:index")
    return render(
        request,
        "backoffice/confirm_delete.html",
        {
            "object_label": translated(provider.label),
            "warning": _(
                "Its button leaves the sign-in page. Accounts opened through it stay: their "
                "people can set a password with “Forgot your password?”. Verifications it "
                "granted stay until they expire or are revoked."
            ),
            "cancel_url": reverse("sso_admin:edit", kwargs={"provider_id": provider.pk}),
            "breadcrumbs": _breadcrumbs(translated(provider.label)),
        },
    )
