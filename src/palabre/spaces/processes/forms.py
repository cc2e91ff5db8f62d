from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import TranslatedFormField
from palabre.core.validators import image_help_text
from palabre.spaces.processes import selectors


class ProcessGroupForm(forms.Form):
    title = TranslatedFormField(label=_("Title"), max_length=200)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    hero_image = forms.ImageField(
        label=_("Main image"), required=False, help_text=image_help_text()
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    spaces = forms.ModelMultipleChoiceField(
        label=_("Processes in this group"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        required=False,
        help_text=_("Groups are listed by increasing position. Leave empty to put it last."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "description"):
            self.fields[name].set_languages(organization.locales)
        self.fields["spaces"].queryset = selectors.process_choices(organization=organization)
        self.fields["spaces"].label_from_instance = str

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "title": data["title"],
            "description": data["description"],
            "space_ids": [space.pk for space in data["spaces"]],
            "position": data["position"],
        }
        if data.get("hero_image"):
            fields["hero_image"] = data["hero_image"]
        return fields
