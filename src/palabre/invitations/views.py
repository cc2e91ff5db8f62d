"""Staff invitations: the backoffice page that sends and manages them, and the page the
invited person opens from the email."""

from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.accounts.staff import recent_second_factor_required
from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import add_service_errors
from palabre.core.models import OrganizationAdmin, Space, SpaceRole, User
from palabre.core.permissions import can
from palabre.invitations import services
from palabre.invitations.forms import AcceptNewAccountForm, InvitationForm
from palabre.invitations.models import Invitation
from palabre.invitations.selectors import invitation_by_token, invitations_for
from palabre.legal.selectors import legal_summary


def _admin_spaces(request):
    organization = request.organization
    spaces = Space.objects.filter(organization=organization).order_by("pk")
    if not can(request.user, "admin", organization):
        spaces = spaces.filter(roles__user=request.user, roles__role=SpaceRole.Role.ADMIN)
    return list(spaces.distinct())


def _may_invite_somewhere(request, *args, **kwargs) -> None:
    """Refuse at once who may invite nobody, before asking for a fresh code."""
    if not (can(request.user, "admin", request.organization) or _admin_spaces(request)):
        raise PermissionDenied


def _may_manage(request, invitation_id: int, *args, **kwargs) -> None:
    invitation = get_object_or_404(Invitation, pk=invitation_id, organization=request.organization)
    if not services.may_invite(
        request.user, invitation.organization, invitation.role, invitation.space
    ):
        raise PermissionDenied


@backoffice_required
@recent_second_factor_required(methods=("POST",), permission=_may_invite_somewhere)
def invitation_list(request):
    organization = request.organization
    spaces = _admin_spaces(request)
    may_invite_admins = can(request.user, "admin", organization)
    may_invite = may_invite_admins or bool(spaces)
    form_kwargs = {"spaces": spaces, "may_invite_admins": may_invite_admins}
    if request.method == "POST" and "email" in request.POST and "role" in request.POST:
        form = InvitationForm(request.POST, **form_kwargs)
        if form.is_valid():
            space_id = form.cleaned_data["space"]
            space = next((space for space in spaces if space.pk == space_id), None)
            try:
                services.invitation_create(
                    actor=request.user,
                    organization=organization,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    space=space,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The invitation is sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("invitations_admin:list")
    else:
        form = InvitationForm(initial=request.POST or request.GET or None, **form_kwargs)
    invitations = list(invitations_for(request.user, organization, spaces=spaces)[:200])
    return render(
        request,
        "invitations/invitation_list.html",
        {
            "form": form,
            "may_invite": may_invite,
            "invitations": invitations,
            "admins": (
                list(organization.admins.select_related("user").order_by("user__nickname"))
                if may_invite_admins
                else None
            ),
            "breadcrumbs": [(_("Invitations"), None)],
        },
    )


@backoffice_required
@require_POST
@recent_second_factor_required(permission=_may_manage)
def invitation_resend(request, invitation_id: int):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organization", "space", "invited_by"),
        pk=invitation_id,
        organization=request.organization,
    )
    try:
        services.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new invitation is sent to %(email)s; the previous link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("invitations_admin:list")


@backoffice_required
@require_POST
@recent_second_factor_required(permission=_may_manage)
def invitation_revoke(request, invitation_id: int):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organization", "space"),
        pk=invitation_id,
        organization=request.organization,
    )
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation is revoked: its link no longer works."))
    return redirect("invitations_admin:list")


def _organization_admin_only(request, *args, **kwargs) -> None:
    if not can(request.user, "admin", request.organization):
        raise PermissionDenied


@backoffice_required
@require_POST
@recent_second_factor_required(permission=_organization_admin_only)
def organization_admin_remove(request, user_id: int):
    from palabre.core.services import organization_admin_remove as remove

    admin = get_object_or_404(
        OrganizationAdmin.objects.select_related("user"),
        organization=request.organization,
        user_id=user_id,
    )
    try:
        remove(actor=request.user, organization=request.organization, user=admin.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s is no longer an administrator of the organization.")
            % {"person": admin.user.display_name},
        )
    return redirect("invitations_admin:list")


# The page of the invited person -----------------------------------------------------------
def _refuse(request, title: str, message: str, status: int):
    return render(
        request,
        "invitations/refused.html",
        {"title": title, "message": message},
        status=status,
    )


def _destination(invitation: Invitation) -> str:
    if invitation.role == SpaceRole.Role.MODERATOR:
        return reverse("moderation_admin:index")
    if invitation.space_id:
        return reverse("backoffice:space_edit", kwargs={"space_id": invitation.space_id})
    return reverse("backoffice:dashboard")


def accept(request, token: str):
    invitation = invitation_by_token(token)
    if invitation is None or invitation.organization_id != request.organization.pk:
        return _refuse(
            request,
            _("Unknown invitation"),
            _(
                "This invitation link is not valid. Check that you copied it whole, or ask "
                "for a new invitation."
            ),
            404,
        )
    status = invitation.status()
    if status != Invitation.Status.PENDING:
        reasons = {
            Invitation.Status.ACCEPTED: _("This invitation has already been used."),
            Invitation.Status.REVOKED: _("This invitation was revoked."),
            Invitation.Status.EXPIRED: _("This invitation has expired."),
        }
        return _refuse(
            request,
            _("This invitation can no longer be used"),
            reasons[status] + " " + _("Ask the person who invited you for a new invitation."),
            410,
        )
    user = request.user
    context = {"invitation": invitation, "role": invitation.get_role_display()}
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return _refuse(
                request,
                _("This invitation is for someone else"),
                _(
                    "This invitation was sent to another email address than the one of the "
                    "account you are signed in with. Sign out, then open the link again."
                ),
                403,
            )
        if request.method == "POST":
            try:
                services.invitation_accept(user=user, token=token)
            except (ValidationError, PermissionDenied) as error:
                return _refuse(
                    request,
                    _("Invitation refused"),
                    " ".join(getattr(error, "messages", [str(error)])),
                    409,
                )
            messages.success(request, _("You now have the role “%(role)s”.") % context)
            return redirect(_destination(invitation))
        return render(request, "invitations/accept.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["login_url"] = (
            f"{reverse('account_login')}?next={reverse('invitations:accept', args=[token])}"
        )
        return render(request, "invitations/accept_sign_in.html", context)
    organization = request.organization
    if request.method == "POST":
        form = AcceptNewAccountForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                new_user, invitation = services.invitation_accept_new_account(
                    token=token,
                    name=data["name"],
                    nickname=data["nickname"],
                    password=data["password1"],
                    accepted_terms=data["accept_terms"],
                    terms_version_id=data.get("terms_version"),
                    locale=translation.get_language() or "",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                login(request, new_user, backend="palabre.accounts.backends.AuthenticationBackend")
                # The password was just typed: setting up the second factor needs no
                # second sign-in (allauth asks for a recent authentication there).
                record_authentication(
                    request, new_user, "password", email=new_user.email, reauthenticated=True
                )
                messages.success(
                    request,
                    _(
                        "Your account is open and you have the role “%(role)s”. Set up your "
                        "second factor now: the administration requires it."
                    )
                    % context,
                )
                return redirect(_destination(invitation))
    else:
        form = AcceptNewAccountForm(
            initial={"terms_version": legal_summary(organization.pk)["terms_id"] or None}
        )
    context["form"] = form
    return render(request, "invitations/accept_new.html", context)
