"""Backoffice views of the surveys component: surveys, their questions (the form builder),
results and exports.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; every change also needs `admin`, checked
here and again by the services. Every page works without JavaScript: the builder is made of
plain forms, each sent on its own.
"""

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from palabre.accounts.staff import recent_second_factor_required
from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.surveys import exports, selectors, services
from palabre.components.surveys.forms import (
    ConditionForm,
    LineFormSet,
    QuestionForm,
    SurveyForm,
)
from palabre.components.surveys.models import Survey
from palabre.core.components import component_admin_url
from palabre.core.exports import csv_lines, json_chunks, xlsx_write
from palabre.core.permissions import can
from palabre.core.translations import translated
from palabre.forms import results as form_results
from palabre.forms import services as form_services
from palabre.forms.models import (
    CHOICE_KINDS,
    GRID_KINDS,
    OPTION_KINDS,
    TEXT_KINDS,
    Form,
    FormCondition,
    ItemKind,
    Response,
)
from palabre.forms.selectors import form_load, template_get, template_list


def _survey(request, pk: int) -> Survey:
    survey = (
        Survey.objects.filter(component=request.component, pk=pk).select_related("form").first()
    )
    if survey is None:
        raise Http404
    survey.component = request.component
    survey.form.component = request.component
    return survey


def _url(request, name: str = "index", **kwargs) -> str:
    return component_admin_url(request.component, name, **kwargs)


def _context(request, survey=None, **extra) -> dict:
    crumbs = [(translated(request.component.name), _url(request))]
    if survey is not None:
        crumbs.append((translated(survey.title), _url(request, "survey_questions", pk=survey.pk)))
    return component_admin_context(request, survey=survey, breadcrumbs=crumbs, **extra)


def _errors_to_form(form, error: ValidationError) -> None:
    """The service's errors next to the fields they are about (or above the form)."""
    if hasattr(error, "error_dict"):
        for key, messages_ in error.message_dict.items():
            field = key if key in form.fields else None
            for message in messages_:
                form.add_error(field, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# Surveys ------------------------------------------------------------------------------
def index(request):
    component = request.component
    return render(
        request,
        "surveys/admin/index.html",
        _context(
            request,
            surveys=selectors.backoffice_list(component=component),
            new_url=_url(request, "survey_new"),
            templates=list(template_list(organization=request.organization))
            if can(request.user, "admin", request.organization)
            else [],
        ),
    )


def _survey_fields(form: SurveyForm) -> dict:
    return {name: form.cleaned_data.get(name) for name in services.SURVEY_FIELDS}


def survey_new(request):
    require_component_admin(request)
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        languages=request.organization.locales,
    )
    if form.is_bound and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user, component=request.component, **_survey_fields(form)
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The survey was created: now add its questions."))
            return redirect(_url(request, "survey_questions", pk=survey.pk))
    return render(request, "surveys/admin/survey_form.html", _context(request, form=form))


def survey_edit(request, pk: int):
    require_component_admin(request)
    survey = _survey(request, pk)
    initial = {name: getattr(survey, name) for name in services.SURVEY_FIELDS}
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        languages=request.organization.locales,
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, **_survey_fields(form))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The survey was saved."))
            return redirect(_url(request, "survey_questions", pk=survey.pk))
    return render(request, "surveys/admin/survey_form.html", _context(request, survey, form=form))


def survey_delete(request, pk: int):
    require_component_admin(request)
    survey = _survey(request, pk)
    if request.method == "POST":
        services.survey_delete(actor=request.user, survey=survey)
        messages.success(request, _("The survey was deleted."))
        return redirect(_url(request))
    return render(
        request,
        "surveys/admin/confirm.html",
        _context(
            request,
            survey,
            heading=_("Delete “%(title)s”?") % {"title": translated(survey.title)},
            text=_(
                "The survey, its questions and all its answers will be deleted. This cannot "
                "be undone."
            ),
            button=_("Delete the survey"),
        ),
    )


@require_POST
def survey_publish(request, pk: int):
    require_component_admin(request)
    survey = _survey(request, pk)
    published = request.POST.get("published") == "1"
    try:
        services.survey_set_published(actor=request.user, survey=survey, published=published)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The survey is published.") if published else _("The survey is no longer published."),
        )
    if request.POST.get("next") == "questions":
        return redirect(_url(request, "survey_questions", pk=pk))
    return redirect(_url(request))


# Questions: the form builder ------------------------------------------------------------
def _copy_choices(request, survey: Survey) -> list[tuple[str, list]]:
    sources = selectors.copy_sources(
        user=request.user, organization=request.organization, exclude=survey
    )
    groups = []
    templates = list(template_list(organization=request.organization))
    if templates:
        groups.append(
            (_("Templates"), [(f"template-{t.pk}", translated(t.title)) for t in templates])
        )
    if sources:
        groups.append(
            (
                _("Surveys"),
                [
                    (
                        f"survey-{s.pk}",
                        f"{translated(s.title)} ({translated(s.component.space.title)})",
                    )
                    for s in sources
                ],
            )
        )
    return groups


def survey_questions(request, pk: int):
    survey = _survey(request, pk)
    loaded = form_load(survey.form)
    answers = Response.objects.filter(form=survey.form).count()
    rows = [
        {
            "item": item,
            "edit_url": _url(request, "question_edit", pk=survey.pk, item_pk=item.pk),
            "move_url": _url(request, "question_move", pk=survey.pk, item_pk=item.pk),
            "delete_url": _url(request, "question_delete", pk=survey.pk, item_pk=item.pk),
        }
        for item in loaded.items
    ]
    return render(
        request,
        "surveys/admin/questions.html",
        _context(
            request,
            survey,
            rows=rows,
            answers=answers,
            kinds=ItemKind.choices,
            copy_choices=_copy_choices(request, survey),
            may_keep_templates=can(request.user, "admin", request.organization),
            status=survey.status(),
        ),
    )


def _line_initial(lines) -> list[dict]:
    return [
        {
            "id": line.pk,
            "body": line.body,
            "free_text": getattr(line, "free_text", False),
            "position": index + 1,
        }
        for index, line in enumerate(lines)
    ]


def _ordered_forms(formset) -> list:
    """The formset's lines in the order their "Order" numbers give (unnumbered last); new
    lines left blank are ignored by the service."""
    return sorted(
        formset.forms,
        key=lambda f: (
            f.cleaned_data.get("position") is None,
            f.cleaned_data.get("position") or 0,
            formset.forms.index(f),
        ),
    )


def _question_page(request, survey: Survey, item=None, kind: str = ""):
    require_component_admin(request)
    kind = item.kind if item is not None else kind
    languages = request.organization.locales
    data = request.POST if request.method == "POST" else None
    initial = {}
    if item is not None:
        initial = {
            name: getattr(item, name)
            for name in (
                "body",
                "description",
                "mandatory",
                "max_characters",
                "max_choices",
                "scale_max",
                "scale_min_label",
                "scale_max_label",
            )
        }
    form = QuestionForm(data, kind=kind, languages=languages, initial=initial)
    options = LineFormSet(
        data,
        prefix="options",
        initial=_line_initial(item.options.all()) if item is not None else None,
        form_kwargs={"languages": languages, "free_text": kind in CHOICE_KINDS},
    )
    rows = LineFormSet(
        data,
        prefix="rows",
        initial=_line_initial(item.rows.all()) if item is not None else None,
        form_kwargs={"languages": languages},
    )
    has_options = kind in OPTION_KINDS
    has_rows = kind in GRID_KINDS
    line_errors: dict[str, list[str]] = {}
    if form.is_bound:
        valid = form.is_valid()
        valid &= not has_options or options.is_valid()
        valid &= not has_rows or rows.is_valid()
        if valid:
            option_forms = _ordered_forms(options) if has_options else []
            row_forms = _ordered_forms(rows) if has_rows else []
            try:
                saved = form_services.question_save(
                    actor=request.user,
                    form=survey.form,
                    item=item,
                    kind=kind,
                    options=[
                        form_services.OptionInput(
                            f.cleaned_data.get("id"),
                            f.cleaned_data.get("body") or {},
                            bool(f.cleaned_data.get("free_text")),
                            bool(f.cleaned_data.get("delete")),
                        )
                        for f in option_forms
                    ],
                    rows=[
                        form_services.RowInput(
                            f.cleaned_data.get("id"),
                            f.cleaned_data.get("body") or {},
                            bool(f.cleaned_data.get("delete")),
                        )
                        for f in row_forms
                    ],
                    **form.cleaned_data,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for key, messages_ in error.message_dict.items():
                        group, _dot, index = key.partition(".")
                        if group in ("options", "rows"):
                            forms_ = option_forms if group == "options" else row_forms
                            if index.isdigit() and int(index) < len(forms_):
                                for message in messages_:
                                    forms_[int(index)].add_error(None, message)
                            else:
                                line_errors.setdefault(group, []).extend(messages_)
                        else:
                            for message in messages_:
                                form.add_error(key if key in form.fields else None, message)
                else:
                    for message in error.messages:
                        form.add_error(None, message)
            else:
                messages.success(request, _("The question was saved."))
                if "save_and_new" in request.POST:
                    return redirect(_url(request, "survey_questions", pk=survey.pk))
                return redirect(_url(request, "question_edit", pk=survey.pk, item_pk=saved.pk))
    conditions = []
    condition_form = None
    if item is not None and item.is_question:
        loaded = form_load(survey.form)
        current = loaded.by_id[item.pk]
        earlier = [
            other for other in loaded.items[: loaded.items.index(current)] if other.is_question
        ]
        conditions = current.condition_list
        for condition in conditions:
            condition.source_item = loaded.by_id.get(condition.source_id)
            condition.delete_url = _url(
                request,
                "condition_delete",
                pk=survey.pk,
                item_pk=item.pk,
                condition_pk=condition.pk,
            )
        if earlier:
            condition_form = ConditionForm(sources=earlier)
    return render(
        request,
        "surveys/admin/question_form.html",
        _context(
            request,
            survey,
            item=item,
            kind=kind,
            kind_label=ItemKind(kind).label,
            form=form,
            options=options if has_options else None,
            rows=rows if has_rows else None,
            line_errors=line_errors,
            conditions=conditions,
            condition_form=condition_form,
            condition_url=_url(request, "condition_new", pk=survey.pk, item_pk=item.pk)
            if item is not None
            else "",
            has_free_text=kind in CHOICE_KINDS,
            has_text=kind in TEXT_KINDS,
        ),
    )


def question_new(request, pk: int):
    survey = _survey(request, pk)
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind not in ItemKind.values:
        messages.error(request, _("Choose a type of question."))
        return redirect(_url(request, "survey_questions", pk=survey.pk))
    return _question_page(request, survey, kind=kind)


def _item(survey: Survey, item_pk: int):
    item = survey.form.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    item.form = survey.form
    return item


def question_edit(request, pk: int, item_pk: int):
    survey = _survey(request, pk)
    return _question_page(request, survey, item=_item(survey, item_pk))


def question_delete(request, pk: int, item_pk: int):
    require_component_admin(request)
    survey = _survey(request, pk)
    item = _item(survey, item_pk)
    back = _url(request, "survey_questions", pk=survey.pk)
    if request.method == "POST":
        try:
            dropped = form_services.item_delete(actor=request.user, item=item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        message = _("The question was deleted.")
        if dropped:
            message += " " + _(
                "The display conditions of other questions that depended on it were removed."
            )
        messages.success(request, message)
        return redirect(back)
    return render(
        request,
        "surveys/admin/confirm.html",
        _context(
            request,
            survey,
            heading=_("Delete “%(title)s”?") % {"title": str(item)},
            text=_("The question will be deleted, with the display conditions that depend on it."),
            button=_("Delete the question"),
            cancel_url=back,
        ),
    )


@require_POST
def question_move(request, pk: int, item_pk: int):
    require_component_admin(request)
    survey = _survey(request, pk)
    item = _item(survey, item_pk)
    offsets = {"up": -1, "down": 1}
    direction = request.POST.get("direction")
    if direction not in offsets:
        return HttpResponseBadRequest(_("Choose to move the question up or down."))
    try:
        form_services.item_move(actor=request.user, item=item, offset=offsets[direction])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_url(request, "survey_questions", pk=survey.pk))


@require_POST
def condition_new(request, pk: int, item_pk: int):
    require_component_admin(request)
    survey = _survey(request, pk)
    item = _item(survey, item_pk)
    loaded = form_load(survey.form)
    current = loaded.by_id[item.pk]
    earlier = [o for o in loaded.items[: loaded.items.index(current)] if o.is_question]
    form = ConditionForm(request.POST, sources=earlier)
    back = _url(request, "question_edit", pk=survey.pk, item_pk=item.pk)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(back)
    source = loaded.by_id.get(form.cleaned_data["source"])
    option = None
    if form.cleaned_data.get("option") and source is not None:
        option = next((o for o in source.option_list if o.pk == form.cleaned_data["option"]), None)
        if option is None:
            messages.error(
                request, _("Option: choose an option of the question the condition looks at.")
            )
            return redirect(back)
    try:
        form_services.condition_create(
            actor=request.user,
            item=item,
            source=source,
            kind=form.cleaned_data["kind"],
            option=option,
            pattern=form.cleaned_data.get("pattern") or "",
            mandatory=form.cleaned_data.get("mandatory", False),
        )
    except ValidationError as error:
        labels = {name: field.label for name, field in form.fields.items()}
        if hasattr(error, "error_dict"):
            for key, errors in error.message_dict.items():
                label = labels.get(key)
                messages.error(
                    request, f"{label}: {' '.join(errors)}" if label else " ".join(errors)
                )
        else:
            messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The display condition was added."))
    return redirect(back)


@require_POST
def condition_delete(request, pk: int, item_pk: int, condition_pk: int):
    require_component_admin(request)
    survey = _survey(request, pk)
    item = _item(survey, item_pk)
    condition = FormCondition.objects.filter(item=item, pk=condition_pk).first()
    if condition is None:
        raise Http404
    condition.item = item
    try:
        form_services.condition_delete(actor=request.user, condition=condition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The display condition was removed."))
    return redirect(_url(request, "question_edit", pk=survey.pk, item_pk=item.pk))


@require_POST
def survey_copy(request, pk: int):
    """Replace the survey's questions by a copy of a template's or another survey's."""
    require_component_admin(request)
    survey = _survey(request, pk)
    back = _url(request, "survey_questions", pk=survey.pk)
    kind, _dash, source_id = (request.POST.get("source") or "").partition("-")
    source: Form | None = None
    if source_id.isdigit():
        if kind == "template":
            source = template_get(organization=request.organization, template_id=int(source_id))
        elif kind == "survey":
            found = (
                Survey.objects.filter(
                    pk=int(source_id), component__space__organization=request.organization
                )
                .select_related("form__component__space")
                .first()
            )
            source = found.form if found else None
    if source is None:
        messages.error(request, _("Choose a template or a survey to copy."))
        return redirect(back)
    try:
        count = form_services.form_copy(actor=request.user, source=source, target=survey.form)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d question or block was copied.",
                "%(count)d questions and blocks were copied.",
                count,
            )
            % {"count": count},
        )
    return redirect(back)


@require_POST
def survey_template(request, pk: int):
    """Keep a copy of the survey's questions as a template of the organization."""
    survey = _survey(request, pk)
    back = _url(request, "survey_questions", pk=survey.pk)
    title = {code: request.POST.get(f"title_{code}", "") for code in request.organization.locales}
    try:
        form_services.form_template_create(actor=request.user, source=survey.form, title=title)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The template was saved: every space can start from it."))
    return redirect(back)


@require_POST
def template_delete(request, template_pk: int):
    template = template_get(organization=request.organization, template_id=template_pk)
    if template is None:
        raise Http404
    form_services.form_template_delete(actor=request.user, template=template)
    messages.success(request, _("The template was deleted."))
    return redirect(_url(request))


def answers_clear(request, pk: int):
    require_component_admin(request)
    survey = _survey(request, pk)
    back = _url(request, "survey_questions", pk=survey.pk)
    if request.method == "POST":
        count = services.survey_answers_clear(actor=request.user, survey=survey)
        messages.success(
            request,
            ngettext("%(count)d answer was deleted.", "%(count)d answers were deleted.", count)
            % {"count": count},
        )
        return redirect(back)
    count = Response.objects.filter(form=survey.form).count()
    return render(
        request,
        "surveys/admin/confirm.html",
        _context(
            request,
            survey,
            heading=_("Clear the answers of “%(title)s”?") % {"title": translated(survey.title)},
            text=_(
                "The %(count)d answers of this survey will be deleted, with the files sent. "
                "Do this with test answers only, before the survey opens for real: this "
                "cannot be undone."
            )
            % {"count": count},
            button=_("Delete all the answers"),
            cancel_url=back,
        ),
    )


# Results and exports -------------------------------------------------------------------
def results(request, pk: int):
    survey = _survey(request, pk)
    loaded = form_load(survey.form)
    return render(
        request,
        "surveys/admin/results.html",
        _context(
            request,
            survey,
            results=form_results.form_results(loaded),
            texts_url=_url(request, "results", pk=survey.pk),
            export_links=[
                (_url(request, f"export_{name}", pk=survey.pk), label)
                for name, label in (
                    ("csv", _("Export the answers as CSV")),
                    ("xlsx", _("Export the answers as a spreadsheet (Excel)")),
                    ("json", _("Export the answers as JSON")),
                )
            ],
        ),
    )


def result_texts(request, pk: int, question_pk: int):
    survey = _survey(request, pk)
    loaded = form_load(survey.form)
    item = loaded.by_id.get(question_pk)
    if item is None or not (
        item.kind in TEXT_KINDS or any(option.free_text for option in item.option_list)
    ):
        raise Http404
    return render(
        request,
        "surveys/admin/result_texts.html",
        _context(
            request,
            survey,
            item=item,
            page=form_results.texts_page(item, request.GET.get("page")),
            results_url=_url(request, "results", pk=survey.pk),
        ),
    )


def _export(request, pk: int, file_format: str):
    require_component_admin(request)
    survey = _survey(request, pk)
    services.survey_export_logged(actor=request.user, survey=survey, file_format=file_format)
    headers, rows = exports.answer_rows(survey, base_url=request.build_absolute_uri("/")[:-1])
    return survey, headers, rows


def _component_admin_only(request, *args, **kwargs) -> None:
    """Refuse at once who may not export, before asking anyone for a fresh code."""
    require_component_admin(request)


@recent_second_factor_required(permission=_component_admin_only)
def export_csv(request, pk: int):
    survey, headers, rows = _export(request, pk, "csv")
    response = StreamingHttpResponse(
        csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.csv"'
    return response


@recent_second_factor_required(permission=_component_admin_only)
def export_json(request, pk: int):
    survey, _headers, rows = _export(request, pk, "json")
    response = StreamingHttpResponse(
        json_chunks(rows), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.json"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@recent_second_factor_required(permission=_component_admin_only)
def export_xlsx(request, pk: int):
    survey, headers, rows = _export(request, pk, "xlsx")
    # The temporary file disappears when the response closes it, once it is sent.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    try:
        xlsx_write(file, title=f"survey-{survey.pk}", columns=headers, rows=rows)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileResponse(
        file, as_attachment=True, filename=f"survey-{survey.pk}.xlsx", content_type=XLSX_TYPE
    )
