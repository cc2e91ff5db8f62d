"""Forms of meetings: a meeting (staff see every field, participants theirs), its agenda,
the CSV import and the names of kinds, categories and scopes. The services validate again,
so scripts get the same rules; these forms only read what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.components.meetings import services
from palabre.components.meetings.models import Meeting
from palabre.core.translations import TranslatedFormField, translated

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _choices(rows) -> list[tuple]:
    return [("", "—"), *((row.pk, translated(row.name)) for row in rows)]


class MeetingForm(forms.Form):
    """A meeting. Built with the organization's languages and the component's lists; the
    fields only staff set are dropped for participants (`staff=False`)."""

    title = TranslatedFormField(label=_("Title"), max_length=300)
    description = TranslatedFormField(label=_("Description"), rich=True, required=False)
    type_of_meeting = forms.ChoiceField(
        label=_("Type of meeting"), choices=Meeting.Type.choices, widget=forms.RadioSelect
    )
    kind = forms.TypedChoiceField(label=_("Kind"), required=False, coerce=int, empty_value=None)
    official = forms.BooleanField(
        label=_("Official meeting"),
        required=False,
        help_text=_("Run by the organization: shown with the official mark."),
    )
    start_at = forms.DateTimeField(label=_("Start"), widget=DATETIME_WIDGET)
    end_at = forms.DateTimeField(label=_("End"), widget=DATETIME_WIDGET)
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        help_text=_("Needed for meetings in person and hybrid meetings."),
    )
    location = TranslatedFormField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("The name of the place: a hall, a school, a room…"),
    )
    location_hints = TranslatedFormField(
        label=_("Access hints"),
        max_length=1000,
        required=False,
        help_text=_("Entrance, floor, public transport, step-free access…"),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("The place on the map: type it, or click the map above when it is shown."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    online_url = forms.URLField(
        label=_("Link to the online meeting"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Needed for online and hybrid meetings."),
    )
    online_visibility = forms.ChoiceField(
        label=_("Who sees the link"),
        choices=Meeting.OnlineVisibility.choices,
        initial=Meeting.OnlineVisibility.EVERYONE,
    )
    online_link_minutes_before = forms.IntegerField(
        label=_("The link is shown this many minutes before the start"),
        min_value=0,
        max_value=7 * 24 * 60,
        initial=15,
        required=False,
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    scope = forms.TypedChoiceField(label=_("Scope"), required=False, coerce=int, empty_value=None)
    registration_type = forms.ChoiceField(
        label=_("Registrations"),
        choices=Meeting.RegistrationType.choices,
        initial=Meeting.RegistrationType.NONE,
    )
    registration_url = forms.URLField(
        label=_("Registration website"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For registrations on another website."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=0, required=False, help_text=_("0 or empty: no limit.")
    )
    reserved_seats = forms.IntegerField(
        label=_("Reserved seats"),
        min_value=0,
        required=False,
        help_text=_("Seats kept aside (speakers, guests of the organization), not offered."),
    )
    registrations_enabled = forms.BooleanField(label=_("Registrations open"), required=False)
    guests_allowed = forms.BooleanField(
        label=_("People without an account may register"),
        required=False,
        help_text=_("They confirm their email address; no account is created for them."),
    )
    registration_terms = TranslatedFormField(
        label=_("Registration terms"),
        rich=True,
        required=False,
        help_text=_("When given, people accept them to register."),
    )
    private = forms.BooleanField(
        label=_("Private meeting"),
        required=False,
        help_text=_("Seen by the people invited and the staff only."),
    )
    transparent = forms.BooleanField(
        label=_("Transparent"),
        required=False,
        help_text=_("A private meeting everyone may read; only the people invited take part."),
    )
    invitees = forms.CharField(
        label=_("People invited"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Their email addresses, one per line: people with an account on the platform."),
    )
    linked_proposals = forms.TypedMultipleChoiceField(
        label=_("Proposals it relates to"), required=False, coerce=int
    )
    linked_results = forms.TypedMultipleChoiceField(
        label=_("Results it relates to"), required=False, coerce=int
    )
    comments_closed = forms.BooleanField(label=_("Comments closed"), required=False)

    STAFF_ONLY = (
        "official",
        "online_link_minutes_before",
        "reserved_seats",
        "registrations_enabled",
        "guests_allowed",
        "registration_terms",
        "private",
        "transparent",
        "invitees",
        "linked_proposals",
        "linked_results",
        "comments_closed",
    )

    def __init__(
        self,
        *args,
        languages: list[str],
        kinds=(),
        categories=(),
        scopes=(),
        proposals=(),
        results=(),
        staff: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, TranslatedFormField):
                field.set_languages(languages)
        self.staff = staff
        for name, rows in (("kind", kinds), ("category", categories), ("scope", scopes)):
            if rows:
                self.fields[name].choices = _choices(rows)
            else:
                del self.fields[name]
        if not staff:
            for name in self.STAFF_ONLY:
                self.fields.pop(name, None)
            return
        if proposals:
            self.fields["linked_proposals"].choices = [
                (row.pk, f"{row.reference} · {translated(row.title)}") for row in proposals
            ]
        else:
            del self.fields["linked_proposals"]
        if results:
            self.fields["linked_results"].choices = [
                (row.pk, translated(row.title)) for row in results
            ]
        else:
            del self.fields["linked_results"]

    def clean_invitees(self) -> list[str]:
        text = self.cleaned_data.get("invitees") or ""
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]

    def values(self) -> dict:
        """What the services take, from the cleaned data (people invited by address)."""
        values = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in ("invitees",)
        }
        if "invitees" in self.fields:
            values["invitees"] = self.cleaned_data.get("invitees") or []
        return values

    @staticmethod
    def initial_for(meeting: Meeting, zone) -> dict:
        initial = {
            name: getattr(meeting, name)
            for name in (
                "title",
                "description",
                "type_of_meeting",
                "official",
                "address",
                "location",
                "location_hints",
                "latitude",
                "longitude",
                "online_url",
                "online_visibility",
                "online_link_minutes_before",
                "registration_type",
                "registration_url",
                "capacity",
                "reserved_seats",
                "registrations_enabled",
                "guests_allowed",
                "registration_terms",
                "private",
                "transparent",
                "comments_closed",
            )
        }
        initial["kind"] = meeting.kind_id
        initial["category"] = meeting.category_id
        initial["scope"] = meeting.scope_id
        initial["start_at"] = meeting.start_at.astimezone(zone).replace(tzinfo=None)
        initial["end_at"] = meeting.end_at.astimezone(zone).replace(tzinfo=None)
        return initial


# Agenda --------------------------------------------------------------------------------
BLANK_ROWS = 3


class AgendaForm:
    """The agenda as rows: each a title and a description per language, a duration, and
    whether it is a sub-item of the item above it. Rows without a title are left out, so
    empty rows at the end add nothing; "More rows" sends the form back with more of them."""

    def __init__(self, *, languages: list[str], data=None, items=None, extra: int = BLANK_ROWS):
        self.languages = languages
        self.data = data
        self.errors: list[str] = []
        if data is not None:
            self.rows = self._rows_from(data)
            extra = BLANK_ROWS if data.get("more") else 0
        else:
            self.rows = self._rows_of(items or [])
        self.rows += [self._blank() for _ in range(extra)]
        for index, row in enumerate(self.rows):
            row["index"] = index
            row["titles"] = [(code, row["title"].get(code, "")) for code in languages]
            row["descriptions"] = [(code, row["description"].get(code, "")) for code in languages]

    def _blank(self) -> dict:
        return {"title": {}, "description": {}, "duration": "", "sub": False}

    def _rows_of(self, items) -> list[dict]:
        rows = []
        for item in items:
            rows.append(
                {
                    "title": dict(item.title),
                    "description": dict(item.description),
                    "duration": item.duration_minutes,
                    "sub": False,
                }
            )
            for child in item.children.all():
                rows.append(
                    {
                        "title": dict(child.title),
                        "description": dict(child.description),
                        "duration": child.duration_minutes,
                        "sub": True,
                    }
                )
        return rows

    def _rows_from(self, data) -> list[dict]:
        try:
            count = min(int(data.get("rows", 0)), services.MAX_AGENDA_ITEMS + 20)
        except (TypeError, ValueError):
            count = 0
        rows = []
        for index in range(count):
            prefix = f"item-{index}-"
            rows.append(
                {
                    "title": {
                        code: data.get(f"{prefix}title-{code}", "").strip()
                        for code in self.languages
                        if data.get(f"{prefix}title-{code}", "").strip()
                    },
                    "description": {
                        code: data.get(f"{prefix}description-{code}", "").strip()
                        for code in self.languages
                        if data.get(f"{prefix}description-{code}", "").strip()
                    },
                    "duration": data.get(f"{prefix}duration", "").strip(),
                    "sub": bool(data.get(f"{prefix}sub")),
                }
            )
        return rows

    def items(self) -> list[dict] | None:
        """The items for `services.agenda_save`, or None with `errors` set."""
        items: list[dict] = []
        for number, row in enumerate(self.rows, start=1):
            if not row["title"] and not row["description"] and row["duration"] in ("", 0):
                continue
            entry = {
                "title": row["title"],
                "description": row["description"],
                "duration_minutes": row["duration"] or 0,
            }
            if row["sub"]:
                if not items:
                    self.errors.append(
                        str(
                            _("Row %(number)s is a sub-item, but there is no item above it.")
                            % {"number": number}
                        )
                    )
                    continue
                items[-1]["children"].append(entry)
            else:
                items.append({**entry, "children": []})
        return None if self.errors else items


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: title, description, type (in_person, online or hybrid), start, end "
            "(like 2026-10-24 18:30, in the organization's time zone), address, location, "
            "online_url, kind, category, scope, capacity. The meetings are created not "
            "published."
        ),
    )


class NameForm(forms.Form):
    name = TranslatedFormField(label=_("Name"), max_length=100)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].set_languages(languages)
