"""Public views of the debates component; `request.component` was checked visible already."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palabre.attachments import selectors as attachment_selectors
from palabre.comments import selectors as comment_selectors
from palabre.comments.forms import CommentForm
from palabre.components.debates import selectors, services
from palabre.components.debates.forms import CloseForm, DebateForm
from palabre.components.debates.models import Debate
from palabre.core.components import component_url
from palabre.core.permissions import can, require, why_not
from palabre.core.settings_schema import current_settings
from palabre.core.translations import translated

SIDE_LABELS = {
    "for": gettext_lazy("In favour"),
    "against": gettext_lazy("Against"),
    "neutral": gettext_lazy("Neutral"),
}


def add_service_errors(form, error: ValidationError) -> None:
    """A service's errors on the form's fields, or above the form for fields it lacks."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _context(request, **extra) -> dict:
    return {
        "space": request.space,
        "component": request.component,
        "component_settings": current_settings(request.component),
        **extra,
    }


def index(request):
    component = request.component
    filters = selectors.clean_filters(request.GET, component=component)
    page = selectors.debate_page(
        component=component,
        user=request.user,
        filters=filters,
        page_number=request.GET.get("page"),
    )
    categories, scopes = selectors.labels(component)
    query = request.GET.copy()
    query.pop("page", None)
    can_create = can(request.user, "create", component)
    return render(
        request,
        "debates/index.html",
        _context(
            request,
            page=page,
            filters=filters,
            categories=categories,
            scopes=scopes,
            sorts=[(key, label) for key, (label, _order) in selectors.SORTS.items()],
            states=list(selectors.STATES.items()),
            origins=list(selectors.ORIGINS.items()),
            query=query.urlencode(),
            can_create=can_create,
            create_denial=(
                why_not(request.user, "create", component)
                if request.user.is_authenticated and not can_create
                else None
            ),
        ),
    )


def _columns(request, debate: Debate) -> dict:
    """The two columns of a debate: the threads of each side, and which side a narrow
    screen shows (`?side=`, links that need no script)."""
    counts = comment_selectors.side_counts(debate)
    side = request.GET.get("side")
    if side not in comment_selectors.SIDES:
        side = "for"
    sort = comment_selectors.clean_sort(request.GET.get("comments_sort"))
    columns = []
    # In favour and against first, as the switch of narrow screens offers them.
    for key in ("for", "against", "neutral"):
        page_number = comment_selectors.clean_page(request.GET.get(f"{key}_page"))
        columns.append(
            {
                "key": key,
                "label": SIDE_LABELS[key],
                "count": counts[key],
                "current": key == side,
                "page": comment_selectors.comment_threads(
                    target=debate, user=request.user, sort=sort, page=page_number, side=key
                ),
            }
        )
    # The argument form takes the side the reader is looking at.
    alignment = {"for": "1", "against": "-1", "neutral": "0"}[side]
    return {
        "columns": columns,
        "side": side,
        "side_counts": counts,
        "argument_form": CommentForm(initial={"alignment": alignment}),
    }


def debate_detail(request, pk: int):
    debate = selectors.debate_get_visible(
        user=request.user, component=request.component, debate_id=pk
    )
    user = request.user
    can_endorse = can(user, "endorse", debate)
    extra = _columns(request, debate) if debate.two_columns and debate.is_published else {}
    return render(
        request,
        "debates/debate.html",
        _context(
            request,
            debate=debate,
            updates=selectors.updates_of(debate),
            attachments=attachment_selectors.attachments_of(debate),
            can_endorse=can_endorse,
            endorsed=selectors.is_endorsed(user=user, debate=debate),
            endorse_denial=(
                why_not(user, "endorse", debate)
                if user.is_authenticated and not can_endorse
                else None
            ),
            can_edit=can(user, "edit", debate),
            can_close=can(user, "close", debate),
            **extra,
        ),
    )


def _labels_kwargs(component) -> dict:
    categories, scopes = selectors.labels(component)
    return {"categories": categories, "scopes": scopes}


def _values(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "instructions": data.get("instructions") or {},
        "category": data.get("category") or None,
        "scope": data.get("scope") or None,
    }


@login_required
def debate_new(request):
    component = request.component
    require(request.user, "create", component)  # a refusal says why (the 403 page)
    form = DebateForm(
        request.POST if request.method == "POST" else None,
        languages=request.organization.locales,
        **_labels_kwargs(component),
    )
    if request.method == "POST" and form.is_valid():
        try:
            debate = services.debate_open(author=request.user, component=component, **_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your debate is open."))
            return redirect(debate.get_absolute_url())
    return render(request, "debates/form.html", _context(request, form=form, debate=None))


@login_required
def debate_edit(request, pk: int):
    component = request.component
    debate = selectors.debate_get_visible(user=request.user, component=component, debate_id=pk)
    require(request.user, "edit", debate)
    form = DebateForm(
        request.POST if request.method == "POST" else None,
        languages=request.organization.locales,
        initial={
            "title": debate.title,
            "description": debate.description,
            "instructions": debate.instructions,
            "category": debate.category_id or "",
            "scope": debate.scope_id or "",
        },
        **_labels_kwargs(component),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_edit(user=request.user, debate=debate, **_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your debate was saved."))
            return redirect(debate.get_absolute_url())
    return render(request, "debates/form.html", _context(request, form=form, debate=debate))


@login_required
def debate_close(request, pk: int):
    component = request.component
    debate = selectors.debate_get_visible(user=request.user, component=component, debate_id=pk)
    require(request.user, "close", debate)
    form = CloseForm(
        request.POST if request.method == "POST" else None, languages=request.organization.locales
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_close(
                user=request.user, debate=debate, conclusion=form.cleaned_data["conclusion"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The debate is closed."))
            return redirect(debate.get_absolute_url())
    return render(request, "debates/close.html", _context(request, form=form, debate=debate))


@login_required
@require_POST
def endorse(request, pk: int):
    debate = selectors.debate_get_visible(
        user=request.user, component=request.component, debate_id=pk
    )
    try:
        if request.POST.get("undo"):
            services.debate_unendorse(user=request.user, debate=debate)
            messages.success(request, _("Your endorsement is withdrawn."))
        else:
            services.debate_endorse(user=request.user, debate=debate)
            messages.success(
                request,
                _("You endorse the debate “%(title)s”.") % {"title": translated(debate.title)},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(component_url(request.component, "debate", pk=debate.pk))
