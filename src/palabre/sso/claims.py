"""The claims an administrator may choose to keep in the verification a sign-in grants,
and the metadata names they are kept under (those per-action options read: "birth_date",
"postal_code")."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Claim:
    name: str
    label: object
    metadata_key: str

    def value(self, claims: dict):
        if self.name == "postal_code":
            # The standard `address` claim, or a flat claim some local portals send.
            address = claims.get("address")
            if isinstance(address, dict) and address.get("postal_code"):
                return str(address["postal_code"])
            return claims.get("postal_code")
        return claims.get(self.name)


CLAIMS = (
    Claim("given_name", _("Given names"), "given_name"),
    Claim("family_name", _("Family name"), "family_name"),
    Claim("preferred_username", _("Usage name"), "preferred_username"),
    Claim("birthdate", _("Birth date"), "birth_date"),
    Claim("birthplace", _("Place of birth (INSEE code)"), "birthplace"),
    Claim("birthcountry", _("Country of birth (INSEE code)"), "birthcountry"),
    Claim("postal_code", _("Postal code of residence"), "postal_code"),
    Claim("gender", _("Gender"), "gender"),
    Claim("email", _("Email address"), "email"),
)
BY_NAME = {claim.name: claim for claim in CLAIMS}
METADATA_FIELDS = (*(claim.metadata_key for claim in CLAIMS), "provider")


def kept_metadata(claims: dict, kept: list[str]) -> dict:
    """The chosen claims the provider sent, under their metadata names; nothing else."""
    metadata = {}
    for name in kept:
        claim = BY_NAME.get(name)
        if claim is None:
            continue
        value = claim.value(claims)
        if value not in (None, "", [], {}):
            metadata[claim.metadata_key] = value
    return metadata
