"""Code pages: ask for a code, type it; the administrators' settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import add_service_errors
from palabre.backoffice.views.common import require_admin
from palabre.verifications.admin_views import section_breadcrumbs
from palabre.verifications.methods import code as code_method
from palabre.verifications.methods.code_forms import (
    CodeConfirmForm,
    CodeSendForm,
    CodeSettingsForm,
)
from palabre.verifications.selectors import method_setting, verification_statuses
from palabre.verifications.views import done_url, enabled_method, safe_next


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _context(request, method, **extra):
    verification = verification_statuses(request.user, request.organization).get(method.name)
    return {
        "method": method,
        "verification": verification,
        "status": verification.current_status if verification else "missing",
        "next_url": safe_next(request),
        "section": "verifications",
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    method = enabled_method(request, code_method.NAME)
    organization = request.organization
    channels = code_method.channels_offered(organization)
    form = CodeSendForm(request.POST or None, channels=channels)
    if request.method == "POST" and form.is_valid():
        try:
            code_method.code_send(
                user=request.user,
                organization=organization,
                channel=form.cleaned_data["channel"],
                destination=form.cleaned_data["destination"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("A code is on its way: it is valid 10 minutes."))
            return redirect(_with_next(reverse("verifications:code:confirm"), safe_next(request)))
    return render(
        request,
        "verifications/methods/code_start.html",
        _context(request, method, form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request):
    method = enabled_method(request, code_method.NAME)
    organization = request.organization
    form = CodeConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verification = code_method.code_confirm(
                user=request.user, organization=organization, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if verification.status == "granted":
                messages.success(request, _("You are verified."))
            else:
                messages.warning(
                    request,
                    _(
                        "This phone number or address is already verified for another "
                        "account. The organization will check; you will see the result on "
                        "your verifications page."
                    ),
                )
            return redirect(done_url(request))
    pending = code_method.code_pending(user=request.user, organization=organization)
    return render(
        request,
        "verifications/methods/code_confirm.html",
        _context(
            request,
            method,
            form=form,
            pending=pending,
            start_url=_with_next(reverse("verifications:code:start"), safe_next(request)),
        ),
    )


@backoffice_required
@require_http_methods(["GET", "POST"])
def admin_index(request):
    organization = request.organization
    require_admin(request, organization)
    row = method_setting(organization, code_method.NAME)
    options = row.options if row else {}
    initial = {
        "channels": options.get("channels") or list(code_method.CHANNELS),
        "sms_gateway": options.get("sms_gateway", "console"),
        "sms_url": options.get("sms_url", ""),
        "sms_sender": options.get("sms_sender", ""),
    }
    form = CodeSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            code_method.code_settings_save(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The settings of codes are saved."))
            return redirect("verifications_admin:code:index")
    return render(
        request,
        "verifications/methods/code_admin.html",
        {
            "form": form,
            "token_saved": bool(row and row.secrets),
            "breadcrumbs": section_breadcrumbs(str(code_method.methods[code_method.NAME].label)),
        },
    )
