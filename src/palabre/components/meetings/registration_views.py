"""Public pages of meeting registrations: registering (signed in, or as a guest), one's own
registration with its code, and the links of guests' emails (confirm, cancel).

Plain forms posted to the server: everything works with the keyboard and without
JavaScript. Links of emails open a page with a button; only the button (a POST) changes
anything, so that a mail scanner opening links cancels nobody.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.captcha import services as captcha
from palabre.components.meetings import registrations as services
from palabre.components.meetings.models import Meeting, Registration
from palabre.components.meetings.registration_selectors import (
    invitations_preload,
    registration_of,
    registrations_in,
    registrations_of_user,
    waiting_rank,
)
from palabre.core.components import component_url
from palabre.core.permissions import can
from palabre.core.security import client_ip
from palabre.core.settings_schema import current_settings
from palabre.forms.rendering import form_render
from palabre.forms.selectors import form_load

Status = Registration.Status


def _meeting(request, pk: int) -> Meeting:
    """The meeting of this component, if the person may see it (404 otherwise, exactly
    like a missing one)."""
    meeting = (
        Meeting.objects.filter(component_id=request.component.pk, pk=pk)
        .select_related("registration_form")
        .first()
    )
    if meeting is None:
        raise Http404
    meeting.component = request.component
    if not can(request.user, "view", meeting):
        raise Http404
    return meeting


def _url(request, name: str, **kwargs) -> str:
    return component_url(request.component, name, **kwargs)


def _context(request, meeting=None, **extra) -> dict:
    return {
        "space": request.space,
        "component": request.component,
        "component_settings": current_settings(request.component),
        "meeting": meeting,
        **extra,
    }


def _register_page(request, meeting, *, error=None, data=None, status=200):
    invitation = (data or request.GET).get("invitation", "")
    invited_email = services.invitation_email_of(meeting, invitation)
    check = services.register_check(request.user, meeting, invitation_email=invited_email)
    rendered = None
    if check.allowed and meeting.registration_form_id:
        loaded = (error.loaded if error is not None else None) or form_load(
            meeting.registration_form
        )
        submission = error.submission if error is not None else None
        rendered = form_render(
            loaded,
            data=data,
            errors=submission.errors if submission else None,
            visible=submission.visible if submission else None,
        )
    return render(
        request,
        "meetings/registrations/register.html",
        _context(
            request,
            meeting,
            check=check,
            rendered=rendered,
            newly_visible=bool(error and error.submission and error.submission.newly_visible),
            field_errors=error.field_errors if error is not None else {},
            data=data or {},
            invitation=invitation,
            invited_email=invited_email,
            terms_required=services.terms_required(meeting),
            action_url=_url(request, "registration_new", pk=meeting.pk),
        ),
        status=status,
    )


def registration_new(request, pk: int):
    """The registration form; a person registered already is shown their registration."""
    meeting = _meeting(request, pk)
    mine = registration_of(user=request.user, meeting=meeting)
    if mine is not None and mine.status != Status.CANCELLED:
        return redirect(_url(request, "registration_mine", pk=meeting.pk))
    if request.method != "POST":
        return _register_page(request, meeting)
    invitation = request.POST.get("invitation", "")
    language = get_language() or ""
    try:
        if request.user.is_authenticated:
            services.registration_create(
                meeting=meeting,
                user=request.user,
                data=request.POST,
                files=request.FILES,
                language=language,
                invitation=invitation,
            )
        else:
            if services.register_check(
                request.user,
                meeting,
                invitation_email=services.invitation_email_of(meeting, invitation),
            ).guest:
                # Registrations without an account cost a robot some work (palabre.captcha).
                captcha.verify(request.POST)
            registration = services.guest_register(
                meeting=meeting,
                name=request.POST.get("name", ""),
                email=request.POST.get("email", ""),
                data=request.POST,
                files=request.FILES,
                address=client_ip(request) or "",
                language=language,
                invitation=invitation,
            )
    except services.AnswersInvalid as error:
        return _register_page(request, meeting, error=error, data=request.POST)
    except services.AlreadyRegistered:
        return redirect(_url(request, "registration_mine", pk=meeting.pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        limited = getattr(error, "code", None) == "rate_limited"
        return _register_page(request, meeting, data=request.POST, status=429 if limited else 400)
    except PermissionDenied:
        return _register_page(request, meeting, status=403)
    if request.user.is_authenticated:
        return redirect(_url(request, "registration_mine", pk=meeting.pk))
    return render(
        request,
        "meetings/registrations/guest_sent.html",
        _context(request, meeting, registration=registration),
    )


def registration_mine(request, pk: int):
    """The person's registration: its code, its status, their place on the waiting list."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    meeting = _meeting(request, pk)
    registration = registration_of(user=request.user, meeting=meeting)
    if registration is None:
        return redirect(_url(request, "registration_new", pk=meeting.pk))
    registration.meeting = meeting
    return render(
        request,
        "meetings/registrations/mine.html",
        _context(
            request,
            meeting,
            registration=registration,
            rank=waiting_rank(registration),
            cancel_url=_url(request, "registration_cancel", pk=meeting.pk),
            register_url=_url(request, "registration_new", pk=meeting.pk),
        ),
    )


@require_POST
def registration_cancel(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(_url(request, "registration_mine", pk=pk))
    meeting = _meeting(request, pk)
    registration = registration_of(user=request.user, meeting=meeting)
    if registration is None:
        raise Http404
    registration.meeting = meeting
    services.registration_cancel(user=request.user, registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(_url(request, "registration_mine", pk=meeting.pk))


def registrations_mine(request):
    """The person's registrations for the meetings of this component, with their codes."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = registrations_of_user(user=request.user, component=request.component)
    invitations_preload(user=request.user, meetings=[r.meeting for r in found])
    for registration in found:
        registration.meeting.component = request.component
    registrations = [r for r in found if can(request.user, "view", r.meeting)]
    return render(
        request,
        "meetings/registrations/mine_list.html",
        _context(request, registrations=registrations),
    )


def registrations_everywhere(request):
    """The person's registrations for the meetings of every space of the organization they
    may see, with their codes: their own place in the participant's space."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    from palabre.components.meetings.selectors import directory_components

    components = {
        component.pk: component
        for component in directory_components(user=request.user, organization=request.organization)
    }
    found = registrations_in(user=request.user, component_ids=list(components))
    invitations_preload(user=request.user, meetings=[r.meeting for r in found])
    registrations = []
    for registration in found:
        registration.meeting.component = components[registration.meeting.component_id]
        if can(request.user, "view", registration.meeting):
            registrations.append(registration)
    return render(
        request,
        "meetings/registrations/mine_everywhere.html",
        {"registrations": registrations},
    )


def _guest_registration(request, token: str, salt: str, max_age=None) -> Registration:
    registration = services.guest_registration_of(token, salt, max_age=max_age)
    if registration is None or registration.meeting.component_id != request.component.pk:
        raise Http404
    registration.meeting.component = request.component
    return registration


def guest_confirm(request, token: str):
    """The link of a guest's confirmation email: a button confirms the address."""
    registration = _guest_registration(
        request, token, services.GUEST_CONFIRM_SALT, max_age=services.GUEST_CONFIRM_MAX_AGE
    )
    meeting = registration.meeting
    error = ""
    if request.method == "POST":
        try:
            registration = services.guest_confirm(registration=registration)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "meetings/registrations/guest_confirm.html",
        _context(
            request,
            meeting,
            registration=registration,
            rank=waiting_rank(registration),
            error=error,
            cancel_url=_url(
                request,
                "registration_guest_cancel",
                token=services.guest_token(registration, services.GUEST_CANCEL_SALT),
            ),
        ),
        status=400 if error else 200,
    )


def guest_cancel(request, token: str):
    """The cancel link of a guest's emails: a button cancels the registration."""
    registration = _guest_registration(request, token, services.GUEST_CANCEL_SALT)
    if request.method == "POST":
        registration = services.guest_cancel(registration=registration)
    return render(
        request,
        "meetings/registrations/guest_cancel.html",
        _context(request, registration.meeting, registration=registration),
    )
