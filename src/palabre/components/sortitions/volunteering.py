"""The call for volunteers of a citizen panel: administrators open and close it; while it is
open, people register on the site themselves, answering the features the quotas name, and
may withdraw. The pool then holds them beside the people imported from a file.

A volunteer who registers gets their pseudonymous number at once, on the panel's page only
they see; their name and contact, like those of imported people, are seen by the space's
administrators only.
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from palabre.components.sortitions.models import Panel, Volunteer
from palabre.components.sortitions.services import (
    POOL_MAX,
    _locked_panel,
    _require_not_frozen,
    _results_forgotten,
)
from palabre.core.models import User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.core.validation import FieldErrors

NAME_MAX = 200
CONTACT_MAX = 254


def call_features(panel: Panel) -> dict[str, list[str]]:
    """The questions of the registration form: each feature the quotas name, with its
    values in the quotas' order."""
    features: dict[str, list[str]] = {}
    for feature, value in panel.quotas.values_list("feature", "value"):
        features.setdefault(feature, []).append(value)
    return features


def panel_call_set(*, actor: User, panel: Panel, open: bool) -> Panel:
    """Open or close the call for volunteers. It opens only on a panel with quotas (they
    name what the form asks) whose distribution is not published; while it is open the
    distribution cannot be computed, since the pool may still change."""
    component = panel.component
    require(actor, "admin", component)
    with transaction.atomic():
        locked = _locked_panel(panel)
        if open:
            _require_not_frozen(locked)
            if locked.status == Panel.Status.COMPUTING:
                raise ValidationError(
                    _("The distribution is being computed: wait for it before opening the call.")
                )
            if not locked.quotas.exists():
                raise ValidationError(
                    _("Import the quotas first: the registration form asks the features they name.")
                )
        if locked.call_open == open:
            return locked
        locked.call_open = open
        locked.save(update_fields=["call_open", "updated_at"])
        log_action(
            actor=actor, action="open_call" if open else "close_call", resource=locked,
            space=component.space,
        )  # fmt: skip
    return locked


def _clean_registration(panel: Panel, *, name, contact, features, consent) -> dict:
    errors = FieldErrors()
    name = (name or "").strip()
    contact = (contact or "").strip()
    if not name:
        errors.add("name", _("Enter your name."))
    elif len(name) > NAME_MAX:
        errors.add("name", _("The name is too long (at most %(max)d characters).") % {
            "max": NAME_MAX})  # fmt: skip
    if not contact:
        errors.add("contact", _("Enter the email address where we can reach you."))
    elif len(contact) > CONTACT_MAX:
        errors.add("contact", _("The address is too long."))
    else:
        try:
            validate_email(contact)
        except ValidationError:
            errors.add("contact", _("Enter a valid email address."))
    answers = {}
    features = features or {}
    for index, (feature, values) in enumerate(call_features(panel).items()):
        value = features.get(feature) or ""
        if value not in values:
            errors.add(f"feature_{index}", _("Choose one of the answers."))
        else:
            answers[feature] = value
    if not consent:
        errors.add("consent", _("Your agreement is needed to be in the pool."))
    errors.raise_if_any()
    return {"name": name, "contact": contact, "features": answers}


def panel_volunteer(
    *, user: User, panel: Panel, name: str, contact: str, features: dict, consent: bool
) -> Volunteer:
    """Register `user` in the panel's pool, with a new random pseudonymous number. Once per
    person and panel; a computed distribution (if any) is forgotten, the pool having
    changed."""
    require(user, "volunteer", panel)
    cleaned = _clean_registration(
        panel, name=name, contact=contact, features=features, consent=consent
    )
    try:
        with transaction.atomic():
            locked = _locked_panel(panel)
            if not locked.is_calling:
                raise ValidationError(_("The call for volunteers of this panel is closed."))
            if locked.volunteers.filter(user=user).exists():
                raise ValidationError(_("You are already in this panel's pool."))
            taken = set(locked.volunteers.values_list("number", flat=True))
            if len(taken) >= POOL_MAX:
                raise ValidationError(_("The pool is full."))
            number = secrets.choice(range(100_000, 1_000_000))
            while number in taken:
                number = secrets.choice(range(100_000, 1_000_000))
            volunteer = Volunteer.objects.create(
                panel=locked, number=number, source=Volunteer.Source.SITE, user=user, **cleaned
            )
            if locked.status != Panel.Status.DRAFT:
                _results_forgotten(locked)
                locked.save()
    except IntegrityError:
        # The same person sending the form twice at once: the first registration stands.
        raise ValidationError(_("You are already in this panel's pool.")) from None
    return volunteer


def panel_volunteer_withdraw(*, user: User, panel: Panel) -> None:
    """Take `user` out of the pool while the call is open (afterwards, the organizers
    must be asked: the pool is being used)."""
    with transaction.atomic():
        locked = _locked_panel(panel)
        if not locked.is_calling:
            raise ValidationError(
                _("The call is closed: ask the organizers to take you out of the pool.")
            )
        deleted, _rows = locked.volunteers.filter(user=user).delete()
        if not deleted:
            raise ValidationError(_("You are not in this panel's pool."))
        if locked.status != Panel.Status.DRAFT:
            _results_forgotten(locked)
            locked.save()
