"""Who may do what on a debate, open or closed, as tables."""

import datetime

import pytest
from django.utils import timezone

from palabre.components.debates.tests.factories import DebateFactory
from palabre.core.permissions import can

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(participant, other_participant, space_admin, other_org_admin):
    from django.contrib.auth.models import AnonymousUser

    return {
        "visitor": AnonymousUser(),
        "participant": other_participant,
        "author": participant,
        "space admin": space_admin,
        "other organization's admin": other_org_admin,
    }


@pytest.fixture
def open_debate(component, participant):
    return DebateFactory(component=component, official=False, author=participant)


@pytest.fixture
def closed_debate(component, participant):
    return DebateFactory(
        component=component, official=False, author=participant, closed_at=timezone.now()
    )


OPEN = {
    # person: (comment, endorse, edit, close, admin)
    "visitor": (False, False, False, False, False),
    "participant": (True, True, False, False, False),
    "author": (True, True, True, True, False),
    "space admin": (True, True, False, False, True),
    "other organization's admin": (True, True, False, False, False),
}
ACTIONS = ("comment", "endorse", "edit", "close", "admin")


@pytest.mark.parametrize("person", OPEN)
def test_open_debate(people, open_debate, person):
    user = people[person]
    got = tuple(
        can(user, action, open_debate if action != "admin" else open_debate.component)
        for action in ACTIONS
    )
    assert got == OPEN[person]


@pytest.mark.parametrize("person", OPEN)
def test_a_closed_debate_is_read_only_for_everyone(people, closed_debate, person):
    user = people[person]
    for action in ("comment", "endorse", "edit", "close"):
        assert not can(user, action, closed_debate), (person, action)
    assert can(user, "view", closed_debate)


def test_a_debate_past_its_end_is_closed(people, component):
    debate = DebateFactory(component=component, end_at=timezone.now() - datetime.timedelta(hours=1))
    assert debate.is_closed
    assert not can(people["participant"], "comment", debate)


def test_a_debate_before_its_start_takes_no_argument(people, component):
    debate = DebateFactory(
        component=component, start_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert not can(people["participant"], "comment", debate)
    assert can(people["participant"], "view", debate)


def test_a_debate_without_dates_stays_open(component):
    debate = DebateFactory(component=component, start_at=None, end_at=None)
    assert debate.is_open


@pytest.mark.parametrize(
    ("step", "action", "allowed"),
    [
        ({"creation_enabled": False}, "create", False),
        ({"creation_enabled": True}, "create", True),
        ({"endorsements": "blocked"}, "endorse", False),
        ({"endorsements": "disabled"}, "endorse", False),
        ({"comments_blocked": True}, "comment", False),
    ],
)
def test_step_settings(space, other_participant, step, action, allowed):
    from palabre.components.debates.tests.conftest import debates_component

    component = debates_component(space, **step)
    debate = DebateFactory(component=component)
    target = component if action == "create" else debate
    assert can(other_participant, action, target) is allowed


def test_a_draft_is_seen_by_its_administrators_only(people, component):
    draft = DebateFactory(component=component, published_at=None)
    assert can(people["space admin"], "view", draft)
    for person in ("visitor", "participant", "other organization's admin"):
        assert not can(people[person], "view", draft)
