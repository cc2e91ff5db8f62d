"""What verifications keep about a person, for their archive: each verification's state and
the data it kept about them (never the keyed identity or any code)."""

from django.utils.translation import gettext_lazy as _

from palabre.privacy.registry import Section, register_section
from palabre.verifications.models import Verification
from palabre.verifications.registry import methods
from palabre.verifications.selectors import verification_metadata


def verification_rows(user, organization):
    verifications = Verification.objects.filter(user=user, organization=organization).order_by(
        "created_at", "pk"
    )
    for verification in verifications:
        method = methods.get(verification.method)
        kept = verification_metadata(verification)
        yield {
            "method": str(method.label) if method else verification.method,
            "status": verification.current_status,
            "granted_at": verification.granted_at,
            "expires_at": verification.expires_at,
            "reason": verification.reason,
            "kept_data": "; ".join(f"{key}: {value}" for key, value in sorted(kept.items())),
            "asked_at": verification.created_at,
        }


register_section(
    Section(
        name="verifications",
        label=_("Your verifications"),
        columns=(
            ("method", _("How you were verified")),
            ("status", _("pending, granted, rejected, revoked or expired")),
            ("granted_at", _("When it was granted")),
            ("expires_at", _("When it ends, if it does")),
            ("reason", _("The reason given for a rejection or a revocation")),
            ("kept_data", _("What the verification kept about you (stored encrypted)")),
            ("asked_at", _("When you asked for it")),
        ),
        rows=verification_rows,
    )
)
