"""Sending text messages: a console backend by default, an HTTP gateway per organization.

An organization sets its gateway on the backoffice page of the "code" method: "console"
(the default: each message is logged and written as a text file under `PALABRE_SMS_DIR`,
`var/sms/` by default, as the demo's email backend does) or "http": a POST of JSON
`{"to": "+33612345678", "text": "…", "sender": "…"}` to the gateway's URL, with
`Authorization: Bearer <token>` (the token is stored encrypted). Gateways that want another
shape sit behind a small adapter of their own. The URL must be https (http is accepted in
the demo, debug and tests only).
"""

import json
import logging
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from palabre.verifications import crypto

logger = logging.getLogger("palabre.sms")

TIMEOUT_SECONDS = 10


class SmsError(Exception):
    """The message could not be handed to the gateway."""


class ConsoleSmsBackend:
    """Logs each message and writes it to a file: for the demo, development and tests."""

    def __init__(self, directory: str | None = None) -> None:
        self.directory = Path(directory or settings.PALABRE_SMS_DIR)

    def send(self, *, to: str, text: str, sender: str = "") -> None:
        logger.info("SMS to %s: %s", to, text)
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.directory / f"{stamp}-{secrets.token_hex(4)}.txt"
        path.write_text(f"To: {to}\nFrom: {sender}\n\n{text}\n", encoding="utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A gateway answers; it does not send the message (and its token) somewhere else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class HttpSmsBackend:
    """Hands each message to an HTTP gateway (JSON POST with a bearer token)."""

    url: str
    token: str = ""
    sender: str = ""

    def send(self, *, to: str, text: str, sender: str = "") -> None:
        payload = json.dumps({"to": to, "text": text, "sender": sender or self.sender}).encode()
        request = urllib.request.Request(self.url, data=payload, method="POST")
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                if not 200 <= response.status < 300:
                    raise SmsError(f"The SMS gateway answered {response.status}.")
        except urllib.error.HTTPError as error:
            raise SmsError(f"The SMS gateway answered {error.code}.") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"The SMS gateway cannot be reached: {error}.") from error


def gateway_url_allowed(url: str) -> bool:
    """https, or http where the installation is not in production."""
    parts = urlsplit(url or "")
    if not parts.netloc:
        return False
    local = settings.DEBUG or getattr(settings, "DEMO", False) or settings.TESTING
    return parts.scheme == "https" or (parts.scheme == "http" and bool(local))


def sms_backend_for(organization):
    """The backend the organization configured for the "code" method (console by default)."""
    from palabre.verifications.models import OrganizationVerificationMethod

    row = OrganizationVerificationMethod.objects.filter(
        organization=organization, method="code"
    ).first()
    options = row.options if row else {}
    if options.get("sms_gateway") == "http" and gateway_url_allowed(options.get("sms_url", "")):
        token = crypto.decrypt(row.secrets).get("sms_token", "")
        return HttpSmsBackend(
            url=options["sms_url"], token=token, sender=options.get("sms_sender", "")
        )
    return ConsoleSmsBackend()


def sms_send(*, organization, to: str, text: str) -> None:
    """Send one text message through the organization's gateway (raises SmsError)."""
    sms_backend_for(organization).send(to=to, text=text)
