"""Two administrators at once: a draw is made once, whoever clicks first. Run on PostgreSQL
(or a SQLite file); the in-memory SQLite test database cannot be shared between threads."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from palabre.components.proposals.tests.factories import ProposalFactory, ProposalsComponentFactory
from palabre.components.sortitions import lottery, services
from palabre.components.sortitions.models import Panel, ProposalDraw, Replacement
from palabre.core.models import SpaceRole
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import ComponentFactory, SpaceFactory, SpaceRoleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


@pytest.fixture
def setting(organization):
    space = SpaceFactory(organization=organization)
    admin = SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user
    component = ComponentFactory(space=space, manifest_name="sortitions")
    return space, admin, component


def test_a_public_value_entered_twice_at_once_makes_one_draw(setting):
    space, admin, component = setting
    proposals = ProposalsComponentFactory(space=space)
    for _ in range(6):
        ProposalFactory(component=proposals)
    draw = services.draw_create(
        actor=admin, component=component, title={"fr": "T"}, proposals_component=proposals,
        count=2,
    )  # fmt: skip
    outcomes = run_together(
        [
            lambda value=value: services.draw_enter_value(
                actor=admin, draw=draw, public_value=value
            )
            for value in ("1", "6")
        ]
    )
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1
    draw = ProposalDraw.objects.get(pk=draw.pk)
    assert draw.public_value in ("1", "6")
    assert draw.selected == lottery.replay(draw.inputs())


def test_a_panel_drawn_twice_at_once_is_drawn_once(setting):
    _space, admin, component = setting
    panel = Panel.objects.create(
        component=component, title={"fr": "Jury"}, size=1, status=Panel.Status.PUBLISHED,
        published_at=timezone.now(), panels=[[1], [2]], weights=[0.5, 0.5],
        tickets=[500_000, 500_000],
    )  # fmt: skip
    outcomes = run_together(
        [
            lambda value=value: services.panel_draw(actor=admin, panel=panel, public_value=value)
            for value in ("3", "4")
        ]
    )
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1
    panel = Panel.objects.get(pk=panel.pk)
    assert panel.selected == lottery.replay(panel.inputs())
    assert not Replacement.objects.exists()
