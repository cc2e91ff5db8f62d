"""Backoffice forms of the surveys component: a survey, a question with its options and
rows, a display condition. The services validate again, so scripts get the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import TranslatedFormField, translated
from palabre.forms.models import (
    CHOICE_KINDS,
    MAX_CHOICES_KINDS,
    TEXT_KINDS,
    ConditionKind,
    ItemKind,
)

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TranslatedFieldsMixin:
    def set_languages(self, languages: list[str]) -> None:
        for field in self.fields.values():
            if isinstance(field, TranslatedFormField):
                field.set_languages(languages)


class SurveyForm(TranslatedFieldsMixin, forms.Form):
    title = TranslatedFormField(label=_("Title"), max_length=200)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    terms = TranslatedFormField(
        label=_("Terms to accept"),
        rich=True,
        required=False,
        help_text=_("When given, people must accept them to answer."),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Leave empty to open as soon as the survey is published."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Leave empty to keep it open until you unpublish it."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous answers"),
        required=False,
        help_text=_(
            "Answers keep a code instead of the person's name, for administrators and exports "
            "alike. Cannot change once the survey has answers."
        ),
    )
    allow_unregistered = forms.BooleanField(
        label=_("People without an account may answer"),
        required=False,
        help_text=_("Once per browser, with a limit per connection (not in private spaces)."),
    )
    public_results = forms.BooleanField(
        label=_("Show the results to everyone"),
        required=False,
        help_text=_("Charts and texts of the answers, never who gave them."),
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_languages(languages)


class QuestionForm(TranslatedFieldsMixin, forms.Form):
    """A question or a block; only the fields of its type are shown."""

    body = TranslatedFormField(label=_("Question"), max_length=500)
    description = TranslatedFormField(
        label=_("Help text"), rich=True, required=False, help_text=_("Shown under the question.")
    )
    mandatory = forms.BooleanField(label=_("Mandatory"), required=False)
    max_characters = forms.IntegerField(
        label=_("Maximum number of characters"),
        required=False,
        min_value=0,
        help_text=_(
            "0 or empty: no limit of your own. Applies to texts that specify an option too."
        ),
    )
    max_choices = forms.IntegerField(
        label=_("Maximum number of choices"),
        required=False,
        min_value=1,
        help_text=_("Empty: no limit."),
    )
    scale_max = forms.IntegerField(
        label=_("The scale goes from 1 to"), min_value=2, max_value=10, initial=5
    )
    scale_min_label = TranslatedFormField(
        label=_("Label of 1"), max_length=60, required=False, help_text=_("E.g. “Not at all”.")
    )
    scale_max_label = TranslatedFormField(
        label=_("Label of the highest value"),
        max_length=60,
        required=False,
        help_text=_("E.g. “Completely”."),
    )

    def __init__(self, *args, kind: str, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.set_languages(languages)
        keep = {"body", "description"}
        if kind not in (ItemKind.TITLE, ItemKind.SEPARATOR):
            keep.add("mandatory")
        if kind in TEXT_KINDS or kind in CHOICE_KINDS:
            keep.add("max_characters")
        if kind in MAX_CHOICES_KINDS:
            keep.add("max_choices")
        if kind == ItemKind.SCALE:
            keep |= {"scale_max", "scale_min_label", "scale_max_label"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if kind == ItemKind.TITLE:
            self.fields["body"].label = _("Title")
            self.fields["description"].label = _("Text")
            self.fields["description"].help_text = ""
        if kind == ItemKind.SEPARATOR:
            self.fields["body"].required = False
            self.fields["body"].label = _("Title (not shown; to find it in this list)")


class LineForm(TranslatedFieldsMixin, forms.Form):
    """An option (a column of a grid) or a row; new lines left blank are ignored."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    body = TranslatedFormField(label=_("Text"), max_length=200, required=False)
    free_text = forms.BooleanField(label=_("With “please specify”"), required=False)
    position = forms.IntegerField(label=_("Order"), required=False, min_value=0)
    delete = forms.BooleanField(label=_("Delete"), required=False)

    def __init__(self, *args, languages: list[str], free_text: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_languages(languages)
        if not free_text:
            del self.fields["free_text"]


LineFormSet = forms.formset_factory(LineForm, extra=3, max_num=100, absolute_max=200)


class ConditionForm(forms.Form):
    source = forms.TypedChoiceField(label=_("Question it depends on"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Show this question when that one"), choices=ConditionKind.choices
    )
    option = forms.TypedChoiceField(
        label=_("Option"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For “has the option” and “does not have the option”."),
    )
    pattern = forms.CharField(
        label=_("Pattern"),
        required=False,
        max_length=200,
        help_text=_(
            "For “matches the pattern”: a regular expression, case is ignored. "
            "E.g. vélo|velo matches answers containing either word."
        ),
    )
    mandatory = forms.BooleanField(
        label=_("Mandatory condition"),
        required=False,
        initial=True,
        help_text=_(
            "Every mandatory condition must hold. A question with optional conditions only "
            "is shown when any of them holds."
        ),
    )

    def __init__(self, *args, sources: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (source.pk, f"{source.number}. {translated(source.body)}") for source in sources
        ]
        self.fields["option"].choices = [("", "—")] + [
            (
                f"{source.number}. {translated(source.body)}",
                [(option.pk, translated(option.body)) for option in source.option_list],
            )
            for source in sources
            if source.kind in CHOICE_KINDS
        ]
