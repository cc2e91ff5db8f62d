"""Postal letter: the person gives their address, staff print and post a letter with a code,
the person types the code. It proves they receive mail at that address; the grant keeps its
postal code, which per-action options can require.
"""

from django.utils.translation import gettext_lazy as _

from palabre.verifications.registry import STAFF, VerificationMethod, methods

NAME = "postal_letter"

methods.register(
    VerificationMethod(
        name=NAME,
        label=_("Postal letter"),
        description=_(
            "Give your address: you receive a letter with a code to type here, which shows "
            "that you live there."
        ),
        kind=STAFF,
        public_urls="palabre.verifications.methods.postal_letter.urls",
        admin_urls="palabre.verifications.methods.postal_letter.admin_urls",
        metadata_fields=("postal_code",),
    )
)
