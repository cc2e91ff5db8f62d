"""Writes of the legal pages: the templates of a new organization, the texts, the
accessibility statement, publishing a version of the terms of use and accepting it.

Administrators' writes check that the person administers the organization, validate
everything before writing and leave an entry in the activity log.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.models import Organization, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.core.translations import clean_translations
from palabre.core.validation import FieldErrors
from palabre.legal.defaults import templates_for
from palabre.legal.models import Compliance, LegalPages, TermsAcceptance, TermsVersion

TEXT_FIELDS = ("terms", "notice", "privacy", "cookies", "help")
ACCESSIBILITY_TEXT_FIELDS = (
    "audited_pages", "non_compliant", "disproportionate_burden", "exempted", "technologies",
    "contact",
)  # fmt: skip


def legal_pages_setup(*, organization: Organization) -> LegalPages:
    """Give an organization its legal pages, started from the French and English templates
    with placeholders to fill (called when an organization is created)."""
    pages, _created = LegalPages.objects.get_or_create(
        organization=organization, defaults=templates_for(organization.locales)
    )
    return pages


def _locked_pages(organization: Organization) -> LegalPages:
    legal_pages_setup(organization=organization)
    return LegalPages.objects.select_for_update().get(organization=organization)


def _clean_texts(organization, errors: FieldErrors, names, texts: dict) -> dict:
    cleaned = {}
    for name in names:
        with errors.collect(name):
            cleaned[name] = clean_translations(
                texts.get(name), languages=organization.locales, rich=True
            )
    return cleaned


def legal_pages_update(*, actor: User, organization: Organization, **texts: dict) -> LegalPages:
    """Replace the texts of the legal pages (`terms`, `notice`, `privacy`, `cookies`,
    `help`: translated rich texts). The terms written here reach readers only once published
    as a new version (`terms_publish`), if a version was ever published."""
    require(actor, "admin", organization)
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not a legal page: {sorted(unknown)}")
    errors = FieldErrors()
    cleaned = _clean_texts(organization, errors, texts, texts)
    errors.raise_if_any()
    with transaction.atomic():
        pages = _locked_pages(organization)
        changed = sorted(name for name, value in cleaned.items() if getattr(pages, name) != value)
        for name, value in cleaned.items():
            setattr(pages, name, value)
        pages.save()
        log_action(
            actor=actor,
            organization=organization,
            action="update",
            resource=pages,
            data={"fields": changed},
        )
    return pages


def accessibility_update(
    *,
    actor: User,
    organization: Organization,
    status: str,
    audit_date: date | None,
    auditor: str,
    compliance_rate: int | None,
    statement_date: date | None,
    **texts: dict,
) -> LegalPages:
    """Replace the accessibility statement (the fields of the RGAA model)."""
    require(actor, "admin", organization)
    unknown = set(texts) - set(ACCESSIBILITY_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not a field of the statement: {sorted(unknown)}")
    errors = FieldErrors()
    if status not in Compliance.values:
        errors.add("status", _("Choose a compliance status."))
    if compliance_rate is not None and not 0 <= compliance_rate <= 100:
        errors.add("compliance_rate", _("A rate of compliance is between 0 and 100."))
    auditor = (auditor or "").strip()
    if len(auditor) > 200:
        errors.add("auditor", _("This name is too long (at most 200 characters)."))
    if status != Compliance.NONE and (audit_date is None or compliance_rate is None):
        errors.add(
            "audit_date",
            _("A statement of partial or total compliance gives the audit's date and rate."),
        )
    cleaned = _clean_texts(organization, errors, texts, texts)
    errors.raise_if_any()
    fields = {
        "accessibility_status": status,
        "audit_date": audit_date,
        "auditor": auditor,
        "compliance_rate": compliance_rate,
        "statement_date": statement_date,
        **cleaned,
    }
    with transaction.atomic():
        pages = _locked_pages(organization)
        changed = sorted(name for name, value in fields.items() if getattr(pages, name) != value)
        for name, value in fields.items():
            setattr(pages, name, value)
        pages.save()
        log_action(
            actor=actor,
            organization=organization,
            action="update",
            resource=pages,
            data={"fields": changed},
        )
    return pages


def terms_publish(*, actor: User, organization: Organization, summary: dict) -> TermsVersion:
    """Publish the terms of use being written as a new version: every signed-in participant
    is asked to accept it before their next contribution."""
    require(actor, "admin", organization)
    errors = FieldErrors()
    with errors.collect("summary"):
        summary = clean_translations(
            summary,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=2000,
            field_label=_("Summary of the changes"),
        )
    errors.raise_if_any()
    with transaction.atomic():
        # The lock queues two publications: each gets its own number.
        pages = _locked_pages(organization)
        if not any(pages.terms.values()):
            raise ValidationError(_("Write the terms of use before publishing them."))
        last = TermsVersion.objects.filter(organization=organization).first()
        version = TermsVersion.objects.create(
            organization=organization,
            number=(last.number + 1) if last else 1,
            text=dict(pages.terms),
            summary=summary,
            published_at=timezone.now(),
            published_by=actor,
        )
        log_action(
            actor=actor,
            organization=organization,
            action="publish",
            resource=version,
            data={"number": version.number},
        )
    return version


def terms_accept(*, user: User, version: TermsVersion) -> TermsAcceptance:
    """Record that the person accepted this version of the terms of use (once; accepting
    again keeps the first date)."""
    if not user.is_authenticated:
        raise ValidationError(_("Sign in to accept the terms of use."))
    now = timezone.now()
    try:
        with transaction.atomic():
            acceptance, _created = TermsAcceptance.objects.get_or_create(
                user=user, version=version, defaults={"accepted_at": now}
            )
            User.objects.filter(pk=user.pk).update(accepted_terms_at=now)
    except IntegrityError:
        # The same person accepting in two tabs at once: the first acceptance stands.
        acceptance = TermsAcceptance.objects.get(user=user, version=version)
    user.accepted_terms_at = now
    if getattr(user, "_palabre_terms_accepted", None) is not None:
        user._palabre_terms_accepted[version.pk] = True
    return acceptance


def terms_accept_at_signup(
    *, user: User, organization: Organization, version_id: int | None
) -> TermsAcceptance | None:
    """Record the version of the terms a new account accepted on the sign-up form: the one
    the form showed, if it is a version of this organization (none is recorded while no
    version is published; a newer one published meanwhile is asked for later)."""
    version = (
        TermsVersion.objects.filter(organization=organization, pk=version_id).first()
        if version_id
        else None
    )
    if version is None:
        return None
    return TermsAcceptance.objects.create(
        user=user, version=version, accepted_at=user.accepted_terms_at or timezone.now()
    )
