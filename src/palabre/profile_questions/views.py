"""A person's answers to the organization's optional profile questions: offered once after
sign-up (skippable), changed or erased from the account at any time."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palabre.profile_questions import selectors, services
from palabre.profile_questions.forms import ProfileAnswersForm
from palabre.profile_questions.models import ProfileQuestionsOffer


def _next_url(request, default: str = "/") -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


@login_required
@require_http_methods(["GET", "POST"])
def answers(request):
    organization = request.organization
    questions = selectors.profile_questions_of(organization=organization)
    current = selectors.profile_answers_of(user=request.user, organization=organization)
    welcome = request.GET.get("welcome") == "1" or request.POST.get("welcome") == "1"
    if request.method == "POST":
        form = ProfileAnswersForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                services.profile_answers_save(
                    actor=request.user,
                    user=request.user,
                    organization=organization,
                    answers=form.answers(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your answers have been saved. Thank you."))
                if welcome:
                    return redirect(_next_url(request))
                return redirect("profile_questions:answers")
    else:
        form = ProfileAnswersForm(
            questions=questions,
            initial={f"q{question_id}": option_id for question_id, option_id in current.items()},
        )
    return render(
        request,
        "profile_questions/answers.html",
        {
            "form": form,
            "questions": questions,
            "has_answers": bool(current),
            "welcome": welcome,
            "next": _next_url(request, ""),
        },
    )


@login_required
def welcome(request):
    """Offered once, right after an account is opened: the questions, or straight on when
    there are none or they were already offered."""
    organization = request.organization
    next_url = _next_url(request)
    if ProfileQuestionsOffer.objects.filter(user=request.user, organization=organization).exists():
        return redirect(next_url)
    if not selectors.profile_questions_of(organization=organization):
        return redirect(next_url)
    services.profile_questions_offered(user=request.user, organization=organization)
    query = request.GET.copy()
    query["welcome"] = "1"
    return redirect(f"{request.path.removesuffix('welcome/')}?{query.urlencode()}")


@login_required
@require_POST
def erase(request):
    services.profile_answers_erase(
        actor=request.user, user=request.user, organization=request.organization
    )
    messages.success(request, _("Your answers have been erased."))
    return redirect("profile_questions:answers")
