"""Backoffice views of the meetings component: meetings and their agenda, publication,
duplication, withdrawal, the CSV import, exports, categories and scopes; and, at the
organization's level, its list of kinds of meeting.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; every change also needs `admin`, checked
here and again by the services. Every page works without JavaScript.
"""

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.accounts.staff import recent_second_factor_required
from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.views.common import require_admin
from palabre.components.meetings import exports, selectors, services
from palabre.components.meetings.forms import CsvImportForm, MeetingForm, NameForm
from palabre.components.meetings.models import Meeting, MeetingCategory, MeetingKind, MeetingScope
from palabre.components.meetings.views import agenda_page, errors_to_form, in_organization_zone
from palabre.core.components import component_admin_url
from palabre.core.exports import csv_lines, json_chunks, xlsx_write
from palabre.core.translations import translated

ADMIN_PAGE_SIZE = 50


def _url(request, name: str = "index", **kwargs) -> str:
    return component_admin_url(request.component, name, **kwargs)


def _meeting(request, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(component=request.component, pk=pk)
        .select_related("kind", "category", "scope", "author")
        .first()
    )
    if meeting is None:
        raise Http404
    meeting.component = request.component
    return meeting


def _context(request, meeting=None, **extra) -> dict:
    crumbs = [(translated(request.component.name), _url(request))]
    if meeting is not None:
        crumbs.append((translated(meeting.title), _url(request, "meeting", pk=meeting.pk)))
    return component_admin_context(
        request,
        meeting=meeting,
        breadcrumbs=crumbs,
        time_zone=services.organization_zone(request.organization).key,
        **extra,
    )


@in_organization_zone
def index(request):
    component = request.component
    page = Paginator(
        Meeting.objects.filter(component=component)
        .select_related("kind")
        .order_by("-start_at", "-id"),
        ADMIN_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/admin/index.html",
        _context(
            request,
            meetings=page.object_list,
            page=page,
            export_links=[
                (_url(request, f"export_{name}"), label)
                for name, label in (("csv", "CSV"), ("xlsx", "Excel"), ("json", "JSON"))
            ],
        ),
    )


def _form(request, *, data=None, initial=None) -> MeetingForm:
    from palabre.components.accountability.models import Result
    from palabre.components.proposals.models import Proposal

    component = request.component
    space = request.space
    return MeetingForm(
        data,
        initial=initial,
        languages=request.organization.locales,
        kinds=selectors.kind_list(organization=request.organization),
        categories=selectors.category_list(component=component),
        scopes=selectors.scope_list(component=component),
        proposals=Proposal.objects.filter(
            component__space=space, state=Proposal.State.PUBLISHED
        ).order_by("-published_at")[:300],
        results=Result.objects.filter(component__space=space).order_by("id")[:300],
        staff=True,
    )


@in_organization_zone
def meeting_new(request):
    require_component_admin(request)
    form = _form(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user, component=request.component, **form.values()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The meeting was created, not published yet."))
            return redirect(_url(request, "meeting", pk=meeting.pk))
    return render(request, "meetings/admin/form.html", _context(request, form=form))


def _initial(meeting: Meeting, zone) -> dict:
    initial = MeetingForm.initial_for(meeting, zone)
    initial["invitees"] = "\n".join(meeting.invitees.values_list("email", flat=True))
    initial["linked_proposals"] = list(meeting.linked_proposals.values_list("pk", flat=True))
    initial["linked_results"] = list(meeting.linked_results.values_list("pk", flat=True))
    return initial


@in_organization_zone
def meeting(request, pk: int):
    """A meeting's page in the backoffice: its settings, and the ways to its agenda,
    registrations and minutes."""
    meeting = _meeting(request, pk)
    zone = services.organization_zone(request.organization)
    form = _form(
        request,
        data=request.POST if request.method == "POST" else None,
        initial=_initial(meeting, zone),
    )
    if request.method == "POST":
        require_component_admin(request)
        if form.is_valid():
            try:
                services.meeting_update(actor=request.user, meeting=meeting, **form.values())
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The meeting is saved."))
                return redirect(_url(request, "meeting", pk=meeting.pk))
    return render(
        request,
        "meetings/admin/meeting.html",
        _context(
            request,
            meeting=meeting,
            form=form,
            agenda=selectors.agenda_of(meeting),
            extra_links=_extra_links(request, meeting),
        ),
    )


def _extra_links(request, meeting: Meeting) -> list[tuple[str, str]]:
    """The pages of the registrations and the minutes of a meeting, where they exist."""
    from django.urls import NoReverseMatch

    links = []
    for name, label in (
        ("registrations", _("Registrations")),
        ("registrations_door", _("Validate codes at the door")),
        ("meeting_close", _("Close with the minutes")),
    ):
        try:
            links.append((_url(request, name, pk=meeting.pk), label))
        except NoReverseMatch:
            continue
    return links


@in_organization_zone
def agenda(request, pk: int):
    meeting = _meeting(request, pk)
    if request.method == "POST":
        require_component_admin(request)
    return agenda_page(
        request,
        meeting,
        template="meetings/admin/agenda.html",
        done_url=_url(request, "meeting", pk=meeting.pk),
        context=_context(request, meeting=meeting),
    )


@require_POST
def duplicate(request, pk: int):
    require_component_admin(request)
    meeting = _meeting(request, pk)
    copy = services.meeting_duplicate(actor=request.user, meeting=meeting)
    messages.success(request, _("The copy was made, not published: change its date."))
    return redirect(_url(request, "meeting", pk=copy.pk))


@require_POST
def publish(request, pk: int):
    require_component_admin(request)
    meeting = _meeting(request, pk)
    publish_it = request.POST.get("publish") == "1"
    services.meeting_publish(actor=request.user, meeting=meeting, publish=publish_it)
    messages.success(
        request,
        _("The meeting is published.") if publish_it else _("The meeting is no longer published."),
    )
    return redirect(_url(request, "meeting", pk=meeting.pk))


@require_POST
def withdraw(request, pk: int):
    require_component_admin(request)
    meeting = _meeting(request, pk)
    try:
        services.meeting_withdraw(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is withdrawn."))
    return redirect(_url(request, "meeting", pk=meeting.pk))


def import_csv(request):
    require_component_admin(request)
    form = CsvImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            made = services.meeting_import_csv(
                actor=request.user,
                component=request.component,
                data=form.cleaned_data["file"].read(services.CSV_MAX_BYTES + 1),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("%(count)s meetings were imported, not published yet.") % {"count": len(made)},
            )
            return redirect(_url(request))
    return render(
        request,
        "meetings/admin/import.html",
        _context(request, form=form, import_errors=errors, columns=services.CSV_COLUMNS),
    )


def _component_admin_only(request, *args, **kwargs) -> None:
    """Refuse at once who may not export, before asking anyone for a fresh code."""
    require_component_admin(request)


def _filename(request, extension: str) -> str:
    return f'attachment; filename="meetings-{request.component.pk}.{extension}"'


@recent_second_factor_required(permission=_component_admin_only)
def export_csv(request):
    require_component_admin(request)
    rows = exports.staff_rows(request.component)
    response = StreamingHttpResponse(
        csv_lines(exports.STAFF_COLUMNS, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _filename(request, "csv")
    return response


@recent_second_factor_required(permission=_component_admin_only)
def export_json(request):
    require_component_admin(request)
    response = StreamingHttpResponse(
        json_chunks(exports.staff_rows(request.component)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = _filename(request, "json")
    return response


@recent_second_factor_required(permission=_component_admin_only)
def export_xlsx(request):
    require_component_admin(request)
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    xlsx_write(
        spool,
        title=_("Meetings"),
        columns=exports.STAFF_COLUMNS,
        rows=exports.staff_rows(request.component),
    )
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"meetings-{request.component.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# Categories and scopes ----------------------------------------------------------------------
LABELS = {
    "categories": (MeetingCategory, _("Categories"), _("No category yet."), _("New category")),
    "scopes": (MeetingScope, _("Scopes"), _("No scope yet."), _("New scope")),
}


def _labels(request, which: str):
    require_component_admin(request)
    model, heading, empty, new_heading = LABELS[which]
    component = request.component
    form = NameForm(request.POST or None, languages=request.organization.locales)
    if request.method == "POST" and form.is_valid():
        try:
            services.label_save(
                actor=request.user, component=component, model=model, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added."))
            return redirect(_url(request, which))
    return render(
        request,
        "meetings/admin/labels.html",
        _context(
            request,
            form=form,
            labels=list(model.objects.filter(component=component)),
            heading=heading,
            empty=empty,
            new_heading=new_heading,
        ),
    )


def categories(request):
    return _labels(request, "categories")


def scopes(request):
    return _labels(request, "scopes")


def _label_delete(request, which: str, pk: int):
    require_component_admin(request)
    model = LABELS[which][0]
    label = model.objects.filter(component=request.component, pk=pk).first()
    if label is None:
        raise Http404
    services.label_delete(actor=request.user, label=label)
    messages.success(request, _("Deleted."))
    return redirect(_url(request, which))


@require_POST
def category_delete(request, pk: int):
    return _label_delete(request, "categories", pk)


@require_POST
def scope_delete(request, pk: int):
    return _label_delete(request, "scopes", pk)


# Kinds of meeting (organization) ------------------------------------------------------------
def _kinds_breadcrumbs():
    return [(_("Kinds of meeting"), None)]


@backoffice_required
def kinds(request):
    organization = request.organization
    require_admin(request, organization)
    form = NameForm(request.POST or None, languages=organization.locales)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_kind_save(
                actor=request.user, organization=organization, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The kind of meeting is added."))
            return redirect("meetings_admin:kinds")
    return render(
        request,
        "meetings/admin/kinds.html",
        {
            "form": form,
            "kinds": list(MeetingKind.objects.filter(organization=organization)),
            "breadcrumbs": _kinds_breadcrumbs(),
        },
    )


def _kind(request, pk: int) -> MeetingKind:
    kind = MeetingKind.objects.filter(organization=request.organization, pk=pk).first()
    if kind is None:
        raise Http404
    return kind


@backoffice_required
def kind_edit(request, pk: int):
    organization = request.organization
    require_admin(request, organization)
    kind = _kind(request, pk)
    form = NameForm(
        request.POST or None, initial={"name": kind.name}, languages=organization.locales
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_kind_save(
                actor=request.user,
                organization=organization,
                name=form.cleaned_data["name"],
                kind=kind,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The kind of meeting is renamed."))
            return redirect("meetings_admin:kinds")
    return render(
        request,
        "meetings/admin/kind_form.html",
        {"form": form, "kind": kind, "breadcrumbs": _kinds_breadcrumbs()},
    )


@backoffice_required
@require_POST
def kind_delete(request, pk: int):
    organization = request.organization
    require_admin(request, organization)
    services.meeting_kind_delete(actor=request.user, kind=_kind(request, pk))
    messages.success(request, _("The kind of meeting is deleted."))
    return redirect("meetings_admin:kinds")
