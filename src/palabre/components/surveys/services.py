"""Writes of the surveys component: surveys, their publication, their answers.

Administrators' writes check that the person administers the component, validate
everything before writing, write in one transaction and leave an entry in the action log.
Answers go through `survey_answer`, which checks who may answer (people without an account
too, where a survey allows them), the terms, the limit per address, every answer, then
saves them as one response per respondent: a keyed pseudonym of the account or of the
browser session, unique in the survey's form (a database constraint, so a double
submission saves one response).
"""

import datetime
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.components.surveys.models import Survey
from palabre.components.surveys.permissions import answer_check
from palabre.core.models import Component, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.core.settings_schema import current_settings
from palabre.core.translations import clean_translations
from palabre.core.validation import FieldErrors
from palabre.forms import services as form_services
from palabre.forms.models import QUESTION_KINDS, Form, FormItem, Response
from palabre.forms.selectors import form_load
from palabre.forms.validation import SHOWN_FIELD, Submission, parse_shown, submission_clean
from palabre.limits import services as contribution_limits
from palabre.notifications.services import notify_followers

OPENED_EVENT = "surveys.opened"
TERMS_FIELD = "accept_terms"
RATE_WINDOW_SECONDS = 3600


class AnswersInvalid(ValidationError):
    """Answers that were not saved, with the checked submission for the page to show
    each error next to its question and the questions that now apply."""

    def __init__(self, submission: Submission, field_errors: dict | None = None, loaded=None):
        super().__init__(_("Some answers need your attention."))
        self.submission = submission
        # The form as it was checked, for the page to show it again without reading it.
        self.loaded = loaded
        # Errors that belong to no question (the terms).
        self.field_errors = field_errors or {}


def _log(actor: User, action: str, survey: Survey, data: dict | None = None) -> None:
    log_action(
        actor=actor,
        action=action,
        resource=survey,
        resource_type="survey",
        space=survey.component.space,
        data=data,
    )


# Surveys ------------------------------------------------------------------------------
SURVEY_FIELDS = (
    "title",
    "description",
    "terms",
    "opens_at",
    "closes_at",
    "anonymous",
    "allow_unregistered",
    "public_results",
)


def _clean_survey_fields(component: Component, fields: dict) -> dict:
    organization = component.space.organization
    errors = FieldErrors()
    cleaned: dict[str, Any] = {}
    with errors.collect("title"):
        cleaned["title"] = clean_translations(
            fields.get("title"),
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=200,
            field_label=_("Title"),
        )
    for name, label in (("description", _("Description")), ("terms", _("Terms"))):
        with errors.collect(name):
            cleaned[name] = clean_translations(
                fields.get(name), languages=organization.locales, rich=True, field_label=label
            )
    for name in ("opens_at", "closes_at"):
        value = fields.get(name)
        if value is not None and not isinstance(value, datetime.datetime):
            errors.add(name, _("Enter a date and a time."))
            value = None
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        cleaned[name] = value
    if cleaned["opens_at"] and cleaned["closes_at"] and cleaned["closes_at"] <= cleaned["opens_at"]:
        errors.add("closes_at", _("The survey must close after it opens."))
    for name in ("anonymous", "allow_unregistered", "public_results"):
        cleaned[name] = bool(fields.get(name))
    errors.raise_if_any()
    return cleaned


def survey_create(*, actor: User, component: Component, **fields: Any) -> Survey:
    """A new survey, not published, with an empty questionnaire."""
    require(actor, "admin", component)
    cleaned = _clean_survey_fields(component, fields)
    with transaction.atomic():
        form = form_services.form_create(
            organization=component.space.organization, component=component, title=cleaned["title"]
        )
        survey = Survey.objects.create(component=component, form=form, **cleaned)
        _log(actor, "create", survey)
    return survey


def survey_update(*, actor: User, survey: Survey, **fields: Any) -> Survey:
    """Change a survey's texts, dates and rules. Whether it is anonymous cannot change once
    it has answers: they were given under the other rule."""
    component = survey.component
    require(actor, "admin", component)
    cleaned = _clean_survey_fields(component, fields)
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if (
            cleaned["anonymous"] != locked.anonymous
            and Response.objects.filter(form_id=locked.form_id).exists()
        ):
            raise ValidationError(
                {
                    "anonymous": [
                        _(
                            "This survey has answers, given knowing whether it was anonymous: "
                            "that cannot change any more."
                        )
                    ]
                }
            )
        changed = [name for name, value in cleaned.items() if getattr(locked, name) != value]
        for name, value in cleaned.items():
            setattr(survey, name, value)
        survey.save()
        Form.objects.filter(pk=survey.form_id).update(title=cleaned["title"])
        _log(actor, "update", survey, {"changed": changed})
    return survey


def survey_delete(*, actor: User, survey: Survey) -> None:
    """Delete a survey with its questions and all its answers."""
    require(actor, "admin", survey.component)
    with transaction.atomic():
        count = form_services.answers_delete(survey.form)
        _log(actor, "delete", survey, {"responses": count})
        form = survey.form
        survey.delete()
        form.delete()


def survey_set_published(*, actor: User, survey: Survey, published: bool) -> Survey:
    """Publish a survey (it needs a question) or take it back. Followers of the space hear
    of it once it is open (now, or later through `surveys_announce_openings`)."""
    require(actor, "admin", survey.component)
    if (
        published
        and not FormItem.objects.filter(form_id=survey.form_id, kind__in=QUESTION_KINDS).exists()
    ):
        raise ValidationError(_("Add at least one question before publishing the survey."))
    with transaction.atomic():
        survey.published_at = (survey.published_at or timezone.now()) if published else None
        Survey.objects.filter(pk=survey.pk).update(published_at=survey.published_at)
        _log(actor, "publish" if published else "unpublish", survey)
        if published:
            _announce([survey], now=timezone.now())
    return survey


def _announce(surveys: list[Survey], *, now: datetime.datetime) -> int:
    """Tell the followers of each open survey (and of its space) that it is open, once."""
    told = 0
    for survey in surveys:
        component = survey.component
        if (
            survey.opening_announced_at is not None
            or not survey.is_open(now)
            or not component.is_published
            or not component.space.is_published
        ):
            continue
        updated = Survey.objects.filter(pk=survey.pk, opening_announced_at__isnull=True).update(
            opening_announced_at=now
        )
        if updated:
            survey.opening_announced_at = now
            notify_followers(event=OPENED_EVENT, target=survey)
            told += 1
    return told


def surveys_announce_openings(*, now: datetime.datetime | None = None) -> int:
    """Tell followers about the surveys that opened since (their opening date passed);
    idempotent, run by `palabre surveys_announce` every few minutes or hours. Returns how
    many surveys were announced."""
    now = now or timezone.now()
    candidates = list(
        Survey.objects.filter(
            published_at__isnull=False,
            opening_announced_at__isnull=True,
            component__published_at__isnull=False,
            component__space__published_at__isnull=False,
        )
        .exclude(opens_at__gt=now)
        .exclude(closes_at__lte=now)
        .select_related("component__space__organization")
    )
    with transaction.atomic():
        return _announce(candidates, now=now)


# Answers ------------------------------------------------------------------------------
def respondent_identity(*, user, session_key: str | None) -> str | None:
    """What the pseudonym of a respondent is made from: the account, or for people without
    one, the browser session (None when there is none yet)."""
    if getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    if session_key:
        return f"session:{session_key}"
    return None


def respondent_of(survey: Survey, *, user, session_key: str | None) -> str | None:
    identity = respondent_identity(user=user, session_key=session_key)
    return form_services.respondent_key(survey.form, identity) if identity else None


def _rate_key(survey: Survey, address: str) -> str:
    window = int(timezone.now().timestamp()) // RATE_WINDOW_SECONDS
    return f"surveys:unregistered:{survey.component_id}:{address}:{window}"


def survey_answer(
    *,
    survey: Survey,
    user,
    data,
    files=None,
    session_key: str | None = None,
    address: str = "",
    language: str = "",
) -> Response:
    """Save a person's answers to a survey.

    `user` may be a visitor without an account when the survey allows it; their answers
    are then tied to `session_key` (their browser session) and counted against a limit per
    `address` and per hour. Raises PermissionDenied (with the reason) when the person may
    not answer, `AnswersInvalid` when answers need correcting or new questions apply,
    `AlreadyAnswered` for a second response, ValidationError for the terms or the limit.
    """
    check = answer_check(user, survey)
    if not check.allowed:
        raise PermissionDenied(check.reason)
    signed_in = getattr(user, "is_authenticated", False)
    identity = respondent_identity(user=user, session_key=session_key)
    if identity is None:
        raise PermissionDenied(_("Your browser must accept cookies to answer."))
    errors = FieldErrors()
    if translated_terms(survey) and not data.get(TERMS_FIELD):
        errors.add("terms", _("Accept the terms to answer."))
    rate_key = None
    if not signed_in:
        limit = current_settings(survey.component).unregistered_answers_per_hour
        rate_key = _rate_key(survey, address or "unknown")
        if limit and cache.get(rate_key, 0) >= limit:
            raise ValidationError(
                _(
                    "Too many answers were sent from your connection in the last hour: "
                    "try again later, or sign in to answer."
                ),
                code="rate_limited",
            )
    organization = survey.component.space.organization
    contribution_limits.enforce(
        organization=organization,
        kind="answers",
        # An anonymous survey keeps no trace of who answered, not even in a counter.
        user=user if signed_in and not survey.anonymous else None,
        address="" if signed_in else (address or ""),
    )
    loaded = form_load(survey.form)
    submission = submission_clean(loaded, data, files, shown=parse_shown(data.get(SHOWN_FIELD)))
    if not submission.is_valid or errors:
        raise AnswersInvalid(submission, errors.errors, loaded)
    response = form_services.response_create(
        loaded=loaded,
        submission=submission,
        respondent=form_services.respondent_key(survey.form, identity),
        user=user if signed_in and not survey.anonymous else None,
        locale=language,
    )
    contribution_limits.record(
        organization=organization,
        kind="answers",
        user=user if signed_in and not survey.anonymous else None,
        address="" if signed_in else (address or ""),
    )
    # Counted once saved: mistakes corrected and sent again cost nothing.
    if rate_key is not None and not cache.add(rate_key, 1, RATE_WINDOW_SECONDS):
        try:
            cache.incr(rate_key)
        except ValueError:  # expired between the two calls
            cache.add(rate_key, 1, RATE_WINDOW_SECONDS)
    return response


def translated_terms(survey: Survey) -> bool:
    return any((text or "").strip() for text in (survey.terms or {}).values())


def survey_answers_clear(*, actor: User, survey: Survey) -> int:
    """Delete every answer of a survey (test answers before opening it for real)."""
    require(actor, "admin", survey.component)
    # The engine logs it, under the survey's title.
    return form_services.form_answers_clear(actor=actor, form=survey.form)


def survey_export_logged(*, actor: User, survey: Survey, file_format: str) -> None:
    """Record an export of a survey's answers (personal data leaving the platform)."""
    require(actor, "admin", survey.component)
    _log(actor, "export", survey, {"format": file_format})
