"""Staff invitations: sent, sent again, revoked and accepted (the writes; see `selectors`).

An invitation names an email address and a role; the link in the email carries a random
token of which only a hash is stored. Accepting needs that token, the invitation still
pending (not accepted, revoked or expired) and the account of that very address: a password
reset (allauth's own tokens) never goes through here, so it never gives a role.
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.accounts.services import user_signup
from palabre.core.mail import organization_url, send_templated_email
from palabre.core.models import Organization, OrganizationAdmin, Space, SpaceRole, User
from palabre.core.permissions import can, forget_roles
from palabre.core.services import log_action
from palabre.invitations.models import ORGANIZATION_ADMIN, ROLE_CHOICES, Invitation, hash_token

VALIDITY = timedelta(days=7)


def may_invite(actor: User, organization: Organization, role: str, space: Space | None) -> bool:
    """Organization admins invite to every role; a space's admins to that space's roles."""
    if role == ORGANIZATION_ADMIN:
        return can(actor, "admin", organization)
    return (
        space is not None
        and space.organization_id == organization.pk
        and can(actor, "admin", space)
    )


def _require_may_invite(actor, invitation: Invitation) -> None:
    if not may_invite(actor, invitation.organization, invitation.role, invitation.space):
        raise PermissionDenied(_("You may not manage this invitation."))


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires_at = timezone.now() + VALIDITY
    return token


def _has_role(email: str, organization: Organization, role: str, space: Space | None) -> bool:
    if role == ORGANIZATION_ADMIN:
        return OrganizationAdmin.objects.filter(
            organization=organization, user__email__iexact=email
        ).exists()
    return SpaceRole.objects.filter(space=space, role=role, user__email__iexact=email).exists()


def _send(invitation: Invitation, token: str) -> None:
    organization = invitation.organization
    existing = User.objects.filter(email__iexact=invitation.email).only("locale").first()
    language = (
        existing.locale
        if existing is not None and existing.locale in organization.available_locales
        else organization.default_locale
    )
    send_templated_email(
        to=invitation.email,
        subject_template="invitations/email/invitation_subject.txt",
        body_template="invitations/email/invitation_message.txt",
        context={
            "invitation": invitation,
            "organization": organization,
            "role": dict(ROLE_CHOICES)[invitation.role],
            "inviter": invitation.invited_by.display_name if invitation.invited_by else "",
            "link": organization_url(
                organization, reverse("invitations:accept", kwargs={"token": token})
            ),
        },
        language=language,
        organization=organization,
    )


def invitation_create(
    *, actor: User, organization: Organization, email: str, role: str, space: Space | None
) -> tuple[Invitation, str]:
    """Invite `email` to `role` (in `space` for a space role); returns it with its token."""
    email = (email or "").strip().lower()
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    if role not in dict(ROLE_CHOICES):
        errors["role"] = _("Unknown role.")
    elif role == ORGANIZATION_ADMIN:
        space = None
    elif space is None:
        errors["space"] = _("Choose the space of this role.")
    if errors:
        raise ValidationError(errors)
    if not may_invite(actor, organization, role, space):
        raise PermissionDenied(_("You may not invite people to this role."))
    if _has_role(email, organization, role, space):
        raise ValidationError({"email": _("This person already has this role.")})
    now = timezone.now()
    with transaction.atomic():
        pending = Invitation.objects.select_for_update().filter(
            organization=organization,
            email=email,
            role=role,
            space=space,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        if pending.exists():
            raise ValidationError(
                {"email": _("This person is already invited to this role: send it again.")}
            )
        invitation = Invitation(
            organization=organization, email=email, role=role, space=space, invited_by=actor
        )
        token = _new_token(invitation)
        invitation.save()
        log_action(
            actor=actor,
            organization=organization,
            action="invite",
            resource=invitation,
            resource_type="invitation",
            space=space,
            data={"role": role},
        )
        _send(invitation, token)
    return invitation, token


def invitation_resend(*, actor: User, invitation: Invitation) -> str:
    """A new link and a new week; the previous link no longer works."""
    _require_may_invite(actor, invitation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise ValidationError(_("This invitation is closed: invite the person again."))
        token = _new_token(invitation)
        invitation.resent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "expires_at", "resent_at"])
        log_action(
            actor=actor,
            organization=invitation.organization,
            action="resend_invitation",
            resource=invitation,
            resource_type="invitation",
            space=invitation.space,
        )
        _send(invitation, token)
    return token


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    _require_may_invite(actor, invitation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise ValidationError(_("This invitation is already closed."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        log_action(
            actor=actor,
            organization=invitation.organization,
            action="revoke_invitation",
            resource=invitation,
            resource_type="invitation",
            space=invitation.space,
        )


def _refusal(invitation: Invitation) -> str | None:
    status = invitation.status()
    if status == Invitation.Status.PENDING:
        return None
    return {
        Invitation.Status.ACCEPTED: _("This invitation has already been used."),
        Invitation.Status.REVOKED: _("This invitation was revoked."),
        Invitation.Status.EXPIRED: _("This invitation has expired."),
    }[status]


def _accept(user: User, token: str) -> Invitation:
    """Give the role of the invitation of `token` to `user` (inside a transaction)."""
    invitation = (
        # Only the invitation's row is locked: PostgreSQL cannot lock the nullable side of
        # the outer join to its space (an organization admin's invitation has none).
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organization", "space")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    refusal = _refusal(invitation)
    if refusal:
        raise ValidationError(refusal)
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            _("This invitation is for another email address than the one you are signed in with.")
        )
    if invitation.role == ORGANIZATION_ADMIN:
        OrganizationAdmin.objects.get_or_create(organization=invitation.organization, user=user)
    else:
        SpaceRole.objects.get_or_create(space=invitation.space, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(
        actor=user,
        organization=invitation.organization,
        action="accept_invitation",
        resource=invitation,
        resource_type="invitation",
        space=invitation.space,
        data={"role": invitation.role},
    )
    return invitation


def invitation_accept(*, user: User, token: str) -> Invitation:
    """The signed-in account of the invited address accepts: it gets the role."""
    with transaction.atomic():
        invitation = _accept(user, token)
    forget_roles(user)
    return invitation


def invitation_accept_new_account(
    *,
    token: str,
    name: str,
    nickname: str,
    password: str,
    accepted_terms: bool,
    terms_version_id: int | None,
    locale: str,
) -> tuple[User, Invitation]:
    """A person without an account opens one from the invitation (its address is verified
    by the link) and gets the role."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
        )
        if invitation is None:
            raise ValidationError(_("This invitation link is not valid."))
        refusal = _refusal(invitation)
        if refusal:
            raise ValidationError(refusal)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account already uses this address: sign in to accept the invitation.")
            )
        user = User(email=invitation.email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password1": error.messages}) from error
        user.set_password(password)
        user = user_signup(
            user=user,
            organization=invitation.organization,
            name=name,
            nickname=nickname,
            locale=locale,
            accepted_terms=accepted_terms,
            newsletter_opt_in=False,
            terms_version_id=terms_version_id,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        invitation = _accept(user, token)
    forget_roles(user)
    return user, invitation
