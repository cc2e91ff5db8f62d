"""Backoffice views of the proposals component.

The backoffice dispatcher sets `request.space` and `request.component`; administrators
manage everything, valuators see and answer only the proposals assigned to them. Services
check the permissions again before any write.
"""

import csv
import json
import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palabre.accounts.staff import recent_second_factor_required
from palabre.attachments import forms as attachment_forms
from palabre.attachments import selectors as attachment_selectors
from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.proposals import exports, selectors, services
from palabre.components.proposals.forms import (
    AnswerForm,
    CategoryForm,
    CommentsClosedForm,
    MergeForm,
    NoteForm,
    OfficialProposalForm,
    SplitForm,
    StateForm,
)
from palabre.components.proposals.models import (
    Proposal,
)
from palabre.core.components import component_admin_url
from palabre.core.exports import spreadsheet_safe
from palabre.core.models import Component
from palabre.core.permissions import can
from palabre.core.settings_schema import current_settings

# The backoffice offers every format of the manifest's exports, in the manifest's order.
EXPORT_LABELS = {
    "csv": gettext_lazy("Export as CSV"),
    "xlsx": gettext_lazy("Export as a spreadsheet (Excel)"),
    "json": gettext_lazy("Export as JSON"),
}


def _proposal(request, pk: int) -> Proposal:
    """A proposal this person may see in the backoffice (valuators: their own only)."""
    proposal = (
        selectors.backoffice_list(component=request.component, user=request.user, filters={})
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    proposal.component = request.component
    return proposal


def _digits(request, name: str) -> str:
    value = request.GET.get(name, "")
    return value if value.isdigit() else ""


def _export_links(component: Component) -> list[tuple[str, str]]:
    return [
        (component_admin_url(component, f"export_{name}"), EXPORT_LABELS[name])
        for name in component.manifest.exports
    ]


def _valuators(component: Component):
    return selectors.valuator_list(component=component)


def index(request):
    component = request.component
    filters = {
        "answer_state": request.GET.get("answer_state", ""),
        "category": _digits(request, "category"),
        "scope": _digits(request, "scope"),
        "unpublished_answers": request.GET.get("unpublished_answers") == "1",
    }
    page = Paginator(
        selectors.backoffice_list(component=component, user=request.user, filters=filters), 50
    ).get_page(request.GET.get("page"))
    for proposal in page.object_list:
        proposal.component = component
    return render(
        request,
        "proposals/admin/index.html",
        component_admin_context(
            request,
            page=page,
            filters=filters,
            answer_states=Proposal.AnswerState.choices,
            categories=selectors.category_list(component=component),
            scopes=selectors.scope_list(component=component),
            valuators=list(_valuators(component)),
            export_links=_export_links(component),
        ),
    )


def _selected_ids(request) -> list[int]:
    return [int(pk) for pk in request.POST.getlist("proposals") if pk.isdigit()]


@require_POST
def bulk(request):
    """Bulk actions on the ticked proposals: assign a valuator, change the category or the
    scope, publish prepared answers."""
    require_component_admin(request)
    component = request.component
    ids = _selected_ids(request)
    action = request.POST.get("action")
    if not ids:
        messages.error(request, _("Tick at least one proposal."))
        return redirect(component_admin_url(component))
    try:
        if action == "assign_valuator":
            valuator = _valuators(component).filter(pk=request.POST.get("valuator") or 0).first()
            if valuator is None:
                raise ValidationError(_("Choose a valuator."))
            services.proposals_assign_valuator(
                actor=request.user, component=component, proposal_ids=ids, valuator=valuator
            )
        elif action == "change_category":
            category_id = request.POST.get("category") or ""
            category = selectors.category_get(component=component, pk=category_id, required=False)
            services.proposals_change_category(
                actor=request.user, component=component, proposal_ids=ids, category=category
            )
        elif action == "change_scope":
            scope_id = request.POST.get("scope") or ""
            scope = selectors.scope_get(component=component, pk=scope_id, required=False)
            services.proposals_change_scope(
                actor=request.user, component=component, proposal_ids=ids, scope=scope
            )
        elif action == "publish_answers":
            services.proposals_publish_answers(
                actor=request.user, component=component, proposal_ids=ids
            )
        elif action == "merge":
            query = "&".join(f"proposals={pk}" for pk in ids)
            return redirect(f"{component_admin_url(component, 'merge')}?{query}")
        else:
            raise ValidationError(_("Choose an action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    return redirect(component_admin_url(component))


def _answer_form(request, proposal, data=None) -> AnswerForm:
    custom_states = selectors.state_list(component=request.component)
    # "Publish the answer now" starts as the step says answers are published, and stays
    # ticked for an answer already published (unticking it takes the answer back).
    publish = bool(proposal.answer_published_at) or bool(
        current_settings(request.component).publish_answers_immediately
    )
    initial = {
        "publish": publish,
        "state": f"custom:{proposal.custom_state_id}"
        if proposal.custom_state_id
        else proposal.answer_state,
        "answer": proposal.answer,
        "cost": proposal.cost,
        "cost_report": proposal.cost_report,
        "execution_period": proposal.execution_period,
    }
    return AnswerForm(
        data,
        initial=initial,
        languages=request.organization.locales,
        custom_states=custom_states,
    )


def proposal(request, pk: int):
    """One proposal: its answer form, its valuators and private notes."""
    item = _proposal(request, pk)
    form = _answer_form(request, item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        state = data["state"]
        if state.startswith("custom:"):
            state = selectors.state_get(
                component=request.component, pk=state.removeprefix("custom:"), required=False
            )
        try:
            services.proposal_answer(
                actor=request.user,
                proposal=item,
                state=state,
                answer=data["answer"],
                cost=data["cost"],
                cost_report=data["cost_report"],
                execution_period=data["execution_period"],
                publish=data["publish"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The answer is saved."))
            return redirect(component_admin_url(request.component, "proposal", pk=item.pk))
    return _proposal_page(request, item, form=form)


def _proposal_page(request, item: Proposal, *, form):
    """The backoffice page of one proposal, with its answer form as given."""
    attachments = attachment_selectors.attachments_of(item)
    enabled = current_settings(request.component).attachments_enabled
    slots = attachment_forms.slots_for(len(attachments)) if enabled else 0
    return render(
        request,
        "proposals/admin/proposal.html",
        component_admin_context(
            request,
            proposal=item,
            form=form,
            note_form=NoteForm(),
            notes=item.notes.select_related("author"),
            assignments=selectors.valuator_assignments(proposal=item),
            targets=_copy_targets(request),
            comments_form=CommentsClosedForm(initial={"closed": item.comments_closed}),
            attachments=attachments,
            attachments_enabled=enabled,
            attachments_url=component_admin_url(request.component, "attachments", pk=item.pk),
            attachment_form=attachment_forms.AttachmentsForm(slots=slots),
            attachments_help=attachment_forms.help_text(),
            # The authors; those of an anonymous proposal to its moderators and
            # administrators only (not to valuators).
            authors=[
                author.user
                for author in item.authors.filter(accepted_at__isnull=False).select_related("user")
            ]
            if not item.anonymous
            or can(request.user, "moderate", request.space)
            or can(request.user, "admin", request.space)
            else None,
        ),
    )


@require_POST
def attachments(request, pk: int):
    """Add files to a proposal, from the form of its backoffice page; a wrong file and
    nothing is attached, with the reason in a message."""
    require_component_admin(request)
    item = _proposal(request, pk)
    existing = attachment_selectors.attachment_count(item)
    form = attachment_forms.AttachmentsForm(
        request.POST, request.FILES, slots=attachment_forms.slots_for(existing)
    )
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.proposal_attachments_add(
            actor=request.user, proposal=item, uploads=form.attachment_uploads()
        )
    except ValidationError as error:
        messages.error(
            request, _("Nothing was attached: %(errors)s") % {"errors": " ".join(error.messages)}
        )
    else:
        messages.success(request, _("The files are attached."))
    return redirect(f"{component_admin_url(request.component, 'proposal', pk=item.pk)}#attachments")


@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    require_component_admin(request)
    item = _proposal(request, pk)
    attachment = next(
        (a for a in attachment_selectors.attachments_of(item) if a.pk == attachment_pk), None
    )
    if attachment is None:
        raise Http404
    services.proposal_attachment_delete(actor=request.user, proposal=item, attachment=attachment)
    messages.success(request, _("The file is removed."))
    return redirect(f"{component_admin_url(request.component, 'proposal', pk=item.pk)}#attachments")


@require_POST
def comments_closed(request, pk: int):
    """Close the comments of one proposal, or open them again."""
    require_component_admin(request)
    item = _proposal(request, pk)
    form = CommentsClosedForm(request.POST)
    closed = form.is_valid() and form.cleaned_data["closed"]
    services.proposal_comments_close(actor=request.user, proposal=item, closed=closed)
    messages.success(
        request, _("Comments are closed.") if closed else _("Comments are open again.")
    )
    return redirect(component_admin_url(request.component, "proposal", pk=item.pk))


@require_POST
def note(request, pk: int):
    item = _proposal(request, pk)
    try:
        services.valuation_note_create(
            actor=request.user, proposal=item, body=request.POST.get("body", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(component_admin_url(request.component, "proposal", pk=item.pk))


def official_new(request):
    require_component_admin(request)
    component = request.component
    form = OfficialProposalForm(
        request.POST or None,
        languages=request.organization.locales,
        categories=selectors.category_list(component=component),
        scopes=selectors.scope_list(component=component),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_create_official(
                actor=request.user, component=component, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The proposal is published."))
            return redirect(component_admin_url(component))
    return render(
        request,
        "proposals/admin/form.html",
        component_admin_context(request, form=form, heading=_("New official proposal")),
    )


def merge(request):
    require_component_admin(request)
    component = request.component
    ids = [int(pk) for pk in request.GET.getlist("proposals") if pk.isdigit()]
    chosen = selectors.proposals_by_ids(component=component, ids=ids)
    form = MergeForm(request.POST or None, languages=request.organization.locales)
    if request.method == "POST" and form.is_valid():
        try:
            merged = services.proposals_merge(
                actor=request.user, component=component, proposal_ids=ids, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The proposals are merged."))
            return redirect(component_admin_url(component, "proposal", pk=merged.pk))
    return render(
        request,
        "proposals/admin/form.html",
        component_admin_context(request, form=form, heading=_("Merge proposals"), chosen=chosen),
    )


def split(request, pk: int):
    require_component_admin(request)
    item = _proposal(request, pk)
    form = SplitForm(request.POST or None, languages=request.organization.locales)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_split(
                actor=request.user,
                proposal=item,
                parts=[
                    (data["first_title"], data["first_body"]),
                    (data["second_title"], data["second_body"]),
                ],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The proposal is split."))
            return redirect(component_admin_url(request.component))
    return render(
        request,
        "proposals/admin/form.html",
        component_admin_context(request, form=form, heading=_("Split the proposal"), chosen=[item]),
    )


def _copy_targets(request) -> list[Component]:
    return selectors.copy_targets(user=request.user, component=request.component)


@require_POST
def copy(request, pk: int):
    require_component_admin(request)
    item = _proposal(request, pk)
    target = next(
        (c for c in _copy_targets(request) if str(c.pk) == request.POST.get("target")), None
    )
    if target is None:
        messages.error(request, _("Choose another proposals component."))
    else:
        services.proposals_copy(
            actor=request.user,
            component=request.component,
            proposal_ids=[item.pk],
            target=target,
        )
        messages.success(request, _("The proposal is copied."))
    return redirect(component_admin_url(request.component, "proposal", pk=item.pk))


def states(request):
    require_component_admin(request)
    return render(
        request,
        "proposals/admin/states.html",
        component_admin_context(request, states=selectors.state_list(component=request.component)),
    )


def state_edit(request, pk: int | None = None):
    require_component_admin(request)
    component = request.component
    state = None
    initial = None
    if pk is not None:
        state = selectors.state_get(component=component, pk=pk)
        initial = {
            "key": state.key,
            "name": state.name,
            "text_color": state.text_color,
            "background_color": state.background_color,
        }
    form = StateForm(request.POST or None, initial=initial, languages=request.organization.locales)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_state_save(
                actor=request.user, component=component, state=state, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The state is saved."))
            return redirect(component_admin_url(component, "states"))
    return render(
        request,
        "proposals/admin/form.html",
        component_admin_context(request, form=form, heading=_("Answer state")),
    )


@require_POST
def state_delete(request, pk: int):
    require_component_admin(request)
    state = selectors.state_get(component=request.component, pk=pk)
    try:
        services.proposal_state_delete(actor=request.user, state=state)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(component_admin_url(request.component, "states"))


def _labels_page(request, *, create, labels, added: str, url_name: str, texts: dict):
    """The categories or the scopes of the component: a list and a form to add one.
    `create` is the service adding one, `labels(component=…)` the selector listing them."""
    require_component_admin(request)
    component = request.component
    form = CategoryForm(request.POST or None, languages=request.organization.locales)
    if request.method == "POST" and form.is_valid():
        try:
            create(actor=request.user, component=component, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, added)
            return redirect(component_admin_url(component, url_name))
    return render(
        request,
        "proposals/admin/labels.html",
        component_admin_context(request, form=form, labels=labels(component=component), **texts),
    )


def categories(request):
    return _labels_page(
        request,
        create=services.category_create,
        labels=selectors.category_list,
        added=_("The category is added."),
        url_name="categories",
        texts={
            "heading": _("Categories"),
            "empty": _("No category yet."),
            "new_heading": _("New category"),
        },
    )


@require_POST
def category_delete(request, pk: int):
    require_component_admin(request)
    category = selectors.category_get(component=request.component, pk=pk)
    services.category_delete(actor=request.user, category=category)
    messages.success(request, _("The category is deleted."))
    return redirect(component_admin_url(request.component, "categories"))


def scopes(request):
    """Scopes are chosen by authors like categories."""
    return _labels_page(
        request,
        create=services.scope_create,
        labels=selectors.scope_list,
        added=_("The scope is added."),
        url_name="scopes",
        texts={
            "heading": _("Scopes"),
            "intro": _(
                "Where proposals apply: districts, neighbourhoods, villages… Authors choose "
                "one when this list is not empty, and visitors filter the proposals by scope."
            ),
            "empty": _("No scope yet."),
            "new_heading": _("New scope"),
        },
    )


@require_POST
def scope_delete(request, pk: int):
    require_component_admin(request)
    scope = selectors.scope_get(component=request.component, pk=pk)
    services.scope_delete(actor=request.user, scope=scope)
    messages.success(request, _("The scope is deleted."))
    return redirect(component_admin_url(request.component, "scopes"))


class _Echo:
    """A file-like object whose `write` hands the line back, for the streaming CSV writer."""

    def write(self, value: str) -> str:
        return value


def _component_admin_only(request, *args, **kwargs) -> None:
    """Refuse at once who may not export, before asking anyone for a fresh code."""
    require_component_admin(request)


@recent_second_factor_required(permission=_component_admin_only)
def export_csv(request):
    require_component_admin(request)
    writer = csv.DictWriter(_Echo(), fieldnames=exports.COLUMNS)

    def lines():
        yield writer.writeheader()
        for row in exports.proposal_rows(request.component):
            yield writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="proposals-{request.component.pk}.csv"'
    return response


@recent_second_factor_required(permission=_component_admin_only)
def export_json(request):
    require_component_admin(request)

    def chunks():
        yield "["
        for index, row in enumerate(exports.proposal_rows(request.component)):
            yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
        yield "]"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="proposals-{request.component.pk}.json"'
    )
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@recent_second_factor_required(permission=_component_admin_only)
def export_xlsx(request):
    require_component_admin(request)
    # The temporary file disappears when the response closes it, once it is sent.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    try:
        exports.write_xlsx(request.component, file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"proposals-{request.component.pk}.xlsx",
        content_type=XLSX_TYPE,
    )
