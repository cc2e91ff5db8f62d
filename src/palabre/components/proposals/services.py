"""Writes of the proposals component.

Every function checks the permission first, validates everything before writing, writes in
one transaction and sends emails and notifications once the transaction commits. Supports
lock the person's row (per-person limits) and the proposal rows (threshold, counters), so
that simultaneous requests queue up instead of exceeding a limit.
"""

import datetime
import hashlib
import json
import re
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.attachments import selectors as attachment_selectors
from palabre.attachments import services as attachment_services
from palabre.attachments.models import Attachment
from palabre.components.proposals.models import (
    Category,
    Endorsement,
    Proposal,
    ProposalAuthor,
    ProposalLink,
    ProposalState,
    Scope,
    Support,
    ValuationNote,
    ValuatorAssignment,
)
from palabre.components.proposals.selectors import edit_window_open
from palabre.core.mail import organization_url, send_templated_email
from palabre.core.models import Component, User
from palabre.core.permissions import can, require
from palabre.core.services import log_action
from palabre.core.settings_schema import current_settings
from palabre.core.validation import FieldErrors
from palabre.limits import services as limits

TITLE_MIN_LENGTH = 15
TITLE_MAX_LENGTH = 150
ANSWER_STATES = {"evaluating", "accepted", "rejected"}
_SHOUTING = re.compile(r"[!?]{2,}")


# Texts and their fingerprint -----------------------------------------------------------


def fingerprint_source(*, title: dict, body: dict) -> str:
    """The canonical text that the fingerprint hashes: JSON with sorted keys at every level,
    no spaces, non-ASCII kept as is. Shown next to the fingerprint so anyone can recompute it.
    """
    return json.dumps(
        {"body": body, "title": title}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def fingerprint(*, title: dict, body: dict) -> str:
    return hashlib.sha256(fingerprint_source(title=title, body=body).encode("utf-8")).hexdigest()


def _author_language(user: User, component: Component) -> str:
    organization = component.space.organization
    language = user.locale if user.locale in organization.locales else ""
    return language or organization.default_locale


def _clean_texts(
    *, component: Component, title: str, body: str, errors: FieldErrors
) -> tuple[str, str]:
    """Plain texts of a participant, checked by the rules the form announces (title length,
    no capitals, no "!!", the text's length). They are checked at every step: when the
    draft is written, when it is changed, and again at publication (the component's
    settings may have changed in between)."""
    title = (title or "").strip()
    body = (body or "").strip()
    settings = current_settings(component)
    if not title:
        errors.add("title", _("Give your proposal a title."))
    elif len(title) > TITLE_MAX_LENGTH:
        errors.add(
            "title",
            _("The title is too long: %(length)d characters, at most %(max)d.")
            % {"length": len(title), "max": TITLE_MAX_LENGTH},
        )
    else:
        if len(title) < TITLE_MIN_LENGTH:
            errors.add(
                "title",
                _("The title is too short: %(length)d characters, at least %(min)d.")
                % {"length": len(title), "min": TITLE_MIN_LENGTH},
            )
        letters = [c for c in title if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            errors.add("title", _("Please do not write the title in capital letters."))
        if _SHOUTING.search(title):
            errors.add("title", _("Please do not repeat “!” or “?” in the title."))
    if len(body) > settings.body_max_length:
        errors.add(
            "body",
            _("The text is too long: %(length)d characters, at most %(max)d.")
            % {"length": len(body), "max": settings.body_max_length},
        )
    elif not body:
        errors.add("body", _("Describe your proposal."))
    elif len(body) < settings.body_min_length:
        errors.add(
            "body",
            _("The text is too short: %(length)d characters, at least %(min)d.")
            % {"length": len(body), "min": settings.body_min_length},
        )
    if _SHOUTING.search(body):
        errors.add("body", _("Please do not repeat “!” or “?” in the text."))
    return title, body


def _clean_place(
    *, component: Component, category, address: str, errors: FieldErrors, scope=None
) -> dict:
    cleaned: dict = {"category": None, "scope": None, "address": (address or "").strip()[:300]}
    if category not in (None, ""):
        category_id = category.pk if isinstance(category, Category) else category
        found = Category.objects.filter(component=component, pk=category_id).first()
        if found is None:
            errors.add("category", _("Choose one of the proposed categories."))
        cleaned["category"] = found
    if scope not in (None, ""):
        scope_id = scope.pk if isinstance(scope, Scope) else scope
        found = Scope.objects.filter(component=component, pk=scope_id).first()
        if found is None:
            errors.add("scope", _("Choose one of the proposed scopes."))
        cleaned["scope"] = found
    return cleaned


def _clean_attachments(
    *, component: Component, attachments, existing: int, errors: FieldErrors
) -> list:
    """Files sent with a proposal, checked before anything is written; refused where the
    component takes no attachments."""
    uploads = [upload for upload in attachments or () if upload.file]
    if not uploads:
        return []
    if not current_settings(component).attachments_enabled:
        errors.add("attachments", _("Attachments are not enabled in this component."))
        return []
    return attachment_services.uploads_clean(uploads, existing=existing, errors=errors)


def _geocode(address: str, errors: FieldErrors) -> tuple[float | None, float | None]:
    from palabre.components.proposals.geocoding import GeocodingError, geocoder

    if not address:
        return None, None
    service = geocoder()
    if service is None:
        # No geocoding service configured: the address is kept without a place on the map.
        return None, None
    try:
        point = service.geocode(address)
    except GeocodingError:
        errors.add("address", _("The address could not be located right now. Try again later."))
        return None, None
    if point is None:
        errors.add(
            "address",
            _("This address could not be found. Check it, or leave the field empty."),
        )
        return None, None
    return point


def _is_author(user: User, proposal: Proposal) -> bool:
    return proposal.authors.filter(user=user, accepted_at__isnull=False).exists()


# Drafts, publication, edition, withdrawal ---------------------------------------------


def proposal_create_draft(
    *,
    author: User,
    component: Component,
    title: str,
    body: str = "",
    category=None,
    scope=None,
    address: str = "",
    attachments=(),
    anonymous: bool = False,
) -> Proposal:
    """Start a proposal as a draft only its authors see; its texts already meet the rules
    the form announces. `attachments` are `attachments.services.Upload`s: one wrong file
    and nothing is saved. Writing a draft prepares a proposal: the verifications required
    to submit one are asked when it is published, so that the draft waits for them."""
    require(author, "draft", component)
    errors = FieldErrors()
    title, body = _clean_texts(component=component, title=title, body=body, errors=errors)
    place = _clean_place(
        component=component, category=category, scope=scope, address=address, errors=errors
    )
    files = _clean_attachments(
        component=component, attachments=attachments, existing=0, errors=errors
    )
    _check_anonymous(component=component, anonymous=anonymous, errors=errors)
    latitude = longitude = None
    if place["address"] and current_settings(component).geocoding_enabled:
        latitude, longitude = _geocode(place["address"], errors)
    errors.raise_if_any()
    language = _author_language(author, component)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            component=component,
            author=author,
            title={language: title},
            body={language: body} if body else {},
            latitude=latitude,
            longitude=longitude,
            anonymous=anonymous,
            **place,
        )
        ProposalAuthor.objects.create(proposal=proposal, user=author, accepted_at=timezone.now())
        attachment_services.attachments_store(
            target=proposal, files=files, created_by=author, language=language
        )
    return proposal


def proposal_update_draft(
    *,
    actor: User,
    proposal: Proposal,
    title: str,
    body: str = "",
    category=None,
    scope=None,
    address: str = "",
    attachments=(),
    anonymous: bool | None = None,
) -> Proposal:
    """Change a draft (its authors only), adding the files of `attachments`; `anonymous`
    (when given) chooses whether it will appear as by an anonymous participant."""
    component = proposal.component
    if proposal.state != Proposal.State.DRAFT or not _is_author(actor, proposal):
        raise PermissionDenied(_("You are not allowed to do this."))
    require(actor, "draft", component)
    if anonymous is not None:
        errors = FieldErrors()
        _check_anonymous(component=component, anonymous=anonymous, errors=errors)
        errors.raise_if_any()
    with transaction.atomic():
        proposal = _replace_texts(
            actor=actor,
            proposal=proposal,
            title=title,
            body=body,
            category=category,
            scope=scope,
            address=address,
            attachments=attachments,
        )
        if anonymous is not None and anonymous != proposal.anonymous:
            proposal.anonymous = anonymous
            proposal.save(update_fields=["anonymous", "updated_at"])
    return proposal


def _check_anonymous(*, component: Component, anonymous: bool, errors: FieldErrors) -> None:
    """Appearing as an anonymous participant is offered where the component allows it."""
    if anonymous and not current_settings(component).anonymous_proposals_enabled:
        errors.add(
            "anonymous",
            _("Proposals here show their authors: anonymous proposals are not allowed."),
        )


def _replace_texts(
    *, actor, proposal, title, body, category, scope, address, attachments
) -> Proposal:
    component = proposal.component
    errors = FieldErrors()
    title, body = _clean_texts(component=component, title=title, body=body, errors=errors)
    place = _clean_place(
        component=component, category=category, scope=scope, address=address, errors=errors
    )
    files = _clean_attachments(
        component=component,
        attachments=attachments,
        existing=attachment_selectors.attachment_count(proposal),
        errors=errors,
    )
    latitude, longitude = proposal.latitude, proposal.longitude
    if place["address"] != proposal.address:
        latitude = longitude = None
        if place["address"] and current_settings(component).geocoding_enabled:
            latitude, longitude = _geocode(place["address"], errors)
    errors.raise_if_any()
    language = _author_language(actor, component)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        proposal.component = component
        proposal.title = {language: title}
        proposal.body = {language: body} if body else {}
        proposal.category = place["category"]
        proposal.scope = place["scope"]
        proposal.address = place["address"]
        proposal.latitude, proposal.longitude = latitude, longitude
        if proposal.published_at:
            proposal.fingerprint = fingerprint(title=proposal.title, body=proposal.body)
        proposal.save()
        attachment_services.attachments_store(
            target=proposal, files=files, created_by=actor, language=language
        )
    return proposal


def proposal_publish(*, actor: User, proposal: Proposal) -> Proposal:
    """Publish a draft: checks the quality of its texts and the proposals limit per person,
    gives it its reference and fingerprint, makes its author follow it, confirms by email and
    tells the followers of the space."""
    component = proposal.component
    if proposal.state != Proposal.State.DRAFT or not _is_author(actor, proposal):
        raise PermissionDenied(_("You are not allowed to do this."))
    require(actor, "create", component)
    settings = current_settings(component)
    errors = FieldErrors()
    _clean_texts(
        component=component,
        title=next(iter(proposal.title.values()), ""),
        body=next(iter(proposal.body.values()), ""),
        errors=errors,
    )
    # A draft written while anonymity was allowed waits for its author's choice if the
    # component no longer allows it.
    _check_anonymous(component=component, anonymous=proposal.anonymous, errors=errors)
    errors.raise_if_any()
    organization = component.space.organization
    limits.enforce(organization=organization, kind="proposals", user=actor)
    with transaction.atomic():
        # The person's row is the lock that makes two publications at once queue up.
        User.objects.select_for_update().get(pk=actor.pk)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        proposal.component = component
        if proposal.state != Proposal.State.DRAFT:
            raise ValidationError(_("This proposal is already published."))
        if settings.proposal_limit:
            published = Proposal.objects.filter(
                component=component,
                state=Proposal.State.PUBLISHED,
                authors__user=actor,
                authors__accepted_at__isnull=False,
            ).count()
            if published >= settings.proposal_limit:
                raise ValidationError(
                    _("You reached the limit of %(limit)d proposals in this space.")
                    % {"limit": settings.proposal_limit}
                )
        _mark_published(proposal)
        proposal.save()
        _follow(actor, proposal)
        send_templated_email(
            to=actor.email,
            subject_template="proposals/email/published_subject.txt",
            body_template="proposals/email/published_body.txt",
            context={
                "proposal": proposal,
                "title": next(iter(proposal.title.values())),
                "url": organization_url(component.space.organization, proposal.get_absolute_url()),
                "person": actor.display_name,
            },
            language=_author_language(actor, component),
            organization=component.space.organization,
        )
        if proposal.anonymous:
            # Followers read that someone published it; the notification keeps no author.
            _notify_followers("proposals.published", proposal, actor=None, exclude=[actor])
        else:
            _notify_followers("proposals.published", proposal, actor=actor)
        limits.record(organization=organization, kind="proposals", user=actor)
    return proposal


def _mark_published(proposal: Proposal) -> None:
    now = timezone.now()
    proposal.state = Proposal.State.PUBLISHED
    proposal.published_at = now
    proposal.fingerprint = fingerprint(title=proposal.title, body=proposal.body)
    organization = proposal.component.space.organization
    local = timezone.localtime(now)
    proposal.reference = f"{organization.reference_prefix}-PROP-{local:%Y}-{local:%m}-{proposal.pk}"


def proposal_edit(
    *,
    actor: User,
    proposal: Proposal,
    title: str,
    body: str,
    category=None,
    scope=None,
    address: str = "",
    attachments=(),
) -> Proposal:
    """Correct a published proposal: its authors, within the edit window, before any answer.
    The fingerprint follows the new text; the files of `attachments` are added."""
    settings = current_settings(proposal.component)
    if proposal.state != Proposal.State.PUBLISHED or not _is_author(actor, proposal):
        raise PermissionDenied(_("You are not allowed to do this."))
    window = datetime.timedelta(minutes=settings.edit_window_minutes)
    if timezone.now() > proposal.published_at + window:
        raise ValidationError(_("The time to edit this proposal is over."))
    if proposal.answered_at is not None:
        raise ValidationError(_("This proposal has an answer: it can no longer be edited."))
    return _replace_texts(
        actor=actor,
        proposal=proposal,
        title=title,
        body=body,
        category=category,
        scope=scope,
        address=address,
        attachments=attachments,
    )


def proposal_withdraw(*, actor: User, proposal: Proposal) -> Proposal:
    """Withdraw a published proposal; refused once it has supports."""
    require(actor, "withdraw", proposal)
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        locked.component = proposal.component
        if locked.supports.exists():
            raise ValidationError(_("A proposal with supports cannot be withdrawn."))
        locked.state = Proposal.State.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["state", "withdrawn_at", "updated_at"])
    return locked


# Co-authors and endorsements ----------------------------------------------------------


def proposal_invite_coauthor(*, actor: User, proposal: Proposal, user: User) -> ProposalAuthor:
    """Invite someone to sign a proposal; they become an author once they accept."""
    if not _is_author(actor, proposal) or proposal.state == Proposal.State.WITHDRAWN:
        raise PermissionDenied(_("You are not allowed to do this."))
    if user.is_blocked or user.is_deleted or not user.is_active:
        raise ValidationError(_("This person cannot be invited."))
    with transaction.atomic():
        authorship, created = ProposalAuthor.objects.get_or_create(proposal=proposal, user=user)
        if not created:
            raise ValidationError(_("This person is already an author or invited."))
        _notify("proposals.coauthor_invited", proposal, recipients=[user], actor=actor)
    return authorship


def proposal_invite_coauthor_by_nickname(
    *, actor: User, proposal: Proposal, nickname: str
) -> ProposalAuthor | None:
    """Invite the person with this nickname to sign a proposal.

    Nicknames are not public (no page lists them), so whether one belongs to someone must
    not show: an unknown nickname, an account that cannot be invited and a person already
    invited get the answer a new invitation gets, and nothing more happens (None). Only the
    authors of the proposal may invite, whatever the nickname.
    """
    from palabre.core.selectors import person_by_nickname

    if not _is_author(actor, proposal) or proposal.state == Proposal.State.WITHDRAWN:
        raise PermissionDenied(_("You are not allowed to do this."))
    person = person_by_nickname(nickname)
    if person is None:
        return None
    try:
        return proposal_invite_coauthor(actor=actor, proposal=proposal, user=person)
    except ValidationError:
        return None


def proposal_accept_coauthorship(*, user: User, proposal: Proposal) -> ProposalAuthor:
    with transaction.atomic():
        authorship = (
            ProposalAuthor.objects.select_for_update().filter(proposal=proposal, user=user).first()
        )
        if authorship is None:
            raise PermissionDenied(_("You were not invited to sign this proposal."))
        if authorship.accepted_at is None:
            authorship.accepted_at = timezone.now()
            authorship.save(update_fields=["accepted_at"])
            _follow(user, proposal)
    return authorship


def proposal_endorse(*, user: User, proposal: Proposal) -> Endorsement:
    require(user, "endorse", proposal)
    with transaction.atomic():
        try:
            with transaction.atomic():
                endorsement = Endorsement.objects.create(proposal=proposal, user=user)
        except IntegrityError as error:
            raise ValidationError(_("You already endorse this proposal.")) from error
        Proposal.objects.filter(pk=proposal.pk).update(
            endorsements_count=F("endorsements_count") + 1
        )
    return endorsement


def proposal_unendorse(*, user: User, proposal: Proposal) -> None:
    require(user, "endorse", proposal)
    with transaction.atomic():
        deleted, _rows = Endorsement.objects.filter(proposal=proposal, user=user).delete()
        if deleted:
            Proposal.objects.filter(pk=proposal.pk).update(
                endorsements_count=F("endorsements_count") - 1
            )


# Supports ------------------------------------------------------------------------------


def _lock_supports(user: User, proposal: Proposal) -> list[Support]:
    """Lock the person, then every proposal whose counter may change, in id order so that
    two transactions never wait for each other in a circle; return the person's supports."""
    User.objects.select_for_update().get(pk=user.pk)
    supports = list(Support.objects.filter(user=user, proposal__component_id=proposal.component_id))
    proposal_ids = sorted({proposal.pk, *(support.proposal_id for support in supports)})
    list(Proposal.objects.select_for_update().filter(pk__in=proposal_ids).order_by("pk"))
    return supports


def proposal_support(*, user: User, proposal: Proposal) -> Support:
    """Support a proposal, under every rule of the component's settings.

    Below the minimum of supports per person, supports are temporary and count for nothing;
    the support that reaches the minimum makes them all final at once.
    """
    require(user, "support", proposal)
    settings = current_settings(proposal.component)
    with transaction.atomic():
        supports = _lock_supports(user, proposal)
        if any(support.proposal_id == proposal.pk for support in supports):
            raise ValidationError(_("You already support this proposal."))
        if settings.supports_limit and len(supports) >= settings.supports_limit:
            raise ValidationError(
                _("You have used all your %(limit)d supports.") % {"limit": settings.supports_limit}
            )
        threshold = settings.threshold_per_proposal
        if threshold and not settings.can_accumulate_supports_beyond_threshold:
            current = Proposal.objects.values_list("supports_count", flat=True).get(pk=proposal.pk)
            if current >= threshold:
                raise ValidationError(_("This proposal already reached its supports threshold."))
        minimum = settings.minimum_supports_per_user
        total = len(supports) + 1
        temporary = bool(minimum) and total < minimum
        support = Support.objects.create(proposal=proposal, user=user, temporary=temporary)
        if not temporary:
            Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") + 1)
            waiting = [s.proposal_id for s in supports if s.temporary]
            if waiting:
                Support.objects.filter(user=user, proposal_id__in=waiting).update(temporary=False)
                Proposal.objects.filter(pk__in=waiting).update(
                    supports_count=F("supports_count") + 1
                )
    return support


def proposal_unsupport(*, user: User, proposal: Proposal) -> None:
    """Take a support back; under the minimum again, the person's other supports go back to
    temporary and stop counting."""
    require(user, "support", proposal)
    settings = current_settings(proposal.component)
    with transaction.atomic():
        supports = _lock_supports(user, proposal)
        mine = next((s for s in supports if s.proposal_id == proposal.pk), None)
        if mine is None:
            return
        mine.delete()
        if not mine.temporary:
            Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") - 1)
        minimum = settings.minimum_supports_per_user
        remaining = [s for s in supports if s.pk != mine.pk]
        if minimum and len(remaining) < minimum:
            final = [s.proposal_id for s in remaining if not s.temporary]
            if final:
                Support.objects.filter(user=user, proposal_id__in=final).update(temporary=True)
                Proposal.objects.filter(pk__in=final).update(supports_count=F("supports_count") - 1)


# Answers and evaluation ---------------------------------------------------------------


def _require_answerer(actor: User, proposal: Proposal) -> None:
    """Administrators answer every proposal; valuators only those assigned to them."""
    if can(actor, "admin", proposal.component):
        return
    if (
        can(actor, "valuate", proposal.component)
        and ValuatorAssignment.objects.filter(proposal=proposal, valuator=actor).exists()
    ):
        return
    raise PermissionDenied(_("You are not allowed to do this."))


def proposal_answer(
    *,
    actor: User,
    proposal: Proposal,
    state,
    answer: dict | None = None,
    cost=None,
    cost_report: dict | None = None,
    execution_period: str | None = None,
    publish: bool | None = None,
) -> Proposal:
    """Answer a proposal: `state` is "evaluating", "accepted", "rejected" or a custom
    `ProposalState` of the component. `publish=None` follows the step setting."""
    from palabre.core.translations import clean_translations

    component = proposal.component
    _require_answerer(actor, proposal)
    settings = current_settings(component)
    organization = component.space.organization
    errors = FieldErrors()
    custom_state = None
    if isinstance(state, ProposalState):
        if state.component_id != component.pk:
            errors.add("state", _("Choose one of the proposed states."))
        custom_state, state = state, Proposal.AnswerState.CUSTOM
    elif state not in ANSWER_STATES:
        errors.add("state", _("Choose one of the proposed states."))
    with errors.collect("answer"):
        answer = clean_translations(
            answer or {}, languages=organization.locales, rich=True, field_label=_("Answer")
        )
    with errors.collect("cost_report"):
        cost_report = clean_translations(
            cost_report or {},
            languages=organization.locales,
            rich=True,
            field_label=_("Cost report"),
        )
    execution_period = (execution_period or "").strip()
    if cost not in (None, ""):
        try:
            cost = Decimal(str(cost))
            if cost < 0:
                raise InvalidOperation
        except InvalidOperation:
            errors.add("cost", _("Enter a cost as a positive number."))
            cost = None
    else:
        cost = None
    if state == Proposal.AnswerState.REJECTED and not answer:
        errors.add("answer", _("Give the reason why the proposal is rejected."))
    if state == Proposal.AnswerState.ACCEPTED and settings.answers_with_costs:
        if cost is None:
            errors.add("cost", _("Give the cost of the accepted proposal."))
        if not cost_report:
            errors.add("cost_report", _("Explain the cost."))
        if not execution_period:
            errors.add("execution_period", _("Give the execution period."))
    errors.raise_if_any()
    if publish is None:
        publish = settings.publish_answers_immediately
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        locked.component = component
        locked.answer_state = state
        locked.custom_state = custom_state
        locked.answer = answer
        locked.cost = cost
        locked.cost_report = cost_report
        locked.execution_period = execution_period[:200]
        locked.answered_at = timezone.now()
        locked.answer_published_at = locked.answered_at if publish else None
        locked.save()
        log_action(
            actor=actor,
            action="answer",
            resource=locked,
            space=component.space,
            data={"state": state, "published": bool(publish)},
        )
        if publish:
            _announce_answer(locked, actor)
    return locked


def _announce_answer(proposal: Proposal, actor: User) -> None:
    authors = User.objects.filter(
        proposal_authorships__proposal=proposal, proposal_authorships__accepted_at__isnull=False
    )
    _notify_followers("proposals.answered", proposal, actor=actor, extra_recipients=authors)


def proposals_publish_answers(*, actor: User, component: Component, proposal_ids) -> int:
    """Publish the prepared answers of the chosen proposals; returns how many were published."""
    require(actor, "admin", component)
    with transaction.atomic():
        proposals = list(
            Proposal.objects.select_for_update()
            .filter(
                component=component,
                pk__in=list(proposal_ids),
                answered_at__isnull=False,
                answer_published_at__isnull=True,
            )
            .order_by("pk")
        )
        now = timezone.now()
        for proposal in proposals:
            proposal.component = component
            proposal.answer_published_at = now
            proposal.save(update_fields=["answer_published_at", "updated_at"])
            log_action(
                actor=actor, action="publish_answer", resource=proposal, space=component.space
            )
            _announce_answer(proposal, actor)
    return len(proposals)


def proposals_assign_valuator(
    *, actor: User, component: Component, proposal_ids, valuator: User
) -> int:
    require(actor, "admin", component)
    if not can(valuator, "valuate", component):
        raise ValidationError(_("This person is not a valuator of the space."))
    with transaction.atomic():
        proposals = Proposal.objects.filter(component=component, pk__in=list(proposal_ids))
        created = 0
        for proposal in proposals:
            _assignment, new = ValuatorAssignment.objects.get_or_create(
                proposal=proposal, valuator=valuator
            )
            created += new
        log_action(
            actor=actor,
            action="assign_valuator",
            resource_type="proposal",
            space=component.space,
            data={"valuator": valuator.pk, "proposals": sorted(map(int, proposal_ids))},
        )
    return created


def _proposals_relabel(
    *, actor: User, component: Component, proposal_ids, field: str, label, refused: str
) -> int:
    """Give the proposals `proposal_ids` of `component` this category or scope (`field`),
    or none; `label` must belong to the component."""
    require(actor, "admin", component)
    if label is not None and label.component_id != component.pk:
        raise ValidationError(refused)
    with transaction.atomic():
        changed = Proposal.objects.filter(component=component, pk__in=list(proposal_ids)).update(
            **{field: label}, updated_at=timezone.now()
        )
        log_action(
            actor=actor,
            action=f"change_{field}",
            resource_type="proposal",
            space=component.space,
            data={
                field: label.pk if label else None,
                "proposals": sorted(map(int, proposal_ids)),
            },
        )
    return changed


def proposals_change_category(
    *, actor: User, component: Component, proposal_ids, category: Category | None
) -> int:
    return _proposals_relabel(
        actor=actor,
        component=component,
        proposal_ids=proposal_ids,
        field="category",
        label=category,
        refused=_("Choose one of the proposed categories."),
    )


def proposals_change_scope(
    *, actor: User, component: Component, proposal_ids, scope: Scope | None
) -> int:
    return _proposals_relabel(
        actor=actor,
        component=component,
        proposal_ids=proposal_ids,
        field="scope",
        label=scope,
        refused=_("Choose one of the proposed scopes."),
    )


def proposal_comments_close(*, actor: User, proposal: Proposal, closed: bool) -> Proposal:
    """Close the comments of one proposal (or open them again): the comments written stay
    readable, nobody may add one while they are closed."""
    component = proposal.component
    require(actor, "admin", component)
    with transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(
            comments_closed=closed, updated_at=timezone.now()
        )
        proposal.comments_closed = closed
        log_action(
            actor=actor,
            action="close_comments" if closed else "open_comments",
            resource=proposal,
            space=component.space,
        )
    return proposal


def valuation_note_create(*, actor: User, proposal: Proposal, body: str) -> ValuationNote:
    _require_answerer(actor, proposal)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write the note.")]})
    if len(body) > 5000:
        raise ValidationError({"body": [_("A note has at most 5,000 characters.")]})
    return ValuationNote.objects.create(proposal=proposal, author=actor, body=body)


# Official proposals, merge, split, copy -----------------------------------------------


def proposal_create_official(
    *,
    actor: User,
    component: Component,
    title: dict | str,
    body: dict | str,
    source: str,
    source_details: str = "",
    category=None,
    scope=None,
    address: str = "",
) -> Proposal:
    """Enter a proposal of the organization, of a meeting, or received on paper or by
    email; published at once, so that every contribution lives in one place."""
    from palabre.core.translations import clean_translations

    require(actor, "admin", component)
    organization = component.space.organization
    errors = FieldErrors()
    if not current_settings(component).official_proposals_enabled:
        errors.add("source", _("Official proposals are not enabled in this component."))
    if source not in {s for s in Proposal.Source.values if s != Proposal.Source.PARTICIPANT}:
        errors.add("source", _("Choose where the proposal comes from."))
    source_details = (source_details or "").strip()
    if source in (Proposal.Source.MEETING, Proposal.Source.OFFLINE) and not source_details:
        errors.add("source_details", _("Say which meeting, or how it was received."))
    with errors.collect("title"):
        title = clean_translations(
            title,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=TITLE_MAX_LENGTH,
            field_label=_("Title"),
        )
    with errors.collect("body"):
        body = clean_translations(body, languages=organization.locales, field_label=_("Text"))
    place = _clean_place(
        component=component, category=category, scope=scope, address=address, errors=errors
    )
    latitude = longitude = None
    if place["address"] and current_settings(component).geocoding_enabled:
        latitude, longitude = _geocode(place["address"], errors)
    errors.raise_if_any()
    with transaction.atomic():
        proposal = Proposal.objects.create(
            component=component,
            title=title,
            body=body,
            source=source,
            source_details=source_details[:300],
            latitude=latitude,
            longitude=longitude,
            **place,
        )
        _mark_published(proposal)
        proposal.save()
        log_action(
            actor=actor,
            action="create_official",
            resource=proposal,
            space=component.space,
            data={"source": source},
        )
    return proposal


def _official_copy(*, actor, component, title, body, source_details) -> Proposal:
    proposal = Proposal.objects.create(
        component=component,
        title=title,
        body=body,
        source=Proposal.Source.ORGANIZATION,
        source_details=source_details[:300],
    )
    _mark_published(proposal)
    proposal.save()
    return proposal


def proposals_merge(
    *, actor: User, component: Component, proposal_ids, title: dict, body: dict
) -> Proposal:
    """Merge proposals into a new official one; the originals are withdrawn with a link to it."""
    require(actor, "admin", component)
    ids = sorted({int(pk) for pk in proposal_ids})
    if len(ids) < 2:
        raise ValidationError(_("Choose at least two proposals to merge."))
    with transaction.atomic():
        originals = list(
            Proposal.objects.select_for_update()
            .filter(component=component, pk__in=ids, state=Proposal.State.PUBLISHED)
            .order_by("pk")
        )
        if len(originals) != len(ids):
            raise ValidationError(_("Only published proposals of this component can be merged."))
        merged = _official_copy(
            actor=actor,
            component=component,
            title=title,
            body=body,
            source_details=", ".join(p.reference for p in originals),
        )
        now = timezone.now()
        for original in originals:
            original.state = Proposal.State.WITHDRAWN
            original.withdrawn_at = now
            original.save(update_fields=["state", "withdrawn_at", "updated_at"])
            ProposalLink.objects.create(
                from_proposal=original, to_proposal=merged, kind=ProposalLink.Kind.MERGED
            )
        log_action(
            actor=actor,
            action="merge",
            resource=merged,
            space=component.space,
            data={"proposals": ids},
        )
    return merged


def proposal_split(
    *, actor: User, proposal: Proposal, parts: list[tuple[dict, dict]]
) -> list[Proposal]:
    """Split a proposal into several official ones (`parts`: (title, body) pairs); the
    original is withdrawn with links to each part."""
    component = proposal.component
    require(actor, "admin", component)
    if len(parts) < 2:
        raise ValidationError(_("A split makes at least two proposals."))
    with transaction.atomic():
        original = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if original.state != Proposal.State.PUBLISHED:
            raise ValidationError(_("Only a published proposal can be split."))
        created = []
        for title, body in parts:
            part = _official_copy(
                actor=actor,
                component=component,
                title=title,
                body=body,
                source_details=original.reference,
            )
            ProposalLink.objects.create(
                from_proposal=original, to_proposal=part, kind=ProposalLink.Kind.SPLIT
            )
            created.append(part)
        original.state = Proposal.State.WITHDRAWN
        original.withdrawn_at = timezone.now()
        original.save(update_fields=["state", "withdrawn_at", "updated_at"])
        log_action(
            actor=actor,
            action="split",
            resource=original,
            space=component.space,
            data={"parts": [p.pk for p in created]},
        )
    return created


def _by_name(items):
    """A lookup of `items` by their name in any language, for items of another component."""
    names = {}
    for item in items:
        for text in item.name.values():
            names.setdefault(text.strip().lower(), item)

    def find(other):
        if other is None:
            return None
        return next(
            (names[t.strip().lower()] for t in other.name.values() if t.strip().lower() in names),
            None,
        )

    return find


def proposals_copy(
    *, actor: User, component: Component, proposal_ids, target: Component
) -> list[Proposal]:
    """Copy proposals to another proposals component (e.g. the next phase of a process); the
    copies keep their authors and a link to the original."""
    require(actor, "admin", component)
    require(actor, "admin", target)
    if target.manifest_name != "proposals" or target.pk == component.pk:
        raise ValidationError(_("Choose another proposals component."))
    # The copy takes the target's category and scope of the same name, where it has one.
    same_category = _by_name(Category.objects.filter(component=target))
    same_scope = _by_name(Scope.objects.filter(component=target))
    with transaction.atomic():
        originals = list(
            Proposal.objects.filter(
                component=component, pk__in=list(proposal_ids), state=Proposal.State.PUBLISHED
            )
            .select_related("category", "scope")
            .prefetch_related("authors")
        )
        copies = []
        for original in originals:
            copy = Proposal.objects.create(
                component=target,
                author_id=original.author_id,
                title=original.title,
                body=original.body,
                source=original.source,
                source_details=original.source_details,
                address=original.address,
                latitude=original.latitude,
                longitude=original.longitude,
                category=same_category(original.category),
                scope=same_scope(original.scope),
                # The authors' choice to appear anonymous follows their text.
                anonymous=original.anonymous,
            )
            _mark_published(copy)
            copy.save()
            ProposalAuthor.objects.bulk_create(
                ProposalAuthor(proposal=copy, user_id=a.user_id, accepted_at=a.accepted_at)
                for a in original.authors.all()
            )
            ProposalLink.objects.create(
                from_proposal=original, to_proposal=copy, kind=ProposalLink.Kind.COPIED
            )
            copies.append(copy)
        log_action(
            actor=actor,
            action="copy",
            resource_type="proposal",
            space=component.space,
            data={"proposals": [p.pk for p in originals], "target": target.pk},
        )
    return copies


# Categories and custom states ---------------------------------------------------------


def _label_create(model, *, actor: User, component: Component, name: dict, action: str):
    """A category or a scope: a translated name, placed last among the component's."""
    from palabre.core.translations import clean_translations

    require(actor, "admin", component)
    organization = component.space.organization
    try:
        name = clean_translations(
            name,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=100,
            field_label=_("Name"),
        )
    except ValidationError as error:
        raise ValidationError({"name": error.messages}) from error
    with transaction.atomic():
        position = model.objects.filter(component=component).count()
        label = model.objects.create(component=component, name=name, position=position)
        log_action(actor=actor, action=action, resource=label, space=component.space)
    return label


def _label_delete(label, *, actor: User, action: str) -> None:
    require(actor, "admin", label.component)
    with transaction.atomic():
        log_action(actor=actor, action=action, resource=label, space=label.component.space)
        label.delete()


def category_create(*, actor: User, component: Component, name: dict) -> Category:
    return _label_create(
        Category, actor=actor, component=component, name=name, action="create_category"
    )


def category_delete(*, actor: User, category: Category) -> None:
    """Delete a category; its proposals keep no category."""
    _label_delete(category, actor=actor, action="delete_category")


def scope_create(*, actor: User, component: Component, name: dict) -> Scope:
    return _label_create(Scope, actor=actor, component=component, name=name, action="create_scope")


def scope_delete(*, actor: User, scope: Scope) -> None:
    """Delete a scope; its proposals keep no scope."""
    _label_delete(scope, actor=actor, action="delete_scope")


def proposal_state_save(
    *,
    actor: User,
    component: Component,
    key: str,
    name: dict,
    text_color: str = "#1a1d21",
    background_color: str = "#e8f1fb",
    state: ProposalState | None = None,
) -> ProposalState:
    """Create (or change, with `state`) a custom answer state of the component."""
    from palabre.core.translations import clean_translations

    require(actor, "admin", component)
    organization = component.space.organization
    errors = FieldErrors()
    key = (key or "").strip().lower()
    if not re.fullmatch(r"[a-z0-9_-]{1,40}", key):
        errors.add("key", _("Use lowercase letters, digits, “-” or “_”."))
    elif key in Proposal.AnswerState.values:
        errors.add("key", _("This key is one of the standard states."))
    elif (
        ProposalState.objects.filter(component=component, key=key)
        .exclude(pk=state.pk if state else None)
        .exists()
    ):
        errors.add("key", _("Another state has this key."))
    with errors.collect("name"):
        name = clean_translations(
            name,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=80,
            field_label=_("Name"),
        )
    for field, value in (("text_color", text_color), ("background_color", background_color)):
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
            errors.add(field, _("Enter a colour like #1c4f8c."))
    errors.raise_if_any()
    with transaction.atomic():
        state = state or ProposalState(component=component)
        state.key, state.name = key, name
        state.text_color, state.background_color = text_color, background_color
        state.save()
        log_action(actor=actor, action="save_state", resource=state, space=component.space)
    return state


def proposal_state_delete(*, actor: User, state: ProposalState) -> None:
    require(actor, "admin", state.component)
    if Proposal.objects.filter(custom_state=state).exists():
        raise ValidationError(_("Proposals use this state: change their answer first."))
    with transaction.atomic():
        log_action(actor=actor, action="delete_state", resource=state, space=state.component.space)
        state.delete()


# Attachments --------------------------------------------------------------------------


def can_change_attachments(user, proposal: Proposal) -> bool:
    """Administrators change a proposal's files from the backoffice; authors while they may
    still change the proposal itself (a draft, or within the edit window before any
    answer)."""
    if can(user, "admin", proposal.component):
        return True
    if not getattr(user, "is_authenticated", False) or not _is_author(user, proposal):
        return False
    if proposal.state == Proposal.State.DRAFT:
        return can(user, "draft", proposal.component)
    return edit_window_open(proposal=proposal, settings=current_settings(proposal.component))


def proposal_attachments_add(*, actor: User, proposal: Proposal, uploads) -> list[Attachment]:
    """Attach files (`attachments.services.Upload`s) to a proposal: all or none."""
    component = proposal.component
    if not can_change_attachments(actor, proposal):
        raise PermissionDenied(_("You are not allowed to do this."))
    errors = FieldErrors()
    uploads = [upload for upload in uploads if upload.file]
    if not uploads:
        errors.add("attachments", _("Choose a file to attach."))
    files = _clean_attachments(
        component=component,
        attachments=uploads,
        existing=attachment_selectors.attachment_count(proposal),
        errors=errors,
    )
    errors.raise_if_any()
    with transaction.atomic():
        created = attachment_services.attachments_store(
            target=proposal,
            files=files,
            created_by=actor,
            language=_author_language(actor, component),
        )
        if can(actor, "admin", component):
            log_action(
                actor=actor,
                action="add_attachments",
                resource=proposal,
                space=component.space,
                data={"attachments": [attachment.pk for attachment in created]},
            )
    return created


def proposal_attachment_delete(*, actor: User, proposal: Proposal, attachment: Attachment) -> None:
    """Remove one file of a proposal."""
    component = proposal.component
    if not can_change_attachments(actor, proposal):
        raise PermissionDenied(_("You are not allowed to do this."))
    content_type = ContentType.objects.get_for_model(Proposal)
    if attachment.content_type_id != content_type.pk or attachment.object_id != proposal.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    with transaction.atomic():
        attachment_services.attachment_delete(attachment=attachment)
        if can(actor, "admin", component):
            log_action(
                actor=actor,
                action="delete_attachment",
                resource=proposal,
                space=component.space,
                data={"attachment": attachment.pk, "file": attachment.filename},
            )


# Follows and notifications ------------------------------------------------------------
# Called inside the writing transaction: notifications roll back with it, and the
# notifications app sends their emails only once it commits.


def _follow(user: User, proposal: Proposal) -> None:
    from palabre.notifications.services import follow_create

    follow_create(user=user, target=proposal)


def _notify(event: str, proposal: Proposal, *, recipients, actor: User | None) -> None:
    from palabre.notifications.services import notify

    notify(event=event, target=proposal, recipients=recipients, actor=actor)


def _notify_followers(
    event: str, proposal: Proposal, *, actor: User | None, extra_recipients=(), exclude=()
) -> None:
    from palabre.notifications.services import notify_followers

    notify_followers(
        event=event,
        target=proposal,
        actor=actor,
        extra_recipients=extra_recipients,
        exclude=exclude,
    )
