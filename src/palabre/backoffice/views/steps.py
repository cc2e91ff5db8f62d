from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import StepForm, add_service_errors
from palabre.backoffice.views.common import load_space, moved, require_admin
from palabre.core import services
from palabre.core.models import Step
from palabre.core.permissions import can

STEP_FIELDS = ("title", "description", "start_date", "end_date", "cta_text", "cta_path")


def _load_space_with_steps(request, space_id: int):
    space = load_space(request, space_id)
    if not (space.space_type and space.space_type.has_steps):
        raise Http404
    return space


def _steps_url(space) -> str:
    return reverse("backoffice:step_list", kwargs={"space_id": space.pk})


@backoffice_required
def step_list(request, space_id: int):
    space = _load_space_with_steps(request, space_id)
    steps = list(space.steps.all())
    return render(
        request,
        "backoffice/step_list.html",
        {
            "space": space,
            "steps": steps,
            "may_admin": can(request.user, "admin", space),
            "breadcrumbs": [(_("Steps"), None)],
        },
    )


@backoffice_required
def step_create(request, space_id: int):
    space = _load_space_with_steps(request, space_id)
    require_admin(request, space)
    return _step_form(request, space, None)


@backoffice_required
def step_edit(request, space_id: int, step_id: int):
    space = _load_space_with_steps(request, space_id)
    step = get_object_or_404(Step, pk=step_id, space=space)
    return _step_form(request, space, step)


def _step_form(request, space, step):
    may_admin = can(request.user, "admin", space)
    options = {"languages": request.organization.locales, "read_only": not may_admin}
    initial = {name: getattr(step, name) for name in STEP_FIELDS} if step else {}
    if request.method == "POST":
        require_admin(request, space)
        form = StepForm(request.POST, initial=initial, **options)
        if form.is_valid():
            try:
                if step is None:
                    services.step_create(actor=request.user, space=space, **form.cleaned_data)
                else:
                    step.space = space
                    services.step_update(actor=request.user, step=step, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The step is saved."))
                return redirect(_steps_url(space))
    else:
        form = StepForm(initial=initial, **options)
    title = _("New step") if step is None else str(step)
    return render(
        request,
        "backoffice/step_form.html",
        {
            "form": form,
            "space": space,
            "step": step,
            "title": title,
            "may_admin": may_admin,
            "breadcrumbs": [(_("Steps"), _steps_url(space)), (title, None)],
        },
    )


@backoffice_required
def step_delete(request, space_id: int, step_id: int):
    space = _load_space_with_steps(request, space_id)
    require_admin(request, space)
    step = get_object_or_404(Step, pk=step_id, space=space)
    step.space = space
    if request.method == "POST":
        services.step_delete(actor=request.user, step=step)
        messages.success(request, _("The step is deleted."))
        return redirect(_steps_url(space))
    return render(
        request,
        "backoffice/confirm_delete.html",
        {
            "space": space,
            "object_label": step,
            "warning": _("The settings of every component for this step will be deleted too."),
            "cancel_url": _steps_url(space),
            "breadcrumbs": [(_("Steps"), _steps_url(space)), (_("Delete"), None)],
        },
    )


@backoffice_required
@require_POST
def step_activate(request, space_id: int, step_id: int):
    space = _load_space_with_steps(request, space_id)
    require_admin(request, space)
    step = get_object_or_404(Step, pk=step_id, space=space)
    step.space = space
    services.step_activate(actor=request.user, step=step)
    messages.success(
        request,
        _("“%(step)s” is now the active step. The space no longer follows the calendar.")
        % {"step": step},
    )
    return redirect(_steps_url(space))


@backoffice_required
@require_POST
def step_move(request, space_id: int, step_id: int):
    """Move a step one place up or down (buttons, so it works without JavaScript)."""
    space = _load_space_with_steps(request, space_id)
    require_admin(request, space)
    order = list(space.steps.values_list("pk", flat=True))
    if step_id not in order:
        raise Http404
    new_order = moved(order, step_id, request.POST.get("direction"))
    if new_order != order:
        services.steps_reorder(actor=request.user, space=space, step_ids=new_order)
    return redirect(_steps_url(space))
