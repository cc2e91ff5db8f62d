"""Public views of the sortitions component; `request.component` was checked visible."""

import json

from django.http import HttpResponse
from django.shortcuts import render

from palabre.components.sortitions import selectors
from palabre.core.components import component_url
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
    """Every draw of the component, cancelled ones included (marked)."""
    return render(
        request,
        "sortitions/index.html",
        _context(request, draws=selectors.draw_list(component=request.component)),
    )


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
