"""Writes of the postal-letter method: a person asks for a letter at their address, staff
mark the letters they posted as sent, the person types the code of their letter.

A code works for `CODE_VALIDITY` after its letter is sent and for `MAX_ATTEMPTS` wrong tries;
after that the person asks for a new letter (at most `MAX_LETTERS` per `LETTERS_PERIOD`, since
each one is printed and posted). Every wrong try is counted and logged even though the request
is refused: the count is written before the refusal is raised.
"""

import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.core.models import Organization, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.verifications import crypto
from palabre.verifications.methods.postal_letter import NAME
from palabre.verifications.methods.postal_letter.codes import code_hash, code_matches, code_new
from palabre.verifications.methods.postal_letter.selectors import letters_to_send
from palabre.verifications.models import Verification
from palabre.verifications.models_documents import PostalLetter
from palabre.verifications.selectors import methods_enabled, verification_statuses
from palabre.verifications.services import (
    attempt_record,
    attempts_count,
    rate_limit_refuse,
    verification_grant,
    verification_pending,
)

CODE_VALIDITY = timedelta(days=30)
MAX_ATTEMPTS = 5
MAX_LETTERS = 3
LETTERS_PERIOD = timedelta(days=30)
ADDRESS_FIELDS = ("name", "line1", "line2", "postal_code", "city")
ADDRESS_MAX_LENGTH = 100


def address_clean(values: dict) -> dict:
    """A postal address, each line tidied; ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for field in ADDRESS_FIELDS:
        text = " ".join(str(values.get(field) or "").split())
        if field == "postal_code":
            text = text.upper()
        if not text and field != "line2":
            errors.setdefault(field, []).append(_("This field is required."))
        elif len(text) > ADDRESS_MAX_LENGTH:
            errors.setdefault(field, []).append(
                _("At most %(max)d characters.") % {"max": ADDRESS_MAX_LENGTH}
            )
        cleaned[field] = text
    if cleaned["postal_code"] and not re.fullmatch(
        r"[A-Z0-9][A-Z0-9 -]{1,9}", cleaned["postal_code"]
    ):
        errors.setdefault("postal_code", []).append(_("Enter a postal code, such as 75011."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def code_expires_at(letter: PostalLetter):
    """When the code of a sent letter stops working (None before it is sent)."""
    return letter.sent_at + CODE_VALIDITY if letter.sent_at else None


def _require_participant(user: User, organization: Organization) -> None:
    if not user.is_authenticated or user.deleted_at or user.blocked_at or not user.is_active:
        raise PermissionDenied
    if not any(method.name == NAME for method in methods_enabled(organization)):
        raise PermissionDenied(_("This verification is not offered here."))


def postal_letter_request(*, user: User, organization: Organization, address: dict) -> PostalLetter:
    """Ask for a letter with a code at `address`; it replaces a letter asked before (whose
    code stops working). The verification reads "pending" until the code is typed."""
    _require_participant(user, organization)
    current = verification_statuses(user, organization).get(NAME)
    if current is not None and current.current_status == Verification.Status.GRANTED:
        raise ValidationError(_("You are already verified by postal letter."))
    address = address_clean(address)
    since = timezone.now() - LETTERS_PERIOD
    if attempts_count(method=NAME, action="send", since=since, user=user) >= MAX_LETTERS:
        rate_limit_refuse(
            user=user,
            organization=organization,
            method=NAME,
            message=ngettext(
                "You asked for %(count)d letter in the last 30 days: wait before asking again.",
                "You asked for %(count)d letters in the last 30 days: wait before asking again.",
                MAX_LETTERS,
            )
            % {"count": MAX_LETTERS},
        )
    code = code_new()
    with transaction.atomic():
        verification = verification_pending(user=user, organization=organization, method=NAME)
        letter = PostalLetter.objects.select_for_update().filter(verification=verification).first()
        if letter is None:
            letter = PostalLetter(organization=organization, verification=verification)
        letter.address = crypto.encrypt(address)
        letter.code_hash = code_hash(code)
        letter.code = crypto.encrypt({"code": code})
        letter.attempts = 0
        letter.requested_at = timezone.now()
        letter.sent_at = None
        letter.sent_by = None
        letter.used_at = None
        letter.save()
        attempt_record(
            user=user, organization=organization, method=NAME, action="send", succeeded=True
        )
    return letter


def postal_letters_mark_sent(*, actor: User, organization: Organization, until: int) -> int:
    """Mark the letters waiting to be sent, up to the letter `until` (the last one staff
    exported and printed), as posted: their codes start working and their printable copies
    are erased. Returns how many."""
    require(actor, "admin", organization)
    with transaction.atomic():
        count = PostalLetter.objects.filter(
            pk__in=letters_to_send(organization=organization, until=until).values("pk")
        ).update(sent_at=timezone.now(), sent_by=actor, code="")
        if count:
            log_action(
                actor=actor,
                organization=organization,
                action="postal_letters_sent",
                resource_type="verification",
                data={"method": NAME, "count": count},
            )
    return count


def postal_letters_exported(*, actor: User, organization: Organization, count: int, kind: str):
    """Record in the activity log that staff exported the letters to send (with their codes)."""
    require(actor, "admin", organization)
    log_action(
        actor=actor,
        organization=organization,
        action="postal_letters_export",
        resource_type="verification",
        data={"method": NAME, "count": count, "format": kind},
    )


def _refusal(letter: PostalLetter | None, now) -> str | None:
    if letter is None or letter.verification.status != Verification.Status.PENDING:
        return _("No letter is waiting for a code: ask for one first.")
    if letter.sent_at is None:
        return _("Your letter has not been posted yet: you will find its code in it.")
    if now >= code_expires_at(letter):
        return _("The code of this letter has expired. Ask for a new letter.")
    return None


def postal_letter_confirm(*, user: User, organization: Organization, code: str) -> Verification:
    """Check the code the person typed against their letter (in constant time); the right
    one grants the verification with the address's postal code. A wrong one counts as a try;
    the last allowed try turns the letter off."""
    _require_participant(user, organization)
    now = timezone.now()
    failed_attempts = None
    with transaction.atomic():
        letter = (
            PostalLetter.objects.select_for_update(of=("self",))
            .select_related("verification")
            .filter(organization=organization, verification__user=user)
            .first()
        )
        refusal = _refusal(letter, now)
        if refusal:
            raise ValidationError({"code": [refusal]})
        if letter.attempts >= MAX_ATTEMPTS:
            blocked = True
        elif code_matches(code, letter.code_hash):
            address = crypto.decrypt(letter.address)
            verification = verification_grant(
                user=user,
                organization=organization,
                method=NAME,
                metadata={"postal_code": address.get("postal_code", "")},
                actor=user,
            )
            letter.used_at = now
            letter.address = ""
            letter.save(update_fields=["used_at", "address"])
            attempt_record(
                user=user, organization=organization, method=NAME, action="confirm", succeeded=True
            )
            return verification
        else:
            blocked = False
            letter.attempts += 1
            letter.save(update_fields=["attempts"])
            failed_attempts = letter.attempts
            attempt_record(user=user, organization=organization, method=NAME, action="confirm")
            log_action(
                actor=user,
                organization=organization,
                action="verification_attempt_failed",
                resource_type="verification",
                data={"method": NAME},
            )
    # Outside the transaction: the try is counted whatever happens to the request.
    if blocked:
        rate_limit_refuse(
            user=user,
            organization=organization,
            method=NAME,
            message=_("Too many wrong codes: this letter no longer works. Ask for a new letter."),
        )
    left = MAX_ATTEMPTS - failed_attempts
    if left <= 0:
        message = _(
            "This is not the code of your letter, and it was the last try: ask for a new letter."
        )
    else:
        message = ngettext(
            "This is not the code of your letter. %(count)d try left.",
            "This is not the code of your letter. %(count)d tries left.",
            left,
        ) % {"count": left}
    raise ValidationError({"code": [message]})
