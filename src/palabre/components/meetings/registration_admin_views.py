"""Backoffice pages of a meeting's registrations: the list and its filters, seats and
reserved seats, giving a seat out of turn, cancelling, invitations by email, the door
(validating codes, on a phone) and the exports (staff only, second factor asked again).
"""

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.accounts.staff import recent_second_factor_required
from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.meetings import registration_selectors as selectors
from palabre.components.meetings import registrations as services
from palabre.components.meetings.models import Meeting, Registration
from palabre.core.components import component_admin_url
from palabre.core.exports import csv_lines, xlsx_write
from palabre.core.translations import translated
from palabre.forms.selectors import form_load

PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _meeting(request, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(component_id=request.component.pk, pk=pk)
        .select_related("registration_form")
        .first()
    )
    if meeting is None:
        raise Http404
    meeting.component = request.component
    return meeting


def _registration(meeting: Meeting, registration_pk: int) -> Registration:
    registration = Registration.objects.filter(meeting_id=meeting.pk, pk=registration_pk).first()
    if registration is None:
        raise Http404
    registration.meeting = meeting
    return registration


def _url(request, name: str, **kwargs) -> str:
    return component_admin_url(request.component, name, **kwargs)


def _context(request, meeting: Meeting, here: str = "", **extra) -> dict:
    list_url = _url(request, "registrations", pk=meeting.pk)
    crumbs = [
        (translated(request.component.name), _url(request, "index")),
        (
            _("Registrations: %(title)s") % {"title": translated(meeting.title)},
            list_url if here else "",
        ),
    ]
    if here:
        crumbs.append((here, ""))
    return component_admin_context(
        request,
        meeting=meeting,
        breadcrumbs=crumbs,
        registrations_url=list_url,
        door_url=_url(request, "registrations_door", pk=meeting.pk),
        invite_url=_url(request, "registrations_invite", pk=meeting.pk),
        **extra,
    )


def registrations(request, pk: int):
    """The registrations of a meeting in order of arrival, filtered by status."""
    meeting = _meeting(request, pk)
    status = request.GET.get("status", "")
    if status not in selectors.FILTERS:
        status = ""
    search = request.GET.get("q", "")[:100]
    page = Paginator(
        selectors.registration_list(meeting=meeting, status=status, search=search), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    seats = services.seats_count(meeting)
    return render(
        request,
        "meetings/registrations/admin/list.html",
        _context(
            request,
            meeting,
            page=page,
            status=status,
            search=search,
            counts=selectors.registration_counts(meeting),
            seats=seats,
            filters=[
                ("", _("All")),
                ("confirmed", _("Confirmed")),
                ("waiting", _("Waiting")),
                ("pending", _("Email to confirm")),
                ("cancelled", _("Cancelled")),
                ("attended", _("Attended")),
            ],
            capacity_url=_url(request, "registrations_capacity", pk=meeting.pk),
            export_links=[
                (_url(request, "registrations_export_csv", pk=meeting.pk), _("Export as CSV")),
                (
                    _url(request, "registrations_export_xlsx", pk=meeting.pk),
                    _("Export as a spreadsheet (Excel)"),
                ),
            ],
        ),
    )


def _back(request, meeting: Meeting):
    return redirect(request.POST.get("next") or _url(request, "registrations", pk=meeting.pk))


@require_POST
def capacity(request, pk: int):
    require_component_admin(request)
    meeting = _meeting(request, pk)
    try:
        seats = int(request.POST.get("capacity", ""))
        reserved = int(request.POST.get("reserved_seats", "0") or 0)
    except ValueError:
        messages.error(request, _("Enter a number of seats, 0 or more."))
        return _back(request, meeting)
    try:
        services.registration_capacity_set(
            actor=request.user, meeting=meeting, capacity=seats, reserved_seats=reserved
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The seats are saved."))
    return _back(request, meeting)


@require_POST
def seat_give(request, pk: int, registration_pk: int):
    require_component_admin(request)
    meeting = _meeting(request, pk)
    registration = _registration(meeting, registration_pk)
    try:
        services.registration_seat_give(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s has a seat now, and was emailed their code.")
            % {"name": selectors.person_name(registration)},
        )
    return _back(request, meeting)


@require_POST
def cancel(request, pk: int, registration_pk: int):
    require_component_admin(request)
    meeting = _meeting(request, pk)
    registration = _registration(meeting, registration_pk)
    services.registration_cancel_by_staff(actor=request.user, registration=registration)
    messages.success(
        request,
        _("The registration of %(name)s is cancelled.")
        % {"name": selectors.person_name(registration)},
    )
    return _back(request, meeting)


def door(request, pk: int):
    """Validating codes at the door: one field, made for a phone held in one hand."""
    meeting = _meeting(request, pk)
    result = None
    error = ""
    code = ""
    status = 200
    if request.method == "POST":
        require_component_admin(request)
        code = request.POST.get("code", "")
        try:
            result = services.registration_attend(actor=request.user, meeting=meeting, code=code)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            status = 400
        else:
            code = ""
    counts = selectors.registration_counts(meeting)
    return render(
        request,
        "meetings/registrations/admin/door.html",
        _context(
            request,
            meeting,
            here=_("At the door"),
            result=result,
            result_name=selectors.person_name(result) if result else "",
            error=error,
            code=code,
            counts=counts,
        ),
        status=status,
    )


def invite(request, pk: int):
    meeting = _meeting(request, pk)
    errors: list[str] = []
    emails = ""
    if request.method == "POST":
        require_component_admin(request)
        emails = request.POST.get("emails", "")
        addresses = emails.replace(",", "\n").replace(";", "\n").split()
        try:
            count = services.registrations_invite(
                actor=request.user,
                meeting=meeting,
                emails=addresses,
                language=get_language() or "",
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s invitation is being sent.",
                    "%(count)s invitations are being sent.",
                    count,
                )
                % {"count": count},
            )
            return redirect(_url(request, "registrations", pk=meeting.pk))
    return render(
        request,
        "meetings/registrations/admin/invite.html",
        _context(
            request,
            meeting,
            here=_("Invite by email"),
            errors=errors,
            emails=emails,
            seats=services.seats_count(meeting),
        ),
        status=400 if errors else 200,
    )


# Exports ----------------------------------------------------------------------------------
def _component_admin_only(request, *args, **kwargs) -> None:
    """Refuse at once who may not export, before asking anyone for a fresh code."""
    require_component_admin(request)


def _export(request, pk: int, file_format: str):
    require_component_admin(request)
    meeting = _meeting(request, pk)
    services.registrations_export_logged(
        actor=request.user, meeting=meeting, file_format=file_format
    )
    headers, rows = selectors.export_rows(meeting)
    return meeting, headers, rows


@recent_second_factor_required(permission=_component_admin_only)
def export_csv(request, pk: int):
    meeting, headers, rows = _export(request, pk, "csv")
    response = StreamingHttpResponse(
        csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="meeting-{meeting.pk}-registrations.csv"'
    )
    return response


@recent_second_factor_required(permission=_component_admin_only)
def export_xlsx(request, pk: int):
    meeting, headers, rows = _export(request, pk, "xlsx")
    # The temporary file disappears when the response closes it, once it is sent.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    try:
        xlsx_write(file, title=f"meeting-{meeting.pk}", columns=headers, rows=rows)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"meeting-{meeting.pk}-registrations.xlsx",
        content_type=XLSX_TYPE,
    )


def registration_form(request, pk: int):
    """The questions asked to register: copied from a template of the organization or
    from another form of the space (built in the surveys' backoffice), or removed."""
    meeting = _meeting(request, pk)
    sources = services.registration_form_sources(actor=request.user, meeting=meeting)
    error = ""
    if request.method == "POST":
        require_component_admin(request)
        try:
            if request.POST.get("remove"):
                services.registration_form_remove(actor=request.user, meeting=meeting)
                messages.success(request, _("Registrations ask no more questions."))
            else:
                source = next(
                    (form for form in sources if str(form.pk) == request.POST.get("source")),
                    None,
                )
                if source is None:
                    raise ValidationError(_("Choose the questions to copy."))
                count = services.registration_form_copy(
                    actor=request.user, meeting=meeting, source=source
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)s question is asked to register.",
                        "%(count)s questions are asked to register.",
                        count,
                    )
                    % {"count": count},
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(_url(request, "registrations_form", pk=meeting.pk))
    loaded = form_load(meeting.registration_form) if meeting.registration_form_id else None
    return render(
        request,
        "meetings/registrations/admin/form.html",
        _context(
            request,
            meeting,
            here=_("Questions asked to register"),
            questions=loaded.questions if loaded else [],
            sources=sources,
            error=error,
        ),
        status=400 if error else 200,
    )
