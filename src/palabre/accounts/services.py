"""Writes on accounts: sign-up, profile, notification preferences and account deletion."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.images import image_without_metadata
from palabre.core.models import (
    NotificationFrequency,
    Organization,
    OrganizationAdmin,
    SpaceMember,
    SpaceRole,
    User,
)
from palabre.core.registry import account_deletions
from palabre.core.services import log_action
from palabre.core.validators import nickname_validator, validate_image
from palabre.legal.services import terms_accept_at_signup
from palabre.notifications.models import NotificationPreference
from palabre.notifications.selectors import Channels
from palabre.notifications.services import notification_preferences_set

# Deleted accounts keep a nickname `deleted-<id>` (see `user_delete_account`); nobody may
# take one, or deleting that account later would collide with it.
RESERVED_NICKNAME_PREFIX = "deleted-"
NAME_MAX_LENGTH = User._meta.get_field("name").max_length
ABOUT_MAX_LENGTH = User._meta.get_field("about").max_length


def nickname_check_available(*, nickname: str, user: User | None = None) -> None:
    """Raise ValidationError unless `nickname` is well formed and nobody else has it.

    Nicknames are compared without case: "Marie" and "marie" would read as the same person.
    """
    nickname_validator(nickname)
    if nickname.lower().startswith(RESERVED_NICKNAME_PREFIX):
        raise ValidationError(
            _("Nicknames starting with “%(prefix)s” are reserved. Choose another one."),
            params={"prefix": RESERVED_NICKNAME_PREFIX},
            code="nickname_reserved",
        )
    others = User.objects.filter(nickname__iexact=nickname)
    if user is not None and user.pk:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise ValidationError(
            _("The nickname “%(nickname)s” is already taken. Choose another one."),
            params={"nickname": nickname},
            code="nickname_taken",
        )


def user_signup(
    *,
    user: User,
    organization: Organization | None,
    name: str,
    nickname: str,
    locale: str,
    accepted_terms: bool,
    newsletter_opt_in: bool,
    terms_version_id: int | None = None,
) -> User:
    """Save a new account prepared by the sign-up form (email and password already set).

    The account belongs to the organization whose site it was opened on, remembers the
    language it was opened in, and records when the terms and the newsletter were accepted
    (and which version of the terms: `terms_version_id`, the one the form showed).
    """
    if not accepted_terms:
        raise ValidationError(
            {"accept_terms": _("You must accept the terms of use to open an account.")}
        )
    try:
        nickname_check_available(nickname=nickname)
    except ValidationError as error:
        raise ValidationError({"nickname": error.messages}) from error
    now = timezone.now()
    user.organization = organization
    user.name = name.strip()
    user.nickname = nickname
    if organization is not None and locale not in organization.available_locales:
        locale = organization.default_locale
    user.locale = locale
    user.accepted_terms_at = now
    user.newsletter_opt_in_at = now if newsletter_opt_in else None
    with transaction.atomic():
        user.save()
        if organization is not None:
            terms_accept_at_signup(
                user=user, organization=organization, version_id=terms_version_id
            )
    return user


def user_update_profile(
    *,
    actor: User,
    user: User,
    organization: Organization,
    name: str,
    nickname: str,
    about: str,
    locale: str,
    newsletter_opt_in: bool,
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
) -> User:
    """Change what a person shows of themselves and how the site speaks to them.

    `avatar` replaces the picture, `remove_avatar` removes it. The language must be one the
    organization offers. Newsletter consent keeps its first date while it stands.
    """
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder can change this profile."))
    errors: dict[str, list[str]] = {}
    try:
        nickname_check_available(nickname=nickname, user=user)
    except ValidationError as error:
        errors["nickname"] = error.messages
    name = name.strip()
    if len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("The name is too long.")]
    if len(about) > ABOUT_MAX_LENGTH:
        errors["about"] = [_("This text is too long.")]
    if locale not in organization.available_locales:
        errors["locale"] = [_("This language is not offered on this site.")]
    if avatar is not None:
        try:
            validate_image(avatar)
            avatar = image_without_metadata(avatar)
        except ValidationError as error:
            errors["avatar"] = error.messages
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        old_avatar_name = user.avatar.name if user.avatar else ""
        user.name = name
        user.nickname = nickname
        user.about = about.strip()
        user.locale = locale
        if not newsletter_opt_in:
            user.newsletter_opt_in_at = None
        elif user.newsletter_opt_in_at is None:
            user.newsletter_opt_in_at = timezone.now()
        if avatar is not None:
            user.avatar.save(avatar.name, avatar, save=False)
        elif remove_avatar:
            user.avatar = ""
        user.save()
        if old_avatar_name and old_avatar_name != (user.avatar.name or ""):
            storage = user.avatar.storage
            # The old file goes only once the new picture is saved for good.
            transaction.on_commit(lambda: storage.delete(old_avatar_name))
    return user


def user_set_language(*, actor: User, user: User, organization: Organization, locale: str) -> User:
    """Remember the language a person chose in the language switcher.

    A language the organization does not offer is ignored rather than refused: the switcher
    only lists offered ones, so this is a stale form, not a mistake to report.
    """
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder can change this profile."))
    if locale in organization.available_locales and user.locale != locale:
        User.objects.filter(pk=user.pk).update(locale=locale)
        user.locale = locale
    return user


def user_update_notifications(
    *,
    actor: User,
    user: User,
    notification_frequency: str,
    preferences: Mapping[str, Channels] | None = None,
) -> User:
    """Choose how often notifications are emailed (as they happen, daily, weekly or never)
    and, with `preferences`, which kinds come in the app and by email (event name →
    channels; see `notification_preferences_set`). Both are saved, or neither."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder can change these preferences."))
    if notification_frequency not in NotificationFrequency.values:
        raise ValidationError(
            {"notification_frequency": _("Choose one of the offered frequencies.")}
        )
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(notification_frequency=notification_frequency)
        if preferences:
            notification_preferences_set(actor=actor, user=user, preferences=preferences)
    user.notification_frequency = notification_frequency
    return user


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
        NotificationPreference.objects.filter(user=user).delete()
        for remove in account_deletions:
            remove(user=user)
        if user.organization_id:
            log_action(
                actor=None,
                organization=user.organization,
                action="delete_account",
                resource=user,
                resource_type="user",
            )


def user_sign_out_everywhere(*, actor: User, user: User) -> User:
    """End every session of the person, on every device: the sessions' signature includes
    a generation number, one more now. The caller keeps its own session by signing it again
    (`update_session_auth_hash`). Only the person can do it for themselves.
    """
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder can sign out their sessions."))
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        user.session_generation = (
            User.objects.filter(pk=user.pk).values_list("session_generation", flat=True).get()
        )
    return user
