"""The demo's staff invitations: in each organization, the administrator has invited people by
email to roles — one invitation waiting (its link is in the demo's notes and in the email
written to the demo's mail folder, for a newcomer to open and accept), one accepted (a new
valuator who opened their account from it), one revoked and one expired — and, in the city's
private space of young climate ambassadors, a moderator waiting.

Idempotent like the rest of the demo: an organization that has invitations is left alone.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from palabre.core.models import Organization, Space, User
from palabre.invitations import services
from palabre.invitations.models import Invitation

PASSWORD = "demo-invitation-valuator-2026"


def _invite(admin: User, organization: Organization, space: Space | None, email: str, role: str):
    return services.invitation_create(
        actor=admin, organization=organization, email=email, role=role, space=space
    )


def add_invitations(*, admin: User, organizations: list[Organization], result) -> None:
    for organization in organizations:
        if Invitation.objects.filter(organization=organization).exists():
            continue
        spaces = Space.objects.filter(organization=organization)
        public = spaces.filter(private=False).order_by("pk").first()
        private = spaces.filter(private=True).order_by("pk").first()
        if public is None:
            continue
        prefix = organization.reference_prefix.lower()
        # Waiting: a newcomer may open it.
        _, token = _invite(
            admin, organization, public, f"moderation.{prefix}@palabre.test", "moderator"
        )
        result.notes.append(
            f"{organization.name}: a pending invitation (moderator) opens at "
            f"{reverse('invitations:accept', kwargs={'token': token})}"
        )
        if private is not None:
            _invite(admin, organization, private, f"ambassadors.{prefix}@palabre.test", "moderator")
        # Accepted: a valuator who opened their account from the link.
        _, token = _invite(
            admin, organization, public, f"valuator.{prefix}@palabre.test", "valuator"
        )
        services.invitation_accept_new_account(
            token=token,
            name=f"Valuator {organization.reference_prefix}",
            nickname=f"valuator_{prefix}"[:30],
            password=PASSWORD,
            accepted_terms=True,
            terms_version_id=None,
            locale=organization.default_locale,
        )
        # Revoked, and expired.
        revoked, _ = _invite(
            admin, organization, public, f"former.{prefix}@palabre.test", "collaborator"
        )
        services.invitation_revoke(actor=admin, invitation=revoked)
        expired, _ = _invite(
            admin, organization, None, f"late.{prefix}@palabre.test", "organization_admin"
        )
        Invitation.objects.filter(pk=expired.pk).update(
            expires_at=timezone.now() - datetime.timedelta(days=1)
        )
