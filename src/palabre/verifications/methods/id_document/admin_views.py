"""Staff's pages of the identity-document method, under /admin/verifications/id-document/:
the requests waiting, the review of one (the declared identity next to the document), and the
document itself, decrypted for organization administrators only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import add_service_errors
from palabre.backoffice.views.common import require_admin
from palabre.verifications.admin_views import section_breadcrumbs
from palabre.verifications.methods.id_document import NAME, selectors, services
from palabre.verifications.methods.id_document.files import document_read
from palabre.verifications.methods.id_document.forms import (
    RejectForm,
    ReviewIdentityForm,
    document_type_label,
)
from palabre.verifications.registry import methods

PAGE_SIZE = 50


def _breadcrumbs(title=None):
    label = methods[NAME].label
    if title is None:
        return [*section_breadcrumbs(label)]
    return [
        *section_breadcrumbs(label)[:-1],
        (label, reverse("verifications_admin:id_document:index")),
        (title, None),
    ]


@backoffice_required
@require_GET
def index(request):
    require_admin(request, request.organization)
    query = request.GET.get("q", "")
    documents = selectors.id_documents_waiting(organization=request.organization, query=query)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "verifications/id_document/admin_index.html",
        {"page": page, "query": query, "breadcrumbs": _breadcrumbs()},
    )


def _render_review(request, document, identity_form=None, reject_form=None, status=200):
    declared = selectors.declared_identity(document)
    if identity_form is None:
        identity_form = ReviewIdentityForm(initial=declared, auto_id="accept_%s", prefix=None)
    return render(
        request,
        "verifications/id_document/admin_review.html",
        {
            "document": document,
            "person": document.verification.user,
            "declared": declared,
            "declared_type": document_type_label(declared.get("document_type", "")),
            "identity_form": identity_form,
            "reject_form": reject_form or RejectForm(auto_id="reject_%s"),
            "breadcrumbs": _breadcrumbs(_("Review")),
        },
        status=status,
    )


@backoffice_required
@require_GET
def review(request, pk: int):
    require_admin(request, request.organization)
    document = selectors.id_document_waiting_get(organization=request.organization, pk=pk)
    return _render_review(request, document)


@backoffice_required
@require_POST
def accept(request, pk: int):
    require_admin(request, request.organization)
    document = selectors.id_document_waiting_get(organization=request.organization, pk=pk)
    form = ReviewIdentityForm(request.POST, auto_id="accept_%s")
    if form.is_valid():
        try:
            verification = services.id_document_accept(
                actor=request.user, document=document, identity=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            person = document.verification.user.display_name
            if verification.status == verification.Status.GRANTED:
                messages.success(request, _("%(person)s is verified.") % {"person": person})
            else:
                messages.warning(
                    request,
                    _(
                        "This document is already verified for another account: the request "
                        "of %(person)s waits in the conflicts."
                    )
                    % {"person": person},
                )
            return redirect("verifications_admin:id_document:index")
    return _render_review(request, document, identity_form=form, status=400)


@backoffice_required
@require_POST
def reject(request, pk: int):
    require_admin(request, request.organization)
    document = selectors.id_document_waiting_get(organization=request.organization, pk=pk)
    form = RejectForm(request.POST, auto_id="reject_%s")
    if form.is_valid():
        try:
            services.id_document_reject(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The request of %(person)s is rejected; they are told why.")
                % {"person": document.verification.user.display_name},
            )
            return redirect("verifications_admin:id_document:index")
    return _render_review(request, document, reject_form=form, status=400)


@backoffice_required
@require_GET
def document_file(request, pk: int):
    """The document, decrypted, for the administrator reviewing it: never kept by a cache,
    and nothing in it can run (a sandboxing Content-Security-Policy)."""
    require_admin(request, request.organization)
    document = selectors.id_document_waiting_get(organization=request.organization, pk=pk)
    if not document.file:
        raise Http404
    try:
        content = document_read(document.file)
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type=document.mime_type)
    extension = "pdf" if document.file_type == "pdf" else document.mime_type.partition("/")[2]
    # Pictures show in the review page; a PDF is saved, never opened in the site's origin.
    disposition = "attachment" if document.file_type == "pdf" else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="document-{document.pk}.{extension}"'
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response
