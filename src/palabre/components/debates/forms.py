"""Forms of debates; the services validate again, so scripts get the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.attachments import forms as attachment_forms
from palabre.components.debates.models import Debate
from palabre.core.translations import TranslatedFormField, translated

DATE_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DebateForm(forms.Form):
    """What a participant writes to open a debate."""

    title = TranslatedFormField(label=_("Title"), max_length=200)
    description = TranslatedFormField(label=_("Description"), rich=True)
    instructions = TranslatedFormField(
        label=_("Instructions"),
        rich=True,
        required=False,
        help_text=_("How to take part: what kind of arguments are expected."),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    scope = forms.ChoiceField(label=_("Scope"), required=False)

    def __init__(self, *args, languages: list[str], categories=(), scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "description", "instructions"):
            self.fields[name].set_languages(languages)
        for name, labels in (("category", categories), ("scope", scopes)):
            if labels:
                self.fields[name].choices = [("", _("None"))] + [
                    (str(label.pk), translated(label.name)) for label in labels
                ]
            else:
                del self.fields[name]


class AdminDebateForm(attachment_forms.AttachmentSlotsMixin, DebateForm):
    """What an administrator sets: dates, layout and who signs the debate too, and files
    to attach."""

    start_at = forms.DateTimeField(
        label=_("Start"), required=False, widget=DATE_WIDGET, help_text=_("Optional.")
    )
    end_at = forms.DateTimeField(
        label=_("End"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Optional: a debate without an end stays open until it is closed."),
    )
    layout = forms.ChoiceField(
        label=_("Layout of the arguments"),
        choices=Debate.Layout.choices,
        widget=forms.RadioSelect,
        initial=Debate.Layout.SINGLE,
    )
    official = forms.BooleanField(
        label=_("Opened by the organization"),
        required=False,
        initial=True,
        help_text=_("Otherwise the debate is signed with your name."),
    )

    def __init__(self, *args, existing_attachments: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attachment_slots(attachment_forms.slots_for(existing_attachments))


class CloseForm(forms.Form):
    conclusion = TranslatedFormField(label=_("Conclusion"), rich=True)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conclusion"].set_languages(languages)


class UpdateForm(forms.Form):
    body = TranslatedFormField(label=_("Information update"), rich=True)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].set_languages(languages)
