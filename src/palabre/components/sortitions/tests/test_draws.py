"""Draws of proposals: who may draw, which proposals are candidates, the draw itself, the
public value entered afterwards, cancellation and who is told."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.components.proposals.models import Category, Proposal, Scope
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
)
from palabre.components.sortitions import lottery, services
from palabre.components.sortitions.models import ProposalDraw
from palabre.core.action_log import sentence
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import SpaceFactory, SpaceRoleFactory, UserFactory
from palabre.moderation.services import resource_hide
from palabre.notifications.models import Follow, Notification

pytestmark = pytest.mark.django_db

TITLE = {"fr": "Tirage de trois propositions"}


def create(actor, component, proposals, **extra):
    values = {"title": TITLE, "proposals_component": proposals, "count": 2, **extra}
    return services.draw_create(actor=actor, component=component, **values)


@pytest.fixture
def published(proposals):
    return [ProposalFactory(component=proposals) for _ in range(5)]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("participant", False),
        ("collaborator", False),
        ("moderator", False),
        ("admin of another space", False),
        ("space admin", True),
        ("organization admin", True),
    ],
)
def test_who_may_draw(who, allowed, space, organization, admin_user, component, proposals,
                      published):  # fmt: skip
    people = {
        "anonymous": AnonymousUser(),
        "participant": UserFactory(organization=organization),
        "collaborator": SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user,
        "moderator": SpaceRoleFactory(space=space, role=SpaceRole.Role.MODERATOR).user,
        "admin of another space": SpaceRoleFactory(
            space__organization=organization, role=SpaceRole.Role.ADMIN
        ).user,
        "space admin": SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user,
        "organization admin": admin_user,
    }
    if allowed:
        assert create(people[who], component, proposals, public_value="5").is_drawn
    else:
        with pytest.raises(PermissionDenied):
            create(people[who], component, proposals, public_value="5")
        assert not ProposalDraw.objects.exists()


def test_candidates_are_the_published_visible_proposals_not_rejected(
    space_admin, component, proposals, published
):
    kept = published[0]
    draft = ProposalFactory(component=proposals, state=Proposal.State.DRAFT, published_at=None)
    withdrawn = ProposalFactory(
        component=proposals, state=Proposal.State.WITHDRAWN, withdrawn_at=timezone.now()
    )
    hidden = ProposalFactory(component=proposals)
    resource_hide(actor=space_admin, target=hidden, reason="spam")
    rejected = ProposalFactory(
        component=proposals,
        answer_state=Proposal.AnswerState.REJECTED,
        answer_published_at=timezone.now(),
    )
    # A rejection not published yet is not public: the proposal stays a candidate.
    rejection_in_preparation = ProposalFactory(
        component=proposals, answer_state=Proposal.AnswerState.REJECTED
    )
    accepted = ProposalFactory(
        component=proposals,
        answer_state=Proposal.AnswerState.ACCEPTED,
        answer_published_at=timezone.now(),
    )
    elsewhere = ProposalFactory(component=ProposalsComponentFactory(space=proposals.space))
    draw = create(space_admin, component, proposals)
    expected = sorted([p.pk for p in published] + [rejection_in_preparation.pk, accepted.pk])
    assert draw.candidates == expected
    for excluded in (draft, withdrawn, hidden, rejected, elsewhere):
        assert excluded.pk not in draw.candidates
    assert kept.pk in draw.candidates


def test_proposals_published_after_the_request_are_not_candidates(
    space_admin, component, proposals, published
):
    ProposalFactory(component=proposals, published_at=timezone.now() + timedelta(minutes=5))
    draw = create(space_admin, component, proposals)
    assert draw.candidates == sorted(p.pk for p in published)
    assert draw.requested_at.microsecond == 0
    assert all(p.published_at <= draw.requested_at for p in published)


def test_a_category_or_a_scope_narrows_the_candidates(space_admin, component, proposals):
    category = Category.objects.create(component=proposals, name={"fr": "Mobilité"})
    scope = Scope.objects.create(component=proposals, name={"fr": "Nord"})
    in_category = [ProposalFactory(component=proposals, category=category) for _ in range(3)]
    in_scope = [ProposalFactory(component=proposals, scope=scope) for _ in range(2)]
    ProposalFactory(component=proposals)
    assert create(space_admin, component, proposals, category=category).candidates == [
        p.pk for p in in_category
    ]
    assert create(space_admin, component, proposals, scope=scope).candidates == [
        p.pk for p in in_scope
    ]


def test_a_draw_with_its_public_value_is_made_at_once_and_replays(
    space_admin, component, proposals, published
):
    draw = create(space_admin, component, proposals, public_value=" 6 ", count=3)
    draw.refresh_from_db()
    assert draw.public_value == "6"
    assert draw.is_drawn and len(draw.selected) == 3
    assert set(draw.selected) <= set(draw.candidates)
    assert lottery.replay(draw.inputs()) == draw.selected
    assert draw.seed == lottery.seed_of(draw.inputs()).hex()
    log = ActionLog.objects.get()
    assert (log.action, log.resource_type, log.resource_id) == (
        "create_draw",
        "proposaldraw",
        str(draw.pk),
    )
    assert log.data["selected"] == draw.selected


def test_a_draw_waits_for_its_public_value_then_is_made_once(
    space_admin, component, proposals, published
):
    draw = create(space_admin, component, proposals)
    assert not draw.is_drawn and draw.selected == [] and draw.seed == ""
    made = services.draw_enter_value(actor=space_admin, draw=draw, public_value="31415")
    assert made.selected == lottery.replay(made.inputs())
    assert made.inputs()["public_value"] == "31415"
    with pytest.raises(ValidationError, match="already made"):
        services.draw_enter_value(actor=space_admin, draw=made, public_value="27182")
    made.refresh_from_db()
    assert made.public_value == "31415"
    assert list(ActionLog.objects.values_list("action", flat=True)) == ["make_draw", "create_draw"]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"count": 0}, "count", "Draw at least one proposal."),
        ({"count": 9}, "count", "There are only 5 candidates: draw 5 at most."),
        ({"title": {}}, "title", "Title is required in"),
        ({"public_value": "x" * 201}, "public_value", "too long"),
    ],
)
def test_bad_inputs_are_refused_and_nothing_is_saved(
    space_admin, component, proposals, published, extra, field, message
):
    with pytest.raises(ValidationError) as error:
        create(space_admin, component, proposals, **extra)
    assert message in " ".join(error.value.message_dict[field])
    assert not ProposalDraw.objects.exists()
    assert not ActionLog.objects.exists()


def test_the_proposals_must_be_of_the_same_space(space_admin, component, organization):
    other = ProposalsComponentFactory(space=SpaceFactory(organization=organization))
    ProposalFactory(component=other)
    with pytest.raises(ValidationError) as error:
        create(space_admin, component, other)
    assert "proposals_component" in error.value.message_dict


def test_no_candidate_no_draw(space_admin, component, proposals):
    with pytest.raises(ValidationError, match="no proposal to draw among"):
        create(space_admin, component, proposals)


def test_a_cancelled_draw_stays_with_its_reason_and_cannot_be_made(
    space_admin, component, proposals, published, participant
):
    draw = create(space_admin, component, proposals)
    with pytest.raises(PermissionDenied):
        services.draw_cancel(actor=participant, draw=draw, reason={"fr": "Non"})
    with pytest.raises(ValidationError) as error:
        services.draw_cancel(actor=space_admin, draw=draw, reason={"en": "English only"})
    assert "reason" in error.value.message_dict
    cancelled = services.draw_cancel(
        actor=space_admin, draw=draw, reason={"fr": "La réunion a été reportée."}
    )
    assert cancelled.is_cancelled
    assert ProposalDraw.objects.filter(pk=draw.pk).exists()
    with pytest.raises(ValidationError, match="cancelled"):
        services.draw_enter_value(actor=space_admin, draw=cancelled, public_value="3")
    with pytest.raises(ValidationError, match="already cancelled"):
        services.draw_cancel(actor=space_admin, draw=cancelled, reason={"fr": "Encore"})
    assert ActionLog.objects.filter(action="cancel_draw").count() == 1
    # The log says the reason as written, not the stored map of languages.
    line = sentence(ActionLog.objects.get(action="cancel_draw"))
    assert line.endswith("Reason: La réunion a été reportée.")


def test_followers_of_the_space_hear_of_the_draw_and_of_its_cancellation(
    django_capture_on_commit_callbacks, space, space_admin, component, proposals, published,
    participant,
):  # fmt: skip
    from django.contrib.contenttypes.models import ContentType

    Follow.objects.create(
        user=participant, content_type=ContentType.objects.get_for_model(space), object_id=space.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        draw = create(space_admin, component, proposals, public_value="2")
    with django_capture_on_commit_callbacks(execute=True):
        services.draw_cancel(actor=space_admin, draw=draw, reason={"fr": "Erreur de saisie"})
    events = list(
        Notification.objects.filter(recipient=participant).values_list("event", flat=True)
    )
    assert sorted(events) == ["sortitions.cancelled", "sortitions.drawn"]
    assert not Notification.objects.filter(recipient=space_admin).exists()
