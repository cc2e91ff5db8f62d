"""Writes of the identity-document method: a person's request (a file and the identity they
declare, or a visit announced at the counter), then staff's review — accept with the identity
they read on the document, or reject with a reason. Either way the file is deleted once the
review commits, and the person is told by email."""

import datetime
import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.models import Organization, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.verifications import crypto
from palabre.verifications.methods.id_document import NAME
from palabre.verifications.methods.id_document.files import (
    document_clean,
    document_delete,
    document_delete_on_commit,
    document_store,
)
from palabre.verifications.models import Verification
from palabre.verifications.models_documents import IdentityDocument
from palabre.verifications.notices import verification_notice_send
from palabre.verifications.selectors import methods_enabled, verification_statuses
from palabre.verifications.services import (
    attempt_record,
    attempts_count,
    rate_limit_refuse,
    verification_grant,
    verification_pending,
    verification_reject,
)

DOCUMENT_TYPES = ("id_card", "passport", "residence_permit")
IDENTITY_FIELDS = (
    "document_type",
    "document_number",
    "last_name",
    "first_name",
    "birth_date",
    "postal_code",
)
# What a grant keeps: the document's number only through the grant's unique_id (a keyed hash).
METADATA_FIELDS = ("document_type", "last_name", "first_name", "birth_date", "postal_code")
# Requests a person may send in a day (each one may carry a 10 MB file).
MAX_REQUESTS_PER_DAY = 5
NAME_MAX_LENGTH = 100


def identity_clean(values: dict) -> dict:
    """The identity of a document, checked and tidied (the number in capitals without
    spaces or dashes, the birth date as an ISO date); ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    document_type = str(values.get("document_type") or "")
    if document_type not in DOCUMENT_TYPES:
        errors.setdefault("document_type", []).append(_("Choose the type of document."))
    cleaned["document_type"] = document_type
    number = re.sub(r"[\s.\-/]", "", str(values.get("document_number") or "")).upper()
    if not re.fullmatch(r"[A-Z0-9]{4,30}", number):
        errors.setdefault("document_number", []).append(
            _("Type the number as written on the document: 4 to 30 letters and digits.")
        )
    cleaned["document_number"] = number
    for field in ("last_name", "first_name"):
        text = " ".join(str(values.get(field) or "").split())
        if not text:
            errors.setdefault(field, []).append(_("This field is required."))
        elif len(text) > NAME_MAX_LENGTH:
            errors.setdefault(field, []).append(
                _("At most %(max)d characters.") % {"max": NAME_MAX_LENGTH}
            )
        cleaned[field] = text
    birth_date = values.get("birth_date")
    if isinstance(birth_date, str):
        try:
            birth_date = datetime.date.fromisoformat(birth_date)
        except ValueError:
            birth_date = None
    if not isinstance(birth_date, datetime.date) or not (
        datetime.date(1900, 1, 1) <= birth_date <= timezone.localdate()
    ):
        errors.setdefault("birth_date", []).append(_("Enter the birth date on the document."))
    else:
        cleaned["birth_date"] = birth_date.isoformat()
    postal_code = " ".join(str(values.get("postal_code") or "").upper().split())
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9 -]{1,9}", postal_code):
        errors.setdefault("postal_code", []).append(_("Enter a postal code, such as 75011."))
    cleaned["postal_code"] = postal_code
    if errors:
        raise ValidationError(errors)
    return cleaned


def unique_id_of(identity: dict) -> str:
    """The keyed hash that stands for one document: its type and number."""
    return crypto.keyed_hash(f"{identity['document_type']} {identity['document_number']}")


def _require_offered(organization: Organization) -> None:
    if not any(method.name == NAME for method in methods_enabled(organization)):
        raise PermissionDenied(_("This verification is not offered here."))


def _require_participant(user: User) -> None:
    if not user.is_authenticated or user.deleted_at or user.blocked_at or not user.is_active:
        raise PermissionDenied


def id_document_submit(
    *,
    user: User,
    organization: Organization,
    mode: str,
    identity: dict | None = None,
    upload=None,
) -> IdentityDocument:
    """Ask to be verified with an identity document: online, with the document's file and
    the identity it shows; at the counter, with nothing (staff will type what they see).

    The verification reads "pending"; a request sent again replaces the one waiting (its
    file is deleted). Refused when the person is already verified or sent too many today.
    """
    _require_participant(user)
    _require_offered(organization)
    current = verification_statuses(user, organization).get(NAME)
    if current is not None and current.current_status == Verification.Status.GRANTED:
        raise ValidationError(_("You are already verified with an identity document."))
    if mode not in IdentityDocument.Mode.values:
        raise ValidationError({"mode": _("Choose how you show your document.")})
    since = timezone.now() - timedelta(days=1)
    if attempts_count(method=NAME, action="send", since=since, user=user) >= MAX_REQUESTS_PER_DAY:
        rate_limit_refuse(
            user=user,
            organization=organization,
            method=NAME,
            message=_("You sent too many requests today. Try again tomorrow."),
        )
    checked = None
    declared = {}
    if mode == IdentityDocument.Mode.ONLINE:
        errors = {}
        try:
            declared = identity_clean(identity or {})
        except ValidationError as error:
            errors.update(error.message_dict)
        if upload is None:
            errors["document"] = [_("Send a photo or a scan of your document.")]
        else:
            try:
                checked = document_clean(upload)
            except ValidationError as error:
                errors["document"] = error.messages
        if errors:
            raise ValidationError(errors)
    stored = document_store(checked) if checked is not None else ""
    try:
        with transaction.atomic():
            verification = verification_pending(user=user, organization=organization, method=NAME)
            document = (
                IdentityDocument.objects.select_for_update()
                .filter(verification=verification)
                .first()
            )
            if document is None:
                document = IdentityDocument(organization=organization, verification=verification)
            else:
                document_delete_on_commit(document.file)
            document.mode = mode
            document.declared = crypto.encrypt(declared)
            document.file = stored
            document.file_type = "" if checked is None else checked.file_type
            document.mime_type = "" if checked is None else checked.mime_type
            document.submitted_at = timezone.now()
            document.reviewed_at = None
            document.reviewed_by = None
            document.save()
            attempt_record(
                user=user, organization=organization, method=NAME, action="send", succeeded=True
            )
    except BaseException:
        document_delete(stored)
        raise
    return document


def _locked_for_review(actor: User, document: IdentityDocument) -> IdentityDocument:
    require(actor, "admin", document.organization)
    locked = (
        IdentityDocument.objects.select_for_update(of=("self",))
        .select_related("verification__user", "organization")
        .get(pk=document.pk)
    )
    if locked.reviewed_at is not None or locked.verification.status != Verification.Status.PENDING:
        raise ValidationError(_("This request has already been reviewed."))
    return locked


def _close_review(document: IdentityDocument, actor: User) -> None:
    """Record the review and forget what it needed: the declared identity and the file."""
    document_delete_on_commit(document.file)
    document.file = ""
    document.declared = ""
    document.reviewed_at = timezone.now()
    document.reviewed_by = actor
    document.save(update_fields=["file", "declared", "reviewed_at", "reviewed_by"])


def id_document_accept(*, actor: User, document: IdentityDocument, identity: dict) -> Verification:
    """Grant the verification with the identity staff read on the document (they may have
    corrected what the person declared). When another account already holds this document,
    the verification stays pending and a conflict waits (see `services.verification_grant`).
    """
    require(actor, "admin", document.organization)
    identity = identity_clean(identity)
    with transaction.atomic():
        document = _locked_for_review(actor, document)
        verification = verification_grant(
            user=document.verification.user,
            organization=document.organization,
            method=NAME,
            unique_id=unique_id_of(identity),
            metadata={field: identity[field] for field in METADATA_FIELDS},
            actor=actor,
        )
        _close_review(document, actor)
        conflict = verification.status != Verification.Status.GRANTED
        log_action(
            actor=actor,
            organization=document.organization,
            action="id_document_accept",
            resource=document.verification.user,
            resource_type="user",
            data={"method": NAME, "conflict": conflict},
        )
        verification_notice_send(
            user=document.verification.user,
            organization=document.organization,
            template="id_document/email_conflict" if conflict else "id_document/email_accepted",
            context={},
        )
    return verification


def id_document_reject(*, actor: User, document: IdentityDocument, reason: str) -> Verification:
    """Refuse the request, saying why (the person reads it and may send another)."""
    require(actor, "admin", document.organization)
    with transaction.atomic():
        document = _locked_for_review(actor, document)
        verification = verification_reject(
            actor=actor, verification=document.verification, reason=reason
        )
        _close_review(document, actor)
        verification_notice_send(
            user=document.verification.user,
            organization=document.organization,
            template="id_document/email_rejected",
            context={"reason": verification.reason},
        )
    return verification


def id_documents_forget(*, user: User) -> None:
    """Delete the files of the person's requests once their account's deletion commits."""
    for name in (
        IdentityDocument.objects.filter(verification__user=user)
        .exclude(file="")
        .values_list("file", flat=True)
    ):
        document_delete_on_commit(name)
