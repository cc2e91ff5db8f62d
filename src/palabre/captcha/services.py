"""Making and checking captcha challenges (see the package's docstring)."""

import base64
import datetime
import hmac
import json
import secrets
from collections.abc import Mapping
from hashlib import sha256

import altcha
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

# What a form sends: the solution found by the browser, or the answer to the question.
PAYLOAD_FIELD = "altcha"
TOKEN_FIELD = "captcha_token"
ANSWER_FIELD = "captcha_answer"
FIELDS = (PAYLOAD_FIELD, TOKEN_FIELD, ANSWER_FIELD)

CHALLENGE_MINUTES = 10
# How much work the browser does: the answer is a number below this (a second or two on a
# phone; harder when the form is under attack, see `accounts.lockout`).
MAX_NUMBER = 50_000
HARD_MAX_NUMBER = 400_000
ALGORITHM = "SHA-256"
QUESTION_SALT = "palabre.captcha.question"


def _key() -> str:
    configured = getattr(settings, "PALABRE_CAPTCHA_KEY", "")
    return configured or salted_hmac("palabre.captcha", "hmac-key", algorithm="sha256").hexdigest()


def required() -> bool:
    return getattr(settings, "PALABRE_CAPTCHA_REQUIRED", True)


def new_challenge(*, hard: bool = False) -> dict:
    """A fresh challenge for the browser, and a question for a browser without JavaScript."""
    expires = timezone.now() + datetime.timedelta(minutes=CHALLENGE_MINUTES)
    challenge = altcha.create_challenge_v1(
        algorithm=ALGORITHM,
        max_number=HARD_MAX_NUMBER if hard else MAX_NUMBER,
        hmac_key=_key(),
        expires=expires,
    )
    first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(12)
    token = signing.dumps(
        {"n": nonce, "h": _answer_digest(nonce, str(first + second))}, salt=QUESTION_SALT
    )
    return {
        "challenge": json.dumps(challenge.to_dict(), separators=(",", ":")),
        "first": first,
        "second": second,
        "token": token,
    }


def _answer_digest(nonce: str, answer: str) -> str:
    return hmac.new(_key().encode(), f"{nonce}:{answer}".encode(), sha256).hexdigest()


def _refused(message: str) -> ValidationError:
    return ValidationError(message, code="captcha")


def _first_use(kind: str, value: str) -> bool:
    """True the first time a solution is seen; it is remembered until its challenge ends."""
    key = f"palabre:captcha:used:{kind}:{sha256(value.encode()).hexdigest()}"
    return cache.add(key, 1, timeout=CHALLENGE_MINUTES * 60 + 60)


def verify(data: Mapping) -> None:
    """Accept a solved challenge or a right answer to the question, once; raise
    `ValidationError` (code "captcha") otherwise."""
    if not required():
        return
    payload = (data.get(PAYLOAD_FIELD) or "").strip()
    if payload:
        _verify_payload(payload)
        return
    answer = (data.get(ANSWER_FIELD) or "").strip()
    token = data.get(TOKEN_FIELD) or ""
    if not answer:
        raise _refused(
            _("The anti-spam check is missing: answer its question, then send the form again.")
        )
    try:
        signed = signing.loads(token, salt=QUESTION_SALT, max_age=CHALLENGE_MINUTES * 60)
        nonce, digest = str(signed["n"]), str(signed["h"])
    except (signing.BadSignature, KeyError, TypeError):
        raise _refused(
            _("The anti-spam question has expired: answer the new one, then send the form again.")
        ) from None
    if not hmac.compare_digest(digest, _answer_digest(nonce, answer)):
        raise _refused(_("The answer to the anti-spam question is not right: try again."))
    if not _first_use("question", nonce):
        raise _refused(_("This anti-spam check was used already: answer the new one."))


def _verify_payload(payload: str) -> None:
    refused = _refused(
        _("The anti-spam check did not succeed: wait for it to finish, then send the form again.")
    )
    try:
        decoded = json.loads(base64.b64decode(payload, validate=True))
    except (ValueError, TypeError):
        raise refused from None
    if not isinstance(decoded, dict):
        raise refused
    # The expiry is part of the signed salt: one without it was not made here.
    try:
        expires = altcha.extract_params_v1(decoded).get("expires")
    except (AttributeError, TypeError, ValueError):
        raise refused from None
    if not expires:
        raise refused
    try:
        ok, error = altcha.verify_solution_v1(decoded, _key(), check_expires=True)
    except (AttributeError, TypeError, ValueError):
        raise refused from None
    if error and "expired" in error:
        raise _refused(
            _("The anti-spam check has expired: wait for the new one, then send the form again.")
        )
    if not ok:
        raise refused
    if not _first_use("pow", str(decoded["signature"])):
        raise _refused(_("This anti-spam check was used already: wait for the new one."))


def solve(challenge_json: str) -> str:
    """The payload a browser would send for a challenge (tests and the demo's journeys)."""
    challenge = json.loads(challenge_json)
    number = None
    for candidate in range(challenge["maxNumber"] + 1):
        digest = sha256(f"{challenge['salt']}{candidate}".encode()).hexdigest()
        if digest == challenge["challenge"]:
            number = candidate
            break
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()
