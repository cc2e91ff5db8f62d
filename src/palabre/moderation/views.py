"""Public pages of moderation: the report forms for a contribution and for a participant.

Plain GET pages with a POST form, then a redirect with a message: no JavaScript needed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from palabre.backoffice.forms import add_service_errors
from palabre.core.permissions import can
from palabre.core.resources import resource_for_request, resource_title
from palabre.moderation import hideable, selectors, services
from palabre.moderation.forms import ReportForm


def _visible_resource(request, ref: str):
    """The resource `ref` names, if it belongs to the organization of the site and this
    person may see it; anything else answers 404."""
    resource = resource_for_request(request, ref)
    if not can(request.user, "view", resource):
        raise Http404
    if selectors.is_hidden(resource) and not can(request.user, "moderate", resource):
        raise Http404
    return resource


def _report_heading(request, resource) -> str:
    """What the report form is about: the contribution's title, or for a comment, which has
    none, who wrote it (as its thread shows them) and what it comments on."""
    if resource._meta.label_lower == "comments.comment":
        author = request.organization.name if resource.official else resource.author.display_name
        return _("Report a comment by %(author)s on “%(title)s”") % {
            "author": author,
            "title": resource_title(resource.target),
        }
    return _("Report “%(title)s”") % {"title": resource_title(resource)}


@login_required
def report(request, ref: str):
    resource = _visible_resource(request, ref)
    back = resource.get_absolute_url()
    if hideable.author_id_of(resource) == request.user.pk:
        messages.error(request, _("You cannot report your own contribution."))
        return redirect(back)
    if request.method == "GET" and selectors.has_reported(user=request.user, target=resource):
        messages.info(request, _("You have already reported this contribution."))
        return redirect(back)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user,
                target=resource,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Already reported: nothing to correct in the form.
                messages.info(request, " ".join(error.messages))
                return redirect(back)
            add_service_errors(form, error)
        else:
            if selectors.is_hidden(resource):
                messages.success(
                    request,
                    _(
                        "Thank you. Several people reported this contribution: it is hidden "
                        "until a moderator looks at it."
                    ),
                )
                return redirect(resource.component.get_absolute_url())
            messages.success(
                request, _("Thank you. The moderators will look at this contribution.")
            )
            return redirect(back)
    return render(
        request,
        "moderation/report.html",
        {
            "resource": resource,
            "heading": _report_heading(request, resource),
            "form": form,
            "back": back,
        },
    )


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@login_required
def report_user(request, nickname: str):
    """The report form for a participant named by nickname.

    Whether a nickname belongs to someone is not public: every nickname gets this page and
    the same thanks (`services.user_report_by_nickname` records a report only for a
    participant of this organization).
    """
    nickname = nickname.strip().lstrip("@")
    back = _safe_next(request)
    if nickname.lower() == (request.user.nickname or "").lower():
        messages.error(request, _("You cannot report yourself."))
        return redirect(back)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_report_by_nickname(
                reporter=request.user,
                organization=request.organization,
                nickname=nickname,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect(back)
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. The administrators will look at this participant.")
            )
            return redirect(back)
    return render(
        request,
        "moderation/report_user.html",
        {"nickname": nickname, "form": form, "back": back},
    )
