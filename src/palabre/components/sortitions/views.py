"""Public views of the sortitions component; `request.component` was checked visible."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.backoffice.forms import add_service_errors
from palabre.components.sortitions import selectors, volunteering
from palabre.components.sortitions.forms import VolunteerForm
from palabre.components.sortitions.services import panel_members
from palabre.components.sortitions.volunteering import call_features
from palabre.core.components import component_url
from palabre.core.permissions import can, require, why_not
from palabre.core.settings_schema import current_settings


def _context(request, **extra) -> dict:
    return {
        "space": request.space,
        "component": request.component,
        "component_settings": current_settings(request.component),
        **extra,
    }


def inputs_response(inputs: dict, filename: str) -> HttpResponse:
    """The inputs of a draw as a JSON file to download, exactly as they are hashed."""
    response = HttpResponse(
        json.dumps(inputs, ensure_ascii=False, indent=2) + "\n",
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def index(request):
    """Every draw of the component, cancelled ones included (marked), and the panels whose
    distribution is published."""
    component = request.component
    return render(request, "sortitions/index.html", _context(
        request,
        draws=selectors.draw_list(component=component),
        panels=selectors.panel_list_public(component=component),
    ))  # fmt: skip


def draw_detail(request, pk: int):
    draw = selectors.draw_get(component=request.component, draw_id=pk)
    return render(request, "sortitions/draw.html", _context(
        request,
        draw=draw,
        selected=selectors.draw_selected_proposals(draw=draw) if draw.is_drawn else [],
        inputs_url=component_url(request.component, "draw_inputs", pk=draw.pk),
        inputs_filename=draw.inputs_filename(),
    ))  # fmt: skip


def draw_inputs(request, pk: int):
    draw = selectors.draw_get(component=request.component, draw_id=pk)
    return inputs_response(draw.inputs(), draw.inputs_filename())


BAR_WIDTH = 300
ROW_HEIGHT = 34


def _histogram(panel) -> dict:
    """The histogram of chances as rows with the geometry of their SVG bars."""
    histogram = selectors.probability_histogram(
        panel.probabilities, panel.greedy_probabilities, panel.size
    )
    for index, row in enumerate(histogram["rows"]):
        row["y"] = index * ROW_HEIGHT
        row["text_y"] = row["y"] + 16
        row["greedy_y"] = row["y"] + 14
        row["width"] = round(BAR_WIDTH * row["count"] / histogram["largest"], 1)
        row["greedy_width"] = round(BAR_WIDTH * row["greedy"] / histogram["largest"], 1)
    histogram["height"] = len(histogram["rows"]) * ROW_HEIGHT
    return histogram


def _call_page(request, panel, form=None, status=200):
    """A panel calling for volunteers: what it is, and the form to join the pool (or the
    person's own registration, with their number)."""
    volunteer = selectors.volunteer_of(panel, request.user)
    denial = why_not(request.user, "volunteer", panel)
    if form is None and volunteer is None and denial is None:
        form = VolunteerForm(
            features=call_features(panel),
            initial={"name": request.user.get_full_name(), "contact": request.user.email},
        )
    return render(request, "sortitions/panel_call.html", _context(
        request,
        panel=panel,
        form=form,
        volunteer=volunteer,
        denial=denial,
        volunteer_url=component_url(request.component, "panel_volunteer", pk=panel.pk),
        withdraw_url=component_url(request.component, "panel_withdraw", pk=panel.pk),
    ), status=status)  # fmt: skip


@require_POST
def panel_volunteer(request, pk: int):
    panel = selectors.panel_get(component=request.component, panel_id=pk, user=request.user)
    require(request.user, "volunteer", panel)
    form = VolunteerForm(request.POST, features=call_features(panel))
    if form.is_valid():
        try:
            volunteering.panel_volunteer(
                user=request.user, panel=panel, name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"], features=form.answers(),
                consent=form.cleaned_data["consent"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("You are in the pool of volunteers. Thank you!"))
            return redirect(panel.get_absolute_url())
    return _call_page(request, panel, form=form, status=400)


@require_POST
def panel_withdraw(request, pk: int):
    panel = selectors.panel_get(component=request.component, panel_id=pk, user=request.user)
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        volunteering.panel_volunteer_withdraw(user=request.user, panel=panel)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You are no longer in the pool of volunteers."))
    return redirect(panel.get_absolute_url())


def panel_detail(request, pk: int):
    """A published panel: every volunteer's chance by pseudonymous number, compared with
    the greedy method's, the quotas, the final draw and its replacements. While the call
    for volunteers is open, the call and its form."""
    panel = selectors.panel_get(component=request.component, panel_id=pk, user=request.user)
    if panel.is_calling or not (
        panel.is_public or can(request.user, "read_admin", request.component.space)
    ):
        return _call_page(request, panel)
    replacements = selectors.panel_replacements(panel=panel)
    members = panel_members(panel, replacements) if panel.is_drawn else []
    quotas = list(panel.quotas.all())
    if members:
        features = dict(
            panel.volunteers.filter(number__in=members).values_list("number", "features")
        )
        for quota in quotas:
            quota.members = sum(
                1
                for number in members
                if (features[number].get(quota.feature) or "").casefold() == quota.value.casefold()
            )
    for replacement in replacements:
        replacement.inputs_url = component_url(
            request.component, "replacement_inputs", pk=panel.pk, replacement_id=replacement.pk
        )
    chances = [
        (int(number), probability, panel.greedy_probabilities.get(number))
        for number, probability in panel.probabilities.items()
    ]
    chances.sort()
    return render(request, "sortitions/panel.html", _context(
        request,
        panel=panel,
        quotas=quotas,
        members=members,
        replacements=replacements,
        chances=chances,
        histogram=_histogram(panel) if panel.probabilities else None,
        inputs_url=component_url(request.component, "panel_inputs", pk=panel.pk),
        inputs_filename=panel.inputs_filename(),
        distribution_url=component_url(request.component, "panel_distribution", pk=panel.pk),
    ))  # fmt: skip


def panel_inputs(request, pk: int):
    """The inputs of the final draw, once it is made."""
    panel = selectors.panel_get(component=request.component, panel_id=pk, user=request.user)
    if not panel.is_drawn:
        raise Http404
    return inputs_response(panel.inputs(), panel.inputs_filename())


def panel_distribution(request, pk: int):
    """The published distribution: its panels, weights and tickets, and each pseudonymous
    number's chance by the fair method and by the greedy one."""
    panel = selectors.panel_get(component=request.component, panel_id=pk, user=request.user)
    return inputs_response(
        {
            "method": panel.method,
            "size": panel.size,
            "probabilities": panel.probabilities,
            "minimum": panel.minimum,
            "panels": panel.panels,
            "weights": panel.weights,
            "tickets": panel.tickets,
            "greedy": {
                "runs": panel.greedy_runs,
                "probabilities": panel.greedy_probabilities,
                "minimum": panel.greedy_minimum,
            },
        },
        f"panel-{panel.pk}-distribution.json",
    )


def replacement_inputs(request, pk: int, replacement_id: int):
    panel = selectors.panel_get(component=request.component, panel_id=pk, user=request.user)
    replacement = panel.replacements.filter(pk=replacement_id).first()
    if replacement is None:
        raise Http404
    return inputs_response(replacement.inputs(), replacement.inputs_filename())
