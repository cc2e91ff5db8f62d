"""Public pages of single sign-on: the verification page, the return from a sign-out at
the provider."""

from allauth.account.internal.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from palabre.sso import selectors
from palabre.sso.buttons import buttons


@login_not_required
def signed_out(request):
    """Where a provider sends the person back after signing out there too (the address
    registered as its `post_logout_redirect_uri`). Nothing to check: this session has
    already ended here."""
    return redirect("home")


def verify(request):
    """The verification's own page: a signed-in person connects their account to one of
    the providers that verify, and comes back to `next`."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    providers = [
        provider
        for provider in selectors.providers_offered(organization=request.organization)
        if provider.grants_verification
    ]
    return render(request, "sso/verify.html", {"buttons": buttons(providers), "next_url": next_url})
