"""Backoffice page closing a meeting with its minutes.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; closing also needs `admin`.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.meetings import minutes
from palabre.components.meetings.minutes_views import close_with, minutes_form, photos_help
from palabre.components.meetings.models import Meeting
from palabre.core.components import component_admin_url


def meeting_close(request, pk: int):
    require_component_admin(request)
    meeting = (
        Meeting.objects.select_related("component__space__organization")
        .filter(component=request.component, pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    form = minutes_form(request, meeting, staff=True)
    if form.is_bound and form.is_valid():
        closed = close_with(request, meeting, form)
        if closed is not None:
            messages.success(request, _("The minutes were saved."))
            return redirect(component_admin_url(request.component))
    return render(
        request,
        "meetings/minutes/admin_close.html",
        component_admin_context(
            request,
            form=form,
            meeting=meeting,
            heading=_("Edit the minutes") if meeting.is_closed else _("Close the meeting"),
            attended=minutes.attendance_count(meeting=meeting),
            photos_help=photos_help() if form.attachment_slots else "",
        ),
    )
