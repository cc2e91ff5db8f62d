"""Public pages of the meetings component, and the directory of the organization's meetings.

`request.component` was checked visible already (except on the directory, which finds the
components itself). Every page runs in the organization's time zone, so that times read and
typed are its wall-clock times. Forms are plain POSTs followed by a redirect: everything
works without JavaScript; the map only adds to a list.
"""

import functools
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from palabre.attachments import selectors as attachment_selectors
from palabre.components.meetings import calendar, selectors, services
from palabre.components.meetings.forms import AgendaForm, MeetingForm
from palabre.components.meetings.models import Meeting, MeetingCategory, MeetingScope
from palabre.core.components import component_url
from palabre.core.permissions import can, require, why_not
from palabre.core.settings_schema import current_settings
from palabre.core.translations import translated

# Feeds hold what is coming and what is recent: a calendar does not need years of history.
FEED_PAST_DAYS = 90
FEED_LIMIT = 500


def in_organization_zone(view):
    """Run `view` in the organization's time zone: dates shown and typed are its own."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with timezone.override(services.organization_zone(request.organization)):
            return view(request, *args, **kwargs)

    return wrapped


def _context(request, **extra) -> dict:
    component = request.component
    return {
        "space": request.space,
        "component": component,
        "component_settings": current_settings(component),
        "time_zone": services.organization_zone(request.organization).key,
        **extra,
    }


def _filter_choices(organization, components) -> dict:
    """The lists the filters offer: kinds of the organization, categories and scopes of
    the components shown."""
    if len(components) == 1:
        categories = selectors.category_list(component=components[0])
        scopes = selectors.scope_list(component=components[0])
    else:
        categories = list(MeetingCategory.objects.filter(component__in=components))
        scopes = list(MeetingScope.objects.filter(component__in=components))
    return {
        "kinds": selectors.kind_list(organization=organization),
        "categories": categories,
        "scopes": scopes,
        "types": Meeting.Type.choices,
    }


def _listing(request, components):
    filters = selectors.MeetingFilters.from_query(request.GET)
    queryset = selectors.meeting_filter(
        selectors.meeting_list_visible(user=request.user, components=components),
        filters=filters,
        user=request.user,
        zone=services.organization_zone(request.organization),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return filters, queryset, query


@require_GET
@in_organization_zone
def index(request):
    component = request.component
    filters, queryset, query = _listing(request, [component])
    page = selectors.meeting_page(queryset, page_number=request.GET.get("page"))
    can_create = can(request.user, "create", component)
    settings = current_settings(component)
    create_denial = (
        why_not(request.user, "create", component)
        if not can_create and request.user.is_authenticated and settings.creation_enabled
        else None
    )
    return render(
        request,
        "meetings/index.html",
        _context(
            request,
            page=page,
            filters=filters,
            query=query.urlencode(),
            can_create=can_create,
            create_denial=create_denial,
            feed_url=component_url(component, "calendar"),
            **_filter_choices(request.organization, [component]),
        ),
    )


def _map_options() -> dict:
    from palabre.components.proposals.views import _map_options as proposals_map_options

    return proposals_map_options()


def _points(meetings) -> list[dict]:
    return [
        {
            "id": meeting.pk,
            "title": translated(meeting.title),
            "lat": meeting.latitude,
            "lon": meeting.longitude,
            "url": meeting.get_absolute_url(),
            "start": timezone.localtime(meeting.start_at).isoformat(),
        }
        for meeting in meetings
    ]


@require_GET
@in_organization_zone
def map_page(request):
    """The meetings with a place, as a list that map.js turns into markers on a map drawn
    above it from `map.json`: without JavaScript the list is the whole page."""
    component = request.component
    _filters, queryset, query = _listing(request, [component])
    meetings = selectors.map_points(queryset)
    return render(
        request,
        "meetings/map.html",
        _context(
            request,
            meetings=meetings,
            query=query.urlencode(),
            map_options=_map_options(),
            feed_url=component_url(component, "calendar"),
        ),
    )


@require_GET
@in_organization_zone
def map_json(request):
    _filters, queryset, _query = _listing(request, [request.component])
    body = json.dumps({"meetings": _points(selectors.map_points(queryset))})
    return HttpResponse(body, content_type="application/json")


def _feed(request, components, name: str) -> HttpResponse:
    """A calendar of what the person sees: recent and coming meetings of `components`."""
    since = timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS)
    meetings = list(
        selectors.meeting_list_visible(user=request.user, components=components)
        .filter(end_at__gte=since)
        .order_by("start_at", "id")[:FEED_LIMIT]
    )
    body = calendar.meetings_ics(meetings, organization=request.organization, name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@require_GET
def component_calendar(request):
    component = request.component
    return _feed(request, [component], translated(component.name))


@require_GET
def meeting_calendar(request, pk: int):
    meeting = selectors.meeting_get_visible(
        user=request.user, component=request.component, meeting_id=pk
    )
    if not meeting.is_published:
        raise Http404
    meeting.component.space.organization = request.organization
    response = HttpResponse(
        calendar.meeting_ics(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_GET
@in_organization_zone
def meeting_detail(request, pk: int):
    component = request.component
    user = request.user
    meeting = selectors.meeting_get_visible(user=user, component=component, meeting_id=pk)
    settings = current_settings(component)
    is_author = user.is_authenticated and meeting.author_id == user.pk
    attachments = (
        attachment_selectors.attachments_of(meeting) if settings.attachments_enabled else []
    )
    return render(
        request,
        "meetings/meeting.html",
        _context(
            request,
            meeting=meeting,
            agenda=selectors.agenda_of(meeting),
            agenda_minutes=sum(item.duration_minutes for item in selectors.agenda_of(meeting)),
            attachments=attachments,
            link=selectors.online_link(user=user, meeting=meeting),
            is_author=is_author,
            can_edit=is_author and can(user, "edit", meeting),
            can_withdraw=is_author and can(user, "withdraw", meeting),
            may_admin=can(user, "read_admin", component),
            linked_proposals=selectors.linked_proposals_visible(user=user, meeting=meeting),
            linked_results=selectors.linked_results_visible(user=user, meeting=meeting),
            feed_url=component_url(component, "meeting_calendar", pk=meeting.pk),
            read_only=meeting.private and not selectors.meeting_may_take_part(user, meeting),
            can_close=is_author
            and not meeting.is_closed
            and meeting.start_at <= timezone.now()
            and can(user, "close", meeting),
            close_url=_close_url(meeting),
            map_options=_map_options() if meeting.latitude is not None else None,
            map_point=_points([meeting]) if meeting.latitude is not None else None,
        ),
    )


def _close_url(meeting: Meeting) -> str:
    """Where its organizer closes a meeting with its minutes (the minutes' page)."""
    try:
        return component_url(meeting.component, "meeting_close", pk=meeting.pk)
    except NoReverseMatch:
        return ""


# Meetings organized by participants ----------------------------------------------------------
def _form(request, *, data=None, initial=None) -> MeetingForm:
    component = request.component
    return MeetingForm(
        data,
        initial=initial,
        languages=request.organization.locales,
        kinds=selectors.kind_list(organization=request.organization),
        categories=selectors.category_list(component=component),
        scopes=selectors.scope_list(component=component),
        staff=False,
    )


def errors_to_form(form, error: ValidationError) -> None:
    """The service's errors next to the fields they are about (or above the form)."""
    if hasattr(error, "error_dict"):
        for key, messages_ in error.message_dict.items():
            field = key if key in form.fields else None
            for message in messages_:
                form.add_error(field, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
@in_organization_zone
def meeting_new(request):
    component = request.component
    require(request.user, "create", component)
    form = _form(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user, component=component, **form.values()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Your meeting is published. Add its agenda if you wish."))
            return redirect(component_url(component, "meeting", pk=meeting.pk))
    return render(
        request,
        "meetings/form.html",
        _context(request, form=form, editing=None, map_options=_map_options()),
    )


def _own_meeting(request, pk: int, action: str) -> Meeting:
    meeting = selectors.meeting_get_visible(
        user=request.user, component=request.component, meeting_id=pk
    )
    require(request.user, action, meeting)
    return meeting


@login_required
@in_organization_zone
def meeting_edit(request, pk: int):
    meeting = _own_meeting(request, pk, "edit")
    zone = services.organization_zone(request.organization)
    form = _form(
        request,
        data=request.POST if request.method == "POST" else None,
        initial=MeetingForm.initial_for(meeting, zone),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.values())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Your meeting is saved."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/form.html",
        _context(request, form=form, editing=meeting, map_options=_map_options()),
    )


@login_required
@in_organization_zone
def agenda_edit(request, pk: int):
    meeting = _own_meeting(request, pk, "edit")
    return agenda_page(
        request,
        meeting,
        template="meetings/agenda_form.html",
        done_url=meeting.get_absolute_url(),
        context=_context(request, meeting=meeting),
    )


def agenda_page(request, meeting, *, template: str, done_url: str, context: dict):
    """The agenda form (public and backoffice alike): rows posted as a whole, saved by
    `services.agenda_save`; "More rows" brings the form back with blank rows added."""
    languages = request.organization.locales
    if request.method == "POST":
        form = AgendaForm(languages=languages, data=request.POST)
        if not request.POST.get("more"):
            items = form.items()
            if items is not None:
                try:
                    services.agenda_save(actor=request.user, meeting=meeting, items=items)
                except ValidationError as error:
                    form.errors.extend(error.messages)
                else:
                    messages.success(request, _("The agenda is saved."))
                    return redirect(done_url)
    else:
        form = AgendaForm(languages=languages, items=selectors.agenda_of(meeting))
    return render(
        request,
        template,
        {
            **context,
            "agenda_form": form,
            "meeting_minutes": services.meeting_duration_minutes(meeting),
        },
    )


@login_required
@require_POST
def meeting_withdraw(request, pk: int):
    meeting = _own_meeting(request, pk, "withdraw")
    try:
        services.meeting_withdraw(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your meeting is withdrawn."))
    return redirect(meeting.get_absolute_url())


# The directory ------------------------------------------------------------------------------
@require_GET
@in_organization_zone
def directory(request):
    """The meetings of every space the person may see, on one page, with the filters of a
    component's list; a bounded number of queries whatever the number of spaces."""
    organization = request.organization
    components = selectors.directory_components(user=request.user, organization=organization)
    filters, queryset, query = _listing(request, components)
    page = selectors.meeting_page(queryset, page_number=request.GET.get("page"))
    return render(
        request,
        "meetings/directory.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "feed_url": "/meetings/calendar.ics",
            "time_zone": services.organization_zone(organization).key,
            "show_space": True,
            **_filter_choices(organization, components),
        },
    )


@require_GET
def directory_calendar(request):
    organization = request.organization
    components = selectors.directory_components(user=request.user, organization=organization)
    return _feed(request, components, str(_("Meetings of %(name)s") % {"name": organization.name}))
