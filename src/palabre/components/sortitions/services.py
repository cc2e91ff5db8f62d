"""Writes of the sortitions component: draws of proposals and citizen panels.

Every function checks that the person may administer the component, validates everything
before writing, writes in one transaction (locking the row a second request could change at
the same time) and leaves an entry in the action log. A draw, once made, is never changed:
it can only be cancelled with a reason, and stays visible.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.components.sortitions import lottery
from palabre.components.sortitions.models import ProposalDraw
from palabre.components.sortitions.selectors import draw_candidate_ids
from palabre.core.models import Component, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.core.translations import clean_translations
from palabre.core.validation import FieldErrors, clean_title_and_body

DRAWN_EVENT = "sortitions.drawn"
CANCELLED_EVENT = "sortitions.cancelled"
PUBLIC_VALUE_MAX = 200


def _request_time():
    """(now, the time of the request as published): the next whole second, so that every
    candidate read now was published before the published time."""
    now = timezone.now()
    stamp = now.replace(microsecond=0)
    return now, stamp + timedelta(seconds=1) if stamp < now else stamp


def _clean_public_value(value, errors: FieldErrors, *, required: bool) -> str:
    value = (value or "").strip()
    if len(value) > PUBLIC_VALUE_MAX:
        errors.add(
            "public_value",
            _("The public value is too long (at most %(max)d characters).")
            % {"max": PUBLIC_VALUE_MAX},
        )
    elif required and not value:
        errors.add("public_value", _("Enter the public value."))
    return value


def _notify_on_commit(*, event: str, target, actor: User) -> None:
    """Followers of the target and of its space learn about it once the change is saved."""
    from palabre.notifications.services import notify_followers

    transaction.on_commit(lambda: notify_followers(event=event, target=target, actor=actor))


# Draws of proposals ---------------------------------------------------------------
def _draw(draw: ProposalDraw) -> None:
    """Fill in the seed and the selected ids from the published inputs."""
    inputs = draw.inputs()
    draw.seed = lottery.seed_of(inputs).hex()
    draw.selected = lottery.replay(inputs)
    draw.drawn_at = timezone.now()


def draw_create(
    *,
    actor: User,
    component: Component,
    title: dict,
    proposals_component: Component,
    count: int,
    description: dict | None = None,
    category=None,
    scope=None,
    value_source: dict | None = None,
    public_value: str = "",
) -> ProposalDraw:
    """Publish a draw of `count` proposals among the candidates of `proposals_component` (a
    proposals component of the same space), optionally of one category or scope.

    The candidates are those at the time of the request, which is part of the inputs. With a
    `public_value` (fixed in advance, in public) the draw is made at once; without it the
    draw waits for `draw_enter_value`, its candidates already published.
    """
    require(actor, "admin", component)
    organization = component.space.organization
    errors = FieldErrors()
    cleaned = clean_title_and_body(organization, errors=errors, title=title, body=description)
    with errors.collect("value_source"):
        cleaned["value_source"] = clean_translations(
            value_source,
            languages=organization.locales,
            max_length=500,
            field_label=_("Where the public value comes from"),
        )
    if (
        proposals_component is None
        or proposals_component.manifest_name != "proposals"
        or proposals_component.space_id != component.space_id
    ):
        errors.add("proposals_component", _("Choose a proposals component of this space."))
    elif category is not None and category.component_id != proposals_component.pk:
        errors.add("category", _("This category belongs to another component."))
    elif scope is not None and scope.component_id != proposals_component.pk:
        errors.add("scope", _("This scope belongs to another component."))
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        errors.add("count", _("Draw at least one proposal."))
    public_value = _clean_public_value(public_value, errors, required=False)
    errors.raise_if_any()
    with transaction.atomic():
        now, requested_at = _request_time()
        candidates = draw_candidate_ids(
            proposals_component=proposals_component, category=category, scope=scope, before=now
        )
        if not candidates:
            raise ValidationError(
                {"proposals_component": [_("There is no proposal to draw among.")]}
            )
        if count > len(candidates):
            raise ValidationError(
                {
                    "count": [
                        _("There are only %(candidates)d candidates: draw %(candidates)d at most.")
                        % {"candidates": len(candidates)}
                    ]
                }
            )
        draw = ProposalDraw(
            component=component,
            title=cleaned["title"],
            description=cleaned["body"],
            proposals_component=proposals_component,
            category=category,
            scope=scope,
            count=count,
            value_source=cleaned["value_source"],
            public_value=public_value,
            requested_at=requested_at,
            candidates=candidates,
            created_by=actor,
        )
        if public_value:
            _draw(draw)
        draw.save()
        log_action(
            actor=actor,
            action="create_draw",
            resource=draw,
            space=component.space,
            data={"candidates": len(candidates), "count": count, "selected": draw.selected},
        )
        if draw.is_drawn:
            _notify_on_commit(event=DRAWN_EVENT, target=draw, actor=actor)
    return draw


def draw_enter_value(*, actor: User, draw: ProposalDraw, public_value: str) -> ProposalDraw:
    """Enter the public value of a draw that waits for it, which makes the draw."""
    component = draw.component
    require(actor, "admin", component)
    errors = FieldErrors()
    public_value = _clean_public_value(public_value, errors, required=True)
    errors.raise_if_any()
    with transaction.atomic():
        locked = ProposalDraw.objects.select_for_update().get(pk=draw.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This draw was cancelled."))
        if locked.is_drawn:
            raise ValidationError(_("This draw was already made; it cannot be made again."))
        locked.component = component
        locked.public_value = public_value
        _draw(locked)
        locked.save()
        log_action(
            actor=actor,
            action="make_draw",
            resource=locked,
            space=component.space,
            data={"public_value": public_value, "selected": locked.selected},
        )
        _notify_on_commit(event=DRAWN_EVENT, target=locked, actor=actor)
    return locked


def draw_cancel(*, actor: User, draw: ProposalDraw, reason: dict) -> ProposalDraw:
    """Cancel a draw with a reason; it stays listed, marked cancelled, with its inputs."""
    component = draw.component
    require(actor, "admin", component)
    organization = component.space.organization
    errors = FieldErrors()
    with errors.collect("reason"):
        reason = clean_translations(
            reason,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=1000,
            field_label=_("Reason"),
        )
    errors.raise_if_any()
    with transaction.atomic():
        locked = ProposalDraw.objects.select_for_update().get(pk=draw.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This draw is already cancelled."))
        locked.component = component
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason
        locked.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
        log_action(
            actor=actor,
            action="cancel_draw",
            resource=locked,
            space=component.space,
            data={"reason": reason},
        )
        _notify_on_commit(event=CANCELLED_EVENT, target=locked, actor=actor)
    return locked
