"""Code by SMS or email: a six-digit code sent to a phone number or an email address; typing
it back verifies that the person receives messages there.

Codes come from `secrets`, are stored as keyed hashes, compared in constant time, used
once, dead after ten minutes or five wrong tries. Sending is limited per destination (in
the organization) and per person; every send, wrong code and refusal is recorded, refusals
and failures in the activity log. The destination's keyed hash is the verification's
`unique_id`: the same phone number verified for two accounts becomes a conflict.

Codes are sent when the transaction commits, from the request itself: a task would keep the
code in clear in the task table.
"""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from palabre.core.mail import render_email
from palabre.core.models import Organization, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.verifications import crypto, sms
from palabre.verifications.models import (
    OrganizationVerificationMethod,
    Verification,
    VerificationCode,
)
from palabre.verifications.registry import DIRECT, VerificationMethod, methods
from palabre.verifications.services import (
    attempt_record,
    attempts_count,
    rate_limit_refuse,
    verification_grant,
    verification_method_configure,
    verification_pending,
)

NAME = "code"
CODE_VALIDITY = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RATE_WINDOW = timedelta(hours=1)
SENDS_PER_DESTINATION = 3  # per hour, whoever asks
SENDS_PER_PERSON = 5  # per hour, whatever the destination
CHANNELS = ("sms", "email")

methods.register(
    VerificationMethod(
        name=NAME,
        label=gettext_lazy("Code by text message or email"),
        description=gettext_lazy(
            "You receive a six-digit code on your phone or by email and type it here."
        ),
        kind=DIRECT,
        public_urls="palabre.verifications.methods.code_urls",
        admin_urls="palabre.verifications.methods.code_admin_urls",
    )
)


def channels_offered(organization: Organization) -> list[str]:
    row = OrganizationVerificationMethod.objects.filter(
        organization=organization, method=NAME
    ).first()
    chosen = (row.options if row else {}).get("channels") or list(CHANNELS)
    return [channel for channel in CHANNELS if channel in chosen]


def normalize_phone(value: str) -> str:
    """An international number (+33612345678); French national numbers (06 12 34 56 78)
    are read as such. Raises ValidationError for anything else."""
    text = re.sub(r"[\s.\-()/]", "", value or "")
    if text.startswith("00"):
        text = "+" + text[2:]
    if re.fullmatch(r"0[1-9]\d{8}", text):
        text = "+33" + text[1:]
    if not re.fullmatch(r"\+[1-9]\d{7,14}", text):
        raise ValidationError(
            {"destination": _("Type a phone number, such as 06 12 34 56 78 or +33 6 12 34 56 78.")}
        )
    return text


def normalize_destination(channel: str, value: str) -> str:
    if channel == "sms":
        return normalize_phone(value)
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValidationError({"destination": _("Type an email address.")}) from error
    return value.lower()


def _destination_hash(channel: str, destination: str) -> str:
    return crypto.keyed_hash(f"{channel}:{destination}", normalized=False)


def _code_hash(code_row_user: int, destination_hash: str, code: str) -> str:
    return crypto.keyed_hash(f"code:{code_row_user}:{destination_hash}:{code}", normalized=False)


def _deliver(organization: Organization, channel: str, destination: str, code: str) -> None:
    language = get_language() or organization.default_locale
    context = {"code": code, "organization": organization, "minutes": 10}
    if channel == "sms":
        text = _(
            "%(code)s is your verification code for %(organization)s. It is valid 10 minutes. "
            "Never share it."
        ) % {"code": code, "organization": organization.name}
        try:
            sms.sms_send(organization=organization, to=destination, text=text)
        except sms.SmsError:
            # The person sees "sent"; the failure is for the operators' logs.
            sms.logger.exception("The verification code could not be sent by SMS.")
        return
    subject, body, _html = render_email(
        subject_template="verifications/email/code_subject.txt",
        body_template="verifications/email/code_body.txt",
        context=context,
        language=language,
        subject_prefix=organization.name,
    )
    try:
        EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [destination]).send()
    except OSError:
        # As for text messages: the person may ask again; the operators read why.
        sms.logger.exception("The verification code could not be sent by email.")


def code_send(
    *, user: User, organization: Organization, channel: str, destination: str
) -> VerificationCode:
    """Send a new code to `destination` (a phone number for "sms", an address for
    "email"); earlier codes of the person stop working. Raises ValidationError for a wrong
    destination or too many sends."""
    if channel not in channels_offered(organization):
        raise ValidationError({"channel": _("Choose how to receive the code.")})
    destination = normalize_destination(channel, destination)
    destination_hash = _destination_hash(channel, destination)
    since = timezone.now() - RATE_WINDOW
    if (
        attempts_count(method=NAME, action="send", since=since, user=user) >= SENDS_PER_PERSON
        or attempts_count(
            method=NAME, action="send", since=since, organization=organization,
            key=destination_hash,
        ) >= SENDS_PER_DESTINATION
    ):  # fmt: skip
        rate_limit_refuse(
            user=user,
            organization=organization,
            method=NAME,
            message=_("Too many codes were asked for in the last hour: try again later."),
        )
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    with transaction.atomic():
        VerificationCode.objects.filter(
            user=user, organization=organization, used_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        row = VerificationCode.objects.create(
            organization=organization,
            user=user,
            channel=channel,
            destination_hash=destination_hash,
            destination=crypto.encrypt({"value": destination}),
            code_hash=_code_hash(user.pk, destination_hash, code),
            created_at=now,
            expires_at=now + CODE_VALIDITY,
        )
        attempt_record(
            user=user,
            organization=organization,
            method=NAME,
            action="send",
            key=destination_hash,
            succeeded=True,
        )
        verification_pending(user=user, organization=organization, method=NAME)
        transaction.on_commit(lambda: _deliver(organization, channel, destination, code))
    return row


def code_pending(*, user: User, organization: Organization) -> VerificationCode | None:
    """The person's code still waiting to be typed, if any."""
    return VerificationCode.objects.filter(
        user=user, organization=organization, used_at__isnull=True,
        expires_at__gt=timezone.now(), attempts__lt=MAX_ATTEMPTS,
    ).first()  # fmt: skip


def code_confirm(*, user: User, organization: Organization, code: str) -> Verification:
    """Check the code typed: right, the verification is granted (or a conflict recorded
    when the destination is verified for another account); wrong, one try fewer. Raises
    ValidationError with what to do next."""
    code = re.sub(r"\s", "", code or "")
    failure = None
    with transaction.atomic():
        row = (
            VerificationCode.objects.select_for_update()
            .filter(user=user, organization=organization, used_at__isnull=True)
            .first()
        )
        if row is None or row.expires_at <= timezone.now():
            failure = _("This code has expired: ask for a new one.")
        elif row.attempts >= MAX_ATTEMPTS:
            failure = _("Too many wrong codes: ask for a new one.")
        elif not crypto.compare(row.code_hash, _code_hash(user.pk, row.destination_hash, code)):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            left = MAX_ATTEMPTS - row.attempts
            failure = (
                ngettext(
                    "This is not the code we sent. You may try once more.",
                    "This is not the code we sent. You may try %(left)d more times.",
                    left,
                )
                % {"left": left}
                if left
                else _("Too many wrong codes: ask for a new one.")
            )
        else:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
        attempt_record(
            user=user,
            organization=organization,
            method=NAME,
            action="confirm",
            key=row.destination_hash if row else "",
            succeeded=failure is None,
        )
        if failure is not None:
            log_action(
                actor=user,
                organization=organization,
                action="verification_attempt_failed",
                resource_type="verification",
                data={"method": NAME},
            )
    if failure is not None:
        raise ValidationError({"code": failure}, code="wrong_code")
    return verification_grant(
        user=user,
        organization=organization,
        method=NAME,
        unique_id=row.destination_hash,
        metadata={"channel": row.channel, "destination": crypto.decrypt(row.destination)["value"]},
        actor=user,
    )


def code_settings_save(
    *,
    actor: User,
    organization: Organization,
    channels: list[str],
    sms_gateway: str,
    sms_url: str = "",
    sms_sender: str = "",
    sms_token: str = "",
) -> OrganizationVerificationMethod:
    """Save how codes are sent: the channels offered, the SMS gateway (console or http, its
    URL and sender name in clear, its token encrypted; an empty token keeps the saved one)."""
    require(actor, "admin", organization)
    errors = {}
    if not channels or set(channels) - set(CHANNELS):
        errors["channels"] = _("Choose at least one way to send codes.")
    if sms_gateway not in ("console", "http"):
        errors["sms_gateway"] = _("Choose an SMS gateway.")
    if sms_gateway == "http" and not sms.gateway_url_allowed(sms_url):
        errors["sms_url"] = _("Type the gateway's address, starting with https://.")
    if len(sms_sender) > 11:
        errors["sms_sender"] = _("A sender name has at most 11 characters.")
    if errors:
        raise ValidationError(errors)
    return verification_method_configure(
        actor=actor,
        organization=organization,
        method=NAME,
        options={
            "channels": [c for c in CHANNELS if c in channels],
            "sms_gateway": sms_gateway,
            "sms_url": sms_url if sms_gateway == "http" else "",
            "sms_sender": sms_sender,
        },
        secrets={"sms_token": sms_token} if sms_token else None,
    )
