"""Roles in a space and members of private spaces."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.accounts.staff import recent_second_factor_required
from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import MemberForm, MemberImportForm, RoleForm, add_service_errors
from palabre.backoffice.views.common import load_space, require_admin
from palabre.core import services
from palabre.core.models import SpaceMember, SpaceRole, User
from palabre.core.permissions import can


def _person_by_email(form, email: str) -> User | None:
    person = User.objects.filter(email__iexact=email.strip(), deleted_at__isnull=True).first()
    if person is None:
        form.add_error(
            "email",
            _("Nobody has an account with this email. Ask the person to sign up first."),
        )
    return person


def _space_admin_only(request, space_id: int, *args, **kwargs) -> None:
    """Refuse at once who may not change people, before asking anyone for a fresh code."""
    require_admin(request, load_space(request, space_id))


@backoffice_required
@recent_second_factor_required(methods=("POST",), permission=_space_admin_only)
def role_list(request, space_id: int):
    space = load_space(request, space_id)
    may_admin = can(request.user, "admin", space)
    languages = request.organization.locales
    invite = None
    if request.method == "POST":
        require_admin(request, space)
        form = RoleForm(request.POST, languages=languages)
        if form.is_valid():
            asked = {"email": form.cleaned_data["email"], "role": form.cleaned_data["role"]}
            person = _person_by_email(form, asked["email"])
            if person is None:
                # Offer to invite the address instead (palabre.invitations).
                invite = asked
            else:
                try:
                    services.space_role_add(
                        actor=request.user, space=space, user=person, role=form.cleaned_data["role"]
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("%(person)s now has the role “%(role)s”.")
                        % {
                            "person": person.display_name,
                            "role": SpaceRole.Role(form.cleaned_data["role"]).label,
                        },
                    )
                    return redirect("backoffice:role_list", space_id=space.pk)
    else:
        form = RoleForm(languages=languages, read_only=not may_admin)
    roles = space.roles.select_related("user").order_by("role", "user__nickname")
    return render(
        request,
        "backoffice/role_list.html",
        {
            "space": space,
            "roles": roles,
            "form": form,
            "may_admin": may_admin,
            "invite": invite,
            "breadcrumbs": [(_("Roles"), None)],
        },
    )


@backoffice_required
@require_POST
@recent_second_factor_required(permission=_space_admin_only)
def role_delete(request, space_id: int, role_id: int):
    space = load_space(request, space_id)
    require_admin(request, space)
    space_role = get_object_or_404(
        SpaceRole.objects.select_related("user"), pk=role_id, space=space
    )
    space_role.space = space
    services.space_role_remove(actor=request.user, space_role=space_role)
    messages.success(request, _("The role is removed."))
    return redirect("backoffice:role_list", space_id=space.pk)


def _load_private_space(request, space_id: int):
    space = load_space(request, space_id)
    if not space.private:
        raise Http404
    return space


def _render_members(request, space, form=None, import_form=None, line_errors=None):
    may_admin = can(request.user, "admin", space)
    languages = request.organization.locales
    members = space.members.select_related("user").order_by("user__nickname")
    return render(
        request,
        "backoffice/member_list.html",
        {
            "space": space,
            "members": members,
            "form": form or MemberForm(languages=languages, read_only=not may_admin),
            "import_form": import_form or MemberImportForm(languages=languages),
            "line_errors": line_errors,
            "may_admin": may_admin,
            "breadcrumbs": [(_("Members"), None)],
        },
    )


@backoffice_required
@recent_second_factor_required(methods=("POST",), permission=_space_admin_only)
def member_list(request, space_id: int):
    space = _load_private_space(request, space_id)
    if request.method != "POST":
        return _render_members(request, space)
    require_admin(request, space)
    form = MemberForm(request.POST, languages=request.organization.locales)
    if form.is_valid():
        person = _person_by_email(form, form.cleaned_data["email"])
        if person is not None:
            services.space_member_add(actor=request.user, space=space, user=person)
            messages.success(
                request, _("%(person)s is now a member.") % {"person": person.display_name}
            )
            return redirect("backoffice:member_list", space_id=space.pk)
    return _render_members(request, space, form=form)


@backoffice_required
@require_POST
@recent_second_factor_required(permission=_space_admin_only)
def member_import(request, space_id: int):
    """Add members from a CSV; any wrong line refuses the whole file and lists every error."""
    space = _load_private_space(request, space_id)
    require_admin(request, space)
    form = MemberImportForm(request.POST, request.FILES, languages=request.organization.locales)
    if not form.is_valid():
        return _render_members(request, space, import_form=form)
    try:
        added = services.space_members_import_csv(
            actor=request.user, space=space, data=form.cleaned_data["file"].read()
        )
    except services.CsvImportError as error:
        form.add_error("file", _("Nothing was imported: correct the lines below and try again."))
        return _render_members(request, space, import_form=form, line_errors=error.line_errors)
    except ValidationError as error:
        form.add_error("file", error.messages)
        return _render_members(request, space, import_form=form)
    messages.success(request, _("%(count)d new members were added.") % {"count": added})
    return redirect("backoffice:member_list", space_id=space.pk)


@backoffice_required
def member_example_csv(request, space_id: int):
    _load_private_space(request, space_id)
    response = HttpResponse(
        "email\nfirst.person@example.org\nsecond.person@example.org\n",
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="members-example.csv"'
    return response


@backoffice_required
@require_POST
@recent_second_factor_required(permission=_space_admin_only)
def member_delete(request, space_id: int, member_id: int):
    space = _load_private_space(request, space_id)
    require_admin(request, space)
    member = get_object_or_404(
        SpaceMember.objects.select_related("user"), pk=member_id, space=space
    )
    member.space = space
    services.space_member_remove(actor=request.user, member=member)
    messages.success(request, _("The member is removed."))
    return redirect(reverse("backoffice:member_list", kwargs={"space_id": space.pk}))
