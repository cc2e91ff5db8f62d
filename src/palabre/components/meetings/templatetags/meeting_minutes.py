"""`{% meeting_minutes meeting %}`: the minutes section of a meeting's page, for whoever may
read them (nothing otherwise), with the proposals and results that came out of the meeting
and its photos, in a fixed number of queries."""

from django import template

from palabre.components.meetings.minutes import minutes_for_page

register = template.Library()


@register.inclusion_tag("meetings/minutes/_minutes.html", takes_context=True)
def meeting_minutes(context, meeting, heading_level: int = 2):
    request = context.get("request")
    user = getattr(request, "user", None)
    found = minutes_for_page(user=user, meeting=meeting) if user is not None else None
    return {
        "request": request,
        "minutes": found,
        "meeting": meeting,
        "heading": f"h{heading_level}",
        "subheading": f"h{min(heading_level + 1, 6)}",
    }
