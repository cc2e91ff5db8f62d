"""Typed component settings and the one resolver for the settings in force.

A component's `settings` JSON is `{"global": {...}, "default_step": {...}, "steps": {id: {...}}}`.
`current_settings` returns the global values plus the step values of the active step (or the
default step when none is active), every missing key filled with its declared default.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import clean_translations

SETTING_TYPES = {"boolean", "integer", "decimal", "string", "text", "translated", "choice"}


@dataclass(frozen=True)
class Setting:
    name: str
    type: str
    default: Any
    label: Any = ""
    help_text: Any = ""
    choices: tuple[tuple[str, Any], ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    rich: bool = False

    def __post_init__(self) -> None:
        if self.type not in SETTING_TYPES:
            raise ValueError(f"Unknown setting type {self.type!r} for {self.name!r}")

    def clean(self, value: Any, *, languages: list[str]) -> Any:
        """Coerce and validate one value; raise ValidationError with a clear message."""
        label = self.label or self.name
        if self.type == "boolean":
            if isinstance(value, bool):
                return value
            if value in (None, "", "0", "false", "off", 0):
                return False
            if value in ("1", "true", "on", 1):
                return True
            raise ValidationError(_("%(label)s must be yes or no."), params={"label": label})
        if self.type == "integer":
            if value in (None, ""):
                return self.default
            try:
                number = int(value)
            except (TypeError, ValueError) as error:
                raise ValidationError(
                    _("%(label)s must be a whole number."), params={"label": label}
                ) from error
            self._check_bounds(number, label)
            return number
        if self.type == "decimal":
            if value in (None, ""):
                return self.default
            try:
                number = Decimal(str(value))
            except InvalidOperation as error:
                raise ValidationError(
                    _("%(label)s must be a number."), params={"label": label}
                ) from error
            self._check_bounds(number, label)
            return str(number)
        if self.type == "choice":
            allowed = [key for key, _label in self.choices]
            if value not in allowed:
                raise ValidationError(
                    _("%(label)s: choose one of the proposed values."), params={"label": label}
                )
            return value
        if self.type == "translated":
            return clean_translations(value or {}, languages=languages, rich=self.rich)
        if value is None:
            return ""
        return str(value).strip()

    def _check_bounds(self, number, label) -> None:
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(
                _("%(label)s must be at least %(min)s."),
                params={"label": label, "min": self.min_value},
            )
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(
                _("%(label)s must be at most %(max)s."),
                params={"label": label, "max": self.max_value},
            )


class ResolvedSettings(dict):
    """Settings as attributes: `settings.creation_enabled`."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(name) from error


def defaults(schema: tuple[Setting, ...]) -> dict[str, Any]:
    return {setting.name: setting.default for setting in schema}


def global_settings(component) -> ResolvedSettings:
    manifest = component.manifest
    stored = (component.settings or {}).get("global", {})
    values = defaults(manifest.global_settings)
    values.update({k: v for k, v in stored.items() if k in values})
    return ResolvedSettings(values)


def step_settings(component, step_id: int | None) -> ResolvedSettings:
    """The per-step settings of one step (`None`: the default step)."""
    manifest = component.manifest
    data = component.settings or {}
    values = defaults(manifest.step_settings)
    # Each step holds a whole set of values, as the backoffice shows them; the default step
    # serves only when no step is active (or the space has no steps).
    if step_id is None:
        stored = data.get("default_step", {})
    else:
        stored = data.get("steps", {}).get(str(step_id), {})
    values.update({k: v for k, v in stored.items() if k in values})
    return ResolvedSettings(values)


def current_settings(component, active_step=None) -> ResolvedSettings:
    """Global settings plus the settings of the active step (else the default step).

    Pass `active_step` when the caller already has it, so a page listing many components of
    one space reads the active step once.
    """
    if active_step is not None:
        step_id = active_step.pk
    elif hasattr(component.space, "active_step_id"):
        step_id = component.space.active_step_id  # annotated by the selector that loaded it
    else:
        step = _active_step(component.space)
        step_id = step.pk if step else None
    values = global_settings(component)
    values.update(step_settings(component, step_id))
    return values


def _active_step(space):
    cache = getattr(space, "_active_step_cache", None)
    if cache is None:
        step = space.steps.filter(active=True).first()
        space._active_step_cache = (step,)
        return step
    return cache[0]


def validate_settings(manifest, data: dict, *, step_ids: list[int], languages: list[str]) -> dict:
    """Check a whole settings document against the manifest and return it normalized.

    Errors are collected per field key (`global.name`, `default_step.name`,
    `steps.<id>.name`) so that a form can show each next to its input.
    """
    errors: dict[str, list] = {}
    result: dict[str, Any] = {"global": {}, "default_step": {}, "steps": {}}

    def clean_group(schema, values, prefix, target):
        for setting in schema:
            raw = values.get(setting.name, setting.default)
            try:
                target[setting.name] = setting.clean(raw, languages=languages)
            except ValidationError as error:
                errors.setdefault(f"{prefix}.{setting.name}", []).extend(error.messages)

    data = data or {}
    clean_group(manifest.global_settings, data.get("global", {}), "global", result["global"])
    clean_group(
        manifest.step_settings, data.get("default_step", {}), "default_step", result["default_step"]
    )
    for step_id in step_ids:
        target: dict[str, Any] = {}
        clean_group(
            manifest.step_settings,
            data.get("steps", {}).get(str(step_id), {}),
            f"steps.{step_id}",
            target,
        )
        result["steps"][str(step_id)] = target
    check = getattr(manifest, "check_settings", None)
    if check is not None and not errors:
        for key, message in check(result["global"]).items():
            errors.setdefault(key, []).append(str(message))
    unknown_steps = set(data.get("steps", {})) - {str(s) for s in step_ids}
    if unknown_steps:
        errors.setdefault("steps", []).append(str(_("These steps do not belong to the space.")))
    if errors:
        raise ValidationError(errors)
    return result
