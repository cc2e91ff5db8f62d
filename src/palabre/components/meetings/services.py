"""Writes of the meetings component: meetings, their agenda, the kinds of meeting.

Every write checks who may do it (`require`), validates everything before writing (all the
errors of a form at once, in the reader's language), writes in one transaction and, for
the staff, leaves an entry in the action log. Times are read in the organization's time
zone: a naive date and time typed in a form is the wall-clock time of the organization,
so a meeting on the night the clocks change lasts what its clocks say.

Coordinates are those typed in the form or picked on its map; without them, the geocoder the
operator configured for the installation (if any) places the address.
"""

import csv
import datetime
import io
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.components.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingCategory,
    MeetingKind,
    MeetingScope,
)
from palabre.core.models import Component, Organization, User
from palabre.core.permissions import can, require
from palabre.core.services import log_action
from palabre.core.translations import clean_translations, translated
from palabre.core.validation import FieldErrors
from palabre.notifications.services import follow_create


# Time zones --------------------------------------------------------------------------------
def organization_zone(organization: Organization) -> zoneinfo.ZoneInfo:
    """The organization's time zone (UTC when its name is unknown to this installation)."""
    try:
        return zoneinfo.ZoneInfo(organization.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_to_aware(value: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """`value` as an aware time: a naive one is a wall-clock time in `zone`.

    A time the clocks skip (the hour lost in spring) does not exist: refused. A time they
    show twice (the hour repeated in autumn) is its first occurrence."""
    if timezone.is_aware(value):
        return value
    aware = value.replace(tzinfo=zone, fold=0)
    # A skipped time comes back as another wall-clock time after a round trip through UTC.
    if aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise ValidationError(
            _(
                "%(time)s does not exist in the time zone %(zone)s: the clocks change then. "
                "Choose another time."
            ),
            params={"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
        )
    # Kept in UTC: Python subtracts two times of the same zone object by their wall clocks,
    # which would lose (or add) the hour the clocks change.
    return aware.astimezone(datetime.UTC)


def meeting_reference(meeting: Meeting) -> str:
    """The public reference of a meeting: `<PREFIX>-MEET-<year>-<month>-<id>`, dated in the
    organization's time zone when it was created."""
    organization = meeting.component.space.organization
    local = timezone.localtime(
        meeting.created_at or timezone.now(), organization_zone(organization)
    )
    return f"{organization.reference_prefix}-MEET-{local:%Y}-{local:%m}-{meeting.pk}"


# Validation --------------------------------------------------------------------------------
# What participants organizing a meeting may set; staff set everything.
PARTICIPANT_FIELDS = (
    "title",
    "description",
    "type_of_meeting",
    "kind",
    "address",
    "location",
    "location_hints",
    "latitude",
    "longitude",
    "online_url",
    "online_visibility",
    "start_at",
    "end_at",
    "category",
    "scope",
    "registration_type",
    "registration_url",
    "capacity",
)
STAFF_FIELDS = (
    *PARTICIPANT_FIELDS,
    "official",
    "online_link_minutes_before",
    "private",
    "transparent",
    "invitees",
    "reserved_seats",
    "registrations_enabled",
    "guests_allowed",
    "registration_terms",
    "linked_proposals",
    "linked_results",
    "comments_closed",
)
_url_validator = URLValidator(schemes=["http", "https"])


def _clean_url(errors: FieldErrors, name: str, value, *, required: bool, message: str) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            errors.add(name, message)
        return ""
    try:
        _url_validator(value)
    except ValidationError:
        errors.add(name, _("Enter a full web address, starting with https://."))
        return ""
    if len(value) > 500:
        errors.add(name, _("This web address is too long (500 characters at most)."))
        return ""
    return value


def _clean_time(errors: FieldErrors, name: str, value, zone, label: str):
    if value in (None, ""):
        errors.add(name, _("%(label)s: enter a date and a time.") % {"label": label})
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            errors.add(
                name,
                _("%(label)s: enter a date and a time like 2026-10-24 18:30.") % {"label": label},
            )
            return None
    if not isinstance(value, datetime.datetime):
        errors.add(name, _("%(label)s: enter a date and a time.") % {"label": label})
        return None
    with errors.collect(name):
        return local_to_aware(value, zone)
    return None


def _clean_choice(errors: FieldErrors, name: str, value, choices, default):
    if value in (None, ""):
        return default
    if value not in dict(choices):
        errors.add(name, _("Choose one of the options offered."))
        return default
    return value


def _clean_int(errors: FieldErrors, name: str, value, *, label: str, maximum: int = 100000) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.add(name, _("%(label)s: enter a whole number.") % {"label": label})
        return 0
    if number < 0 or number > maximum:
        errors.add(
            name,
            _("%(label)s: enter a number between 0 and %(maximum)s.")
            % {"label": label, "maximum": maximum},
        )
        return 0
    return number


def _clean_label(errors, name, value, model, **scope):
    """A category, scope or kind of this component (or organization), given or by id."""
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, model) else value
    try:
        return model.objects.get(pk=int(pk), **scope)
    except (model.DoesNotExist, TypeError, ValueError):
        errors.add(name, _("Choose one of the options offered."))
        return None


def _clean_coordinate(errors, name, value, limit: float, label: str):
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors.add(name, _("%(label)s: enter a number.") % {"label": label})
        return None
    if not -limit <= number <= limit:
        errors.add(
            name,
            _("%(label)s: enter a number between -%(limit)s and %(limit)s.")
            % {"label": label, "limit": int(limit)},
        )
        return None
    return number


def meeting_clean(*, component: Component, fields: dict, staff: bool) -> dict:
    """The values of a meeting checked as a whole; a ValidationError lists every error by
    field. Fields not offered to participants (`staff=False`) are ignored."""
    organization = component.space.organization
    zone = organization_zone(organization)
    languages = organization.locales
    allowed = STAFF_FIELDS if staff else PARTICIPANT_FIELDS
    fields = {name: value for name, value in fields.items() if name in allowed}
    errors = FieldErrors()
    cleaned: dict[str, Any] = {}

    with errors.collect("title"):
        cleaned["title"] = clean_translations(
            fields.get("title"),
            languages=languages,
            required_language=organization.default_locale,
            max_length=300,
            field_label=_("Title"),
        )
    with errors.collect("description"):
        cleaned["description"] = clean_translations(
            fields.get("description"), languages=languages, rich=True, field_label=_("Description")
        )
    for name, label, rich, length in (
        ("location", _("Place"), False, 300),
        ("location_hints", _("Access hints"), False, 1000),
        ("registration_terms", _("Registration terms"), True, None),
    ):
        if name in allowed:
            with errors.collect(name):
                cleaned[name] = clean_translations(
                    fields.get(name),
                    languages=languages,
                    rich=rich,
                    max_length=length,
                    field_label=label,
                )

    kind = _clean_choice(
        errors, "type_of_meeting", fields.get("type_of_meeting"), Meeting.Type.choices, None
    )
    if kind is None and "type_of_meeting" not in errors.errors:
        errors.add("type_of_meeting", _("Choose whether the meeting is in person, online or both."))
    cleaned["type_of_meeting"] = kind or Meeting.Type.IN_PERSON
    in_person = kind in (Meeting.Type.IN_PERSON, Meeting.Type.HYBRID)
    online = kind in (Meeting.Type.ONLINE, Meeting.Type.HYBRID)

    address = (fields.get("address") or "").strip()
    if len(address) > 300:
        errors.add("address", _("The address is too long (300 characters at most)."))
    if in_person and not address:
        errors.add("address", _("A meeting in person needs an address."))
    cleaned["address"] = address if in_person else ""
    cleaned["latitude"] = _clean_coordinate(
        errors, "latitude", fields.get("latitude"), 90, _("Latitude")
    )
    cleaned["longitude"] = _clean_coordinate(
        errors, "longitude", fields.get("longitude"), 180, _("Longitude")
    )
    if (
        (cleaned["latitude"] is None) != (cleaned["longitude"] is None)
        and "latitude" not in errors.errors
        and "longitude" not in errors.errors
    ):
        errors.add("latitude", _("Give both the latitude and the longitude, or neither."))
    if not in_person:
        cleaned["latitude"] = cleaned["longitude"] = None
        cleaned["location"] = {}
        cleaned["location_hints"] = {}
    elif address and cleaned["latitude"] is None and not errors:
        cleaned["latitude"], cleaned["longitude"] = _geocode(address)

    cleaned["online_url"] = _clean_url(
        errors,
        "online_url",
        fields.get("online_url"),
        required=online,
        message=_("An online meeting needs the address of its link."),
    )
    if not online:
        cleaned["online_url"] = ""
    cleaned["online_visibility"] = _clean_choice(
        errors,
        "online_visibility",
        fields.get("online_visibility"),
        Meeting.OnlineVisibility.choices,
        Meeting.OnlineVisibility.EVERYONE,
    )
    if "online_link_minutes_before" in allowed:
        cleaned["online_link_minutes_before"] = (
            _clean_int(
                errors,
                "online_link_minutes_before",
                fields.get("online_link_minutes_before"),
                label=_("Minutes before the start"),
                maximum=7 * 24 * 60,
            )
            if fields.get("online_link_minutes_before") not in (None, "")
            else 15
        )

    start = _clean_time(errors, "start_at", fields.get("start_at"), zone, _("Start"))
    end = _clean_time(errors, "end_at", fields.get("end_at"), zone, _("End"))
    if start and end and end <= start:
        errors.add("end_at", _("The meeting must end after it starts."))
    cleaned["start_at"], cleaned["end_at"] = start, end

    cleaned["kind"] = _clean_label(
        errors, "kind", fields.get("kind"), MeetingKind, organization=organization
    )
    cleaned["category"] = _clean_label(
        errors, "category", fields.get("category"), MeetingCategory, component=component
    )
    cleaned["scope"] = _clean_label(
        errors, "scope", fields.get("scope"), MeetingScope, component=component
    )

    registration_type = _clean_choice(
        errors,
        "registration_type",
        fields.get("registration_type"),
        Meeting.RegistrationType.choices,
        Meeting.RegistrationType.NONE,
    )
    cleaned["registration_type"] = registration_type
    cleaned["registration_url"] = _clean_url(
        errors,
        "registration_url",
        fields.get("registration_url"),
        required=registration_type == Meeting.RegistrationType.EXTERNAL,
        message=_("Registrations on another website need the address of that website."),
    )
    if registration_type != Meeting.RegistrationType.EXTERNAL:
        cleaned["registration_url"] = ""
    cleaned["capacity"] = _clean_int(
        errors, "capacity", fields.get("capacity"), label=_("Seats"), maximum=1000000
    )
    if "reserved_seats" in allowed:
        cleaned["reserved_seats"] = _clean_int(
            errors,
            "reserved_seats",
            fields.get("reserved_seats"),
            label=_("Reserved seats"),
            maximum=1000000,
        )
        if cleaned["reserved_seats"] and cleaned["reserved_seats"] > cleaned["capacity"]:
            errors.add(
                "reserved_seats",
                _("There cannot be more reserved seats than seats (%(capacity)s).")
                % {"capacity": cleaned["capacity"]},
            )

    for name in ("official", "private", "transparent", "registrations_enabled", "guests_allowed"):
        if name in allowed:
            cleaned[name] = bool(fields.get(name))
    if not staff:
        # People registering on the platform for a participant's meeting register at once.
        cleaned["registrations_enabled"] = registration_type == Meeting.RegistrationType.ON_PLATFORM
    if "comments_closed" in allowed:
        cleaned["comments_closed"] = bool(fields.get("comments_closed"))
    if staff and cleaned.get("transparent") and not cleaned.get("private"):
        cleaned["transparent"] = False

    for name, loader in (
        ("invitees", _invitees),
        ("linked_proposals", _linked_proposals),
        ("linked_results", _linked_results),
    ):
        if name in allowed and name in fields:
            with errors.collect(name):
                cleaned[name] = loader(component, fields.get(name) or ())
    errors.raise_if_any()
    return cleaned


def _geocode(address: str) -> tuple[float | None, float | None]:
    """The place of an address, from the geocoder the operator configured
    (`PALABRE_GEOCODER_URL`, shared with proposals), when no coordinates were typed nor
    picked on the map. Without a geocoder, or when it fails or does not know the address,
    the meeting keeps its address without a place on the map: a hall's name is a fine
    address for people, if not for a geocoder."""
    from palabre.components.proposals.geocoding import GeocodingError, geocoder

    service = geocoder()
    if service is None:
        return None, None
    try:
        point = service.geocode(address)
    except GeocodingError:
        return None, None
    return point if point is not None else (None, None)


def _ids(values: Iterable) -> list[int]:
    ids = []
    for value in values:
        pk = getattr(value, "pk", value)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError) as error:
            raise ValidationError(_("Choose among the options offered.")) from error
    return ids


def _invitees(component: Component, values) -> list[User]:
    """People invited, given as accounts, ids or email addresses (forms)."""
    values = list(values)
    emails = {v.strip().casefold() for v in values if isinstance(v, str) and "@" in v}
    ids = _ids(v for v in values if not (isinstance(v, str) and "@" in v))
    people = list(User.objects.filter(pk__in=ids, is_active=True))
    if len(people) != len(set(ids)):
        raise ValidationError(_("Some of the people invited cannot be found."))
    if emails:
        found = {
            person.email.casefold(): person
            for person in User.objects.filter(is_active=True, email__in=_email_variants(values))
        }
        unknown = sorted(email for email in emails if email not in found)
        if unknown:
            raise ValidationError(
                _("No account has these email addresses: %(emails)s.")
                % {"emails": ", ".join(unknown)}
            )
        people += [found[email] for email in sorted(emails)]
    return list({person.pk: person for person in people}.values())


def _email_variants(values) -> list[str]:
    emails = [v.strip() for v in values if isinstance(v, str) and "@" in v]
    return [*emails, *(email.lower() for email in emails)]


def _linked_proposals(component: Component, values) -> list:
    from palabre.components.proposals.models import Proposal

    ids = _ids(values)
    rows = list(
        Proposal.objects.filter(
            pk__in=ids,
            component__space__organization_id=component.space.organization_id,
            state=Proposal.State.PUBLISHED,
        )
    )
    if len(rows) != len(set(ids)):
        raise ValidationError(_("Some of the proposals chosen cannot be linked."))
    return rows


def _linked_results(component: Component, values) -> list:
    from palabre.components.accountability.models import Result

    ids = _ids(values)
    rows = list(
        Result.objects.filter(
            pk__in=ids, component__space__organization_id=component.space.organization_id
        )
    )
    if len(rows) != len(set(ids)):
        raise ValidationError(_("Some of the results chosen cannot be linked."))
    return rows


RELATIONS = ("invitees", "linked_proposals", "linked_results")


def _apply(meeting: Meeting, cleaned: dict) -> list[str]:
    """Set the plain fields of `cleaned` on `meeting`; the names of those that changed."""
    changed = []
    for name, value in cleaned.items():
        if name in RELATIONS:
            continue
        current = getattr(meeting, name)
        if current != value:
            setattr(meeting, name, value)
            changed.append(name)
    return changed


def _set_relations(meeting: Meeting, cleaned: dict) -> list[str]:
    changed = []
    for name in RELATIONS:
        if name in cleaned:
            manager = getattr(meeting, name)
            new_ids = {row.pk for row in cleaned[name]}
            if set(manager.values_list("pk", flat=True)) != new_ids:
                manager.set(cleaned[name])
                changed.append(name)
    return changed


def _log(actor: User, action: str, meeting: Meeting, data: dict | None = None) -> None:
    log_action(
        actor=actor,
        action=action,
        resource=meeting,
        resource_type="meeting",
        space=meeting.component.space,
        data=data,
    )


def _is_staff(actor: User, component: Component) -> bool:
    return can(actor, "admin", component)


# Meetings ----------------------------------------------------------------------------------
def meeting_create(
    *, actor: User, component: Component, publish: bool | None = None, **fields: Any
) -> Meeting:
    """A new meeting. The space's administrators create meetings of the organization, not
    published unless `publish`; a participant, where the component lets participants
    organize meetings, creates one published at once (moderated afterwards, like other
    contributions), as its author, following it."""
    staff = _is_staff(actor, component)
    if not staff:
        require(actor, "create", component)
    cleaned = meeting_clean(component=component, fields=fields, staff=staff)
    if not staff:
        cleaned["official"] = False
    now = timezone.now()
    publish = (not staff) if publish is None else publish
    with transaction.atomic():
        meeting = Meeting(
            component=component,
            author=None if staff else actor,
            published_at=now if publish else None,
        )
        _apply(meeting, cleaned)
        meeting.save()
        meeting.reference = meeting_reference(meeting)
        meeting.save(update_fields=["reference"])
        _set_relations(meeting, cleaned)
        if staff:
            _log(actor, "create", meeting)
        if not staff:
            # The organizer hears of comments on their meeting.
            follow_create(user=actor, target=meeting)
    return meeting


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("component__space").get(pk=meeting.pk)


def meeting_update(*, actor: User, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting: its staff, or its author while they may edit it (not withdrawn,
    not closed). The registrations' seats are checked by the registrations services when
    the capacity is lowered below the seats already taken."""
    component = meeting.component
    staff = _is_staff(actor, component)
    if not staff:
        require(actor, "edit", meeting)
    cleaned = meeting_clean(component=component, fields=fields, staff=staff)
    with transaction.atomic():
        locked = _lock(meeting)
        _check_capacity(locked, cleaned)
        changed = _apply(locked, cleaned)
        if changed:
            locked.save()
        changed += _set_relations(locked, cleaned)
        if staff and changed:
            _log(actor, "update", locked, {"fields": changed})
    return locked


def _check_capacity(meeting: Meeting, cleaned: dict) -> None:
    """Lowering the seats below the registrations already made is refused with a clear
    message (the registrations' rule, which also gives freed seats to people waiting)."""
    from palabre.components.meetings.registrations import check_capacity_change

    check_capacity_change(
        meeting=meeting,
        capacity=cleaned.get("capacity", meeting.capacity),
        reserved_seats=cleaned.get("reserved_seats", meeting.reserved_seats),
    )


def meeting_withdraw(*, actor: User, meeting: Meeting) -> Meeting:
    """Withdraw a meeting: it stays readable, marked as withdrawn, and takes no more
    registrations nor comments. Its author or its staff."""
    staff = _is_staff(actor, meeting.component)
    if not staff:
        require(actor, "withdraw", meeting)
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This meeting is already withdrawn."))
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at", "updated_at"])
        if staff:
            _log(actor, "withdraw", locked)
    return locked


def meeting_publish(*, actor: User, meeting: Meeting, publish: bool = True) -> Meeting:
    """Publish a meeting (or take it back: `publish=False`). Staff only."""
    require(actor, "admin", meeting.component)
    with transaction.atomic():
        locked = _lock(meeting)
        if publish and locked.published_at is None:
            locked.published_at = timezone.now()
            if locked.withdrawn_at is not None:
                locked.withdrawn_at = None
        elif not publish and locked.published_at is not None:
            locked.published_at = None
        else:
            return locked
        locked.save(update_fields=["published_at", "withdrawn_at", "updated_at"])
        _log(actor, "publish" if publish else "unpublish", locked)
    return locked


def meeting_duplicate(*, actor: User, meeting: Meeting) -> Meeting:
    """A copy of a meeting, not published, with its agenda, links and invitations, without
    its registrations nor its minutes: the staff then change its date."""
    require(actor, "admin", meeting.component)
    organization = meeting.component.space.organization
    copied = (
        "component",
        "description",
        "type_of_meeting",
        "kind_id",
        "official",
        "author_id",
        "address",
        "location",
        "location_hints",
        "latitude",
        "longitude",
        "online_url",
        "online_visibility",
        "online_link_minutes_before",
        "start_at",
        "end_at",
        "category_id",
        "scope_id",
        "private",
        "transparent",
        "registration_type",
        "registration_url",
        "capacity",
        "reserved_seats",
        "guests_allowed",
        "registration_terms",
    )
    with transaction.atomic():
        copy = Meeting(**{name: getattr(meeting, name) for name in copied})
        copy.title = {
            language: _("%(title)s (copy)") % {"title": text}
            for language, text in meeting.title.items()
            if text
        }
        if not copy.title.get(organization.default_locale):
            copy.title[organization.default_locale] = translated(meeting.title)
        copy.save()
        copy.reference = meeting_reference(copy)
        copy.save(update_fields=["reference"])
        copy.invitees.set(meeting.invitees.all())
        copy.linked_proposals.set(meeting.linked_proposals.all())
        copy.linked_results.set(meeting.linked_results.all())
        items = list(meeting.agenda_items.all())
        parents = {}
        for item in sorted(items, key=lambda row: (row.parent_id is not None, row.position)):
            new = AgendaItem.objects.create(
                meeting=copy,
                parent=parents.get(item.parent_id),
                position=item.position,
                title=item.title,
                description=item.description,
                duration_minutes=item.duration_minutes,
            )
            parents[item.pk] = new
        _log(actor, "duplicate", copy, {"from": meeting.reference})
    return copy


# Agenda ------------------------------------------------------------------------------------
MAX_AGENDA_ITEMS = 100


def _duration_minutes(meeting: Meeting) -> int:
    # Aware times: on the night the clocks change, the real duration, not the clocks'.
    return meeting_duration_minutes(meeting)


def meeting_duration_minutes(meeting: Meeting) -> int:
    """How long a meeting lasts, in minutes, counted in UTC (see `local_to_aware`)."""
    start = meeting.start_at.astimezone(datetime.UTC)
    end = meeting.end_at.astimezone(datetime.UTC)
    return int((end - start).total_seconds() // 60)


def agenda_clean(*, meeting: Meeting, items: list[dict]) -> list[dict]:
    """Check an agenda: items with a title, durations in minutes, sub-items one level deep;
    the items' durations add up to at most the meeting's, and each item's sub-items to at
    most the item's. Errors name the item ("Item 2: …")."""
    organization = meeting.component.space.organization
    errors: list[str] = []
    cleaned: list[dict] = []
    count = 0

    def clean_one(raw: dict, label: str) -> dict | None:
        nonlocal count
        count += 1
        try:
            title = clean_translations(
                raw.get("title"),
                languages=organization.locales,
                required_language=organization.default_locale,
                max_length=300,
                field_label=_("Title"),
            )
            description = clean_translations(
                raw.get("description"),
                languages=organization.locales,
                rich=True,
                field_label=_("Description"),
            )
        except ValidationError as error:
            errors.extend(f"{label}: {message}" for message in error.messages)
            return None
        try:
            duration = int(raw.get("duration_minutes") or 0)
        except (TypeError, ValueError):
            errors.append(_("%(item)s: the duration is a number of minutes.") % {"item": label})
            return None
        if duration < 0 or duration > 7 * 24 * 60:
            errors.append(
                _("%(item)s: the duration must be between 0 and %(maximum)s minutes.")
                % {"item": label, "maximum": 7 * 24 * 60}
            )
            return None
        return {"title": title, "description": description, "duration_minutes": duration}

    for index, raw in enumerate(items, start=1):
        label = _("Item %(number)s") % {"number": index}
        item = clean_one(raw, label)
        children = []
        for child_index, child in enumerate(raw.get("children") or (), start=1):
            child_label = _("Item %(number)s.%(sub)s") % {"number": index, "sub": child_index}
            if child.get("children"):
                errors.append(
                    _("%(item)s: sub-items cannot have sub-items of their own.")
                    % {"item": child_label}
                )
            cleaned_child = clean_one(child, child_label)
            if cleaned_child is not None:
                children.append(cleaned_child)
        if item is None:
            continue
        item["children"] = children
        total = sum(child["duration_minutes"] for child in children)
        if total > item["duration_minutes"]:
            errors.append(
                _(
                    "%(item)s: its sub-items last %(total)s minutes, more than the item itself "
                    "(%(duration)s minutes)."
                )
                % {"item": label, "total": total, "duration": item["duration_minutes"]}
            )
        cleaned.append(item)
    if count > MAX_AGENDA_ITEMS:
        errors.append(
            _("An agenda has at most %(maximum)s items and sub-items.")
            % {"maximum": MAX_AGENDA_ITEMS}
        )
    total = sum(item["duration_minutes"] for item in cleaned)
    available = _duration_minutes(meeting)
    if total > available:
        errors.append(
            _(
                "The items last %(total)s minutes in all, more than the meeting "
                "(%(duration)s minutes)."
            )
            % {"total": total, "duration": available}
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def agenda_save(*, actor: User, meeting: Meeting, items: list[dict]) -> list[AgendaItem]:
    """Replace the agenda of a meeting with `items` (each a dict of title, description,
    duration_minutes and children, one level deep), in their order."""
    staff = _is_staff(actor, meeting.component)
    if not staff:
        require(actor, "edit", meeting)
    with transaction.atomic():
        locked = _lock(meeting)
        cleaned = agenda_clean(meeting=locked, items=items)
        locked.agenda_items.all().delete()
        saved = []
        for position, item in enumerate(cleaned):
            parent = AgendaItem.objects.create(
                meeting=locked,
                position=position,
                title=item["title"],
                description=item["description"],
                duration_minutes=item["duration_minutes"],
            )
            saved.append(parent)
            for child_position, child in enumerate(item["children"]):
                saved.append(
                    AgendaItem.objects.create(
                        meeting=locked,
                        parent=parent,
                        position=child_position,
                        title=child["title"],
                        description=child["description"],
                        duration_minutes=child["duration_minutes"],
                    )
                )
        Meeting.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
        if staff:
            _log(actor, "update_agenda", locked)
    return saved


# CSV import --------------------------------------------------------------------------------
CSV_COLUMNS = (
    "title",
    "description",
    "type",
    "start",
    "end",
    "address",
    "location",
    "online_url",
    "kind",
    "category",
    "scope",
    "capacity",
)
CSV_REQUIRED = ("title", "type", "start", "end")
CSV_MAX_LINES = 2000
CSV_MAX_BYTES = 2 * 1024 * 1024


def _by_name(rows) -> dict[str, Any]:
    names = {}
    for row in rows:
        for text in row.name.values():
            if text:
                names.setdefault(text.strip().casefold(), row)
    return names


def _csv_rows(data: bytes | str) -> list[dict]:
    if isinstance(data, bytes):
        if len(data) > CSV_MAX_BYTES:
            raise ValidationError(_("The file is too large (2 MB at most)."))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(_("The file must be a CSV file encoded in UTF-8.")) from error
    try:
        dialect = csv.Sniffer().sniff(data[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(data), dialect=dialect)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in CSV_REQUIRED if name not in header]
    if missing:
        raise ValidationError(
            _("The first line must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    reader.fieldnames = header
    rows = []
    for row in reader:
        rows.append({key: (value or "").strip() for key, value in row.items() if key})
        if len(rows) > CSV_MAX_LINES:
            raise ValidationError(
                _("The file has more than %(maximum)s lines.") % {"maximum": CSV_MAX_LINES}
            )
    if not rows:
        raise ValidationError(_("The file has no meeting in it."))
    return rows


def meeting_import_csv(*, actor: User, component: Component, data: bytes | str) -> list[Meeting]:
    """Meetings from a CSV file (columns in `CSV_COLUMNS`; times in the organization's time
    zone, like 2026-10-24 18:30; kinds, categories and scopes by name), created not
    published. Every line is checked first: one error anywhere and nothing is imported; the
    errors name their line."""
    require(actor, "admin", component)
    organization = component.space.organization
    rows = _csv_rows(data)
    kinds = _by_name(MeetingKind.objects.filter(organization=organization))
    categories = _by_name(MeetingCategory.objects.filter(component=component))
    scopes = _by_name(MeetingScope.objects.filter(component=component))
    types = {}
    for value, label in Meeting.Type.choices:
        types[value] = value
        types[str(label).casefold()] = value
    errors: list[str] = []
    valid: list[dict] = []
    for number, row in enumerate(rows, start=2):
        line_errors = []
        fields: dict[str, Any] = {
            "title": row.get("title", ""),
            "description": row.get("description", ""),
            "address": row.get("address", ""),
            "location": row.get("location", ""),
            "online_url": row.get("online_url", ""),
            "start_at": row.get("start", ""),
            "end_at": row.get("end", ""),
            "capacity": row.get("capacity", ""),
        }
        meeting_type = types.get(row.get("type", "").casefold())
        if meeting_type is None:
            line_errors.append(_("the type must be in_person, online or hybrid"))
        fields["type_of_meeting"] = meeting_type or Meeting.Type.IN_PERSON
        for column, names, label in (
            ("kind", kinds, _("kind")),
            ("category", categories, _("category")),
            ("scope", scopes, _("scope")),
        ):
            name = row.get(column, "")
            if name:
                found = names.get(name.casefold())
                if found is None:
                    line_errors.append(
                        _("unknown %(what)s “%(name)s”") % {"what": label, "name": name}
                    )
                fields[column] = found
        if fields["capacity"]:
            fields["registration_type"] = Meeting.RegistrationType.ON_PLATFORM
        try:
            cleaned = meeting_clean(component=component, fields=fields, staff=True)
        except ValidationError as error:
            line_errors.extend(error.messages)
            cleaned = None
        if line_errors:
            errors.append(
                _("Line %(line)s: %(errors)s") % {"line": number, "errors": "; ".join(line_errors)}
            )
        elif cleaned is not None:
            valid.append(cleaned)
    if errors:
        raise ValidationError(errors)
    made = []
    with transaction.atomic():
        for cleaned in valid:
            meeting = Meeting(component=component)
            _apply(meeting, cleaned)
            meeting.save()
            meeting.reference = meeting_reference(meeting)
            meeting.save(update_fields=["reference"])
            made.append(meeting)
        log_action(
            actor=actor,
            action="import_meetings",
            resource=component,
            resource_type="component",
            space=component.space,
            data={"count": len(made)},
        )
    return made


# Kinds of meeting --------------------------------------------------------------------------
DEFAULT_KINDS = (
    {"fr": "Atelier", "en": "Workshop"},
    {"fr": "Réunion publique", "en": "Public meeting"},
    {"fr": "Permanence", "en": "Office hours"},
    {"fr": "Visite de terrain", "en": "Site visit"},
    {"fr": "Séance plénière", "en": "Plenary session"},
)


def meeting_kinds_ensure(*, organization: Organization) -> None:
    """Give an organization the usual kinds of meeting when it has none yet (called when
    its first meetings component is created); its administrators edit them afterwards."""
    if MeetingKind.objects.filter(organization=organization).exists():
        return
    languages = organization.locales
    MeetingKind.objects.bulk_create(
        [
            MeetingKind(
                organization=organization,
                position=position,
                name={code: text for code, text in name.items() if code in languages}
                or {organization.default_locale: name["en"]},
            )
            for position, name in enumerate(DEFAULT_KINDS)
        ]
    )


def _clean_kind_name(organization: Organization, name) -> dict:
    return clean_translations(
        name,
        languages=organization.locales,
        required_language=organization.default_locale,
        max_length=100,
        field_label=_("Name"),
    )


def meeting_kind_save(
    *, actor: User, organization: Organization, name, kind: MeetingKind | None = None
) -> MeetingKind:
    """Add a kind of meeting to the organization's list, or rename one."""
    require(actor, "admin", organization)
    cleaned = _clean_kind_name(organization, name)
    with transaction.atomic():
        if kind is None:
            position = MeetingKind.objects.filter(organization=organization).count()
            kind = MeetingKind.objects.create(
                organization=organization, name=cleaned, position=position
            )
            action = "create"
        else:
            if kind.organization_id != organization.pk:
                raise ValidationError(_("This kind of meeting is not this organization's."))
            kind.name = cleaned
            kind.save(update_fields=["name"])
            action = "update"
        log_action(
            actor=actor,
            action=action,
            organization=organization,
            resource=kind,
            resource_type="meetingkind",
        )
    return kind


def meeting_kind_delete(*, actor: User, kind: MeetingKind) -> None:
    """Remove a kind from the list; its meetings keep no kind."""
    organization = kind.organization
    require(actor, "admin", organization)
    with transaction.atomic():
        log_action(
            actor=actor,
            action="delete",
            organization=organization,
            resource=kind,
            resource_type="meetingkind",
        )
        kind.delete()


def label_save(
    *, actor: User, component: Component, model, name, label=None
) -> MeetingCategory | MeetingScope:
    """Add (or rename) a category or a scope of a meetings component."""
    require(actor, "admin", component)
    organization = component.space.organization
    cleaned = _clean_kind_name(organization, name)
    resource_type = model._meta.model_name
    with transaction.atomic():
        if label is None:
            position = model.objects.filter(component=component).count()
            label = model.objects.create(component=component, name=cleaned, position=position)
            action = "create"
        else:
            if label.component_id != component.pk:
                raise ValidationError(_("This is not a label of this component."))
            label.name = cleaned
            label.save(update_fields=["name"])
            action = "update"
        log_action(
            actor=actor,
            action=action,
            resource=label,
            resource_type=resource_type,
            space=component.space,
        )
    return label


def label_delete(*, actor: User, label) -> None:
    component = label.component
    require(actor, "admin", component)
    with transaction.atomic():
        log_action(
            actor=actor,
            action="delete",
            resource=label,
            resource_type=label._meta.model_name,
            space=component.space,
        )
        label.delete()
