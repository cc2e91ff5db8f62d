"""The verification methods: each one a plugin of the same shape, registered like components.

A method declares itself in a module of `palabre.verifications.methods` (every module there
is imported by `VerificationsConfig.ready()`) with `methods.register(VerificationMethod(…))`.
Its participant flow is a urlconf mounted at `/account/verifications/<name>/` (namespace
`verifications:<name>`; its first page is named `start` unless `start_url_name` says
otherwise), its backoffice pages a urlconf mounted at `/admin/verifications/<name>/`
(namespace `verifications_admin:<name>`, first page `index`).

Grants, rejections and revocations go through `verifications.services`, whatever the method:
they keep the statuses, the expiry, the encrypted metadata and the conflicts in one shape.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from palabre.core.registry import Registry

DIRECT = "direct"  # the person does it alone: a code, a census, a sign-in elsewhere
STAFF = "staff"  # staff review what the person sent: a document, a letter


@dataclass(frozen=True)
class VerificationMethod:
    """Everything the platform knows about a verification method."""

    name: str
    label: Any
    description: Any = ""
    kind: str = DIRECT
    # The participant's flow: a urlconf mounted at /account/verifications/<name>/ …
    public_urls: str | None = None
    # … and the name of its first page; default "verifications:<name>:start".
    start_url_name: str | None = None
    # Backoffice pages, mounted at /admin/verifications/<name>/ (first page "index").
    admin_urls: str | None = None
    # How long a grant lasts; None: until revoked.
    validity: timedelta | None = None
    # Metadata a grant may keep that per-action options can check ("postal_code",
    # "birth_date", "scope").
    metadata_fields: tuple[str, ...] = ()

    @property
    def start_view_name(self) -> str | None:
        if self.start_url_name:
            return self.start_url_name
        return f"verifications:{self.name}:start" if self.public_urls else None

    @property
    def admin_view_name(self) -> str | None:
        return f"verifications_admin:{self.name}:index" if self.admin_urls else None

    def start_url(self, next_url: str = "") -> str:
        """The first page of the person's flow, coming back to `next_url` once done (the
        list of verifications when the method has no page of its own)."""
        try:
            url = reverse(self.start_view_name) if self.start_view_name else ""
        except NoReverseMatch:
            url = ""
        url = url or reverse("verifications:index")
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def admin_url(self) -> str:
        return reverse(self.admin_view_name) if self.admin_view_name else ""


methods: Registry[VerificationMethod] = Registry("name")


def method_start_url(name: str, next_url: str = "") -> str:
    """Where a person starts the verification `name`, then comes back to `next_url`
    (what a refusal's next step links to)."""
    method = methods.get(name)
    if method is None:
        url = reverse("verifications:index")
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url
    return method.start_url(next_url)
