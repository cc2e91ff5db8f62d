"""The "Profile questions" section of the backoffice: organization administrators define
the questions, their options and the reference figures; the representation page compares
the participants of a space with them (space administrators may read their space's)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import add_service_errors
from palabre.backoffice.views.common import require_admin
from palabre.core.models import Space
from palabre.core.permissions import can
from palabre.core.translations import translated
from palabre.profile_questions import selectors, services
from palabre.profile_questions.forms import OptionForm, QuestionForm
from palabre.profile_questions.models import ProfileOption, ProfileQuestion

SECTION = gettext_lazy("Profile questions")


def _breadcrumbs(*items):
    if not items:
        return [(SECTION, None)]
    return [(SECTION, reverse("profile_questions_admin:index")), *items]


def _question(request, question_id: int) -> ProfileQuestion:
    return get_object_or_404(
        ProfileQuestion.objects.select_related("organization"),
        pk=question_id,
        organization=request.organization,
    )


def _option(request, option_id: int) -> ProfileOption:
    return get_object_or_404(
        ProfileOption.objects.select_related("question__organization"),
        pk=option_id,
        question__organization=request.organization,
    )


@backoffice_required
def index(request):
    organization = request.organization
    require_admin(request, organization)
    languages = organization.locales
    if request.method == "POST":
        form = QuestionForm(request.POST, languages=languages)
        if form.is_valid():
            try:
                question = services.profile_question_create(
                    actor=request.user, organization=organization, label=form.cleaned_data["label"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The question is added: now give it its options."))
                return redirect("profile_questions_admin:question", question_id=question.pk)
    else:
        form = QuestionForm(languages=languages)
    spaces = Space.objects.filter(organization=organization).order_by("-id")
    return render(
        request,
        "profile_questions/admin/index.html",
        {
            "form": form,
            "questions": selectors.profile_questions_of(organization=organization),
            "spaces": spaces,
            "breadcrumbs": _breadcrumbs(),
        },
    )


@backoffice_required
def question(request, question_id: int):
    organization = request.organization
    require_admin(request, organization)
    question = _question(request, question_id)
    languages = organization.locales
    form = QuestionForm(initial={"label": question.label}, languages=languages, prefix="question")
    option_form = OptionForm(languages=languages, prefix="option")
    if request.method == "POST":
        if "add_option" in request.POST:
            option_form = OptionForm(request.POST, languages=languages, prefix="option")
            if option_form.is_valid():
                try:
                    services.profile_option_create(
                        actor=request.user, question=question, **option_form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(option_form, error)
                else:
                    messages.success(request, _("The option is added."))
                    return redirect(request.path)
        else:
            form = QuestionForm(request.POST, languages=languages, prefix="question")
            if form.is_valid():
                try:
                    services.profile_question_update(
                        actor=request.user, question=question, label=form.cleaned_data["label"]
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The question is saved."))
                    return redirect(request.path)
    options = list(question.options.all())
    return render(
        request,
        "profile_questions/admin/question.html",
        {
            "question": question,
            "form": form,
            "option_form": option_form,
            "options": options,
            "breadcrumbs": _breadcrumbs((translated(question.label), None)),
        },
    )


@backoffice_required
def option(request, option_id: int):
    organization = request.organization
    require_admin(request, organization)
    option = _option(request, option_id)
    question = option.question
    languages = organization.locales
    initial = {"label": option.label, "reference_share": option.reference_share}
    if request.method == "POST":
        form = OptionForm(request.POST, initial=initial, languages=languages)
        if form.is_valid():
            try:
                services.profile_option_update(
                    actor=request.user, option=option, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The option is saved."))
                return redirect("profile_questions_admin:question", question_id=question.pk)
    else:
        form = OptionForm(initial=initial, languages=languages)
    return render(
        request,
        "profile_questions/admin/option.html",
        {
            "option": option,
            "form": form,
            "breadcrumbs": _breadcrumbs(
                (
                    translated(question.label),
                    reverse("profile_questions_admin:question", args=[question.pk]),
                ),
                (translated(option.label), None),
            ),
        },
    )


def _confirm_delete(request, *, label, warning, cancel_url):
    return render(
        request,
        "backoffice/confirm_delete.html",
        {
            "object_label": label,
            "warning": warning,
            "cancel_url": cancel_url,
            "breadcrumbs": _breadcrumbs((_("Delete"), None)),
        },
    )


@backoffice_required
def question_delete(request, question_id: int):
    require_admin(request, request.organization)
    question = _question(request, question_id)
    if request.method == "POST":
        services.profile_question_delete(actor=request.user, question=question)
        messages.success(request, _("The question is deleted, with every answer to it."))
        return redirect("profile_questions_admin:index")
    return _confirm_delete(
        request,
        label=translated(question.label),
        warning=_("Its options and every participant's answer to it are deleted too."),
        cancel_url=reverse("profile_questions_admin:question", args=[question.pk]),
    )


@backoffice_required
def option_delete(request, option_id: int):
    require_admin(request, request.organization)
    option = _option(request, option_id)
    question_url = reverse("profile_questions_admin:question", args=[option.question_id])
    if request.method == "POST":
        services.profile_option_delete(actor=request.user, option=option)
        messages.success(request, _("The option is deleted."))
        return redirect(question_url)
    return _confirm_delete(
        request,
        label=translated(option.label),
        warning=_("The answers of the participants who chose it are deleted too."),
        cancel_url=question_url,
    )


@backoffice_required
def representation(request, space_id: int):
    """How the participants of a space compare with the reference figures."""
    space = get_object_or_404(
        Space.objects.select_related("organization"),
        pk=space_id,
        organization=request.organization,
    )
    if not can(request.user, "admin", space):
        raise PermissionDenied
    total, figures = selectors.space_representation(space=space)
    return render(
        request,
        "profile_questions/admin/representation.html",
        {
            "space": space,
            "total": total,
            "total_small": 0 < total < selectors.SMALL_GROUP,
            "figures": figures,
            "small_group": selectors.SMALL_GROUP,
            "is_org_admin_page": can(request.user, "admin", request.organization),
            "breadcrumbs": _breadcrumbs((translated(space.title), None)),
        },
    )
