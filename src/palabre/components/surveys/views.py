"""Public views of the surveys component; `request.component` was checked visible already.

Answering is a plain POST: a page with errors comes back with each message next to its
question; when the answers make questions apply that the page did not show (without
JavaScript), it comes back with them. A saved answer leads to the thank-you page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from palabre.captcha import services as captcha
from palabre.components.surveys import selectors, services
from palabre.components.surveys.models import Survey
from palabre.components.surveys.permissions import answer_check, may_see_results
from palabre.core.components import component_url
from palabre.core.security import client_ip
from palabre.core.settings_schema import current_settings
from palabre.forms import results as form_results
from palabre.forms.models import TEXT_KINDS
from palabre.forms.rendering import form_render
from palabre.forms.selectors import form_key, form_load, response_exists
from palabre.forms.services import AlreadyAnswered

# Set in the session of a visitor without an account who answers, so that the session
# (and its key, which their pseudonym is made from) is kept by their browser.
SESSION_MARK = "surveys_visitor"


def _context(request, **extra) -> dict:
    return {
        "space": request.space,
        "component": request.component,
        "component_settings": current_settings(request.component),
        **extra,
    }


def _session_key(request) -> str | None:
    return None if request.user.is_authenticated else request.session.session_key


def _answered(request, survey: Survey) -> bool:
    respondent = services.respondent_of(
        survey, user=request.user, session_key=_session_key(request)
    )
    return bool(respondent) and response_exists(form=survey.form, respondent=respondent)


def index(request):
    """One survey is shown directly; several are listed with where each one stands."""
    surveys = selectors.survey_list_published(component=request.component)
    if len(surveys) == 1:
        return survey_detail(request, surveys[0].pk)
    answered = selectors.answered_survey_ids(
        surveys=surveys, user=request.user, session_key=_session_key(request)
    )
    for survey in surveys:
        survey.answered = survey.pk in answered
    return render(request, "surveys/index.html", _context(request, surveys=surveys))


def _survey_page(
    request, survey, *, submission=None, data=None, extra_errors=None, loaded=None, status=200
):
    check = answer_check(request.user, survey)
    rendered = None
    if check.allowed:
        loaded = loaded or form_load(survey.form)
        rendered = form_render(
            loaded,
            data=data,
            errors=submission.errors if submission else None,
            visible=submission.visible if submission else None,
        )
    return render(
        request,
        "surveys/survey.html",
        _context(
            request,
            survey=survey,
            check=check,
            rendered=rendered,
            newly_visible=bool(submission and submission.newly_visible),
            extra_errors=extra_errors or {},
            terms_required=services.translated_terms(survey),
            terms_accepted=bool(data and data.get(services.TERMS_FIELD)),
            may_see_results=may_see_results(request.user, survey),
            # An empty form is the same for everyone: its rendering is kept, keyed by what
            # it shows (the form as it stands; the language, in the template).
            fields_key=":".join(str(part) for part in form_key(survey.form))
            if rendered is not None and data is None and submission is None
            else "",
            # Shown by the component's own address: it is the component's only survey.
            alone=request.path == request.component.get_absolute_url(),
            action_url=component_url(request.component, "survey", pk=survey.pk),
        ),
        status=status,
    )


def survey_detail(request, pk: int):
    survey = selectors.survey_get(component=request.component, user=request.user, survey_id=pk)
    if _answered(request, survey):
        return redirect(component_url(request.component, "thanks", pk=survey.pk))
    if request.method != "POST":
        return _survey_page(request, survey)
    if not request.user.is_authenticated and answer_check(request.user, survey).allowed:
        # The pseudonym of a visitor without an account is made from their session: it
        # must exist (and reach their browser) before their answers are saved.
        request.session[SESSION_MARK] = True
        if request.session.session_key is None:
            request.session.save()
    try:
        if not request.user.is_authenticated and answer_check(request.user, survey).allowed:
            # Answers without an account cost a robot some work (palabre.captcha).
            captcha.verify(request.POST)
        services.survey_answer(
            survey=survey,
            user=request.user,
            data=request.POST,
            files=request.FILES,
            session_key=_session_key(request),
            address=client_ip(request) or "",
            language=get_language() or "",
        )
    except services.AnswersInvalid as error:
        return _survey_page(
            request,
            survey,
            submission=error.submission,
            data=request.POST,
            extra_errors=error.field_errors,
            loaded=error.loaded,
        )
    except AlreadyAnswered:
        messages.info(request, _("You have already answered this survey."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _survey_page(
            request, survey, data=request.POST, status=429 if _limited(error) else 200
        )
    except PermissionDenied:
        return _survey_page(request, survey, status=403)
    return redirect(component_url(request.component, "thanks", pk=survey.pk))


def _limited(error: ValidationError) -> bool:
    return getattr(error, "code", None) == "rate_limited"


def thanks(request, pk: int):
    """After answering: thanks, and what comes next. Reached without having answered, it
    leads back to the survey."""
    survey = selectors.survey_get(component=request.component, user=request.user, survey_id=pk)
    if not _answered(request, survey):
        return redirect(component_url(request.component, "survey", pk=survey.pk))
    return render(
        request,
        "surveys/thanks.html",
        _context(
            request,
            survey=survey,
            may_see_results=may_see_results(request.user, survey),
        ),
    )


def results(request, pk: int):
    survey = selectors.survey_get(component=request.component, user=request.user, survey_id=pk)
    if not may_see_results(request.user, survey):
        raise Http404
    loaded = form_load(survey.form)
    return render(
        request,
        "surveys/results.html",
        _context(
            request,
            survey=survey,
            results=form_results.form_results(loaded),
            texts_url=component_url(request.component, "results", pk=survey.pk),
        ),
    )


def result_texts(request, pk: int, question_pk: int):
    survey = selectors.survey_get(component=request.component, user=request.user, survey_id=pk)
    if not may_see_results(request.user, survey):
        raise Http404
    loaded = form_load(survey.form)
    item = loaded.by_id.get(question_pk)
    # Texts only: the names of files sent stay with the administrators' exports.
    if item is None or not (
        item.kind in TEXT_KINDS or any(option.free_text for option in item.option_list)
    ):
        raise Http404
    return render(
        request,
        "surveys/result_texts.html",
        _context(
            request,
            survey=survey,
            item=item,
            page=form_results.texts_page(item, request.GET.get("page")),
            results_url=component_url(request.component, "results", pk=survey.pk),
        ),
    )
