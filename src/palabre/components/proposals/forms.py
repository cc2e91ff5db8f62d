"""Forms of the proposals component: they collect input; the services validate it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.attachments.forms import AttachmentSlotsMixin
from palabre.components.proposals.services import TITLE_MAX_LENGTH, TITLE_MIN_LENGTH
from palabre.core.translations import TranslatedFormField


def _choices(items, empty_label) -> list:
    return [("", empty_label)] + [(item.pk, str(item)) for item in items]


class ProposalForm(AttachmentSlotsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 8}))
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("Optional: where the proposal applies, to place it on the map."),
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    scope = forms.TypedChoiceField(
        label=_("Scope"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Where the proposal applies."),
    )
    anonymous = forms.BooleanField(
        label=_("Appear as “anonymous participant”"),
        required=False,
        help_text=_(
            "Your name is not shown with this proposal. The moderators and administrators "
            "of the space still know it is yours."
        ),
    )

    def __init__(
        self,
        *args,
        categories=(),
        scopes=(),
        geocoding=False,
        max_length=1000,
        min_length=0,
        attachment_slots=0,
        anonymous_allowed=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not anonymous_allowed:
            del self.fields["anonymous"]
        # The rules the services check, announced from the same values.
        self.fields["title"].help_text = _(
            "Between %(min)d and %(max)d characters, not in capitals."
        ) % {"min": TITLE_MIN_LENGTH, "max": TITLE_MAX_LENGTH}
        if min_length:
            self.fields["body"].help_text = _("Between %(min)d and %(max)d characters.") % {
                "min": min_length,
                "max": max_length,
            }
        else:
            self.fields["body"].help_text = _("At most %(max)d characters.") % {"max": max_length}
        self.fields["body"].widget.attrs["maxlength"] = max_length
        if categories:
            self.fields["category"].choices = _choices(categories, _("No category"))
        else:
            del self.fields["category"]
        if scopes:
            self.fields["scope"].choices = _choices(scopes, _("No scope"))
        else:
            del self.fields["scope"]
        if not geocoding:
            del self.fields["address"]
        # Without the component's attachments setting, the form has no file field: files
        # sent anyway are never read.
        self.add_attachment_slots(attachment_slots)

    def add_service_errors(self, error) -> None:
        """Show a service's ValidationError next to the fields it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


# Backoffice forms -----------------------------------------------------------------------


class AnswerForm(forms.Form):
    state = forms.ChoiceField(label=_("Answer"))
    answer = TranslatedFormField(label=_("Answer text"), rich=True, required=False)
    cost = forms.DecimalField(label=_("Cost"), required=False, min_value=0, decimal_places=2)
    cost_report = TranslatedFormField(label=_("Cost report"), rich=True, required=False)
    execution_period = forms.CharField(label=_("Execution period"), required=False, max_length=200)
    publish = forms.BooleanField(
        label=_("Publish the answer now"),
        required=False,
        help_text=_(
            "Ticked when the current phase publishes answers immediately. Unticked, the answer "
            "waits for a publication with others (a published answer is taken back)."
        ),
    )

    def __init__(self, *args, languages: list[str], custom_states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("evaluating", _("Evaluating")),
            ("accepted", _("Accepted")),
            ("rejected", _("Rejected")),
            *((f"custom:{state.pk}", str(state)) for state in custom_states),
        ]
        for name in ("answer", "cost_report"):
            self.fields[name].set_languages(languages)


class OfficialProposalForm(forms.Form):
    title = TranslatedFormField(label=_("Title"), max_length=150)
    body = TranslatedFormField(label=_("Text"), required=False)
    source = forms.ChoiceField(
        label=_("Comes from"),
        choices=[
            ("organization", _("The organization")),
            ("meeting", _("A meeting")),
            ("offline", _("Received on paper or by email")),
        ],
    )
    source_details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=300,
        help_text=_("The meeting's name, or “paper” or “email” with a reference."),
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    scope = forms.TypedChoiceField(label=_("Scope"), required=False, coerce=int, empty_value=None)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)

    def __init__(self, *args, languages: list[str], categories=(), scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "body"):
            self.fields[name].set_languages(languages)
        self.fields["category"].choices = _choices(categories, _("No category"))
        self.fields["scope"].choices = _choices(scopes, _("No scope"))


class MergeForm(forms.Form):
    title = TranslatedFormField(label=_("Title of the merged proposal"), max_length=150)
    body = TranslatedFormField(label=_("Text"), required=False)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "body"):
            self.fields[name].set_languages(languages)


class SplitForm(forms.Form):
    first_title = TranslatedFormField(label=_("Title of the first part"), max_length=150)
    first_body = TranslatedFormField(label=_("Text of the first part"), required=False)
    second_title = TranslatedFormField(label=_("Title of the second part"), max_length=150)
    second_body = TranslatedFormField(label=_("Text of the second part"), required=False)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.set_languages(languages)


class StateForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=40)
    name = TranslatedFormField(label=_("Name"), max_length=80)
    text_color = forms.CharField(
        label=_("Text colour"), initial="#1a1d21", widget=forms.TextInput(attrs={"type": "color"})
    )
    background_color = forms.CharField(
        label=_("Background colour"),
        initial="#e8f1fb",
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].set_languages(languages)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Private note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentsClosedForm(forms.Form):
    closed = forms.BooleanField(
        label=_("Comments closed"),
        required=False,
        help_text=_("The comments written stay readable; nobody may add one."),
    )


class CategoryForm(forms.Form):
    """The name of a category or of a scope."""

    name = TranslatedFormField(label=_("Name"), max_length=100)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].set_languages(languages)
