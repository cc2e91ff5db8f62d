"""The participant's pages of the identity-document method, under
/account/verifications/id-document/: send a document (or announce a visit at the counter),
then see where the request stands."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palabre.verifications.methods.id_document import NAME, selectors, services
from palabre.verifications.methods.id_document.forms import DocumentForm
from palabre.verifications.models_documents import IdentityDocument
from palabre.verifications.selectors import verification_statuses
from palabre.verifications.views import done_url, enabled_method, safe_next


def _put_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    method = enabled_method(request, NAME)
    organization = request.organization
    verification = verification_statuses(request.user, organization).get(NAME)
    status = verification.current_status if verification is not None else "missing"
    document = selectors.id_document_of(user=request.user, organization=organization)
    form = DocumentForm()
    if request.method == "POST" and status != "granted":
        mode = request.POST.get("mode")
        if mode == IdentityDocument.Mode.ONLINE:
            form = DocumentForm(request.POST, request.FILES)
        if mode == IdentityDocument.Mode.COUNTER or form.is_valid():
            try:
                services.id_document_submit(
                    user=request.user,
                    organization=organization,
                    mode=mode,
                    identity=form.cleaned_data if mode == IdentityDocument.Mode.ONLINE else None,
                    upload=form.cleaned_data.get("document")
                    if mode == IdentityDocument.Mode.ONLINE
                    else None,
                )
            except ValidationError as error:
                _put_errors(form, error)
            else:
                if mode == IdentityDocument.Mode.COUNTER:
                    messages.success(
                        request,
                        _(
                            "Noted: show your identity document at the counter of %(name)s; "
                            "staff will verify you there."
                        )
                        % {"name": organization.name},
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Your document is sent. You will get an email once staff have "
                            "checked it."
                        ),
                    )
                return redirect(done_url(request))
    return render(
        request,
        "verifications/id_document/start.html",
        {
            "method": method,
            "verification": verification,
            "status": status,
            "document": document,
            "waiting": status == "pending" and document is not None and not document.reviewed_at,
            "form": form,
            "next_url": safe_next(request),
            "section": "verifications",
        },
    )
