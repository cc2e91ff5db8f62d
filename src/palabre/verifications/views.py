"""The participant's verifications: the methods the organization offers, with where the
person stands in each, and helpers the methods' flows share (`?next=`, the organization's
method)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from palabre.verifications.registry import VerificationMethod, methods
from palabre.verifications.selectors import methods_enabled, verification_statuses


def safe_next(request) -> str:
    """The `next` address of the request (query or form) when it is on this site, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def done_url(request) -> str:
    """Where a finished flow goes: back to what the person was doing, or to the list."""
    return safe_next(request) or reverse("verifications:index")


def enabled_method(request, name: str) -> VerificationMethod:
    """The method `name`, if the organization of the request offers it (404 otherwise)."""
    method = methods.get(name)
    if method is None or method not in methods_enabled(request.organization):
        raise Http404
    return method


@login_required
def index(request):
    organization = request.organization
    statuses = verification_statuses(request.user, organization)
    next_url = safe_next(request)
    rows = []
    for method in methods_enabled(organization):
        verification = statuses.get(method.name)
        rows.append(
            {
                "method": method,
                "verification": verification,
                "status": verification.current_status if verification else "missing",
                "start_url": method.start_url(next_url) if method.start_view_name else "",
            }
        )
    return render(
        request,
        "verifications/index.html",
        {"rows": rows, "next_url": next_url, "section": "verifications"},
    )
