"""The demo's codes by text message or email, and the metropolis's census of email
addresses, in both organizations.

Anyone signed in can ask for a code at once (Account → Verifications): text messages are
written to `var/sms/`, emails to `var/mail/` (README: "Demo logins"). Finished already: in
each organization, Alice is verified by a code sent to her phone. The metropolis keeps a
census of the email addresses of its residents, so that Alice and Bob, whose addresses are
confirmed, are verified in one click there.
"""

from django.apps import apps
from django.utils.translation import gettext as _

from palabre.core.models import Organization, User

# A made-up number of the range French regulations keep for fiction (06 39 98 xx xx).
ALICE_PHONE = "+33639980001"
METROPOLIS_CENSUS = ["alice@palabre.test", "bob@palabre.test", "claude@palabre.test"]


def add_verification_codes(*, admin: User, city: Organization, metropolis: Organization, result):
    if not apps.is_installed("palabre.verifications"):
        return
    from palabre.verifications import crypto
    from palabre.verifications.methods import census, code
    from palabre.verifications.models import OrganizationVerificationMethod
    from palabre.verifications.selectors import verification_status
    from palabre.verifications.services import verification_grant

    alice = User.objects.filter(email="alice@palabre.test").first()
    for organization in (city, metropolis):
        OrganizationVerificationMethod.objects.update_or_create(
            organization=organization, method=code.NAME, defaults={"enabled": True}
        )
        if alice is not None and verification_status(alice, organization, code.NAME) == "missing":
            verification_grant(
                user=alice,
                organization=organization,
                method=code.NAME,
                unique_id=crypto.keyed_hash(f"sms:{ALICE_PHONE}", normalized=False),
                metadata={"channel": "sms", "destination": ALICE_PHONE},
                actor=alice,
            )
            result.created.append(
                _("Alice verified by a code in %(name)s") % {"name": organization.name}
            )
    if census.census_current(metropolis) is None:
        csv_text = "email\n" + "\n".join(METROPOLIS_CENSUS) + "\n"
        census.census_upload(
            actor=admin,
            organization=metropolis,
            raw=csv_text.encode(),
            filename="residents-metropole.csv",
        )
        result.created.append(_("census of %(name)s") % {"name": metropolis.name})
    OrganizationVerificationMethod.objects.update_or_create(
        organization=metropolis, method=census.NAME, defaults={"enabled": True}
    )
