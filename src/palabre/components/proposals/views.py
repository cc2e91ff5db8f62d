"""Public views of the proposals component; `request.component` was checked visible already.

Every form is a plain POST followed by a redirect, so the pages work without JavaScript.
"""

import json
import random

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.attachments import forms as attachment_forms
from palabre.attachments import selectors as attachment_selectors
from palabre.attachments.models import Attachment
from palabre.components.proposals import selectors, services
from palabre.components.proposals.forms import ProposalForm
from palabre.components.proposals.models import Proposal
from palabre.core.components import component_url
from palabre.core.permissions import can, require, why_not
from palabre.core.settings_schema import current_settings
from palabre.core.translations import translated

# The visitor's random order is a number kept in a cookie of its own, for as long as the
# browser is open: reading the list writes nothing on the server (no session for each
# visitor, nor for each robot). Any number is as good as another, so it is not signed.
SEED_COOKIE = "proposals_seed"
SEED_MAX = 2**31


def _context(request, **extra) -> dict:
    component = request.component
    return {
        "space": request.space,
        "component": component,
        "component_settings": current_settings(component),
        **extra,
    }


def _seed(request) -> tuple[int, bool]:
    """A random order that stays the same for one visitor, page after page: the seed of the
    visitor's cookie, or a new one (then True: the answer sets the cookie)."""
    value = request.COOKIES.get(SEED_COOKIE, "")
    if value.isdigit() and len(value) <= 10 and 1 <= int(value) <= SEED_MAX:
        return int(value), False
    return random.SystemRandom().randint(1, SEED_MAX), True


def _filters(request, component_settings) -> selectors.ProposalFilters:
    return selectors.ProposalFilters.from_query(
        request.GET, default_sort=component_settings.default_sort
    )


def index(request):
    component = request.component
    component_settings = current_settings(component)
    filters = _filters(request, component_settings)
    seed, new_seed = _seed(request) if filters.sort == "random" else (0, False)
    page = selectors.proposal_page(
        component=component,
        user=request.user,
        filters=filters,
        seed=seed,
        page_number=request.GET.get("page"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    # A draft may be written by someone who must still verify themselves to publish it.
    can_draft = can(request.user, "draft", component)
    can_create = can_draft and can(request.user, "create", component)
    # Why a signed-in person may not propose while proposals are open (new terms of use to
    # accept, a private space's members only, a verification to pass…), with the step that
    # lifts it.
    create_denial = (
        why_not(request.user, "create", component)
        if not can_create and request.user.is_authenticated and component_settings.creation_enabled
        else None
    )
    response = render(
        request,
        "proposals/index.html",
        _context(
            request,
            page=page,
            filters=filters,
            query=query.urlencode(),
            categories=selectors.category_list(component=component),
            scopes=selectors.scope_list(component=component),
            sorts=_sorts(),
            answer_filters=_answer_filters(),
            can_draft=can_draft,
            can_create=can_create,
            create_denial=create_denial,
        ),
    )
    if new_seed:
        response.set_cookie(
            SEED_COOKIE,
            str(seed),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _sorts():
    from palabre.components.proposals.component import SORTS

    return SORTS


def _answer_filters():
    labels = dict(Proposal.AnswerState.choices)
    return [
        *((key, labels[key]) for key in ("not_answered", "evaluating", "accepted", "rejected")),
        ("withdrawn", _("Withdrawn")),
    ]


def _filtered(request):
    component = request.component
    filters = _filters(request, current_settings(component))
    return selectors.proposal_filter(
        selectors.proposal_list_public(component=component), filters=filters, user=request.user
    )


# Tiles drawn from OpenStreetMap data must credit it; an operator whose tiles need another
# credit gives it with the tile layer in LEAFLET_CONFIG["TILES"].
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)


def _map_options() -> dict:
    """What map.js needs to draw the background, from the operator's LEAFLET_CONFIG."""
    from leaflet import app_settings

    _label, tiles_url, attrs = app_settings["TILES"][0]
    attribution = attrs.get("attribution") if isinstance(attrs, dict) else None
    return {
        "tiles": tiles_url,
        "attribution": attribution or OSM_ATTRIBUTION,
        "prefix": app_settings.get("ATTRIBUTION_PREFIX") or "",
        # The map is fitted to its markers; the centre only matters for an instant.
        "center": list(app_settings["DEFAULT_CENTER"] or (0, 0)),
        "zoom": app_settings["DEFAULT_ZOOM"] or 2,
    }


def map_page(request):
    """The geolocated proposals as a list, which map.js turns into markers on a map drawn
    above it from `map.json`: without JavaScript the list is the whole page."""
    points = selectors.map_points(
        _filtered(request), component=request.component, language=get_language()
    )
    query = request.GET.urlencode()
    return render(
        request,
        "proposals/map.html",
        _context(request, points=points, query=query, map_options=_map_options()),
    )


# Thousands of points take a while to read: the data of one filter in one language is kept
# this long. A proposal that moderation hides leaves at once (the key follows moderation);
# a new or changed one appears within this time.
MAP_CACHE_SECONDS = 60


def map_json(request):
    """Geolocated proposals following the list's filters, for any map library."""
    component = request.component
    filters = _filters(request, current_settings(component))
    language = get_language()
    # "My proposals" differ for each person: never kept.
    key = (
        None
        if filters.mine
        else selectors.map_cache_key(component=component, filters=filters, language=language)
    )
    body = cache.get(key) if key else None
    if body is None:
        queryset = selectors.proposal_filter(
            selectors.proposal_list_public(component=component), filters=filters, user=request.user
        )
        points = selectors.map_points(queryset, component=component, language=language)
        body = json.dumps(
            {
                "proposals": [
                    {
                        "id": point["pk"],
                        "title": point["title"],
                        "lat": point["latitude"],
                        "lon": point["longitude"],
                        "url": point["url"],
                    }
                    for point in points
                ]
            }
        )
        if key:
            cache.set(key, body, MAP_CACHE_SECONDS)
    return HttpResponse(body, content_type="application/json")


def proposal_detail(request, pk: int):
    component = request.component
    proposal = selectors.proposal_get_visible(
        user=request.user, component=component, proposal_id=pk
    )
    component_settings = current_settings(component)
    user = request.user
    is_author = user.is_authenticated and any(
        author.user_id == user.pk for author in proposal.accepted_authors
    )
    # All the files of the proposal in one query, whatever their number.
    attachments = (
        attachment_selectors.attachments_of(proposal)
        if component_settings.attachments_enabled
        else []
    )
    can_support = can(user, "support", proposal)
    can_endorse = can(user, "endorse", proposal)
    # Why a signed-in person may not support while supports are open (new terms of use to
    # accept, a private space's members only…), with the step that lifts it.
    support_denial = (
        why_not(user, "support", proposal)
        if not can_support
        and user.is_authenticated
        and component_settings.supports in ("enabled", "hidden")
        else None
    )
    return render(
        request,
        "proposals/proposal.html",
        _context(
            request,
            proposal=proposal,
            attachments=attachments,
            attachments_remove_url=_remove_url(proposal)
            if attachments and is_author and services.can_change_attachments(user, proposal)
            else "",
            fingerprint_source=services.fingerprint_source(
                title=proposal.title, body=proposal.body
            ),
            support_status=selectors.support_status(
                user=user, proposal=proposal, settings=component_settings
            ),
            can_support=can_support,
            support_denial=support_denial,
            can_endorse=can_endorse,
            endorse_denial=(
                why_not(user, "endorse", proposal)
                if not can_endorse
                and user.is_authenticated
                and component_settings.endorsements == "enabled"
                else None
            ),
            endorsed=selectors.has_endorsed(user=user, proposal=proposal),
            can_withdraw=is_author and can(user, "withdraw", proposal),
            can_edit=is_author
            and selectors.edit_window_open(proposal=proposal, settings=component_settings),
            is_author=is_author,
            # The authors of an anonymous proposal are named to its moderators and
            # administrators (and to themselves) only.
            authors_known=proposal.anonymous
            and (is_author or can(user, "moderate", request.space)),
            invited=user.is_authenticated
            and not is_author
            and proposal.authors.filter(user=user, accepted_at__isnull=True).exists(),
        ),
    )


def _form(request, data=None, initial=None, attachments=()) -> ProposalForm:
    """The proposal form; `attachments` are those the proposal already has."""
    component = request.component
    component_settings = current_settings(component)
    slots = 0
    if component_settings.attachments_enabled:
        slots = attachment_forms.slots_for(len(attachments))
    return ProposalForm(
        data,
        request.FILES if data is not None and slots else None,
        initial=initial,
        categories=selectors.category_list(component=component),
        scopes=selectors.scope_list(component=component),
        geocoding=component_settings.geocoding_enabled,
        max_length=component_settings.body_max_length,
        min_length=component_settings.body_min_length,
        attachment_slots=slots,
        anonymous_allowed=component_settings.anonymous_proposals_enabled,
    )


def _form_values(form) -> dict:
    return {
        "title": form.cleaned_data["title"],
        "body": form.cleaned_data["body"],
        "category": form.cleaned_data.get("category"),
        "scope": form.cleaned_data.get("scope"),
        "address": form.cleaned_data.get("address") or "",
        "attachments": form.attachment_uploads(),
    }


def _remove_url(proposal: Proposal) -> str:
    """Where the buttons removing a file of the proposal post to (followed by its id)."""
    return f"{proposal.component.get_absolute_url()}{proposal.pk}/attachments/"


def _form_page(
    request, form, *, draft=None, editing=None, attachments=(), can_change_attachments=False
):
    changed = draft or editing
    return render(
        request,
        "proposals/form.html",
        _context(
            request,
            form=form,
            draft=draft,
            editing=editing,
            attachments=attachments,
            attachments_remove_url=_remove_url(changed)
            if changed and can_change_attachments
            else "",
            attachments_help=attachment_forms.help_text() if form.attachment_slots else "",
        ),
    )


def _attachments_of(request, proposal) -> list[Attachment]:
    if not current_settings(request.component).attachments_enabled:
        return []
    return attachment_selectors.attachments_of(proposal)


@login_required
def proposal_new(request):
    component = request.component
    require(request.user, "draft", component)  # a refusal says why (the 403 page)
    form = _form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create_draft(
                author=request.user,
                component=component,
                anonymous=bool(form.cleaned_data.get("anonymous")),
                **_form_values(form),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(component_url(component, "draft_compare", pk=proposal.pk))
    return _form_page(request, form)


def _draft(request, pk: int) -> Proposal:
    proposal = selectors.proposal_get_visible(
        user=request.user, component=request.component, proposal_id=pk
    )
    if proposal.state != Proposal.State.DRAFT:
        raise Http404
    return proposal


def _initial(proposal: Proposal) -> dict:
    return {
        "title": translated(proposal.title),
        "body": translated(proposal.body),
        "address": proposal.address,
        "category": proposal.category_id,
        "scope": proposal.scope_id,
        "anonymous": proposal.anonymous,
    }


@login_required
def draft_edit(request, pk: int):
    proposal = _draft(request, pk)
    component = request.component
    attachments = _attachments_of(request, proposal)
    form = _form(
        request,
        request.POST if request.method == "POST" else None,
        initial=_initial(proposal),
        attachments=attachments,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update_draft(
                actor=request.user,
                proposal=proposal,
                # Without the choice on the form (not allowed here), the draft shows its
                # authors: anonymity is only kept where it may be chosen.
                anonymous=bool(form.cleaned_data.get("anonymous")),
                **_form_values(form),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(component_url(component, "draft_compare", pk=proposal.pk))
    return _form_page(
        request,
        form,
        draft=proposal,
        attachments=attachments,
        can_change_attachments=services.can_change_attachments(request.user, proposal),
    )


@login_required
def draft_compare(request, pk: int):
    """Similar proposals already published, so that people support one rather than repeat it."""
    proposal = _draft(request, pk)
    similar = selectors.proposal_similar(
        component=request.component, title=translated(proposal.title), exclude_id=proposal.pk
    )
    return render(
        request, "proposals/compare.html", _context(request, proposal=proposal, similar=similar)
    )


@login_required
def draft_preview(request, pk: int):
    proposal = _draft(request, pk)
    errors = []
    if request.method == "POST":
        try:
            proposal = services.proposal_publish(actor=request.user, proposal=proposal)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Your proposal is published."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/preview.html",
        _context(
            request,
            proposal=proposal,
            errors=errors,
            attachments=_attachments_of(request, proposal),
            # Why the draft cannot be published yet (a verification to pass…), with the
            # step that lifts it and comes back here: the draft waits.
            publish_denial=why_not(request.user, "create", request.component),
        ),
        status=400 if errors else 200,
    )


@login_required
def drafts(request):
    return render(
        request,
        "proposals/drafts.html",
        _context(
            request, drafts=selectors.draft_list(component=request.component, user=request.user)
        ),
    )


@login_required
def proposal_edit(request, pk: int):
    component = request.component
    proposal = selectors.proposal_get_visible(
        user=request.user, component=component, proposal_id=pk
    )
    # The form is its authors' only, from the first look (the service refuses others too).
    is_author = any(author.user_id == request.user.pk for author in proposal.accepted_authors)
    if proposal.state != Proposal.State.PUBLISHED or not is_author:
        raise PermissionDenied(_("Only the authors of this proposal can edit it."))
    attachments = _attachments_of(request, proposal)
    form = _form(
        request,
        request.POST if request.method == "POST" else None,
        initial=_initial(proposal),
        attachments=attachments,
    )
    # Whether it appears as anonymous was chosen before publishing, once for all.
    form.fields.pop("anonymous", None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_edit(actor=request.user, proposal=proposal, **_form_values(form))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your proposal is changed."))
            return redirect(proposal.get_absolute_url())
    return _form_page(
        request,
        form,
        editing=proposal,
        attachments=attachments,
        can_change_attachments=services.can_change_attachments(request.user, proposal),
    )


def _act(request, pk: int, action, success: str):
    proposal = selectors.proposal_for_action(
        user=request.user, component=request.component, proposal_id=pk
    )
    try:
        action(proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def support(request, pk: int):
    if request.POST.get("undo"):
        return _act(
            request,
            pk,
            lambda p: services.proposal_unsupport(user=request.user, proposal=p),
            _("Your support is withdrawn."),
        )
    return _act(
        request,
        pk,
        lambda p: services.proposal_support(user=request.user, proposal=p),
        _("Thank you for your support."),
    )


@login_required
@require_POST
def endorse(request, pk: int):
    if request.POST.get("undo"):
        return _act(
            request,
            pk,
            lambda p: services.proposal_unendorse(user=request.user, proposal=p),
            _("Your endorsement is withdrawn."),
        )
    return _act(
        request,
        pk,
        lambda p: services.proposal_endorse(user=request.user, proposal=p),
        _("You endorse this proposal."),
    )


@login_required
@require_POST
def withdraw(request, pk: int):
    return _act(
        request,
        pk,
        lambda p: services.proposal_withdraw(actor=request.user, proposal=p),
        _("Your proposal is withdrawn."),
    )


@login_required
@require_POST
def accept_coauthorship(request, pk: int):
    return _act(
        request,
        pk,
        lambda p: services.proposal_accept_coauthorship(user=request.user, proposal=p),
        _("You are now an author of this proposal."),
    )


@login_required
@require_POST
def invite_coauthor(request, pk: int):
    """Authors invite a co-author by nickname; the person accepts from the proposal page.
    Every nickname gets the same answer: whether it belongs to someone is not public."""

    def invite(proposal):
        services.proposal_invite_coauthor_by_nickname(
            actor=request.user, proposal=proposal, nickname=request.POST.get("nickname") or ""
        )

    return _act(
        request,
        pk,
        invite,
        _(
            "If a participant has this nickname, they are invited: they accept from the "
            "proposal's page."
        ),
    )


@login_required
@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    """An author removes a file while the proposal can still be changed; back to the page
    the button was on."""
    proposal = selectors.proposal_get_visible(
        user=request.user, component=request.component, proposal_id=pk
    )
    attachment = next(
        (a for a in attachment_selectors.attachments_of(proposal) if a.pk == attachment_pk), None
    )
    if attachment is None:
        raise Http404
    services.proposal_attachment_delete(
        actor=request.user, proposal=proposal, attachment=attachment
    )
    messages.success(request, _("The file is removed."))
    if proposal.state == Proposal.State.DRAFT:
        return redirect(component_url(request.component, "draft_edit", pk=proposal.pk))
    return redirect(proposal.get_absolute_url())
