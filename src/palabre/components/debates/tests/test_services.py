"""Opening, editing, closing, updates and endorsements: rules, counters and bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.comments.services import comment_create
from palabre.components.debates import services
from palabre.components.debates.models import Category, Debate, DebateUpdate, Endorsement
from palabre.components.debates.tests.factories import DebateFactory
from palabre.core.models import ActionLog
from palabre.notifications.models import Follow, Notification

pytestmark = pytest.mark.django_db

TEXTS = {
    "title": {"fr": "Un parc ?", "en": "A park?"},
    "description": {"fr": "<p>Pourquoi pas</p>"},
}


def test_a_participant_opens_a_debate_published_at_once_and_follows_it(component, participant):
    debate = services.debate_open(author=participant, component=component, **TEXTS)
    assert debate.is_published and not debate.official and debate.author == participant
    assert debate.layout == Debate.Layout.SINGLE
    assert debate.reference.endswith(
        f"-DEBA-{timezone.localtime():%Y}-{timezone.localtime():%m}-{debate.pk}"
    )
    assert Follow.objects.filter(user=participant, object_id=debate.pk).exists()


def test_bad_input_changes_nothing_and_says_why(component, participant):
    other = Category.objects.create(
        component=DebateFactory().component, name={"fr": "Ailleurs", "en": "Elsewhere"}
    )
    with pytest.raises(ValidationError) as error:
        services.debate_open(
            author=participant,
            component=component,
            title={"en": "No French title"},
            description={},
            category=other.pk,
        )
    assert set(error.value.error_dict) == {"title", "description", "category"}
    assert Debate.objects.filter(component=component).count() == 0


def test_opening_needs_the_step_to_allow_it(space, participant):
    from palabre.components.debates.tests.conftest import debates_component

    component = debates_component(space, creation_enabled=False)
    with pytest.raises(PermissionDenied, match="cannot open debates"):
        services.debate_open(author=participant, component=component, **TEXTS)


def test_the_author_closes_with_a_conclusion_and_followers_are_told(
    component, participant, other_participant, django_capture_on_commit_callbacks
):
    debate = services.debate_open(author=participant, component=component, **TEXTS)
    comment_create(author=other_participant, target=debate, body="Yes!", alignment=1)
    with django_capture_on_commit_callbacks(execute=True):
        closed = services.debate_close(
            user=participant, debate=debate, conclusion={"fr": "<p>Décidé</p>"}
        )
    assert closed.closed_at is not None and closed.closed_by == participant
    assert closed.is_closed and closed.comments_closed
    assert Notification.objects.filter(recipient=other_participant, event="debates.closed").exists()
    with pytest.raises(PermissionDenied):
        comment_create(author=other_participant, target=closed, body="Too late", alignment=-1)
    with pytest.raises(PermissionDenied):
        services.debate_endorse(user=other_participant, debate=closed)
    with pytest.raises(PermissionDenied):
        services.debate_edit(user=participant, debate=closed, **TEXTS)


def test_a_conclusion_is_required(component, space_admin):
    debate = DebateFactory(component=component)
    with pytest.raises(ValidationError) as error:
        services.debate_close(user=space_admin, debate=debate, conclusion={})
    assert "conclusion" in error.value.error_dict
    debate.refresh_from_db()
    assert debate.closed_at is None


def test_another_participant_may_not_close_or_edit(component, participant, other_participant):
    debate = services.debate_open(author=participant, component=component, **TEXTS)
    with pytest.raises(PermissionDenied):
        services.debate_close(user=other_participant, debate=debate, conclusion={"fr": "x"})
    with pytest.raises(PermissionDenied):
        services.debate_edit(user=other_participant, debate=debate, **TEXTS)


def test_the_admin_closes_with_a_log_entry(component, space_admin):
    debate = DebateFactory(component=component)
    services.debate_close(user=space_admin, debate=debate, conclusion={"fr": "<p>Fin</p>"})
    assert ActionLog.objects.filter(action="close", resource_id=debate.pk).exists()
    with pytest.raises(ValidationError, match="already closed"):
        services.debate_close(user=space_admin, debate=debate, conclusion={"fr": "<p>Fin</p>"})


def test_an_information_update_notifies_followers(
    component, space_admin, participant, django_capture_on_commit_callbacks
):
    debate = DebateFactory(component=component)
    from palabre.notifications.services import follow_create

    follow_create(user=participant, target=debate)
    with django_capture_on_commit_callbacks(execute=True):
        services.debate_post_update(
            actor=space_admin, debate=debate, body={"fr": "<p>Réunion jeudi</p>"}
        )
    assert DebateUpdate.objects.filter(debate=debate).count() == 1
    assert Notification.objects.filter(recipient=participant, event="debates.update").exists()
    assert ActionLog.objects.filter(action="post_update", resource_id=debate.pk).exists()
    with pytest.raises(ValidationError):
        services.debate_post_update(actor=space_admin, debate=debate, body={})
    assert DebateUpdate.objects.filter(debate=debate).count() == 1


def test_a_participant_may_not_post_updates(component, participant):
    debate = DebateFactory(component=component)
    with pytest.raises(PermissionDenied):
        services.debate_post_update(actor=participant, debate=debate, body={"fr": "x"})


def test_endorsements_once_per_person_with_their_count(component, participant):
    debate = DebateFactory(component=component)
    services.debate_endorse(user=participant, debate=debate)
    with pytest.raises(ValidationError, match="already endorse"):
        services.debate_endorse(user=participant, debate=debate)
    debate.refresh_from_db()
    assert debate.endorsements_count == 1 == Endorsement.objects.count()
    services.debate_unendorse(user=participant, debate=debate)
    debate.refresh_from_db()
    assert debate.endorsements_count == 0


def test_comments_keep_the_counters_and_the_last_comment(component, participant, other_participant):
    debate = DebateFactory(component=component)
    comment_create(author=participant, target=debate, body="For", alignment=1)
    last = comment_create(author=other_participant, target=debate, body="Against", alignment=-1)
    debate.refresh_from_db()
    assert debate.comments_count == 2
    assert debate.last_comment_by == other_participant
    assert debate.last_comment_at == last.created_at


def test_the_admin_creates_a_draft_with_dates_and_layout_then_publishes(component, space_admin):
    now = timezone.now()
    debate = services.debate_create(
        actor=space_admin,
        component=component,
        layout="two_columns",
        start_at=now,
        end_at=now + datetime.timedelta(days=3),
        **TEXTS,
    )
    assert not debate.is_published and debate.official and debate.two_columns
    services.debate_publish(actor=space_admin, debate=debate)
    assert debate.is_published
    assert (
        ActionLog.objects.filter(resource_id=debate.pk, action__in=["create", "publish"]).count()
        == 2
    )


def test_dates_in_the_wrong_order_are_refused(component, space_admin):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.debate_create(
            actor=space_admin,
            component=component,
            start_at=now,
            end_at=now - datetime.timedelta(days=1),
            layout="three_columns",
            **TEXTS,
        )
    assert set(error.value.error_dict) == {"end_at", "layout"}
    assert not Debate.objects.exists()
