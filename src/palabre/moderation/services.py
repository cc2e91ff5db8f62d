"""Writes of moderation: reports, hiding and showing contributions, blocking participants."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Space, SpaceRole, User
from palabre.core.permissions import can, require
from palabre.core.resources import resource_space
from palabre.core.services import log_action
from palabre.core.validation import FieldErrors
from palabre.limits import services as limits
from palabre.moderation import hideable
from palabre.moderation.models import (
    DETAILS_MAX_LENGTH,
    Moderation,
    Report,
    ReportReason,
    UserBlock,
    UserReport,
)

JUSTIFICATION_MAX_LENGTH = 2000
HIDDEN_EVENT = "moderation.hidden"


def _require_active_person(person) -> None:
    """Reporting is an action: anonymous, deleted and blocked people may not do it."""
    if (
        not getattr(person, "is_authenticated", False)
        or not person.is_active
        or person.is_deleted
        or person.is_blocked
    ):
        raise PermissionDenied(_("You are not allowed to do this."))


def _clean_reason_and_details(reason: str, details: str) -> tuple[str, str]:
    errors = FieldErrors()
    details = (details or "").strip()
    if reason not in ReportReason.values:
        errors.add("reason", _("Choose one of the proposed reasons."))
    if len(details) > DETAILS_MAX_LENGTH:
        errors.add(
            "details",
            _("Keep the details under %(max)d characters (they have %(count)d).")
            % {"max": DETAILS_MAX_LENGTH, "count": len(details)},
        )
    if reason == ReportReason.OTHER and not details:
        errors.add("details", _("Explain what is wrong when you choose “Other”."))
    errors.raise_if_any()
    return reason, details


def _locked_moderation(resource: models.Model, space: Space) -> Moderation:
    """The moderation row of a resource, created if needed, locked until the transaction ends.

    Inserting with `ignore_conflicts` first means two first reports never collide on the
    unique constraint: the second insert waits for the first and then does nothing.
    """
    content_type = ContentType.objects.get_for_model(resource)
    Moderation.objects.bulk_create(
        [Moderation(content_type=content_type, object_id=resource.pk, space=space)],
        ignore_conflicts=True,
    )
    return Moderation.objects.select_for_update().get(
        content_type=content_type, object_id=resource.pk
    )


def space_moderators(space: Space) -> models.QuerySet[User]:
    """People told when reports hide a contribution: the space's moderators and
    administrators, and the organization's administrators."""
    return User.objects.filter(
        models.Q(
            space_roles__space=space,
            space_roles__role__in=[SpaceRole.Role.ADMIN, SpaceRole.Role.MODERATOR],
        )
        | models.Q(organization_admin_of__organization_id=space.organization_id)
    ).distinct()


def _notify_hidden(*, target: models.Model, space: Space, reports_count: int) -> None:
    # Imported here: notifications is a sibling app, and moderation must load without it
    # being ready first.
    from palabre.notifications.services import notify

    notify(
        event=HIDDEN_EVENT,
        target=target,
        recipients=space_moderators(space),
        data={"reports_count": reports_count},
    )


def report_create(
    *, reporter: User, target: models.Model, reason: str, details: str = ""
) -> Report:
    """Report a contribution, once per person.

    When the number of reports reaches the organization's `report_hide_threshold`, the
    contribution is hidden until a moderator looks at it and the space's moderators are told
    (a threshold of 0 turns automatic hiding off).
    The moderation row stays locked from counting to hiding, so that simultaneous reports
    each count once and the contribution is hidden once.
    """
    _require_active_person(reporter)
    if not can(reporter, "view", target):
        raise PermissionDenied(_("You are not allowed to do this."))
    if hideable.author_id_of(target) == reporter.pk:
        raise ValidationError(_("You cannot report your own contribution."))
    reason, details = _clean_reason_and_details(reason, details)
    space = resource_space(target)
    threshold = space.organization.report_hide_threshold
    limits.enforce(organization=space.organization, kind="reports", user=reporter)
    with transaction.atomic():
        moderation = _locked_moderation(target, space)
        if Report.objects.filter(
            reporter=reporter,
            content_type_id=moderation.content_type_id,
            object_id=moderation.object_id,
        ).exists():
            raise ValidationError(_("You have already reported this contribution."))
        report = Report.objects.create(
            reporter=reporter,
            content_type_id=moderation.content_type_id,
            object_id=moderation.object_id,
            space=space,
            moderation=moderation,
            reason=reason,
            details=details,
        )
        Moderation.objects.filter(pk=moderation.pk).update(reports_count=F("reports_count") + 1)
        moderation.refresh_from_db(fields=["reports_count"])
        if (
            threshold
            and moderation.reports_count >= threshold
            and moderation.hidden_at is None
            and moderation.reviewed_at is None
        ):
            moderation.hidden_at = timezone.now()
            moderation.hidden_by = None
            moderation.hidden_reason = ""
            moderation.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
            hideable.visibility_changed(type(target), [target.pk], visible=False)
            _notify_hidden(target=target, space=space, reports_count=moderation.reports_count)
        else:
            moderation.save(update_fields=["updated_at"])
        limits.record(organization=space.organization, kind="reports", user=reporter)
    return report


def resource_hide(*, actor: User, target: models.Model, reason: str = "") -> Moderation:
    """Hide a contribution everywhere (moderators of its space)."""
    require(actor, "moderate", target)
    space = resource_space(target)
    reason = (reason or "").strip()
    if len(reason) > JUSTIFICATION_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Keep the reason under %(max)d characters.")
                % {"max": JUSTIFICATION_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        moderation = _locked_moderation(target, space)
        if moderation.hidden_at is not None:
            raise ValidationError(_("This contribution is already hidden."))
        moderation.hidden_at = timezone.now()
        moderation.hidden_by = actor
        moderation.hidden_reason = reason
        moderation.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
        hideable.visibility_changed(type(target), [target.pk], visible=False)
        log_action(
            actor=actor, action="hide", resource=target, space=space, data={"reason": reason}
        )
    return moderation


def resource_unhide(*, actor: User, target: models.Model) -> Moderation:
    """Show a hidden contribution again; a moderator judged it acceptable, so reports no
    longer hide it by themselves."""
    require(actor, "moderate", target)
    space = resource_space(target)
    with transaction.atomic():
        moderation = _locked_moderation(target, space)
        if moderation.hidden_at is None:
            raise ValidationError(_("This contribution is not hidden."))
        moderation.hidden_at = None
        moderation.hidden_by = None
        moderation.hidden_reason = ""
        moderation.reviewed_at = timezone.now()
        moderation.save(
            update_fields=["hidden_at", "hidden_by", "hidden_reason", "reviewed_at", "updated_at"]
        )
        hideable.visibility_changed(type(target), [target.pk], visible=True)
        log_action(actor=actor, action="unhide", resource=target, space=space)
    return moderation


def user_report_create(
    *, reporter: User, reported: User, reason: str, details: str = ""
) -> UserReport:
    """Report a participant, once per person."""
    _require_active_person(reporter)
    if reported.pk == reporter.pk:
        raise ValidationError(_("You cannot report yourself."))
    if reported.is_deleted:
        raise ValidationError(_("This account no longer exists."))
    reason, details = _clean_reason_and_details(reason, details)
    try:
        with transaction.atomic():
            return UserReport.objects.create(
                reporter=reporter, reported=reported, reason=reason, details=details
            )
    except IntegrityError:
        raise ValidationError(_("You have already reported this participant.")) from None


def user_report_by_nickname(
    *, reporter: User, organization, nickname: str, reason: str, details: str = ""
) -> UserReport | None:
    """Report the participant of `organization` who has this nickname, once per person.

    Nicknames are not public (no page lists them), so whether one belongs to someone must
    not show: an unknown nickname, a deleted account, a person of another organization and
    a person already reported all get the answer a new report gets, and nothing more is
    recorded (None). Only the reporter's own nickname and invalid fields are refused.
    """
    _require_active_person(reporter)
    nickname = (nickname or "").strip().lstrip("@")
    if nickname.lower() == (reporter.nickname or "").lower():
        raise ValidationError(_("You cannot report yourself."))
    reason, details = _clean_reason_and_details(reason, details)
    reported = User.objects.filter(
        nickname__iexact=nickname, organization=organization, deleted_at__isnull=True
    ).first()
    if reported is None:
        return None
    try:
        return user_report_create(
            reporter=reporter, reported=reported, reason=reason, details=details
        )
    except ValidationError:
        return None


def _hide_authored_content(*, actor: User, user: User, organization_id: int) -> int:
    """Hide every registered contribution `user` wrote in the spaces of the organization.

    One query per registered model to find them, then the missing moderation rows are
    created and the visible ones hidden in bulk.
    """
    now = timezone.now()
    hidden = 0
    for model, author_field in hideable.registered().items():
        content_type = ContentType.objects.get_for_model(model)
        rows = list(
            model._default_manager.filter(
                **{author_field: user, "component__space__organization_id": organization_id}
            ).values_list("pk", "component__space_id")
        )
        if not rows:
            continue
        Moderation.objects.bulk_create(
            [
                Moderation(content_type=content_type, object_id=pk, space_id=space_id)
                for pk, space_id in rows
            ],
            ignore_conflicts=True,
        )
        # Locked, so that what is told as newly hidden is exactly what this update hides.
        newly_hidden = list(
            Moderation.objects.select_for_update()
            .filter(
                content_type=content_type,
                object_id__in=[pk for pk, _space in rows],
                hidden_at=None,
            )
            .order_by("pk")
            .values_list("pk", "object_id")
        )
        if not newly_hidden:
            continue
        hidden += Moderation.objects.filter(pk__in=[pk for pk, _id in newly_hidden]).update(
            hidden_at=now,
            hidden_by=actor,
            hidden_reason=str(_("The author was blocked.")),
            updated_at=now,
        )
        hideable.visibility_changed(
            model, [object_id for _pk, object_id in newly_hidden], visible=False
        )
    return hidden


def user_block(
    *, actor: User, user: User, justification: str, hide_content: bool = False
) -> UserBlock:
    """Block a participant (organization administrators of the person's organization).

    The person can no longer act and shows as "Blocked participant"; with `hide_content`,
    everything they wrote in this organization's spaces is hidden too.
    """
    if user.organization_id is None:
        raise PermissionDenied(_("You are not allowed to do this."))
    require(actor, "admin", user.organization)
    errors = FieldErrors()
    justification = (justification or "").strip()
    if not justification:
        errors.add("justification", _("Explain why this participant is blocked."))
    elif len(justification) > JUSTIFICATION_MAX_LENGTH:
        errors.add(
            "justification",
            _("Keep the justification under %(max)d characters.")
            % {"max": JUSTIFICATION_MAX_LENGTH},
        )
    if user.pk == actor.pk:
        errors.add("__all__", _("You cannot block yourself."))
    errors.raise_if_any()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.blocked_at is not None:
            raise ValidationError(_("This participant is already blocked."))
        log_action(
            actor=actor,
            action="block",
            organization=user.organization,
            resource=locked,
            resource_type="user",
            data={"justification": justification, "hide_content": hide_content},
        )
        block = UserBlock.objects.create(
            user=locked, blocked_by=actor, justification=justification, hide_content=hide_content
        )
        locked.blocked_at = block.created_at
        locked.save(update_fields=["blocked_at"])
        if hide_content:
            _hide_authored_content(actor=actor, user=locked, organization_id=user.organization_id)
    user.blocked_at = locked.blocked_at
    return block


def user_unblock(*, actor: User, user: User) -> None:
    """Lift a participant's block. Contributions hidden with it stay hidden: moderators
    show again, one by one, those they find acceptable."""
    if user.organization_id is None:
        raise PermissionDenied(_("You are not allowed to do this."))
    require(actor, "admin", user.organization)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.blocked_at is None:
            raise ValidationError(_("This participant is not blocked."))
        now = timezone.now()
        UserBlock.objects.filter(user=locked, lifted_at__isnull=True).update(lifted_at=now)
        locked.blocked_at = None
        locked.save(update_fields=["blocked_at"])
        log_action(
            actor=actor,
            action="unblock",
            organization=user.organization,
            resource=locked,
            resource_type="user",
        )
    user.blocked_at = None
