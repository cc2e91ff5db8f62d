"""Per-action permissions: what `can()` asks the verifications app about an action.

`action_permission_check` is one of `core.permissions.action_checks`: for an action of a
component (or of one of its resources) it finds the rule administrators set
(`ActionPermission`), then the person's verifications, and answers None or a `Denied` that
says precisely why and what to do next — verify, wait for the review, renew, or nothing
(a postal code, an age or a district that does not match).

Costs: a component's rules are read once and kept with the site's structure (the model is
watched, so an edit is seen at once by every process); the person's verifications are read
once per request (`selectors.verification_statuses`, kept on the person) and only when an
action they ask about has a rule; metadata are decrypted once per verification and request.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from palabre.core import structure
from palabre.core.permissions import Denied

# Statuses that a new start of the method may change, and the label of that step.
_RESTART_LABELS = {
    "missing": _("Verify myself: %(method)s"),
    "expired": _("Renew my verification: %(method)s"),
    "revoked": _("Verify myself again: %(method)s"),
}


def component_rules(component) -> list[tuple[int | None, int | None, str, list]]:
    """Every rule of the component as (content type id, resource id, action, requirements):
    read once, then kept with the site's structure (an empty list is kept too)."""
    from palabre.verifications.action_permission_models import ActionPermission

    def load() -> list:
        return [
            tuple(row)
            for row in ActionPermission.objects.filter(component_id=component.pk).values_list(
                "resource_type_id", "resource_id", "action", "requirements"
            )
        ]

    return structure.cached(("action_permissions", component.pk), load)


def requirements_for(action: str, component, resource=None) -> list[dict]:
    """The requirements of `action` on `component` (on `resource`, when the component lets
    that resource have rules of its own: they then replace the component's)."""
    rules = component_rules(component)
    if not rules:
        return []
    if resource is not None and any(rule[0] is not None for rule in rules):
        manifest = component.manifest
        owner = (
            manifest.permission_resources.of(resource)
            if manifest is not None and manifest.permission_resources is not None
            else None
        )
        if owner is not None:
            model, resource_id = owner
            content_type_id = ContentType.objects.get_for_model(model).pk
            for type_id, object_id, name, requirements in rules:
                if type_id == content_type_id and object_id == resource_id and name == action:
                    return requirements
    for type_id, _object_id, name, requirements in rules:
        if type_id is None and name == action:
            return requirements
    return []


def action_label(component, action: str):
    manifest = component.manifest
    return dict(manifest.actions).get(action, action) if manifest is not None else action


def _metadata(verification) -> dict:
    from palabre.verifications.selectors import verification_metadata

    cached = getattr(verification, "_palabre_metadata", None)
    if cached is None:
        try:
            cached = verification_metadata(verification)
        except ValueError:  # unreadable with the configured keys: as if nothing was kept
            cached = {}
        verification._palabre_metadata = cached
    return cached


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day`; a birthday reached that very day counts."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _listed(values: list[str]) -> str:
    return ", ".join(values)


def option_denial(options: dict, metadata: dict, *, label) -> Denied | None:
    """Why the kept data do not meet the options of a requirement, or None."""
    codes = options.get("postal_codes")
    if codes:
        code = " ".join(str(metadata.get("postal_code") or "").upper().split())
        if code not in codes:
            return Denied(
                _("“%(action)s” is for residents of these postal codes: %(codes)s.")
                % {"action": label, "codes": _listed(codes)}
            )
    minimum = options.get("minimum_age")
    if minimum:
        on = _date(options["age_on"]) if options.get("age_on") else timezone.localdate()
        born = _date(metadata.get("birth_date") or "")
        if born is None or age_on(born, on) < minimum:
            if options.get("age_on"):
                return Denied(
                    _("“%(action)s” is for people aged %(age)s or older on %(date)s.")
                    % {"action": label, "age": minimum, "date": formats.date_format(on)}
                )
            return Denied(
                _("“%(action)s” is for people aged %(age)s or older.")
                % {"action": label, "age": minimum}
            )
    scopes = options.get("scopes")
    if scopes:
        scope = " ".join(str(metadata.get("scope") or "").split()).casefold()
        if scope not in {item.casefold() for item in scopes}:
            return Denied(
                _("“%(action)s” is for the people of these districts: %(scopes)s.")
                % {"action": label, "scopes": _listed(scopes)}
            )
    return None


def requirement_denial(requirement: dict, verification, *, label) -> Denied | None:
    """Why one requirement is not met by the person's verification of its method (None
    when it is met)."""
    from palabre.verifications.registry import method_start_url, methods

    name = requirement["method"]
    method = methods.get(name)
    method_label = method.label if method is not None else name
    status = verification.current_status if verification is not None else "missing"
    values = {"action": label, "method": method_label}
    index_url = reverse("verifications:index")
    if status == "granted":
        options = requirement.get("options") or {}
        return option_denial(options, _metadata(verification), label=label) if options else None
    if status == "pending":
        return Denied(
            _(
                "Your verification “%(method)s” is being reviewed: you can do “%(action)s” "
                "once it is granted."
            )
            % values,
            next_url=index_url,
            next_label=_("See my verifications"),
            next_returns=True,
        )
    if status == "rejected":
        return Denied(
            _("Your verification “%(method)s” was not accepted: “%(action)s” needs it.") % values,
            next_url=index_url,
            next_label=_("See why and try again"),
            next_returns=True,
        )
    reasons = {
        "missing": _("“%(action)s” is open to participants verified by “%(method)s”."),
        "expired": _("Your verification “%(method)s” has expired: renew it to do “%(action)s”."),
        "revoked": _(
            "Your verification “%(method)s” was withdrawn: verify yourself again to do "
            "“%(action)s”."
        ),
    }
    return Denied(
        reasons.get(status, reasons["missing"]) % values,
        next_url=method_start_url(name),
        next_label=_RESTART_LABELS.get(status, _RESTART_LABELS["missing"]) % values,
        next_returns=True,
    )


def action_permission_check(user, action: str, component, resource=None) -> Denied | None:
    """The check `core.permissions.action_checks` runs: None, or why not."""
    requirements = requirements_for(action, component, resource)
    if not requirements:
        return None
    label = action_label(component, action)
    if not getattr(user, "is_authenticated", False):
        return Denied(
            _("Sign in and verify yourself to do “%(action)s”: it is open to verified people.")
            % {"action": label}
        )
    from palabre.verifications.selectors import verification_statuses

    verifications = verification_statuses(user, component.space.organization_id)
    for requirement in requirements:
        denial = requirement_denial(
            requirement, verifications.get(requirement["method"]), label=label
        )
        if denial is not None:
            return denial
    return None


def connect() -> None:
    """Called once by the app's `ready()`: the check joins `can()`, the rules are kept with
    the site's structure, the activity log knows their sentences."""
    from palabre.core import permissions
    from palabre.verifications import action_permission_log  # noqa: F401
    from palabre.verifications.action_permission_models import ActionPermission

    if action_permission_check not in permissions.action_checks:
        permissions.action_checks.append(action_permission_check)
    structure.watch(ActionPermission)
