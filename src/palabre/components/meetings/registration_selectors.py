"""Reads of meeting registrations: a person's own, the waiting list's order, the
backoffice list (its filters, in a fixed number of queries) and the export."""

from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet

from palabre.components.meetings.models import Meeting, Registration
from palabre.core.translations import translated
from palabre.forms.exports import export_columns, response_rows
from palabre.forms.selectors import form_load

Status = Registration.Status

FILTERS = ("confirmed", "waiting", "pending", "cancelled", "attended")


def registration_of(*, user, meeting: Meeting) -> Registration | None:
    """The person's registration for the meeting (a cancelled one too), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(meeting_id=meeting.pk, user_id=user.pk).first()


def waiting_rank(registration: Registration) -> int:
    """1 for the first person waiting, and so on; 0 when not waiting."""
    if registration.status != Status.WAITING:
        return 0
    ahead = Registration.objects.filter(
        meeting_id=registration.meeting_id,
        status=Status.WAITING,
        position__lt=registration.position,
    ).count()
    return ahead + 1


def registrations_of_user(*, user, component) -> list[Registration]:
    """The person's registrations in a meetings component, the coming meetings first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Registration.objects.filter(user_id=user.pk, meeting__component_id=component.pk)
        .select_related("meeting")
        .order_by("-meeting__start_at", "pk")
    )


def registrations_in(*, user, component_ids: list[int]) -> list[Registration]:
    """The person's registrations in these components, the latest meetings first, with
    their meetings (one query)."""
    if not getattr(user, "is_authenticated", False) or not component_ids:
        return []
    return list(
        Registration.objects.filter(user_id=user.pk, meeting__component_id__in=component_ids)
        .select_related("meeting")
        .order_by("-meeting__start_at", "pk")
    )


def invitations_preload(*, user, meetings: list[Meeting]) -> None:
    """Tell each meeting whether `user` is invited to it, in one query, so that checking
    who may see private meetings asks nothing more (`permissions._is_invited`)."""
    if not getattr(user, "is_authenticated", False) or not meetings:
        return
    invited = set(
        Meeting.invitees.through.objects.filter(
            user_id=user.pk, meeting_id__in=[meeting.pk for meeting in meetings]
        ).values_list("meeting_id", flat=True)
    )
    for meeting in meetings:
        meeting._invited_ids = {user.pk} if meeting.pk in invited else set()


def registration_counts(meeting: Meeting) -> dict[str, int]:
    """How many registrations each filter of the backoffice list shows, in one query."""
    row = Registration.objects.filter(meeting_id=meeting.pk).aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        attended=Count("pk", filter=Q(attended_at__isnull=False)),
        reserved=Count("pk", filter=Q(status=Status.CONFIRMED, reserved=True)),
    )
    return row


def registration_list(*, meeting: Meeting, status: str = "", search: str = "") -> QuerySet:
    """The backoffice list of a meeting's registrations, in order of arrival, with the
    people (one query for a page, whatever its length)."""
    registrations = Registration.objects.filter(meeting_id=meeting.pk).select_related("user")
    if status == "attended":
        registrations = registrations.filter(attended_at__isnull=False)
    elif status in FILTERS:
        registrations = registrations.filter(status=status)
    search = (search or "").strip()
    if search:
        code = "".join(c for c in search.upper() if c.isalnum())
        registrations = registrations.filter(
            Q(code=code)
            | Q(guest_name__icontains=search)
            | Q(guest_email__icontains=search)
            | Q(user__name__icontains=search)
            | Q(user__email__icontains=search)
        )
    return registrations.order_by("position", "pk")


def person_name(registration: Registration) -> str:
    if registration.user_id is None:
        return registration.guest_name
    return registration.user.display_name


def person_email(registration: Registration) -> str:
    if registration.user_id is None:
        return registration.guest_email
    return registration.user.email


EXPORT_COLUMNS = (
    "code",
    "status",
    "reserved",
    "arrival",
    "name",
    "email",
    "account",
    "registered_at",
    "attended_at",
)


def export_rows(meeting: Meeting) -> tuple[list[str], Iterator[dict]]:
    """The headers and rows of a meeting's registrations, one per registration in order of
    arrival, with the answers to its registration form (for its staff only)."""
    columns = list(EXPORT_COLUMNS)
    answers: dict[int, dict] = {}
    form_columns: list[str] = []
    if meeting.registration_form_id:
        loaded = form_load(meeting.registration_form)
        form_column_list = export_columns(loaded, with_people=False)
        skipped = {"respondent", "submitted_at", "language"}
        form_columns = [c.header for c in form_column_list if c.header not in skipped]
        by_respondent = {row["respondent"]: row for row in response_rows(loaded, form_column_list)}
        respondents = dict(
            Registration.objects.filter(meeting_id=meeting.pk, response__isnull=False).values_list(
                "pk", "response__respondent"
            )
        )
        answers = {
            pk: by_respondent.get(respondent[:12], {}) for pk, respondent in respondents.items()
        }
        columns += form_columns

    def rows() -> Iterator[dict]:
        registrations = (
            Registration.objects.filter(meeting_id=meeting.pk)
            .select_related("user")
            .order_by("position", "pk")
        )
        for registration in registrations.iterator(chunk_size=1000):
            row = {
                "code": registration.code,
                "status": str(registration.get_status_display()),
                "reserved": "1" if registration.reserved else "",
                "arrival": registration.position,
                "name": person_name(registration),
                "email": person_email(registration),
                "account": registration.user_id or "",
                "registered_at": registration.created_at.isoformat(),
                "attended_at": registration.attended_at.isoformat()
                if registration.attended_at
                else "",
            }
            given = answers.get(registration.pk, {})
            for header in form_columns:
                row[header] = given.get(header, "")
            yield row

    return columns, rows()


def meeting_label(meeting: Meeting) -> str:
    return translated(meeting.title)
