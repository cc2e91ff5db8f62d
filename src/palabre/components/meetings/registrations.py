"""Writes of meeting registrations: seats, the waiting list, codes, guests, the door.

Every change of who holds a seat locks the meeting's row first (`select_for_update`), then
counts the seats taken in a statement of its own: with N seats and N + 20 people at once,
registrations queue on that lock, exactly N get a seat and the others go on the waiting
list in the order they got the lock (`position`). A seat given up goes to the first person
waiting, in the same transaction. Public registrations take `capacity - reserved_seats`
seats; the reserved ones are given by staff (or to people they invited).

People without an account (guests, where the meeting allows them) give a name and an
email address and confirm it with a signed link; they join the queue when they confirm.
Emails leave through tasks written with the change (`core.queue`), in the person's
language; organizers hear once of each share of the seats taken (50, 80, 100 %).
"""

import copy
import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from palabre.components.meetings.models import (
    REGISTRATION_CODE_ALPHABET,
    REGISTRATION_CODE_LENGTH,
    Meeting,
    Registration,
    RegistrationThreshold,
)
from palabre.components.meetings.registration_events import THRESHOLD_EVENT
from palabre.core.models import SpaceRole, User
from palabre.core.permissions import action_check, can, require, why_not
from palabre.core.queue import enqueue_with_transaction
from palabre.core.services import log_action
from palabre.core.settings_schema import current_settings
from palabre.core.validation import FieldErrors
from palabre.forms import services as form_services
from palabre.forms.models import Response
from palabre.forms.selectors import form_load
from palabre.forms.validation import SHOWN_FIELD, Submission, parse_shown, submission_clean
from palabre.limits import services as contribution_limits
from palabre.notifications.services import follow_create, notify

THRESHOLDS = (50, 80, 100)
TERMS_FIELD = "accept_terms"
RATE_WINDOW_SECONDS = 3600
# Guest registrations sent from one connection, and to one address, per hour.
GUEST_LIMIT_PER_CONNECTION = 20
GUEST_LIMIT_PER_EMAIL = 3
GUEST_CONFIRM_SALT = "palabre.meetings.guest-confirm"
GUEST_CANCEL_SALT = "palabre.meetings.guest-cancel"
INVITATION_SALT = "palabre.meetings.invitation"
GUEST_CONFIRM_MAX_AGE = 7 * 24 * 3600
INVITATION_MAX_AGE = 60 * 24 * 3600
MAX_INVITATIONS = 200

Status = Registration.Status


class AnswersInvalid(ValidationError):
    """A registration not saved: answers to correct (each next to its question) or errors
    of the registration's own fields (`field_errors`: name, email, terms)."""

    def __init__(self, submission: Submission | None, field_errors: dict, loaded=None):
        super().__init__(_("Some answers need your attention."))
        self.submission = submission
        self.field_errors = field_errors
        self.loaded = loaded


class AlreadyRegistered(ValidationError):
    """The person holds a registration for this meeting already."""


# Who may register -----------------------------------------------------------------------
@dataclass(frozen=True)
class RegisterCheck:
    allowed: bool
    reason: str = ""
    # As a guest (no account): name and email address asked.
    guest: bool = False
    # Signing in would let the person register.
    sign_in: bool = False
    next_url: str = ""
    next_label: str = ""
    # The step's page comes back here (`?next=`): a verification to pass, for instance.
    next_returns: bool = False


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def registrations_open_reason(meeting: Meeting, *, now=None) -> str:
    """Why the meeting takes no registration on the platform now, or ""."""
    now = now or timezone.now()
    if meeting.registration_type != Meeting.RegistrationType.ON_PLATFORM:
        return _("This meeting takes no registration on this platform.")
    if not meeting.is_published or meeting.is_withdrawn or meeting.is_closed:
        return _("Registrations for this meeting are closed.")
    if not meeting.registrations_enabled:
        return _("Registrations for this meeting are not open.")
    if meeting.start_at <= now:
        return _("This meeting started on %(date)s: registrations are closed.") % {
            "date": _date(meeting.start_at)
        }
    return ""


def register_check(user, meeting: Meeting, *, invitation_email: str = "") -> RegisterCheck:
    """Whether `user` (maybe not signed in) may register for `meeting` now, or why not."""
    reason = registrations_open_reason(meeting)
    if reason:
        return RegisterCheck(False, reason)
    if getattr(user, "is_authenticated", False):
        denial = why_not(user, "register", meeting)
        if denial is None:
            return RegisterCheck(True)
        return RegisterCheck(
            False,
            _("You cannot register for this meeting.") if denial.generic else str(denial.reason),
            next_url=denial.next_url,
            next_label=str(denial.next_label or ""),
            next_returns=denial.next_returns,
        )
    component = meeting.component
    space = component.space
    if (
        (meeting.guests_allowed or invitation_email)
        and not meeting.private
        and not space.private
        and component.is_published
        and space.is_published
        and current_settings(component).registrations_enabled
        and can(AnonymousUser(), "view", meeting)
    ):
        # Unless registering requires a verification, which needs an account.
        denial = action_check(user, "register", component, meeting)
        if denial is not None:
            return RegisterCheck(False, str(denial.reason), sign_in=True)
        return RegisterCheck(True, guest=True)
    return RegisterCheck(False, _("Sign in to register for this meeting."), sign_in=True)


def terms_required(meeting: Meeting) -> bool:
    return any((text or "").strip() for text in (meeting.registration_terms or {}).values())


# Seats --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Seats:
    """Seats taken in a meeting, read after locking it."""

    public: int
    reserved: int
    waiting: int
    last_position: int

    @property
    def taken(self) -> int:
        return self.public + self.reserved


def seats_count(meeting: Meeting) -> Seats:
    """One statement: seats taken (public and reserved), people waiting, the last arrival."""
    confirmed = Q(status=Status.CONFIRMED)
    row = Registration.objects.filter(meeting_id=meeting.pk).aggregate(
        public=Count("pk", filter=confirmed & Q(reserved=False)),
        reserved=Count("pk", filter=confirmed & Q(reserved=True)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        last=Max("position"),
    )
    return Seats(row["public"], row["reserved"], row["waiting"], row["last"] or 0)


def public_seat_free(meeting: Meeting, seats: Seats) -> bool:
    return not meeting.capacity or seats.public < meeting.available_seats


def reserved_seat_free(meeting: Meeting, seats: Seats) -> bool:
    return bool(meeting.capacity) and seats.reserved < min(meeting.reserved_seats, meeting.capacity)


def _lock(meeting: Meeting) -> Meeting:
    """The meeting's row, locked until the transaction ends (every change of seats waits
    here for the previous one)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    # The caller's copy already holds what the pages need (component, space).
    locked.component = meeting.component
    return locked


def _new_code(meeting: Meeting) -> str:
    """A random code unused in the meeting (the meeting is locked: the check holds until
    the insertion; the unique constraint is the last guard)."""
    for _attempt in range(20):
        code = "".join(
            secrets.choice(REGISTRATION_CODE_ALPHABET) for _ in range(REGISTRATION_CODE_LENGTH)
        )
        if not Registration.objects.filter(meeting_id=meeting.pk, code=code).exists():
            return code
    raise RuntimeError("no free registration code after 20 attempts")


def _seat(meeting: Meeting, registration: Registration, seats: Seats, *, reserved_ok: bool):
    """Put a registration in the queue: a public seat if one is free, else a reserved one
    when allowed and free, else the waiting list; at the end of the arrival order."""
    registration.position = seats.last_position + 1
    registration.cancelled_at = None
    if public_seat_free(meeting, seats):
        registration.status, registration.reserved = Status.CONFIRMED, False
    elif reserved_ok and reserved_seat_free(meeting, seats):
        registration.status, registration.reserved = Status.CONFIRMED, True
    else:
        registration.status, registration.reserved = Status.WAITING, False


def _promote_waiting(meeting: Meeting) -> list[Registration]:
    """Give the public seats free to the first people waiting, in their order of arrival;
    each is emailed their code. Called with the meeting locked."""
    seats = seats_count(meeting)
    free = None if not meeting.capacity else meeting.available_seats - seats.public
    if free is not None and free <= 0:
        return []
    waiting = Registration.objects.filter(meeting_id=meeting.pk, status=Status.WAITING).order_by(
        "position", "pk"
    )
    promoted = list(waiting if free is None else waiting[:free])
    if not promoted:
        return []
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=Status.CONFIRMED, reserved=False, updated_at=timezone.now()
    )
    for registration in promoted:
        registration.status = Status.CONFIRMED
        _email(registration, "promoted")
    _thresholds(meeting)
    return promoted


def _organizers(meeting: Meeting) -> list[User]:
    admins = list(
        User.objects.filter(
            space_roles__space_id=meeting.component.space_id,
            space_roles__role=SpaceRole.Role.ADMIN,
        ).distinct()
    )
    if meeting.author_id and all(person.pk != meeting.author_id for person in admins):
        author = User.objects.filter(pk=meeting.author_id).first()
        if author is not None:
            admins.append(author)
    return admins


def _thresholds(meeting: Meeting) -> list[int]:
    """Tell the organizers of each share of the seats newly reached, once (the meeting is
    locked; the unique constraint is the last guard)."""
    if not meeting.capacity:
        return []
    taken = seats_count(meeting).taken
    reached = [p for p in THRESHOLDS if taken * 100 >= p * meeting.capacity]
    if not reached:
        return []
    told = set(
        RegistrationThreshold.objects.filter(meeting_id=meeting.pk).values_list(
            "percent", flat=True
        )
    )
    new = [p for p in reached if p not in told]
    if not new:
        return []
    RegistrationThreshold.objects.bulk_create(
        [RegistrationThreshold(meeting_id=meeting.pk, percent=p) for p in new],
        ignore_conflicts=True,
    )
    notify(
        event=THRESHOLD_EVENT,
        target=meeting,
        recipients=_organizers(meeting),
        data={"percent": max(new), "taken": taken, "capacity": meeting.capacity},
    )
    return new


def _email(registration: Registration, kind: str) -> None:
    from palabre.components.meetings.registration_tasks import send_registration_email

    enqueue_with_transaction(send_registration_email, registration_id=registration.pk, kind=kind)


# Answers of the registration form -------------------------------------------------------
def _clean_answers(meeting: Meeting, data, files, errors: FieldErrors):
    """The checked answers to the meeting's registration form (None without a form)."""
    if not meeting.registration_form_id:
        if errors:
            raise AnswersInvalid(None, errors.errors)
        return None, None
    loaded = form_load(meeting.registration_form)
    submission = submission_clean(loaded, data, files, shown=parse_shown(data.get(SHOWN_FIELD)))
    if not submission.is_valid or errors:
        raise AnswersInvalid(submission, errors.errors, loaded)
    return loaded, submission


def _save_answers(registration: Registration, loaded, submission, *, user, language: str):
    if loaded is None:
        return
    if registration.response_id:
        # Registering again after cancelling: the new answers replace the old ones.
        Response.objects.filter(pk=registration.response_id).delete()
    response = form_services.response_create(
        loaded=loaded,
        submission=submission,
        respondent=form_services.respondent_key(loaded.form, f"registration:{registration.pk}"),
        user=user,
        locale=language,
    )
    registration.response = response
    Registration.objects.filter(pk=registration.pk).update(response=response)


# Registering ------------------------------------------------------------------------------
def invitation_token(meeting: Meeting, email: str) -> str:
    return signing.dumps({"m": meeting.pk, "e": email.lower()}, salt=INVITATION_SALT)


def invitation_email_of(meeting: Meeting, token: str | None) -> str:
    """The address an invitation to this meeting was sent to, or "" (no token, a wrong or
    expired one, one of another meeting)."""
    if not token:
        return ""
    try:
        value = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return ""
    if not isinstance(value, dict) or value.get("m") != meeting.pk:
        return ""
    return str(value.get("e") or "")


def registration_create(
    *,
    meeting: Meeting,
    user: User,
    data=None,
    files=None,
    language: str = "",
    invitation: str = "",
) -> Registration:
    """Register a signed-in person: a seat if one is free, else a place on the waiting
    list, with a code either way; they follow the meeting and are emailed.

    Raises PermissionDenied (with the reason) when they may not register,
    `AnswersInvalid` for answers or terms to correct, `AlreadyRegistered` when they are.
    An `invitation` sent to their account's address may give them a reserved seat.
    """
    data = data or {}
    check = register_check(user, meeting)
    if not check.allowed:
        raise PermissionDenied(check.reason)
    require(user, "register", meeting)
    organization = meeting.component.space.organization
    contribution_limits.enforce(organization=organization, kind="registrations", user=user)
    errors = FieldErrors()
    if terms_required(meeting) and not data.get(TERMS_FIELD):
        errors.add("terms", _("Accept the terms to register."))
    loaded, submission = _clean_answers(meeting, data, files, errors)
    invited = bool(invitation) and invitation_email_of(meeting, invitation) == user.email.lower()
    with transaction.atomic():
        locked = _lock(meeting)
        registration = Registration.objects.filter(meeting_id=locked.pk, user=user).first()
        if registration is not None and registration.status != Status.CANCELLED:
            raise AlreadyRegistered(
                _("You are already registered for this meeting."), code="already_registered"
            )
        if registration is None:
            registration = Registration(meeting=locked, user=user, code=_new_code(locked))
        registration.locale = (language or "")[:8]
        _seat(locked, registration, seats_count(locked), reserved_ok=invited)
        registration.save()
        _save_answers(registration, loaded, submission, user=user, language=language)
        follow_create(user=user, target=meeting)
        _email(registration, "confirmed" if registration.status == Status.CONFIRMED else "waiting")
        _thresholds(locked)
        contribution_limits.record(organization=organization, kind="registrations", user=user)
    return registration


def _normal_email(email: str) -> str:
    return (email or "").strip().lower()


def _count_attempt(key: str) -> None:
    if not cache.add(key, 1, RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, RATE_WINDOW_SECONDS)


def _rate_keys(meeting: Meeting, address: str, email: str) -> list[tuple[str, int]]:
    window = int(timezone.now().timestamp()) // RATE_WINDOW_SECONDS
    base = f"meetings:guests:{meeting.component_id}"
    return [
        (f"{base}:address:{address or 'unknown'}:{window}", GUEST_LIMIT_PER_CONNECTION),
        (f"{base}:email:{email}:{window}", GUEST_LIMIT_PER_EMAIL),
    ]


def guest_register(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    data=None,
    files=None,
    address: str = "",
    language: str = "",
    invitation: str = "",
) -> Registration:
    """Register a person without an account. They are emailed a link to confirm their
    address (an invitation sent to that address counts as confirmed) and join the queue
    when they confirm; no account is created.

    The answer is the same whether or not the address was registered already (that
    email then reminds them of their registration), so that nobody learns who registered.
    Limited per connection and per address and hour.
    """
    data = data or {}
    invited_email = invitation_email_of(meeting, invitation)
    check = register_check(AnonymousUser(), meeting, invitation_email=invited_email)
    if not check.allowed or not check.guest:
        raise PermissionDenied(check.reason)
    errors = FieldErrors()
    name = " ".join((name or "").split())
    if not name:
        errors.add("name", _("Give your name."))
    elif len(name) > 150:
        errors.add("name", _("Keep your name under 150 characters."))
    email = _normal_email(email)
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", _("Enter a valid email address."))
    if terms_required(meeting) and not data.get(TERMS_FIELD):
        errors.add("terms", _("Accept the terms to register."))
    organization = meeting.component.space.organization
    contribution_limits.enforce(organization=organization, kind="registrations", address=address)
    limits = _rate_keys(meeting, address, email)
    for key, limit in limits:
        if cache.get(key, 0) >= limit:
            raise ValidationError(
                _(
                    "Too many registrations were sent from your connection or to this "
                    "address in the last hour: try again later, or sign in to register."
                ),
                code="rate_limited",
            )
    loaded, submission = _clean_answers(meeting, data, files, errors)
    confirmed_by_invitation = bool(invited_email) and invited_email == email
    if not meeting.guests_allowed and not confirmed_by_invitation:
        raise PermissionDenied(_("Only the address this invitation was sent to may use it."))
    with transaction.atomic():
        locked = _lock(meeting)
        registration = Registration.objects.filter(
            meeting_id=locked.pk, user__isnull=True, guest_email=email
        ).first()
        if registration is not None and registration.status in (Status.CONFIRMED, Status.WAITING):
            _email(registration, "already")
        else:
            if registration is None:
                registration = Registration(
                    meeting=locked, guest_email=email, code=_new_code(locked)
                )
            registration.guest_name = name
            registration.locale = (language or "")[:8]
            if confirmed_by_invitation:
                _seat(locked, registration, seats_count(locked), reserved_ok=True)
            else:
                registration.status = Status.PENDING
                registration.cancelled_at = None
            registration.save()
            _save_answers(registration, loaded, submission, user=None, language=language)
            if registration.status == Status.PENDING:
                _email(registration, "guest_confirm")
            else:
                _email(
                    registration,
                    "confirmed" if registration.status == Status.CONFIRMED else "waiting",
                )
                _thresholds(locked)
    for key, _limit in limits:
        _count_attempt(key)
    contribution_limits.record(organization=organization, kind="registrations", address=address)
    return registration


def guest_token(registration: Registration, salt: str) -> str:
    return signing.dumps({"r": registration.pk, "c": registration.code}, salt=salt)


def guest_registration_of(token: str, salt: str, *, max_age: int | None = None):
    """The guest registration a link names, or None (a wrong, altered or expired link)."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    return (
        Registration.objects.filter(pk=value.get("r"), code=value.get("c"), user__isnull=True)
        .select_related("meeting__component__space__organization")
        .first()
    )


def guest_confirm(*, registration: Registration) -> Registration:
    """The guest confirmed their address (the link of `guest_token` led here): they get a
    seat or a place on the waiting list. Confirming again changes nothing."""
    meeting = registration.meeting
    with transaction.atomic():
        locked = _lock(meeting)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.meeting = locked
        if registration.status == Status.CANCELLED:
            raise ValidationError(
                _("This registration was cancelled: register again if you wish."),
                code="cancelled",
            )
        if registration.status != Status.PENDING:
            return registration
        reason = registrations_open_reason(locked)
        if reason:
            raise ValidationError(reason, code="closed")
        _seat(locked, registration, seats_count(locked), reserved_ok=False)
        registration.save()
        _email(registration, "confirmed" if registration.status == Status.CONFIRMED else "waiting")
        _thresholds(locked)
    return registration


def _cancel(registration: Registration) -> Registration:
    meeting = registration.meeting
    with transaction.atomic():
        locked = _lock(meeting)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.meeting = locked
        if registration.status == Status.CANCELLED:
            return registration
        held_a_seat = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if held_a_seat:
            _promote_waiting(locked)
    return registration


def registration_cancel(*, user: User, registration: Registration) -> Registration:
    """A person gives up their own registration; their seat goes to the first person
    waiting. Cancelling again changes nothing."""
    if not getattr(user, "is_authenticated", False) or registration.user_id != user.pk:
        raise PermissionDenied(_("This registration is not yours."))
    return _cancel(registration)


def guest_cancel(*, registration: Registration) -> Registration:
    """A guest cancels from the link of their emails (`guest_token`)."""
    return _cancel(registration)


# Staff ------------------------------------------------------------------------------------
def _log(actor: User, action: str, meeting: Meeting, data: dict | None = None) -> None:
    log_action(
        actor=actor,
        action=action,
        resource=meeting,
        resource_type="meeting",
        space=meeting.component.space,
        data=data,
    )


def _staff_registration(actor: User, registration: Registration) -> Registration:
    require(actor, "admin", registration.meeting.component)
    return registration


def capacity_problem(meeting: Meeting, seats: Seats, capacity: int, reserved_seats: int) -> str:
    """Why the meeting cannot have these seats given the registrations made, or ""."""
    if capacity and reserved_seats > capacity:
        return _("There cannot be more reserved seats than seats.")
    if not capacity and reserved_seats:
        return _("Reserved seats need a number of seats.")
    if capacity and seats.public > capacity - reserved_seats:
        return _(
            "%(count)s people already have a seat: with %(reserved)s reserved seats, the "
            "meeting needs at least %(minimum)s seats."
        ) % {
            "count": seats.public,
            "reserved": reserved_seats,
            "minimum": seats.public + reserved_seats,
        }
    if capacity and seats.reserved > reserved_seats:
        return _("%(count)s reserved seats are given already: there cannot be fewer.") % {
            "count": seats.reserved
        }
    return ""


def check_capacity_change(*, meeting: Meeting, capacity: int, reserved_seats: int) -> None:
    """For every change of a meeting's seats (`meeting_update` calls it with the meeting
    locked, before saving): refuse seats below those taken, and give new seats to the
    people waiting, in their order of arrival, in the same transaction."""
    problem = capacity_problem(meeting, seats_count(meeting), capacity, reserved_seats)
    if problem:
        raise ValidationError({"capacity": [problem]}, code="capacity")
    if (capacity, reserved_seats) == (meeting.capacity, meeting.reserved_seats):
        return
    future = copy.copy(meeting)
    future.capacity, future.reserved_seats = capacity, reserved_seats
    _promote_waiting(future)
    _thresholds(future)


def registration_capacity_set(
    *, actor: User, meeting: Meeting, capacity: int, reserved_seats: int
) -> Meeting:
    """Change the number of seats and of reserved seats (0 seats: no limit). Lowering it
    below the seats already taken is refused; raising it gives the new seats to the people
    waiting, in their order of arrival."""
    require(actor, "admin", meeting.component)
    if capacity < 0 or reserved_seats < 0:
        raise ValidationError({"capacity": [_("Enter a number of seats, 0 or more.")]})
    with transaction.atomic():
        locked = _lock(meeting)
        waiting_before = seats_count(locked).waiting
        check_capacity_change(meeting=locked, capacity=capacity, reserved_seats=reserved_seats)
        changed = [
            name
            for name, value in (("capacity", capacity), ("reserved_seats", reserved_seats))
            if getattr(locked, name) != value
        ]
        Meeting.objects.filter(pk=locked.pk).update(
            capacity=capacity, reserved_seats=reserved_seats, updated_at=timezone.now()
        )
        locked.capacity, locked.reserved_seats = capacity, reserved_seats
        meeting.capacity, meeting.reserved_seats = capacity, reserved_seats
        promoted = waiting_before - seats_count(locked).waiting
        _log(
            actor,
            "registrations_capacity",
            locked,
            {
                "fields": changed,
                "capacity": capacity,
                "reserved": reserved_seats,
                "promoted": promoted,
            },
        )
    return meeting


def registration_seat_give(*, actor: User, registration: Registration) -> Registration:
    """Staff give a seat to someone on the waiting list, out of turn: a public seat if one
    is free, else one of the reserved seats."""
    _staff_registration(actor, registration)
    with transaction.atomic():
        locked = _lock(registration.meeting)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.meeting = locked
        if registration.status != Status.WAITING:
            raise ValidationError(
                _("Only someone on the waiting list can be given a seat."), code="not_waiting"
            )
        seats = seats_count(locked)
        if public_seat_free(locked, seats):
            registration.reserved = False
        elif reserved_seat_free(locked, seats):
            registration.reserved = True
        else:
            raise ValidationError(
                _("Every seat is taken, the reserved ones too: add seats first."),
                code="full",
            )
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "reserved", "updated_at"])
        _email(registration, "promoted")
        _thresholds(locked)
        _log(actor, "registration_seat_give", locked, {"code": registration.code})
    return registration


def registration_cancel_by_staff(*, actor: User, registration: Registration) -> Registration:
    """Staff cancel someone's registration (a mistake, a duplicate); the seat goes on."""
    _staff_registration(actor, registration)
    with transaction.atomic():
        registration = _cancel(registration)
        _log(actor, "registration_cancel", registration.meeting, {"code": registration.code})
    return registration


def normal_code(code: str) -> str:
    return "".join(character for character in (code or "").upper() if character.isalnum())


def registration_attend(*, actor: User, meeting: Meeting, code: str) -> Registration:
    """Validate a code at the door: the person holding a seat is marked as attending, once.

    A code of another meeting, of someone waiting or cancelled, or one validated already
    is refused with what it is, and nothing changes."""
    require(actor, "admin", meeting.component)
    code = normal_code(code)
    if len(code) != REGISTRATION_CODE_LENGTH:
        raise ValidationError(
            _("A registration code has %(length)s characters.")
            % {"length": REGISTRATION_CODE_LENGTH},
            code="malformed",
        )
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(meeting_id=meeting.pk, code=code)
            .first()
        )
        if registration is None:
            elsewhere = Registration.objects.filter(
                code=code,
                meeting__component__space__organization_id=meeting.component.space.organization_id,
            ).exists()
            raise ValidationError(
                _("This code is for another meeting: it does not give a seat at this one.")
                if elsewhere
                else _("No registration for this meeting has this code."),
                code="other_meeting" if elsewhere else "unknown",
            )
        registration.meeting = meeting
        if registration.status != Status.CONFIRMED:
            raise ValidationError(
                _("This code does not give a seat: the registration is “%(status)s”.")
                % {"status": registration.get_status_display()},
                code="no_seat",
            )
        if registration.attended_at is not None:
            raise ValidationError(
                _("This code was already validated at %(time)s.")
                % {
                    "time": formats.time_format(
                        timezone.localtime(registration.attended_at), "TIME_FORMAT"
                    )
                },
                code="already_validated",
            )
        registration.attended_at = timezone.now()
        registration.save(update_fields=["attended_at", "updated_at"])
        _log(actor, "registration_attend", meeting, {"code": code})
    return registration


def registrations_invite(
    *, actor: User, meeting: Meeting, emails: list[str], language: str = ""
) -> int:
    """Email people an invitation to register (a link that may give them a reserved
    seat); returns how many were invited. Every address must be valid, or none is sent."""
    require(actor, "admin", meeting.component)
    reason = registrations_open_reason(meeting)
    if reason:
        raise ValidationError({"emails": [reason]})
    cleaned: list[str] = []
    wrong: list[str] = []
    for email in emails:
        email = _normal_email(email)
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            wrong.append(email)
            continue
        if email not in cleaned:
            cleaned.append(email)
    if wrong:
        raise ValidationError(
            {"emails": [_("These addresses are not valid: %(list)s.") % {"list": ", ".join(wrong)}]}
        )
    if not cleaned:
        raise ValidationError({"emails": [_("Give at least one email address.")]})
    if len(cleaned) > MAX_INVITATIONS:
        raise ValidationError(
            {"emails": [_("Invite %(max)s people at most at once.") % {"max": MAX_INVITATIONS}]}
        )
    from palabre.components.meetings.registration_tasks import send_invitation_email

    language = language or meeting.component.space.organization.default_locale
    with transaction.atomic():
        for email in cleaned:
            enqueue_with_transaction(
                send_invitation_email, meeting_id=meeting.pk, email=email, language=language
            )
        _log(actor, "registrations_invite", meeting, {"count": len(cleaned)})
    return len(cleaned)


def registrations_export_logged(*, actor: User, meeting: Meeting, file_format: str) -> None:
    """Record an export of a meeting's registrations (personal data leaving the platform)."""
    require(actor, "admin", meeting.component)
    _log(actor, "registrations_export", meeting, {"format": file_format})


# Reminders ------------------------------------------------------------------------------
def registrations_remind(*, now: datetime.datetime | None = None) -> int:
    """Email the day before each meeting the people holding a seat; each is reminded once
    (`reminded_at`, claimed row by row, so that two runs at once send it once). Run every
    hour by `palabre meetings_remind` or its task; returns how many were reminded."""
    now = now or timezone.now()
    candidates = Registration.objects.filter(
        status=Status.CONFIRMED,
        reminded_at__isnull=True,
        meeting__start_at__gt=now,
        meeting__start_at__lte=now + datetime.timedelta(hours=24),
        meeting__published_at__isnull=False,
        meeting__withdrawn_at__isnull=True,
    ).values_list("pk", flat=True)
    reminded = 0
    for pk in list(candidates):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                enqueue_with_transaction(_reminder_task(), registration_id=pk, kind="reminder")
                reminded += 1
    return reminded


def _reminder_task():
    from palabre.components.meetings.registration_tasks import send_registration_email

    return send_registration_email


# The registration form ----------------------------------------------------------------------
def registration_form_sources(*, actor: User, meeting: Meeting) -> list:
    """The forms whose questions may become the meeting's registration form: the
    organization's templates and the other forms of the meeting's space (surveys, other
    meetings), in one query."""
    from palabre.forms.models import Form

    space = meeting.component.space
    forms = Form.objects.filter(organization_id=space.organization_id).filter(
        Q(is_template=True) | Q(component__space_id=space.pk)
    )
    if meeting.registration_form_id:
        forms = forms.exclude(pk=meeting.registration_form_id)
    return list(forms.filter(items__isnull=False).distinct().order_by("-is_template", "pk"))


def registration_form_copy(*, actor: User, meeting: Meeting, source) -> int:
    """Give the meeting a registration form with the questions of `source` (replacing the
    ones it had, as long as nobody answered them); returns how many were copied."""
    require(actor, "admin", meeting.component)
    with transaction.atomic():
        locked = _lock(meeting)
        form = locked.registration_form
        if form is None:
            form = form_services.form_create(
                organization=meeting.component.space.organization,
                component=meeting.component,
                title=locked.title,
            )
            Meeting.objects.filter(pk=locked.pk).update(registration_form=form)
            meeting.registration_form = form
        form.component = meeting.component
        return form_services.form_copy(actor=actor, source=source, target=form)


def registration_form_remove(*, actor: User, meeting: Meeting) -> None:
    """Registrations ask no more questions. Refused once people answered them: their
    answers would lose their questions (clear them first)."""
    require(actor, "admin", meeting.component)
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.registration_form_id is None:
            return
        if Response.objects.filter(form_id=locked.registration_form_id).exists():
            raise ValidationError(form_services.structure_locked_message(), code="answered")
        form_id = locked.registration_form_id
        Meeting.objects.filter(pk=locked.pk).update(registration_form=None)
        meeting.registration_form = None
        from palabre.forms.models import Form

        Form.objects.filter(pk=form_id).delete()
        _log(actor, "registration_form_remove", locked)


# Accounts deleted -----------------------------------------------------------------------------
def registrations_cancel_for_user(*, user: User) -> int:
    """A deleted account gives up its places at the meetings to come: each seat goes to
    the first person waiting (called inside the deletion's transaction). Returns how many
    registrations were cancelled."""
    registrations = Registration.objects.filter(
        user_id=user.pk,
        status__in=(Status.CONFIRMED, Status.WAITING, Status.PENDING),
        meeting__start_at__gt=timezone.now(),
    ).select_related("meeting__component__space")
    cancelled = 0
    for registration in registrations:
        _cancel(registration)
        cancelled += 1
    return cancelled
