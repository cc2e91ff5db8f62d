"""`{% registration_box meeting %}`: what a meeting's page says about registering — the
seats left, the person's own registration and code, or the button to register."""

from django import template

from palabre.components.meetings import registrations as services
from palabre.components.meetings.models import Meeting, Registration
from palabre.components.meetings.registration_selectors import registration_of, waiting_rank
from palabre.core.components import component_url

register = template.Library()


@register.inclusion_tag("meetings/registrations/_box.html", takes_context=True)
def registration_box(context, meeting: Meeting) -> dict:
    request = context["request"]
    if meeting.registration_type != Meeting.RegistrationType.ON_PLATFORM:
        return {"meeting": meeting, "on_platform": False}
    user = request.user
    mine = registration_of(user=user, meeting=meeting)
    if mine is not None and mine.status == Registration.Status.CANCELLED:
        mine = None
    seats = services.seats_count(meeting) if meeting.capacity else None
    left = None
    if seats is not None:
        left = max(meeting.available_seats - seats.public, 0)
    component = meeting.component
    return {
        "meeting": meeting,
        "on_platform": True,
        "registration": mine,
        "rank": waiting_rank(mine) if mine is not None else 0,
        "check": services.register_check(user, meeting) if mine is None else None,
        "seats_left": left,
        "register_url": component_url(component, "registration_new", pk=meeting.pk),
        "mine_url": component_url(component, "registration_mine", pk=meeting.pk),
        "request": request,
    }
