"""Backoffice forms of the accountability component; the services validate again, so
scripts and imports get the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.components.accountability.models import MAX_DEPTH
from palabre.core.translations import TranslatedFormField, translated


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TranslatedFieldsMixin:
    translated_fields: tuple[str, ...] = ()

    def set_languages(self, languages: list[str]) -> None:
        for name in self.translated_fields:
            self.fields[name].set_languages(languages)


class ResultForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("title", "description", "category")

    title = TranslatedFormField(label=_("Title"), max_length=300)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    parent = forms.TypedChoiceField(
        label=_("Parent result"), required=False, coerce=int, empty_value=None
    )
    category = TranslatedFormField(label=_("Category"), max_length=200, required=False)
    status = forms.TypedChoiceField(label=_("Status"), required=False, coerce=int, empty_value=None)
    progress = forms.CharField(
        label=_("Progress (%)"),
        required=False,
        help_text=_("From 0 to 100. Left empty, the status gives it."),
    )
    weight = forms.CharField(
        label=_("Weight"),
        required=False,
        initial="1",
        help_text=_(
            "How much this result counts in its parent's progress, when progress is weighted."
        ),
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    latitude = forms.CharField(label=_("Latitude"), required=False)
    longitude = forms.CharField(label=_("Longitude"), required=False)
    external_id = forms.CharField(
        label=_("External identifier"),
        required=False,
        max_length=64,
        help_text=_("The identifier used by CSV imports."),
    )

    def __init__(
        self, *args, languages: list[str], parents, statuses, has_children=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.set_languages(languages)
        # Only results that can take a child: a sub-result one level above the deepest.
        self.fields["parent"].choices = [("", _("None (a top-level result)"))] + [
            (result.pk, "— " * (result.depth - 1) + translated(result.title))
            for result in parents
            if result.depth < MAX_DEPTH
        ]
        self.fields["status"].choices = [("", _("No status"))] + [
            (status.pk, translated(status.name)) for status in statuses
        ]
        if has_children:
            self.fields["progress"].disabled = True
            self.fields["progress"].help_text = _("Computed from the sub-results' progress.")


class StatusForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("name",)

    key = forms.SlugField(
        label=_("Key"),
        max_length=50,
        help_text=_("A short name used by CSV imports, e.g. in_progress."),
    )
    name = TranslatedFormField(label=_("Name"), max_length=100)
    progress = forms.CharField(
        label=_("Default progress (%)"),
        required=False,
        help_text=_(
            "The progress a result takes when it gets this status. Leave empty for "
            "a status that says nothing about progress."
        ),
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_languages(languages)


class TimelineEntryForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("title", "text")

    date = forms.DateField(label=_("Date"), widget=DateInput)
    title = TranslatedFormField(label=_("Title"), max_length=200)
    text = TranslatedFormField(label=_("Text"), rich=True, required=False)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_languages(languages)


class BudgetImportForm(forms.Form):
    budget = forms.TypedChoiceField(label=_("Budget"), coerce=int)

    def __init__(self, *args, budgets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].choices = [
            (budget.pk, f"{translated(budget.component.name)} · {translated(budget.title)}")
            for budget in budgets
        ]


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, one result a line; see the example file for the columns."),
    )
