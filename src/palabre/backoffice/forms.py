"""Forms of the backoffice. They only parse and present input: rules live in the services,
whose ValidationErrors are put back next to the matching input by `add_service_errors`."""

import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from palabre.core.models import SpaceRole
from palabre.core.registry import components as component_registry
from palabre.core.translations import TranslatedFormField
from palabre.core.validators import image_help_text


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BackofficeForm(forms.Form):
    """Translated inputs follow the organization's languages; read-only people see every
    input disabled (Django then ignores whatever such a form would post)."""

    def __init__(self, *args, languages: list[str], read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, TranslatedFormField):
                field.set_languages(languages)
        if read_only:
            for field in self.fields.values():
                field.disabled = True


def add_service_errors(form: forms.Form, error: ValidationError, field_map=None) -> None:
    """Show each message of a service's ValidationError next to its input, the others on top."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, messages in error.message_dict.items():
        name = field_map.get(key, key)
        form.add_error(name if name in form.fields else None, messages)


class OrganizationForm(BackofficeForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    reference_prefix = forms.CharField(
        label=_("Reference prefix"),
        max_length=12,
        help_text=_("Starts the public reference of every contribution, e.g. CITY-PROP-2026-42."),
    )
    default_locale = forms.ChoiceField(label=_("Default language"), choices=settings.LANGUAGES)
    available_locales = forms.MultipleChoiceField(
        label=_("Available languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(label=_("Time zone"))
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        help_text=_(
            "Three letters, such as EUR: the currency of proposals' costs, and the one first "
            "offered for a new budget."
        ),
    )
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=format_lazy(
            "{} {}", image_help_text(), _("Leave empty to keep the current logo.")
        ),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )
    primary_color = forms.CharField(
        label=_("Main colour"), widget=forms.TextInput(attrs={"type": "color"})
    )
    secondary_color = forms.CharField(
        label=_("Second colour"), widget=forms.TextInput(attrs={"type": "color"})
    )
    description = TranslatedFormField(label=_("Welcome text"), rich=True, required=False)
    announcement = TranslatedFormField(
        label=_("Announcement"),
        rich=True,
        required=False,
        help_text=_("Shown above every page of the site. Leave empty to show none."),
    )
    staff_idle_minutes = forms.IntegerField(
        label=_("Sign staff out after (minutes without activity)"),
        min_value=5,
        max_value=24 * 60,
        help_text=_("People who hold a role in the administration. Between 5 and 1,440."),
    )
    participant_idle_minutes = forms.IntegerField(
        label=_("Sign participants out after (minutes without activity)"),
        min_value=5,
        max_value=14 * 24 * 60,
        help_text=_(
            "Everyone else. Between 5 and 20,160 (14 days); 10,080 is a week. Whatever the "
            "activity, everyone signs in again after the number of days the platform's "
            "operator sets (14 unless changed)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [
            (name, name) for name in sorted(zoneinfo.available_timezones())
        ]


class SpaceForm(BackofficeForm):
    title = TranslatedFormField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        help_text=_("Letters, digits and dashes, e.g. budget-2026."),
    )
    subtitle = TranslatedFormField(label=_("Subtitle"), max_length=200, required=False)
    short_description = TranslatedFormField(label=_("Short description"), rich=True, required=False)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    announcement = TranslatedFormField(
        label=_("Announcement"),
        rich=True,
        required=False,
        help_text=_("Shown at the top of the space's pages. Leave empty to show none."),
    )
    hero_image = forms.FileField(
        label=_("Main image"),
        required=False,
        help_text=format_lazy(
            "{} {}", image_help_text(), _("Leave empty to keep the current image.")
        ),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )
    reference_code = forms.CharField(label=_("Reference code"), max_length=40, required=False)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput)
    promoted = forms.BooleanField(label=_("Promoted on the home page"), required=False)
    private = forms.BooleanField(
        label=_("Private"), required=False, help_text=_("Only members can see it.")
    )
    transparent = forms.BooleanField(
        label=_("Transparent"),
        required=False,
        help_text=_("A private space everyone can read; only members can take part."),
    )
    automatic_steps = forms.BooleanField(
        label=_("The active step follows the calendar"),
        required=False,
        help_text=_("Activating a step by hand turns this off."),
    )

    def __init__(self, *args, space_type, **kwargs):
        super().__init__(*args, **kwargs)
        if not space_type.has_steps:
            del self.fields["automatic_steps"]
        languages = kwargs["languages"]
        read_only = kwargs.get("read_only", False)
        self.metadata_keys = []
        for key, label in space_type.metadata_fields:
            field = TranslatedFormField(label=label, required=False, disabled=read_only)
            field.set_languages(languages)
            self.fields[f"metadata_{key}"] = field
            self.metadata_keys.append(key)

    def service_fields(self) -> dict:
        """The cleaned data in the shape `space_create`/`space_update` take."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith("metadata_")
        }
        if not data.get("hero_image"):
            data.pop("hero_image", None)
        data["metadata"] = {key: self.cleaned_data[f"metadata_{key}"] for key in self.metadata_keys}
        return data

    @staticmethod
    def initial_from(space) -> dict:
        initial = {
            name: getattr(space, name)
            for name in (
                "title", "slug", "subtitle", "short_description", "description",
                "announcement", "reference_code", "start_date", "end_date", "promoted",
                "private", "transparent", "automatic_steps",
            )
        }  # fmt: skip
        for key, value in (space.metadata or {}).items():
            initial[f"metadata_{key}"] = value
        return initial


class AnnouncementForm(BackofficeForm):
    announcement = TranslatedFormField(
        label=_("Announcement"),
        rich=True,
        required=False,
        help_text=_("Shown at the top of the space's pages. Leave empty to show none."),
    )


class StepForm(BackofficeForm):
    title = TranslatedFormField(label=_("Title"), max_length=200)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput)
    cta_text = TranslatedFormField(label=_("Call to action"), max_length=80, required=False)
    cta_path = forms.CharField(
        label=_("Call to action address"),
        max_length=200,
        required=False,
        help_text=_("An address on this site, starting with /."),
    )


class ComponentCreateForm(BackofficeForm):
    manifest_name = forms.ChoiceField(label=_("Type"), widget=forms.RadioSelect)
    name = TranslatedFormField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the name of the type."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manifest_name"].choices = [
            (manifest.name, manifest.label) for manifest in component_registry.all()
        ]


def _setting_field(setting, languages: list[str]) -> forms.Field:
    """An input for one declared setting. Values reach `validate_settings` raw, so that the
    manifest's own rules (and messages) decide what is valid."""
    common = {"label": setting.label or setting.name, "help_text": setting.help_text}
    if setting.type == "boolean":
        return forms.BooleanField(required=False, **common)
    if setting.type in {"integer", "decimal"}:
        attrs = {"step": "1" if setting.type == "integer" else "any"}
        if setting.min_value is not None:
            attrs["min"] = setting.min_value
        if setting.max_value is not None:
            attrs["max"] = setting.max_value
        return forms.CharField(required=False, widget=forms.NumberInput(attrs=attrs), **common)
    if setting.type == "choice":
        return forms.CharField(
            required=False, widget=forms.Select(choices=setting.choices), **common
        )
    if setting.type == "translated":
        field = TranslatedFormField(rich=setting.rich, required=False, **common)
        field.set_languages(languages)
        return field
    widget = forms.Textarea if setting.type == "text" else forms.TextInput
    return forms.CharField(required=False, widget=widget, **common)


class ComponentSettingsForm(BackofficeForm):
    """Name, global settings and one section per step, generated from the manifest.

    Inputs are named `<group>__<setting>` where the group is `global`, `default_step` or
    `steps__<id>`: the error keys of `validate_settings` (`steps.<id>.<name>`) map onto them
    by swapping dots for double underscores.
    """

    name = TranslatedFormField(label=_("Name"), max_length=200)

    def __init__(self, *args, component, steps, **kwargs):
        super().__init__(*args, **kwargs)
        manifest = component.manifest
        languages = kwargs["languages"]
        read_only = kwargs.get("read_only", False)
        stored = component.settings or {}
        self.sections = []

        def add_section(key, title, schema, values):
            names = []
            for setting in schema:
                field = _setting_field(setting, languages)
                field.disabled = read_only
                field_name = f"{key.replace('.', '__')}__{setting.name}"
                self.fields[field_name] = field
                self.initial[field_name] = values.get(setting.name, setting.default)
                names.append(field_name)
            if names:
                self.sections.append({"id": key.replace(".", "-"), "title": title, "names": names})

        add_section(
            "global", _("Global settings"), manifest.global_settings, stored.get("global", {})
        )
        add_section(
            "default_step",
            _("When no step is active"),
            manifest.step_settings,
            stored.get("default_step", {}),
        )
        for step in steps:
            add_section(
                f"steps.{step.pk}",
                gettext("Step: %(title)s") % {"title": step},
                manifest.step_settings,
                stored.get("steps", {}).get(str(step.pk), {}),
            )
        self.step_ids = [step.pk for step in steps]

    def section_fields(self):
        """Sections with their bound fields, for the template."""
        return [
            {**section, "fields": [self[name] for name in section["names"]]}
            for section in self.sections
        ]

    def settings_document(self) -> dict:
        document: dict = {"global": {}, "default_step": {}, "steps": {}}
        for name, value in self.cleaned_data.items():
            parts = name.split("__")
            if parts[0] == "global" or parts[0] == "default_step":
                document[parts[0]][parts[1]] = value
            elif parts[0] == "steps":
                document["steps"].setdefault(parts[1], {})[parts[2]] = value
        return document

    @staticmethod
    def error_field(key: str) -> str:
        return key.replace(".", "__")


class RoleForm(BackofficeForm):
    email = forms.EmailField(label=_("Email of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=SpaceRole.Role.choices)


class MemberForm(BackofficeForm):
    email = forms.EmailField(label=_("Email of the person"))


class MemberImportForm(BackofficeForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("One person per line, in a column named “email”. UTF-8, at most 2 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ActionLogFilterForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    space = forms.TypedChoiceField(label=_("Space"), required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label=_("Action"), required=False)
    resource_type = forms.ChoiceField(label=_("Type of item"), required=False)

    def __init__(self, *args, choices: dict, action_label, resource_type_label, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        self.fields["user"].choices = everyone + [
            (person.pk, f"{person.display_name} ({person.email})") for person in choices["people"]
        ]
        self.fields["space"].choices = everyone + [
            (space.pk, str(space)) for space in choices["spaces"]
        ]
        self.fields["action"].choices = everyone + [
            (action, action_label(action)) for action in choices["actions"]
        ]
        self.fields["resource_type"].choices = everyone + [
            (kind, resource_type_label(kind)) for kind in choices["resource_types"]
        ]
