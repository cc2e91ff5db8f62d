"""Backoffice forms of the sortitions component; the services validate again, so scripts
get the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import TranslatedFormField, translated

PUBLIC_VALUE_HELP = _(
    "A value fixed in advance, in public: a die thrown at a public meeting, a number drawn in "
    "the room, a public randomness beacon's value. Leave it empty to enter it once known: the "
    "candidates are published now, the draw is made when the value is entered."
)


class DrawForm(forms.Form):
    title = TranslatedFormField(label=_("Title"), max_length=200)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    source = forms.ChoiceField(
        label=_("Draw among"),
        help_text=_(
            "The proposals published, not withdrawn, not hidden and not rejected when the draw "
            "is requested; optionally of one category or scope."
        ),
    )
    count = forms.IntegerField(label=_("Number of proposals to draw"), min_value=1)
    value_source = TranslatedFormField(
        label=_("Where the public value comes from"),
        max_length=500,
        required=False,
        help_text=_("E.g. “the die thrown at the public meeting of 12 March”."),
    )
    public_value = forms.CharField(
        label=_("Public value"), max_length=200, required=False, help_text=PUBLIC_VALUE_HELP
    )

    def __init__(self, *args, languages: list[str], sources: list, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "description", "value_source"):
            self.fields[name].set_languages(languages)
        self.fields["source"].choices = source_choices(sources)


def source_choices(proposals_components: list) -> list[tuple[str, str]]:
    """One choice per proposals component, then per category and per scope of each:
    `c<id>`, `c<id>-cat<id>`, `c<id>-scope<id>`."""
    choices = []
    for component in proposals_components:
        name = translated(component.name)
        choices.append((f"c{component.pk}", name))
        for category in component.categories:
            choices.append(
                (f"c{component.pk}-cat{category.pk}", f"{name} · {translated(category.name)}")
            )
        for scope in component.scopes:
            choices.append(
                (f"c{component.pk}-scope{scope.pk}", f"{name} · {translated(scope.name)}")
            )
    return choices


class PublicValueForm(forms.Form):
    public_value = forms.CharField(label=_("Public value"), max_length=200)


class CancelForm(forms.Form):
    reason = TranslatedFormField(label=_("Reason"), max_length=1000)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].set_languages(languages)


class PanelForm(forms.Form):
    title = TranslatedFormField(label=_("Title"), max_length=200)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    size = forms.IntegerField(label=_("Panel size"), min_value=1, max_value=1000)
    method = forms.ChoiceField(
        label=_("Selection method"),
        help_text=_(
            "Maximin gives the volunteer with the smallest chance the highest chance possible "
            "under the quotas; Nash balances all chances. The greedy method is computed on the "
            "same pool only for comparison."
        ),
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        from palabre.components.sortitions.models import Panel

        super().__init__(*args, **kwargs)
        for name in ("title", "description"):
            self.fields[name].set_languages(languages)
        self.fields["method"].choices = Panel.Method.choices


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class PublishForm(forms.Form):
    value_source = TranslatedFormField(
        label=_("Where the public value of the final draw will come from"),
        max_length=500,
        required=False,
        help_text=_("E.g. “the numbers drawn at the public meeting of 12 March”."),
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value_source"].set_languages(languages)


class ReplaceForm(forms.Form):
    declined = forms.IntegerField(label=_("Pseudonymous number of the member who declines"))
    public_value = forms.CharField(label=_("Public value"), max_length=200)


class VolunteerForm(forms.Form):
    """Volunteering for a citizen panel: who to reach, and one answer per feature the
    quotas name (`feature_<n>`, in the quotas' order)."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    contact = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("To send you your number and, if you are drawn, to contact you."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organizers keep my name, address and answers to select the "
            "panel, and that my pseudonymous number appears in the published results."
        )
    )

    def __init__(self, *args, features: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.features = list(features)
        consent = self.fields.pop("consent")
        for index, (feature, values) in enumerate(features.items()):
            self.fields[f"feature_{index}"] = forms.ChoiceField(
                label=feature,
                choices=[(value, value) for value in values],
                widget=forms.RadioSelect,
            )
        self.fields["consent"] = consent

    def answers(self) -> dict[str, str]:
        return {
            feature: self.cleaned_data.get(f"feature_{index}") or ""
            for index, feature in enumerate(self.features)
        }
