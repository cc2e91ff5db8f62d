"""Staff's pages of the postal-letter method, under /admin/verifications/postal-letter/: the
letters to send, their export (CSV for a mail merge, PDF to print, each asking again for the
second factor, since they hold addresses and codes), and marking them as posted.

The list, both exports and the "posted" button name the same letters: those asked for up to
the last one the list showed (`until`), so that a letter asked for in between is neither
printed nor marked by mistake.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from palabre.accounts.staff import recent_second_factor_required
from palabre.backoffice.decorators import backoffice_required
from palabre.core.exports import csv_lines
from palabre.core.permissions import can
from palabre.verifications.admin_views import section_breadcrumbs
from palabre.verifications.methods.postal_letter import NAME, selectors, services
from palabre.verifications.methods.postal_letter.letters import (
    CSV_COLUMNS,
    letter_csv_rows,
    letters_pdf,
)
from palabre.verifications.registry import methods

# Letters listed on one page; the exports take them all.
LIST_LIMIT = 200


def _require_org_admin(request, *args, **kwargs) -> None:
    if not can(request.user, "admin", request.organization):
        raise PermissionDenied


def _until(request) -> int | None:
    try:
        return int(request.GET.get("until") or request.POST.get("until") or "")
    except ValueError:
        return None


@backoffice_required
@require_GET
def index(request):
    _require_org_admin(request)
    organization = request.organization
    letters = selectors.letters_to_send(organization=organization)
    shown = list(letters[:LIST_LIMIT])
    total = letters.count() if len(shown) == LIST_LIMIT else len(shown)
    return render(
        request,
        "verifications/postal_letter/admin_index.html",
        {
            "letters": shown,
            "total": total,
            "until": shown[-1].pk if shown else None,
            "waiting_for_code": selectors.letters_waiting_for_code(organization=organization),
            "validity_days": services.CODE_VALIDITY.days,
            "breadcrumbs": section_breadcrumbs(methods[NAME].label),
        },
    )


def _letters_for_export(request):
    return selectors.letters_to_send(organization=request.organization, until=_until(request))


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@backoffice_required
@require_GET
@recent_second_factor_required(permission=_require_org_admin)
def export_csv(request):
    _require_org_admin(request)
    letters = list(_letters_for_export(request))
    services.postal_letters_exported(
        actor=request.user, organization=request.organization, count=len(letters), kind="csv"
    )
    response = StreamingHttpResponse(
        csv_lines(CSV_COLUMNS, letter_csv_rows(letters)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="postal-letters-{_stamp()}.csv"'
    return response


@backoffice_required
@require_GET
@recent_second_factor_required(permission=_require_org_admin)
def export_pdf(request):
    _require_org_admin(request)
    letters = list(_letters_for_export(request))
    if not letters:
        messages.info(request, _("No letter waits to be sent."))
        return redirect("verifications_admin:postal_letter:index")
    pdf = letters_pdf(
        organization=request.organization,
        letters=letters,
        validity_days=services.CODE_VALIDITY.days,
    )
    services.postal_letters_exported(
        actor=request.user, organization=request.organization, count=len(letters), kind="pdf"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="postal-letters-{_stamp()}.pdf"'
    return response


@backoffice_required
@require_POST
def mark_sent(request):
    _require_org_admin(request)
    until = _until(request)
    if until is None:
        return redirect("verifications_admin:postal_letter:index")
    count = services.postal_letters_mark_sent(
        actor=request.user, organization=request.organization, until=until
    )
    messages.success(
        request,
        ngettext(
            "%(count)d letter is marked as posted: its code works from now on.",
            "%(count)d letters are marked as posted: their codes work from now on.",
            count,
        )
        % {"count": count},
    )
    return redirect("verifications_admin:postal_letter:index")
