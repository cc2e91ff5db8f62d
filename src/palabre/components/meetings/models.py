"""Meetings: public meetings, workshops, office hours… in person, online or hybrid, with
their agenda, their registration settings and, once held, their minutes.

Registrations themselves (seats, waiting list, codes, guests) are models of their own,
added beside these by their own migration; minutes are fields of the meeting, filled when
it is closed.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from palabre.components.proposals.models import Label
from palabre.core.components import component_url
from palabre.core.models import Component, Organization
from palabre.core.translations import TranslatedField, translated


class MeetingKind(Label):
    """A kind of meeting of an organization (workshop, public meeting, office hours, site
    visit…): a list its administrators edit, shared by every meetings component."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="meeting_kinds"
    )

    class Meta(Label.Meta):
        verbose_name = _("kind of meeting")
        verbose_name_plural = _("kinds of meeting")


class MeetingCategory(Label):
    """A category of one meetings component (a theme, a district…)."""

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="meeting_categories"
    )

    class Meta(Label.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class MeetingScope(Label):
    """Where the meetings of one component take place or apply (a district, a village…)."""

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="meeting_scopes"
    )

    class Meta(Label.Meta):
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")


class Meeting(models.Model):
    """A meeting of a meetings component.

    Published once `published_at` is set, withdrawn once `withdrawn_at` is (it stays
    readable, marked as withdrawn), closed once `closed_at` is (its minutes filled). A
    private meeting is seen by the people invited to it and the space's staff only, or by
    everyone read-only when it is transparent.
    """

    class Type(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class OnlineVisibility(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        SIGNED_IN = "signed_in", _("Signed-in people")
        REGISTERED = "registered", _("Registered people")

    class RegistrationType(models.TextChoices):
        NONE = "none", _("No registration")
        ON_PLATFORM = "on_platform", _("On this platform")
        EXTERNAL = "external", _("On another website")

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="meetings")
    reference = models.CharField(max_length=60, blank=True)
    title = TranslatedField(_("title"), blank=False, max_length_per_language=300)
    description = TranslatedField(_("description"), rich=True)
    type_of_meeting = models.CharField(
        _("type of meeting"), max_length=10, choices=Type.choices, default=Type.IN_PERSON
    )
    kind = models.ForeignKey(
        MeetingKind, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    # Run by the organization (whoever entered it), as opposed to a participant's meeting.
    official = models.BooleanField(_("official meeting"), default=False)
    # The participant who organizes it; none for the organization's meetings.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Where: in person and hybrid meetings.
    address = models.CharField(_("address"), max_length=300, blank=True)
    location = TranslatedField(_("place"), max_length_per_language=300)
    location_hints = TranslatedField(_("access hints"), max_length_per_language=1000)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    # Online and hybrid meetings: the link, shown to whom and from when.
    online_url = models.URLField(_("link to the online meeting"), max_length=500, blank=True)
    online_visibility = models.CharField(
        _("link shown to"),
        max_length=10,
        choices=OnlineVisibility.choices,
        default=OnlineVisibility.EVERYONE,
    )
    online_link_minutes_before = models.PositiveIntegerField(
        _("link shown this many minutes before the start"), default=15
    )

    start_at = models.DateTimeField(_("start"))
    end_at = models.DateTimeField(_("end"))
    category = models.ForeignKey(
        MeetingCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    scope = models.ForeignKey(
        MeetingScope, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    private = models.BooleanField(_("private (invited people only)"), default=False)
    transparent = models.BooleanField(
        _("transparent (readable by everyone, taking part for invited people only)"),
        default=False,
    )
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meeting_invitations"
    )

    # Registrations.
    registration_type = models.CharField(
        _("registrations"),
        max_length=12,
        choices=RegistrationType.choices,
        default=RegistrationType.NONE,
    )
    registration_url = models.URLField(_("registration website"), max_length=500, blank=True)
    # 0: no limit.
    capacity = models.PositiveIntegerField(_("seats"), default=0)
    # Seats kept aside (speakers, elected officials…), not offered to registrants.
    reserved_seats = models.PositiveIntegerField(_("reserved seats"), default=0)
    registrations_enabled = models.BooleanField(_("registrations open"), default=False)
    guests_allowed = models.BooleanField(_("people without an account may register"), default=False)
    registration_terms = TranslatedField(_("registration terms"), rich=True)
    registration_form = models.OneToOneField(
        "forms.Form",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting",
    )

    # Minutes, once the meeting is closed.
    closed_at = models.DateTimeField(null=True, blank=True)
    minutes = TranslatedField(_("minutes"), rich=True)
    attendees_count = models.PositiveIntegerField(_("number of attendees"), default=0)
    contributions_count = models.PositiveIntegerField(_("number of contributions"), default=0)
    attending_organizations = models.TextField(_("organizations present"), blank=True)
    minutes_video_url = models.URLField(_("video"), max_length=500, blank=True)
    minutes_audio_url = models.URLField(_("audio recording"), max_length=500, blank=True)
    minutes_public = models.BooleanField(_("minutes public"), default=False)
    # Workshop notes and transcripts, kept as plain text so that the synthesis of a
    # consultation can read what was said offline beside what was written online.
    transcript = models.TextField(_("notes and transcript"), blank=True)

    linked_proposals = models.ManyToManyField(
        "proposals.Proposal", blank=True, related_name="meetings"
    )
    linked_results = models.ManyToManyField(
        "accountability.Result", blank=True, related_name="meetings"
    )

    # Closed by an administrator: the comments stay readable, nobody may add one.
    comments_closed = models.BooleanField(_("comments closed"), default=False)
    # Kept by the comments services: the comments readers see.
    comments_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gte=F("start_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [
            # Upcoming and past lists of a component, and the directory across components.
            models.Index(fields=["component", "start_at"]),
            models.Index(fields=["component", "end_at"]),
            models.Index(fields=["start_at", "component"]),
            models.Index(fields=["component", "updated_at"]),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "meeting", pk=self.pk)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_in_person(self) -> bool:
        return self.type_of_meeting in (self.Type.IN_PERSON, self.Type.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.type_of_meeting in (self.Type.ONLINE, self.Type.HYBRID)

    @property
    def available_seats(self) -> int:
        """Seats offered to registrants (0 when there is no limit)."""
        if not self.capacity:
            return 0
        return max(self.capacity - self.reserved_seats, 0)


class AgendaItem(models.Model):
    """An item of a meeting's agenda, or a sub-item of one (`parent`): one level deep."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)
    title = TranslatedField(_("title"), blank=False, max_length_per_language=300)
    description = TranslatedField(_("description"), rich=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return translated(self.title)


# Registrations ---------------------------------------------------------------------------
# (the registrations part of the component: `registrations.py` writes them, their own
# migration adds them)
REGISTRATION_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no O/0, I/1, L
REGISTRATION_CODE_LENGTH = 8


class Registration(models.Model):
    """A person's place at a meeting: a seat (confirmed), a place on the waiting list, a
    guest's registration waiting for the confirmation of their email address, or a
    cancelled one (kept: registering again reuses it, at the end of the queue).

    One per person per meeting — an account, or a guest's email address — by constraints;
    the code is unique in the meeting. `position` is the order of arrival, given under the
    meeting's row lock, which the waiting list follows. `reserved` marks a seat taken from
    the meeting's reserved seats, which only staff (or their invitations) give.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        PENDING = "pending", _("Email address to confirm")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    # None for a guest (a person without an account), who gives a name and an address.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    guest_name = models.CharField(_("name"), max_length=150, blank=True)
    guest_email = models.EmailField(_("email address"), blank=True)
    # The language of the registration page: a guest's emails are written in it.
    locale = models.CharField(max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    code = models.CharField(_("registration code"), max_length=REGISTRATION_CODE_LENGTH)
    reserved = models.BooleanField(_("reserved seat"), default=False)
    position = models.PositiveIntegerField(default=0)
    # The answers to the meeting's registration form, when it has one.
    response = models.OneToOneField(
        "forms.Response",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registration",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "code"], name="meeting_registration_code_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="one_meeting_registration_per_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "guest_email"],
                condition=Q(user__isnull=True),
                name="one_meeting_registration_per_guest_email",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_email=""),
                name="meeting_registration_has_a_person",
            ),
        ]
        indexes = [
            # Seats taken and the waiting list, in order.
            models.Index(fields=["meeting", "status", "position"]),
            models.Index(fields=["user", "meeting"]),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return component_url(self.meeting.component, "registration_mine", pk=self.meeting_id)

    @property
    def component(self):
        return self.meeting.component

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class RegistrationThreshold(models.Model):
    """A share of a meeting's seats its organizers were told registrations reached (50, 80
    and 100 %), written once: the unique constraint makes each one told once."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registration_thresholds"
    )
    percent = models.PositiveSmallIntegerField()
    reached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "percent"], name="meeting_threshold_told_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.percent} %"
