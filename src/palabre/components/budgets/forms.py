"""Backoffice forms of the budgets component; the services validate again, so scripts and
imports get the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import TranslatedFormField
from palabre.core.validators import image_help_text, validate_image


class TranslatedFieldsMixin:
    translated_fields: tuple[str, ...] = ()

    def set_languages(self, languages: list[str]) -> None:
        for name in self.translated_fields:
            self.fields[name].set_languages(languages)


class BudgetForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("title", "description", "scope")

    title = TranslatedFormField(label=_("Title"), max_length=200)
    scope = TranslatedFormField(label=_("District or scope"), max_length=200, required=False)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    envelope = forms.CharField(label=_("Envelope"), help_text=_("For example 250000 or 1250.50."))
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        help_text=_("Three letters, such as EUR. A new budget starts in the organization's."),
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_languages(languages)


class ProjectForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("title", "description", "category")

    title = TranslatedFormField(label=_("Title"), max_length=300)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    cost = forms.CharField(label=_("Cost"), help_text=_("For example 120000 or 1250.50."))
    category = TranslatedFormField(label=_("Category"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    latitude = forms.CharField(label=_("Latitude"), required=False)
    longitude = forms.CharField(label=_("Longitude"), required=False)
    external_id = forms.CharField(label=_("External identifier"), required=False, max_length=64)
    image = forms.ImageField(
        label=_("Image"),
        required=False,
        validators=[validate_image],
        widget=forms.FileInput,
        help_text=image_help_text(),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    def __init__(self, *args, languages: list[str], has_image: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_languages(languages)
        if not has_image:
            del self.fields["remove_image"]


class ProjectsImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: title_fr, title_en, description_fr, description_en, cost, "
            "category_fr, category_en, address, latitude, longitude. UTF-8, one project a line."
        ),
    )


class PaperBallotForm(forms.Form):
    voter_reference = forms.CharField(
        label=_("Voter reference"),
        max_length=100,
        help_text=_("The number of the ballot or of the voter's line in the register."),
    )
    projects = forms.MultipleChoiceField(
        label=_("Projects chosen on the ballot"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, projects: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [(str(pk), label) for pk, label in projects]
