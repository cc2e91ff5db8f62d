"""The form of one action's requirements: for each method the organization offers, whether
it is required and the options its data allow."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ActionPermissionForm(forms.Form):
    """Fields `<method>-required`, `<method>-postal_codes`, `<method>-minimum_age`,
    `<method>-age_on`, `<method>-scopes` (only the options the method can check)."""

    def __init__(self, *args, methods, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.methods = list(methods)
        current = {item["method"]: item.get("options") or {} for item in requirements}
        self.groups = []
        for method in self.methods:
            name = method.name
            options = current.get(name, {})
            fields = set(method.metadata_fields)
            self.fields[f"{name}-required"] = forms.BooleanField(
                label=_("Required"), required=False, initial=name in current
            )
            keys = [f"{name}-required"]
            if "postal_code" in fields:
                self.fields[f"{name}-postal_codes"] = forms.CharField(
                    label=_("Allowed postal codes"),
                    required=False,
                    max_length=3000,
                    help_text=_("Separated by commas; empty: any postal code."),
                    initial=", ".join(options.get("postal_codes", ())),
                )
                keys.append(f"{name}-postal_codes")
            if "birth_date" in fields:
                self.fields[f"{name}-minimum_age"] = forms.IntegerField(
                    label=_("Minimum age"),
                    required=False,
                    min_value=1,
                    max_value=120,
                    help_text=_("Empty: any age."),
                    initial=options.get("minimum_age"),
                )
                self.fields[f"{name}-age_on"] = forms.DateField(
                    label=_("Age reached on"),
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}),
                    help_text=_(
                        "The day the age is checked at (a birthday that day counts); empty: "
                        "the day of the action."
                    ),
                    initial=options.get("age_on"),
                )
                keys += [f"{name}-minimum_age", f"{name}-age_on"]
            if "scope" in fields:
                self.fields[f"{name}-scopes"] = forms.CharField(
                    label=_("Allowed districts"),
                    required=False,
                    max_length=3000,
                    help_text=_("Separated by commas, as the verification names them; empty: any."),
                    initial=", ".join(options.get("scopes", ())),
                )
                keys.append(f"{name}-scopes")
            self.groups.append((method, [self[key] for key in keys]))

    def requirements(self) -> list[dict]:
        """The requirements the form describes (validated again by the service)."""
        data = self.cleaned_data
        chosen = []
        for method in self.methods:
            name = method.name
            if not data.get(f"{name}-required"):
                continue
            options = {}
            for option in ("postal_codes", "scopes"):
                value = data.get(f"{name}-{option}")
                if value:
                    options[option] = value
            if data.get(f"{name}-minimum_age"):
                options["minimum_age"] = data[f"{name}-minimum_age"]
            if data.get(f"{name}-age_on"):
                options["age_on"] = data[f"{name}-age_on"].isoformat()
            chosen.append({"method": name, "options": options})
        return chosen
