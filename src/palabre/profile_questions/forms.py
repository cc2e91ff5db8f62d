from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.backoffice.forms import BackofficeForm
from palabre.core.translations import TranslatedFormField, translated


class ProfileAnswersForm(forms.Form):
    """One optional question per field (`q<id>`), each with "I prefer not to answer"."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=translated(question.label),
                choices=[("", _("I prefer not to answer"))]
                + [(option.pk, translated(option.label)) for option in question.options.all()],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int | None]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions
        }


class QuestionForm(BackofficeForm):
    label = TranslatedFormField(label=_("Question"), max_length=200)


class OptionForm(BackofficeForm):
    label = TranslatedFormField(label=_("Option"), max_length=200)
    reference_share = forms.DecimalField(
        label=_("Reference share (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "The share of the reference population with this answer, for instance from the "
            "census. Leave empty when it is not known."
        ),
    )
