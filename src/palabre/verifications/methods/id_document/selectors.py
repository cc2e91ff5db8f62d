"""Reads of the identity-document method: the requests staff have to review (one query
whatever their number), one request of the organization, what a person declared."""

from django.db.models import Q, QuerySet
from django.http import Http404

from palabre.core.models import Organization
from palabre.verifications import crypto
from palabre.verifications.models import Verification
from palabre.verifications.models_documents import IdentityDocument


def id_documents_waiting(*, organization: Organization, query: str = "") -> QuerySet:
    """Requests of the organization waiting for a review, oldest first, with their person;
    `query` narrows to people whose name or email contains it."""
    documents = (
        IdentityDocument.objects.filter(
            organization=organization,
            reviewed_at__isnull=True,
            verification__status=Verification.Status.PENDING,
        )
        .select_related("verification__user")
        .order_by("submitted_at", "pk")
    )
    query = query.strip()
    if query:
        documents = documents.filter(
            Q(verification__user__name__icontains=query)
            | Q(verification__user__email__icontains=query)
        )
    return documents


def id_document_waiting_get(*, organization: Organization, pk: int) -> IdentityDocument:
    """A request of the organization still waiting for its review (404 otherwise: another
    organization's requests do not exist here, a reviewed one keeps nothing to show)."""
    document = id_documents_waiting(organization=organization).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def id_document_of(*, user, organization: Organization) -> IdentityDocument | None:
    """The person's latest request in the organization, if any."""
    return IdentityDocument.objects.filter(
        organization=organization, verification__user=user
    ).first()


def declared_identity(document: IdentityDocument) -> dict:
    """What the person declared, decrypted ({} at the counter or once reviewed)."""
    return crypto.decrypt(document.declared)
