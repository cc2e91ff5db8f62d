"""Encryption at rest of what verifications keep, and keyed hashes to match identities.

`encrypt(dict) -> str` and `decrypt(str) -> dict` use Fernet (AES-128-CBC with an
HMAC-SHA256, from the `cryptography` package). Keys come from the environment variable
`PALABRE_ENCRYPTION_KEY`: one secret, or several separated by commas to change it — the
first encrypts, every one decrypts, so that rows written with the older key stay readable
until they are written again. Any long random text will do (it is stretched with
HKDF-SHA256); `palabre shell -c "import secrets; print(secrets.token_urlsafe(32))"` makes one.

Keyed hashes (`keyed_hash`, HMAC-SHA256) stand for identities in clear: the census lines,
the `unique_id` that detects the same identity used by two accounts. Their key is derived
from the **last** secret of the list, the original one, so that adding a new key in front
leaves every hash as it was (changing the last one means uploading the census again).

Without `PALABRE_ENCRYPTION_KEY`, the demo, DEBUG and the tests derive a key from
`SECRET_KEY`; production refuses to encrypt (ImproperlyConfigured) rather than keep
identities under a key that was never chosen for them.
"""

import base64
import hashlib
import hmac
import json
import unicodedata
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(ValueError):
    """A value no configured key can read (a key removed too early, or a damaged value)."""


def _secrets(configured: str, secret_key: str, local: bool) -> list[str]:
    keys = [key.strip() for key in configured.split(",") if key.strip()]
    if keys:
        return keys
    if local:
        return [f"palabre-local-encryption:{secret_key}"]
    raise ImproperlyConfigured(
        "PALABRE_ENCRYPTION_KEY is not set: verifications keep identity data encrypted "
        "with it. Set it to a long random value (see docs/operations.md)."
    )


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"palabre", info=purpose).derive(
        secret.encode()
    )


@cache
def _keys(configured: str, secret_key: str, local: bool) -> tuple[MultiFernet, bytes]:
    secrets = _secrets(configured, secret_key, local)
    fernet = MultiFernet(
        [Fernet(base64.urlsafe_b64encode(_derive(s, b"encryption"))) for s in secrets]
    )
    return fernet, _derive(secrets[-1], b"keyed-hash")


def _current() -> tuple[MultiFernet, bytes]:
    local = bool(settings.DEBUG or getattr(settings, "DEMO", False) or settings.TESTING)
    return _keys(settings.PALABRE_ENCRYPTION_KEY, settings.SECRET_KEY, local)


def encrypt(data: dict) -> str:
    """`data` (JSON-serialisable) as an encrypted text; an empty dict gives ""."""
    if not data:
        return ""
    payload = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    return _current()[0].encrypt(payload).decode("ascii")


def decrypt(token: str) -> dict:
    """The dict `encrypt` was given; "" gives {}. Raises DecryptionError when no key reads it."""
    if not token:
        return {}
    try:
        return json.loads(_current()[0].decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError) as error:
        raise DecryptionError("This value cannot be decrypted with the configured keys.") from error


def encrypt_bytes(data: bytes) -> bytes:
    """Bytes (a file's content) encrypted with the current key."""
    return _current()[0].encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """The bytes `encrypt_bytes` was given; raises DecryptionError when no key reads them."""
    try:
        return _current()[0].decrypt(token)
    except InvalidToken as error:
        raise DecryptionError("This file cannot be decrypted with the configured keys.") from error


def normalize(value) -> str:
    """The form of a value two people would agree is the same: case, accents, spaces and
    punctuation between words do not count ("  Le Gall-Dupré " == "le gall dupre")."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    words = "".join(char if char.isalnum() or char == "@" or char == "." else " " for char in text)
    return " ".join(words.split())


def keyed_hash(value, *, normalized: bool = True) -> str:
    """HMAC-SHA256 of the value (normalised first, unless told it already is), in hex: the
    same identity gives the same hash, and nobody without the key can test a guess."""
    text = normalize(value) if normalized else str(value)
    return hmac.new(_current()[1], text.encode(), hashlib.sha256).hexdigest()


def compare(a: str, b: str) -> bool:
    """Constant-time comparison of two hashes or codes."""
    return hmac.compare_digest(str(a).encode(), str(b).encode())
