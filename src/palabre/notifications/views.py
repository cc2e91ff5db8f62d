from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from palabre.core.permissions import can
from palabre.notifications import services
from palabre.notifications.selectors import notification_get, notification_page, target_get


@login_required
@require_GET
def notification_list(request):
    page = notification_page(
        user=request.user, organization=request.organization, page_number=request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"notifications": page})


@login_required
@require_POST
def mark_all_read(request):
    services.notifications_mark_read(user=request.user, organization=request.organization)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_GET
def notification_open(request, pk: int):
    """Mark read and go to the target. A GET, because the list and emails link here."""
    notification = notification_get(
        user=request.user, organization=request.organization, notification_id=pk
    )
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


def _safe_next(request, fallback: str) -> str:
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@login_required
@require_POST
def follow_toggle(request, ref: str):
    target = target_get(organization=request.organization, ref=ref)
    if target is None or not can(request.user, "view", target):
        raise Http404
    following = request.POST.get("follow") == "1"
    # A blocked person may still view but not follow: the service refuses with a 403.
    if following:
        services.follow_create(user=request.user, target=target)
    else:
        services.follow_delete(user=request.user, target=target)
    if request.htmx:
        # Only the button changes; the page stays where the person is.
        return render(
            request,
            "notifications/_follow_button.html",
            {
                "show": True,
                "following": following,
                "ref": ref,
                "next": _safe_next(request, target.get_absolute_url()),
            },
        )
    if following:
        messages.success(request, _("You follow it now: you will be notified of what happens."))
    else:
        messages.success(request, _("You no longer follow it."))
    return redirect(_safe_next(request, target.get_absolute_url()))
