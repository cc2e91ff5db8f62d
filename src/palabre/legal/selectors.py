"""Reads of the legal pages: the texts of an organization, its current terms of use, who
still has them to accept, and the cookies the platform sets."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from palabre.core import structure
from palabre.core.models import Organization
from palabre.core.permissions import Denied
from palabre.legal.defaults import templates_for
from palabre.legal.models import Compliance, LegalPages, TermsAcceptance, TermsVersion


def legal_pages_get(*, organization: Organization) -> LegalPages:
    """The organization's texts; an organization created before the legal pages existed
    reads the templates until an administrator saves them."""
    pages = LegalPages.objects.filter(organization=organization).first()
    if pages is None:
        pages = LegalPages(organization=organization, **templates_for(organization.locales))
    return pages


def legal_summary(organization_id: int) -> dict:
    """What every page and every contribution needs to know, kept in memory: the current
    terms version (id and number, 0 when none is published) and the accessibility status.
    One query, and none while it is kept."""

    def load() -> dict:
        last = TermsVersion.objects.filter(organization_id=OuterRef("organization_id"))
        row = (
            LegalPages.objects.filter(organization_id=organization_id)
            .annotate(
                terms_id=Subquery(last.values("pk")[:1]),
                terms_number=Subquery(last.values("number")[:1]),
            )
            .values("accessibility_status", "terms_id", "terms_number")
            .first()
        )
        if row is None:
            # No row yet (an organization older than these pages): nothing is published.
            row = {"accessibility_status": Compliance.NONE, "terms_id": None, "terms_number": None}
        return {
            "accessibility_status": row["accessibility_status"],
            "terms_id": row["terms_id"] or 0,
            "terms_number": row["terms_number"] or 0,
        }

    return structure.cached(("legal", organization_id), load)


def terms_current(*, organization: Organization) -> TermsVersion | None:
    return TermsVersion.objects.filter(organization=organization).first()


def terms_versions(*, organization: Organization) -> list[TermsVersion]:
    return list(
        TermsVersion.objects.filter(organization=organization).select_related("published_by")
    )


def terms_accepted(*, user, organization_id: int) -> bool:
    """Whether the person accepted the organization's current terms (true when none is
    published yet). Known once per request: kept on the person."""
    version_id = legal_summary(organization_id)["terms_id"]
    if not version_id:
        return True
    known = getattr(user, "_palabre_terms_accepted", None)
    if known is None:
        known = user._palabre_terms_accepted = {}
    if version_id not in known:
        known[version_id] = TermsAcceptance.objects.filter(
            user=user, version_id=version_id
        ).exists()
    return known[version_id]


def terms_refusal(user, organization_id: int) -> Denied | None:
    """The refusal of a contribution by someone who has not accepted the current terms
    (a check of `core.permissions.participation_checks`)."""
    if terms_accepted(user=user, organization_id=organization_id):
        return None
    return Denied(
        _("The terms of use have changed: accept the new version to take part."),
        next_url=reverse("legal:terms_accept"),
        next_label=_("Read and accept the new terms of use"),
        next_returns=True,
    )


def terms_changes_since(*, user, organization: Organization) -> list[TermsVersion]:
    """The versions published since the last one the person accepted, newest first."""
    accepted = (
        TermsAcceptance.objects.filter(user=user, version__organization=organization)
        .order_by("-version__number")
        .values_list("version__number", flat=True)
        .first()
    )
    versions = TermsVersion.objects.filter(organization=organization)
    if accepted:
        versions = versions.filter(number__gt=accepted)
    return list(versions)


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    duration: str


def _duration(seconds: int | None) -> str:
    if not seconds:
        return str(_("until the browser is closed"))
    days = round(seconds / 86400)
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def cookie_list() -> list[Cookie]:
    """The cookies the platform sets, named and timed from the settings that set them, so
    that the list stays true when an operator changes them."""
    cookies = [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            str(_("Keeps you signed in and remembers a form's step between pages.")),
            _duration(
                None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
            ),
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            str(_("Protects the forms you send against forgery by another site.")),
            _duration(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            settings.LANGUAGE_COOKIE_NAME,
            str(_("Remembers the language you chose.")),
            _duration(settings.LANGUAGE_COOKIE_AGE),
        ),
        Cookie(
            CookieStorage.cookie_name,
            str(_("Carries a confirmation message to the next page you see.")),
            _duration(None),
        ),
    ]
    if apps.is_installed("palabre.components.proposals"):
        from palabre.components.proposals.views import SEED_COOKIE

        cookies.append(
            Cookie(
                SEED_COOKIE,
                str(_("Keeps the random order of a list of proposals the same while you read it.")),
                _duration(None),
            )
        )
    return cookies
