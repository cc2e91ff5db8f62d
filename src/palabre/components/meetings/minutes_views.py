"""The organizer's page that closes their meeting with its minutes (public side).

The space's staff close meetings from the backoffice (`minutes_admin_views`); both pages
share the form and the service, which checks the permission again.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from palabre.attachments import forms as attachment_forms
from palabre.attachments.registry import is_enabled as attachments_enabled
from palabre.attachments.selectors import attachment_count
from palabre.components.meetings import minutes
from palabre.components.meetings.minutes_forms import MinutesForm, initial_for
from palabre.components.meetings.models import Meeting
from palabre.core.permissions import can, require


def meeting_for_request(request, pk: int) -> Meeting:
    """The meeting `pk` of the request's component, if the person may see it; else 404,
    exactly like a missing one."""
    from palabre.moderation.selectors import is_hidden

    meeting = (
        Meeting.objects.select_related("component__space__organization")
        .filter(component=request.component, pk=pk)
        .first()
    )
    if meeting is None or not can(request.user, "view", meeting) or is_hidden(meeting):
        raise Http404
    return meeting


def minutes_form(request, meeting: Meeting, *, staff: bool) -> MinutesForm:
    """The minutes form of `meeting`, bound to the request's data when it sends some;
    `staff` adds the writing of official proposals where the person may write them."""
    photo_slots = 0
    if attachments_enabled(meeting):
        photo_slots = attachment_forms.slots_for(attachment_count(meeting))
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    return MinutesForm(
        *data,
        initial=initial_for(meeting, attended=minutes.attendance_count(meeting=meeting)),
        languages=request.organization.locales,
        proposals=minutes.proposal_choices(meeting=meeting),
        results=minutes.result_choices(meeting=meeting),
        official_components=minutes.official_proposal_components(user=request.user, meeting=meeting)
        if staff
        else (),
        photo_slots=photo_slots,
    )


def close_with(request, meeting: Meeting, form: MinutesForm) -> Meeting | None:
    """Run the closing service with a valid form; its errors land on the form's fields."""
    try:
        return minutes.meeting_close(
            actor=request.user,
            meeting=meeting,
            language=get_language() or "",
            **form.service_arguments(),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                if field == "new_proposals" and "new_title_1" in form.fields:
                    field = "new_title_1"
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return None


def meeting_close(request, pk: int):
    """The organizer writes the minutes of their meeting (or edits them)."""
    meeting = meeting_for_request(request, pk)
    require(request.user, "close", meeting)
    form = minutes_form(request, meeting, staff=False)
    if form.is_bound and form.is_valid():
        closed = close_with(request, meeting, form)
        if closed is not None:
            messages.success(request, _("The minutes were saved."))
            return redirect(closed.get_absolute_url())
    return render(
        request,
        "meetings/minutes/close.html",
        {
            "space": request.space,
            "component": request.component,
            "meeting": meeting,
            "form": form,
            "photos_help": photos_help() if form.attachment_slots else "",
        },
    )


def photos_help() -> str:
    return _("Pictures (JPEG, PNG, GIF, WebP). They join the files of the meeting.")
