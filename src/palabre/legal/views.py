"""The public legal and information pages of an organization, and accepting its terms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from palabre.legal import selectors
from palabre.legal.forms import TermsAcceptForm
from palabre.legal.models import Compliance
from palabre.legal.services import terms_accept


def _page(request, template: str, **context):
    pages = selectors.legal_pages_get(organization=request.organization)
    return render(request, template, {"pages": pages, **context})


def terms(request):
    """The last published version of the terms of use (the text being written while none
    has been published), with the earlier versions' dates and summaries."""
    versions = selectors.terms_versions(organization=request.organization)
    return _page(request, "legal/terms.html", versions=versions, current=(versions or [None])[0])


def notice(request):
    return _page(request, "legal/notice.html")


def privacy(request):
    return _page(request, "legal/privacy.html")


def cookies(request):
    return _page(request, "legal/cookies.html", cookies=selectors.cookie_list())


def accessibility(request):
    return _page(request, "legal/accessibility.html", Compliance=Compliance)


def help_page(request):
    return _page(request, "legal/help.html")


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return "/"


@login_required
def terms_accept_view(request):
    """Accept the current terms of use, then go back where the person was refused."""
    organization = request.organization
    current = selectors.terms_current(organization=organization)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if current is None or selectors.terms_accepted(
        user=request.user, organization_id=organization.pk
    ):
        messages.info(request, _("You have accepted the current terms of use."))
        return redirect(next_url)
    form = TermsAcceptForm(request.POST or None, initial={"next": next_url})
    if request.method == "POST" and form.is_valid():
        terms_accept(user=request.user, version=current)
        messages.success(request, _("Thank you: you accepted the new terms of use."))
        return redirect(next_url)
    return render(
        request,
        "legal/terms_accept.html",
        {
            "current": current,
            "changes": selectors.terms_changes_since(user=request.user, organization=organization),
            "form": form,
        },
    )
