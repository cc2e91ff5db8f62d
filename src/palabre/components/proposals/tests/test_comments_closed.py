"""Comments closed on one proposal by an administrator: the comments stay, none is added."""

import pytest
from django.core.exceptions import PermissionDenied

from palabre.comments.models import Comment
from palabre.comments.services import comment_create
from palabre.components.proposals import services
from palabre.components.proposals.tests.factories import ProposalFactory
from palabre.core.components import component_admin_url
from palabre.core.models import ActionLog
from palabre.core.permissions import can
from palabre.core.resources import resource_ref


@pytest.fixture
def proposal(component):
    return ProposalFactory(component=component)


def test_admins_close_and_reopen_comments_from_the_backoffice(
    signed_in, component, space_admin, proposal
):
    browser = signed_in(space_admin)
    address = component_admin_url(component, "comments_closed", pk=proposal.pk)
    assert (
        'name="closed"'
        in browser.get(component_admin_url(component, "proposal", pk=proposal.pk)).content.decode()
    )
    assert browser.post(address, {"closed": "on"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.comments_closed
    browser.post(address, {})
    proposal.refresh_from_db()
    assert not proposal.comments_closed
    assert list(
        ActionLog.objects.filter(resource_id=str(proposal.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["close_comments", "open_comments"]


def test_participants_and_valuators_cannot_close_comments(
    signed_in, component, proposal, user, valuator
):
    address = component_admin_url(component, "comments_closed", pk=proposal.pk)
    for person in (user, valuator):
        assert signed_in(person).post(address, {"closed": "on"}).status_code in (302, 403, 404)
    with pytest.raises(PermissionDenied):
        services.proposal_comments_close(actor=user, proposal=proposal, closed=True)
    proposal.refresh_from_db()
    assert not proposal.comments_closed


def test_closed_comments_stay_readable_and_no_one_adds_one(
    signed_in, client, component, space_admin, proposal, user
):
    comment_create(author=user, target=proposal, body="Une remarque d'avant")
    other = ProposalFactory(component=component)
    services.proposal_comments_close(actor=space_admin, proposal=proposal, closed=True)
    proposal.refresh_from_db()
    assert not can(user, "comment", proposal)
    assert can(user, "comment", other)
    with pytest.raises(PermissionDenied, match="Comments are closed"):
        comment_create(author=user, target=proposal, body="Trop tard")
    browser = signed_in(user)
    html = browser.get(proposal.get_absolute_url()).content.decode()
    assert "Une remarque d&#x27;avant" in html
    assert "Comments are closed." in html
    assert 'name="body"' not in html
    assert "Reply" not in html
    response = browser.post(
        f"/comments/{resource_ref(proposal).as_string()}/new/", {"body": "Trop tard"}
    )
    assert response.status_code == 403
    assert [list(body.values()) for body in Comment.objects.values_list("body", flat=True)] == [
        ["Une remarque d'avant"]
    ]
    # The other proposals keep their comments open.
    assert 'name="body"' in browser.get(other.get_absolute_url()).content.decode()
