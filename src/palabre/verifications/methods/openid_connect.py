"""Verification by signing in with one of the organization's OpenID Connect providers
(FranceConnect, a citizen portal), configured in the backoffice's "Single sign-on" section
(`palabre.sso`). Its participant flow is the sign-in page: signing in through a provider
that verifies grants it, keeping the claims the administrator chose."""

from django.utils.translation import gettext_lazy as _

from palabre.sso.claims import METADATA_FIELDS
from palabre.verifications.registry import DIRECT, VerificationMethod, methods

methods.register(
    VerificationMethod(
        name="openid_connect",
        label=_("Sign-in with an identity provider"),
        description=_(
            "Sign in with FranceConnect or the identity service the organization offers: "
            "it confirms who you are."
        ),
        kind=DIRECT,
        start_url_name="sso:verify",
        admin_urls=None,
        metadata_fields=METADATA_FIELDS,
    )
)
