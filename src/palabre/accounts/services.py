"""Writes on accounts: profile changes and account deletion."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.models import OrganizationAdmin, SpaceMember, SpaceRole, User
from palabre.core.services import log_action


def user_delete_account(*, actor: User, user: User) -> None:
    """Delete an account: the person's data goes, their contributions stay, signed
    "Deleted participant". Only the person can do it for themselves.
    """
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder can delete an account."))
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.deleted_at:
            return
        if user.avatar:
            user.avatar.delete(save=False)
        user.email = f"deleted-{user.pk}@deleted.invalid"
        user.nickname = f"deleted-{user.pk}"
        user.name = ""
        user.about = ""
        user.avatar = ""
        user.locale = ""
        user.newsletter_opt_in_at = None
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.deleted_at = timezone.now()
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        OrganizationAdmin.objects.filter(user=user).delete()
        SpaceRole.objects.filter(user=user).delete()
        SpaceMember.objects.filter(user=user).delete()
        if user.organization_id:
            log_action(
                actor=None, organization=user.organization, action="delete_account",
                resource=user, resource_type="user",
            )

