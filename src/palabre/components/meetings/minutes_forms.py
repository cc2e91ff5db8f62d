"""The form that closes a meeting with its minutes, shared by the backoffice and the
organizer's page; the service checks everything again, so scripts get the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.attachments.files import IMAGE_EXTENSIONS
from palabre.attachments.forms import TITLE_FIELD, AttachmentSlotsMixin
from palabre.components.meetings.minutes import NewProposal
from palabre.core.translations import TranslatedFormField, translated

NEW_PROPOSAL_ROWS = 3
NEW_TITLE = "new_title_{number}"
NEW_BODY = "new_body_{number}"


class MinutesForm(AttachmentSlotsMixin, forms.Form):
    # Optional here: the service says what is missing, with every other error at once.
    minutes = TranslatedFormField(label=_("Report of the meeting"), rich=True, required=False)
    attendees_count = forms.IntegerField(label=_("Number of attendees"), required=False)
    contributions_count = forms.IntegerField(
        label=_("Number of contributions"),
        required=False,
        help_text=_("Ideas, questions and remarks made during the meeting."),
    )
    attending_organizations = forms.CharField(
        label=_("Organizations present"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Associations, councils, departments… one a line."),
    )
    minutes_video_url = forms.CharField(
        label=_("Video of the meeting"),
        required=False,
        widget=forms.URLInput,
        help_text=_("A web address, e.g. https://video.example.org/…"),
    )
    minutes_audio_url = forms.CharField(
        label=_("Audio recording"), required=False, widget=forms.URLInput
    )
    transcript = forms.CharField(
        label=_("Workshop notes and transcript"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text, kept with the minutes so that the synthesis of the consultation "
            "includes what was said at the meeting."
        ),
    )
    proposals = forms.TypedMultipleChoiceField(
        label=_("Proposals that came out of the meeting"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    results = forms.TypedMultipleChoiceField(
        label=_("Results it relates to"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes_public = forms.BooleanField(
        label=_("Publish the minutes"),
        required=False,
        help_text=_(
            "Everyone who sees the meeting reads them; otherwise only the staff and the "
            "organizer do."
        ),
    )

    def __init__(
        self,
        *args,
        languages: list[str],
        proposals,
        results,
        official_components=(),
        photo_slots: int = 0,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].set_languages(languages)
        self.fields["proposals"].choices = [
            (proposal.pk, _proposal_label(proposal)) for proposal in proposals
        ]
        self.fields["results"].choices = [
            (result.pk, translated(result.title)) for result in results
        ]
        if not results:
            del self.fields["results"]
        self.official_components = list(official_components)
        if self.official_components:
            self.fields["proposals_component"] = forms.TypedChoiceField(
                label=_("Publish the new proposals in"),
                coerce=int,
                required=False,
                choices=[(c.pk, translated(c.name)) for c in self.official_components],
            )
            for number in range(1, NEW_PROPOSAL_ROWS + 1):
                self.fields[NEW_TITLE.format(number=number)] = forms.CharField(
                    label=_("Title of new proposal %(number)d") % {"number": number},
                    required=False,
                    max_length=150,
                )
                self.fields[NEW_BODY.format(number=number)] = forms.CharField(
                    label=_("Text of new proposal %(number)d") % {"number": number},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
        self.add_attachment_slots(photo_slots)
        accept = ",".join(f".{extension}" for extension in sorted(IMAGE_EXTENSIONS))
        for number in range(1, photo_slots + 1):
            field = self.fields[f"attachment_{number}"]
            field.label = _("Photo %(number)d") % {"number": number}
            field.widget.attrs["accept"] = accept
            self.fields[TITLE_FIELD.format(number=number)].label = _(
                "Description of photo %(number)d (optional)"
            ) % {"number": number}

    def new_proposal_fields(self) -> list[tuple]:
        """(title, text) bound fields of each row of new proposals."""
        if not self.official_components:
            return []
        return [
            (self[NEW_TITLE.format(number=number)], self[NEW_BODY.format(number=number)])
            for number in range(1, NEW_PROPOSAL_ROWS + 1)
        ]

    def service_arguments(self) -> dict:
        """The cleaned values, named as `minutes.meeting_close` takes them."""
        data = self.cleaned_data
        new_proposals = []
        component = None
        if self.official_components:
            for number in range(1, NEW_PROPOSAL_ROWS + 1):
                title = data.get(NEW_TITLE.format(number=number)) or ""
                body = data.get(NEW_BODY.format(number=number)) or ""
                if title.strip() or body.strip():
                    new_proposals.append(NewProposal(title=title, body=body))
            chosen = data.get("proposals_component")
            component = next((c for c in self.official_components if c.pk == chosen), None)
        return {
            "minutes": data["minutes"],
            "attendees_count": data.get("attendees_count") or 0,
            "contributions_count": data.get("contributions_count") or 0,
            "attending_organizations": data.get("attending_organizations", ""),
            "minutes_video_url": data.get("minutes_video_url", ""),
            "minutes_audio_url": data.get("minutes_audio_url", ""),
            "minutes_public": data.get("minutes_public", False),
            "transcript": data.get("transcript", ""),
            "proposal_ids": data.get("proposals") or [],
            "result_ids": data.get("results") or [],
            "new_proposals": new_proposals,
            "proposals_component": component,
            "photos": self.attachment_uploads(),
        }

    def main_fields(self) -> list:
        """The fields shown before the proposals, results and photos."""
        names = (
            "minutes",
            "attendees_count",
            "contributions_count",
            "attending_organizations",
            "minutes_video_url",
            "minutes_audio_url",
            "transcript",
        )
        return [self[name] for name in names]


def _proposal_label(proposal) -> str:
    title = translated(proposal.title)
    return f"{title} ({proposal.reference})" if proposal.reference else title


def initial_for(meeting, *, attended: int | None) -> dict:
    """The form's values for a meeting: its minutes so far, and the attendance validated at
    the door as the number of attendees of a meeting closed for the first time."""
    attendees = meeting.attendees_count
    if not meeting.is_closed and attended is not None:
        attendees = attended
    return {
        "minutes": meeting.minutes,
        "attendees_count": attendees,
        "contributions_count": meeting.contributions_count,
        "attending_organizations": meeting.attending_organizations,
        "minutes_video_url": meeting.minutes_video_url,
        "minutes_audio_url": meeting.minutes_audio_url,
        "minutes_public": meeting.minutes_public if meeting.is_closed else True,
        "transcript": meeting.transcript,
        "proposals": [proposal.pk for proposal in meeting.linked_proposals.all()],
        "results": [result.pk for result in meeting.linked_results.all()],
    }
