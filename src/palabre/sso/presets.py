"""Known providers whose values an administrator should not have to look up.

FranceConnect v2 (the French State's identity service, OpenID Connect since 2024): the
discovery addresses of its environments, the scopes of the "identité pivot", the eIDAS
level a participation platform asks for, and the logout it requires. A city enters only the
client id and secret FranceConnect gave it, and registers the two addresses the backoffice
shows (sign-in callback, sign-out return) in its FranceConnect space.
"""

from django.utils.translation import gettext_lazy as _

FRANCECONNECT_PRODUCTION = "https://oidc.franceconnect.gouv.fr/api/v2"
# The sandbox ("bac à sable") where partners test before production.
FRANCECONNECT_INTEGRATION = "https://fcp-low.sbx.dev-franceconnect.fr/api/v2"
FRANCECONNECT_ENVIRONMENTS = (
    (FRANCECONNECT_PRODUCTION, _("Production")),
    (FRANCECONNECT_INTEGRATION, _("Integration (sandbox)")),
)
FRANCECONNECT_SCOPES = (
    "openid given_name family_name birthdate birthplace birthcountry gender email "
    "preferred_username"
)
# The official wording of the button, and its English translation.
FRANCECONNECT_LABEL = {"fr": "S’identifier avec FranceConnect", "en": "Sign in with FranceConnect"}
FRANCECONNECT_INFO_URL = "https://franceconnect.gouv.fr/"

FRANCECONNECT = {
    "issuer_url": FRANCECONNECT_PRODUCTION,
    "scopes": FRANCECONNECT_SCOPES,
    "acr_values": "eidas1",
    "logout_at_provider": True,
    "trust_email": True,
    "grants_verification": True,
    "kept_claims": ["given_name", "family_name", "birthdate", "birthplace"],
    "label": FRANCECONNECT_LABEL,
}
