"""The participant's pages of the postal-letter method, under
/account/verifications/postal-letter/: give an address, then type the code of the letter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palabre.verifications import crypto
from palabre.verifications.methods.postal_letter import NAME, selectors, services
from palabre.verifications.methods.postal_letter.forms import AddressForm, CodeForm
from palabre.verifications.selectors import verification_statuses
from palabre.verifications.views import done_url, enabled_method, safe_next


def _put_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def _render(request, method, address_form=None, code_form=None, status_code=200):
    organization = request.organization
    verification = verification_statuses(request.user, organization).get(NAME)
    status = verification.current_status if verification is not None else "missing"
    letter = selectors.letter_of(user=request.user, organization=organization)
    stage = "ask"
    if status == "granted":
        stage = "done"
    elif status == "pending" and letter is not None and letter.used_at is None:
        if letter.sent_at is None:
            stage = "preparing"
        elif letter.attempts < services.MAX_ATTEMPTS and timezone.now() < services.code_expires_at(
            letter
        ):
            stage = "code"
        else:
            stage = "dead"
    address = crypto.decrypt(letter.address) if letter is not None and stage != "done" else {}
    return render(
        request,
        "verifications/postal_letter/start.html",
        {
            "method": method,
            "verification": verification,
            "status": status,
            "stage": stage,
            "letter": letter,
            "address": address,
            "expires_at": services.code_expires_at(letter) if letter is not None else None,
            "tries_left": services.MAX_ATTEMPTS - letter.attempts if letter is not None else 0,
            "address_form": address_form or AddressForm(),
            "code_form": code_form or CodeForm(),
            "next_url": safe_next(request),
            "section": "verifications",
        },
        status=status_code,
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    method = enabled_method(request, NAME)
    if request.method != "POST":
        return _render(request, method)
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            services.postal_letter_request(
                user=request.user, organization=request.organization, address=form.cleaned_data
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your letter will be posted to this address. Once it arrives, come back "
                    "here and type its code."
                ),
            )
            return redirect(request.get_full_path())
    return _render(request, method, address_form=form, status_code=400)


@login_required
@require_POST
def confirm(request):
    method = enabled_method(request, NAME)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            services.postal_letter_confirm(
                user=request.user, organization=request.organization, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Your address is verified."))
            return redirect(done_url(request))
    return _render(request, method, code_form=form, status_code=400)
