"""Closing a meeting with its minutes, and reading them back.

Closing records what happened: a report (rich text), the numbers of attendees and of
contributions, the organizations present, photos (images attached to the meeting), a video
or audio link, whether the minutes are public, the workshop notes and transcripts (plain
text, so that the synthesis of a consultation can read what was said offline beside what was
written online), and the proposals and results that came out of it. Proposals are chosen
among the published proposals of the meeting's space, or written there and then as official
proposals "from this meeting" in a proposals component of the same space.

The space's administrators close any meeting (from the backoffice); participants who
organized a meeting close their own (from its page), without creating official proposals,
which only staff may publish. Closing again edits the minutes. Followers of the meeting hear
once that its minutes were published, when they become public.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.attachments import services as attachment_services
from palabre.attachments.registry import is_enabled as attachments_enabled
from palabre.components.meetings.models import Meeting, Registration
from palabre.components.meetings.registration_events import MINUTES_EVENT
from palabre.core.models import Component, User
from palabre.core.permissions import can, require
from palabre.core.services import log_action
from palabre.core.settings_schema import current_settings
from palabre.core.translations import clean_translations, translated
from palabre.core.validation import FieldErrors

# Generous bounds that only a mistake reaches (a phone number typed as a count).
COUNT_MAX = 1_000_000
ORGANIZATIONS_MAX_LENGTH = 2_000
TRANSCRIPT_MAX_LENGTH = 200_000
URL_MAX_LENGTH = 500
NEW_PROPOSALS_MAX = 10
# The fields of the minutes, as the log names what an edit changed.
MINUTES_FIELDS = (
    "minutes",
    "attendees_count",
    "contributions_count",
    "attending_organizations",
    "minutes_video_url",
    "minutes_audio_url",
    "minutes_public",
    "transcript",
)

_web_address = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class NewProposal:
    """An official proposal to write from the meeting: a title and a text, each a text in
    the organization's default language or translated texts (`{"fr": …, "en": …}`)."""

    title: str | dict
    body: str | dict = ""

    @property
    def is_empty(self) -> bool:
        return not (_has_text(self.title) or _has_text(self.body))


def _has_text(value) -> bool:
    if isinstance(value, dict):
        return any(str(text).strip() for text in value.values())
    return bool((value or "").strip())


def _stripped(value):
    if isinstance(value, dict):
        return {language: str(text).strip() for language, text in value.items()}
    return (value or "").strip()


# Reads ------------------------------------------------------------------------------


def may_close(user, meeting: Meeting) -> bool:
    """Whether `user` may close `meeting` (or edit its minutes): the space's administrators,
    or the participant who organized it."""
    return can(user, "admin", meeting.component) or can(user, "close", meeting)


def minutes_visible(user, meeting: Meeting) -> bool:
    """Whether `user` reads the minutes of a meeting they may see: once it is closed, to
    everyone when they are public, else to the space's staff and to its organizer."""
    if not meeting.is_closed:
        return False
    if meeting.minutes_public:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return meeting.author_id == user.pk or can(user, "read_admin", meeting.component)


def _proposals_of_space(space_id: int):
    from palabre.components.proposals.models import Proposal
    from palabre.moderation.selectors import exclude_hidden

    return exclude_hidden(
        Proposal.objects.filter(
            component__space_id=space_id,
            component__manifest_name="proposals",
            component__published_at__isnull=False,
            state=Proposal.State.PUBLISHED,
        )
    )


def _results_of_space(space_id: int):
    from palabre.components.accountability.models import Result

    return Result.objects.filter(
        component__space_id=space_id,
        component__manifest_name="accountability",
        component__published_at__isnull=False,
    )


def proposal_choices(*, meeting: Meeting) -> list:
    """The proposals a meeting's minutes may link: the published ones of its space, in one
    query, the most recent first."""
    return list(
        _proposals_of_space(meeting.component.space_id)
        .select_related("component")
        .order_by("component_id", "-published_at", "-id")
    )


def result_choices(*, meeting: Meeting) -> list:
    """The accountability results of the meeting's space, in one query."""
    return list(
        _results_of_space(meeting.component.space_id)
        .select_related("component")
        .order_by("component_id", "position", "id")
    )


def official_proposal_components(*, user, meeting: Meeting) -> list[Component]:
    """The proposals components of the meeting's space where `user` may write official
    proposals from it (published or not: staff prepare them)."""
    components = Component.objects.filter(
        space_id=meeting.component.space_id, manifest_name="proposals"
    ).order_by("position", "id")
    return [
        component
        for component in components
        if can(user, "admin", component) and current_settings(component).official_proposals_enabled
    ]


def attendance_count(*, meeting: Meeting) -> int | None:
    """How many registrants were validated at the door, or None when the meeting takes no
    registrations on the platform (the count then has to be typed)."""
    if meeting.registration_type != Meeting.RegistrationType.ON_PLATFORM:
        return None
    return Registration.objects.filter(
        meeting=meeting, status=Registration.Status.CONFIRMED, attended_at__isnull=False
    ).count()


@dataclass
class Minutes:
    """What the minutes section of a meeting's page shows (the page lists the proposals,
    results and files of the meeting itself)."""

    meeting: Meeting
    may_edit: bool
    edit_url: str


def minutes_for_page(*, user, meeting: Meeting) -> Minutes | None:
    """The minutes of a meeting `user` may see, or None when they may not read them."""
    from django.urls import NoReverseMatch

    from palabre.core.components import component_admin_url, component_url

    if not minutes_visible(user, meeting):
        return None
    may_edit = may_close(user, meeting)
    edit_url = ""
    if may_edit:
        try:
            if can(user, "admin", meeting.component):
                edit_url = component_admin_url(meeting.component, "meeting_close", pk=meeting.pk)
            else:
                edit_url = component_url(meeting.component, "meeting_close", pk=meeting.pk)
        except NoReverseMatch:
            may_edit = False
    return Minutes(meeting=meeting, may_edit=may_edit, edit_url=edit_url)


# Writes -----------------------------------------------------------------------------


def _clean_count(value, field: str, errors: FieldErrors) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.add(field, _("Enter a whole number."))
        return 0
    if number < 0:
        errors.add(field, _("Enter a number of zero or more."))
    elif number > COUNT_MAX:
        errors.add(field, _("Enter a number of at most %(max)s.") % {"max": f"{COUNT_MAX:,}"})
    return number


def _clean_url(value: str, field: str, errors: FieldErrors) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > URL_MAX_LENGTH:
        errors.add(
            field,
            _("The address is too long: at most %(max)d characters.") % {"max": URL_MAX_LENGTH},
        )
        return value
    try:
        _web_address(value)
    except ValidationError:
        errors.add(field, _("Enter a web address starting with https:// or http://."))
    return value


def _chosen(queryset, ids, field: str, message: str, errors: FieldErrors) -> list:
    try:
        wanted = {int(value) for value in ids or ()}
    except (TypeError, ValueError):
        errors.add(field, message)
        return []
    found = list(queryset.filter(pk__in=wanted)) if wanted else []
    if len(found) != len(wanted):
        errors.add(field, message)
    return found


def meeting_close(
    *,
    actor: User,
    meeting: Meeting,
    minutes: dict | str,
    attendees_count: int | None = 0,
    contributions_count: int | None = 0,
    attending_organizations: str = "",
    minutes_video_url: str = "",
    minutes_audio_url: str = "",
    minutes_public: bool = False,
    transcript: str = "",
    proposal_ids=(),
    result_ids=(),
    new_proposals: list[NewProposal] = (),
    proposals_component: Component | None = None,
    photos=(),
    language: str = "",
) -> Meeting:
    """Close `meeting` with its minutes, or edit the minutes of a closed one.

    `proposal_ids` and `result_ids` are every proposal and result the minutes link (those
    linked before and left out are unlinked); `new_proposals` are written as official
    proposals of `proposals_component`, coming from this meeting, and linked too. `photos`
    are `attachments.services.Upload`s of images. Everything is checked before anything is
    written: one wrong value and nothing changes.
    """
    if not can(actor, "admin", meeting.component):
        require(actor, "close", meeting)
    organization = meeting.component.space.organization
    errors = FieldErrors()
    if meeting.is_withdrawn:
        errors.add("minutes", _("A withdrawn meeting cannot be closed."))
    elif not meeting.is_published:
        errors.add("minutes", _("Publish the meeting before closing it."))
    elif meeting.start_at > timezone.now():
        errors.add("minutes", _("A meeting can be closed once it has started."))
    cleaned: dict = {}
    with errors.collect("minutes"):
        cleaned["minutes"] = clean_translations(
            minutes,
            languages=organization.locales,
            required_language=organization.default_locale,
            rich=True,
            field_label=_("Report of the meeting"),
        )
    cleaned["attendees_count"] = _clean_count(attendees_count, "attendees_count", errors)
    cleaned["contributions_count"] = _clean_count(
        contributions_count, "contributions_count", errors
    )
    organizations = (attending_organizations or "").strip()
    if len(organizations) > ORGANIZATIONS_MAX_LENGTH:
        errors.add(
            "attending_organizations",
            _("At most %(max)s characters.") % {"max": f"{ORGANIZATIONS_MAX_LENGTH:,}"},
        )
    cleaned["attending_organizations"] = organizations
    cleaned["minutes_video_url"] = _clean_url(minutes_video_url, "minutes_video_url", errors)
    cleaned["minutes_audio_url"] = _clean_url(minutes_audio_url, "minutes_audio_url", errors)
    cleaned["minutes_public"] = bool(minutes_public)
    transcript = (transcript or "").strip()
    if len(transcript) > TRANSCRIPT_MAX_LENGTH:
        errors.add(
            "transcript",
            _("At most %(max)s characters.") % {"max": f"{TRANSCRIPT_MAX_LENGTH:,}"},
        )
    cleaned["transcript"] = transcript

    space_id = meeting.component.space_id
    proposals = _chosen(
        _proposals_of_space(space_id),
        proposal_ids,
        "proposals",
        _("Choose published proposals of this space."),
        errors,
    )
    results = _chosen(
        _results_of_space(space_id),
        result_ids,
        "results",
        _("Choose results of this space."),
        errors,
    )

    new_proposals = [item for item in new_proposals or () if not item.is_empty]
    if len(new_proposals) > NEW_PROPOSALS_MAX:
        errors.add(
            "new_proposals",
            _("At most %(max)d new proposals at once.") % {"max": NEW_PROPOSALS_MAX},
        )
    if new_proposals:
        allowed = official_proposal_components(user=actor, meeting=meeting)
        if not allowed:
            errors.add(
                "new_proposals",
                _("Only the staff of the space may write official proposals, in a "
                  "proposals component that takes them."),
            )  # fmt: skip
        elif proposals_component is None or proposals_component.pk not in {
            component.pk for component in allowed
        }:
            errors.add("proposals_component", _("Choose where to publish the new proposals."))
        for position, item in enumerate(new_proposals, start=1):
            if not _has_text(item.title):
                errors.add(
                    "new_proposals",
                    _("New proposal %(number)d: give it a title.") % {"number": position},
                )

    checked_photos = []
    photos = [upload for upload in photos or () if upload.file]
    if photos:
        if not attachments_enabled(meeting):
            errors.add("photos", _("Photos are not enabled for these meetings."))
        else:
            from palabre.attachments.selectors import attachment_count

            checked_photos = attachment_services.uploads_clean(
                photos, existing=attachment_count(meeting), errors=errors
            )
            for item in checked_photos:
                if item.type.kind != "image":
                    errors.add(
                        item.upload.field,
                        _("%(name)s is not a picture.") % {"name": item.filename},
                    )
    errors.raise_if_any()

    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        was_closed = locked.closed_at is not None
        was_public = was_closed and locked.minutes_public
        changed = [name for name in MINUTES_FIELDS if getattr(locked, name) != cleaned[name]]
        for name, value in cleaned.items():
            setattr(locked, name, value)
        if not was_closed:
            locked.closed_at = timezone.now()
        locked.save()
        created = []
        for position, item in enumerate(new_proposals, start=1):
            try:
                created.append(_official_proposal(actor, locked, proposals_component, item))
            except ValidationError as error:
                messages = [
                    _("New proposal %(number)d: %(error)s") % {"number": position, "error": text}
                    for text in error.messages
                ]
                raise ValidationError({"new_proposals": messages}) from error
        before_proposals = set(locked.linked_proposals.values_list("pk", flat=True))
        before_results = set(locked.linked_results.values_list("pk", flat=True))
        locked.linked_proposals.set([*proposals, *created])
        locked.linked_results.set(results)
        if checked_photos:
            attachment_services.attachments_store(
                target=locked,
                files=checked_photos,
                created_by=actor,
                language=language or organization.default_locale,
            )
        if {p.pk for p in proposals} | {p.pk for p in created} != before_proposals:
            changed.append("linked_proposals")
        if {r.pk for r in results} != before_results:
            changed.append("linked_results")
        data = {
            "proposals": [p.pk for p in [*proposals, *created]],
            "results": [r.pk for r in results],
            "created_proposals": [p.pk for p in created],
            "photos": len(checked_photos),
        }
        if was_closed:
            data["fields"] = changed
        log_action(
            actor=actor,
            action="update_minutes" if was_closed else "close_meeting",
            resource=locked,
            space=locked.component.space,
            data=data,
        )
        if locked.minutes_public and not was_public:
            _announce(locked, actor)
    return locked


def _official_proposal(actor: User, meeting: Meeting, component: Component, item: NewProposal):
    from palabre.components.proposals.models import Proposal
    from palabre.components.proposals.services import proposal_create_official

    organization = meeting.component.space.organization
    return proposal_create_official(
        actor=actor,
        component=component,
        title=_stripped(item.title),
        body=_stripped(item.body),
        source=Proposal.Source.MEETING,
        source_details=translated(meeting.title, organization.default_locale)[:300],
    )


def _announce(meeting: Meeting, actor: User) -> None:
    """Tell the meeting's followers (and its space's) that its minutes are published, once
    the closing is committed."""
    from palabre.notifications.services import notify_followers

    transaction.on_commit(
        lambda: notify_followers(event=MINUTES_EVENT, target=meeting, actor=actor)
    )
