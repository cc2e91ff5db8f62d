"""Per-action permissions: the verifications an action of a component requires.

An `ActionPermission` names a component, an action its manifest declares and, where the
manifest allows it (`ComponentManifest.permission_resources`), one resource of it (a budget)
whose rule then replaces the component's for that resource. Its `requirements` are a list of
the verification methods required, all of them, each with its options:

    [{"method": "census", "options": {"postal_codes": ["31000", "31100"],
                                      "minimum_age": 16, "age_on": "2027-03-01",
                                      "scopes": ["Nord"]}}]

An option is offered only where the method keeps the data it checks (`metadata_fields`:
"postal_code", "birth_date", "scope"). `clean_requirements` validates and normalizes them,
and every save runs it: a rule that does not hold together is never written.
"""

import datetime
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.core.models import Component
from palabre.core.structure import WatchedManager

POSTAL_CODE = re.compile(r"^[0-9A-Z][0-9A-Z -]{1,9}$")
OPTION_FIELDS = {
    "postal_codes": "postal_code",
    "minimum_age": "birth_date",
    "age_on": "birth_date",
    "scopes": "scope",
}
MAX_LIST = 200


def _clean_list(value, *, name: str, pattern=None, errors: list) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[,;\n]", value)
    if not isinstance(value, list | tuple):
        errors.append(_("“%(option)s” must be a list.") % {"option": name})
        return []
    items = []
    for item in value:
        text = " ".join(str(item).split())
        if pattern is not None:
            text = text.upper()
        if not text:
            continue
        if len(text) > 100 or (pattern is not None and not pattern.match(text)):
            errors.append(_("“%(value)s” is not a valid postal code.") % {"value": text[:20]})
            continue
        if text not in items:
            items.append(text)
    if len(items) > MAX_LIST:
        errors.append(_("At most %(count)s values are allowed.") % {"count": MAX_LIST})
    return items


def clean_options(method, options) -> dict:
    """The options of one required method, normalized, or a ValidationError saying what is
    wrong (nothing is kept of a rule with an error)."""
    if not isinstance(options, dict):
        raise ValidationError(_("The options of a verification must be a mapping."))
    errors: list = []
    cleaned: dict = {}
    fields = set(getattr(method, "metadata_fields", ()))
    for name, value in options.items():
        if name not in OPTION_FIELDS:
            errors.append(_("“%(option)s” is not an option of verifications.") % {"option": name})
            continue
        if value in (None, "", [], ()):
            continue
        if OPTION_FIELDS[name] not in fields:
            errors.append(
                _("“%(method)s” does not check this: %(option)s.")
                % {"method": method.label, "option": name}
            )
            continue
        if name == "postal_codes":
            codes = _clean_list(value, name=name, pattern=POSTAL_CODE, errors=errors)
            if codes:
                cleaned[name] = codes
        elif name == "scopes":
            scopes = _clean_list(value, name=name, errors=errors)
            if scopes:
                cleaned[name] = scopes
        elif name == "minimum_age":
            try:
                age = int(value)
            except (TypeError, ValueError):
                age = -1
            if isinstance(value, bool) or not 1 <= age <= 120:
                errors.append(_("The minimum age must be a whole number from 1 to 120."))
            else:
                cleaned[name] = age
        elif name == "age_on":
            try:
                day = datetime.date.fromisoformat(str(value))
            except ValueError:
                errors.append(_("The date of the age must be a date (YYYY-MM-DD)."))
            else:
                cleaned[name] = day.isoformat()
    if "age_on" in cleaned and "minimum_age" not in cleaned:
        errors.append(_("A date for the age needs a minimum age."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_requirements(requirements, *, allowed: set[str] | None = None) -> list[dict]:
    """`requirements` normalized: each method known (and in `allowed`, when given) and
    named once, each with valid options. Raises ValidationError otherwise."""
    from palabre.verifications.registry import methods

    if not isinstance(requirements, list):
        raise ValidationError(_("The requirements must be a list."))
    cleaned, seen = [], set()
    for requirement in requirements:
        if not isinstance(requirement, dict) or not isinstance(requirement.get("method"), str):
            raise ValidationError(_("Each requirement names a verification method."))
        name = requirement["method"]
        method = methods.get(name)
        if method is None or (allowed is not None and name not in allowed):
            raise ValidationError(
                _("“%(method)s” is not a verification this site offers.") % {"method": name}
            )
        if name in seen:
            raise ValidationError(_("“%(method)s” is required twice.") % {"method": method.label})
        seen.add(name)
        cleaned.append(
            {"method": name, "options": clean_options(method, requirement.get("options") or {})}
        )
    return cleaned


class ActionPermission(models.Model):
    """The verifications one action of a component (or of one of its resources) requires."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="+")
    resource_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    resource_id = models.PositiveBigIntegerField(null=True, blank=True)
    action = models.CharField(gettext_lazy("action"), max_length=50)
    requirements = models.JSONField(
        gettext_lazy("required verifications"), default=list, blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = WatchedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["component", "action"],
                condition=Q(resource_type__isnull=True),
                name="action_permission_once_per_component",
            ),
            models.UniqueConstraint(
                fields=["component", "resource_type", "resource_id", "action"],
                condition=Q(resource_type__isnull=False),
                name="action_permission_once_per_resource",
            ),
            models.CheckConstraint(
                condition=Q(resource_type__isnull=True, resource_id__isnull=True)
                | Q(resource_type__isnull=False, resource_id__isnull=False),
                name="action_permission_resource_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.component_id})"

    def save(self, *args, **kwargs):
        self.requirements = clean_requirements(self.requirements)
        super().save(*args, **kwargs)
