"""Refusals of the proposals say why and what to do next."""

from palabre.components.proposals.models import Proposal
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.resources import resource_ref


def component_with(organization, **settings):
    return ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(**settings)
    )


def test_creation_closed_in_this_phase_says_so_and_leads_back(signed_in, organization, author):
    component = component_with(organization, step={"creation_enabled": False})
    response = signed_in(author).get(f"{component.get_absolute_url()}new/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Proposals are not open in this phase" in html
    assert f'href="{component.get_absolute_url()}">Back to Proposals</a>' in html
    assert "/accounts/login/" not in html


def test_a_visitor_who_wants_to_propose_is_sent_to_sign_in_and_back(client, organization):
    component = component_with(organization)
    new = f"{component.get_absolute_url()}new/"
    response = client.get(new)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=" in response["Location"] and "new/" in response["Location"]


def test_supports_closed_in_this_phase_say_so(signed_in, organization, user):
    component = component_with(organization, step={"supports": "disabled"})
    proposal = ProposalFactory(component=component)
    response = signed_in(user).post(f"{component.get_absolute_url()}{proposal.pk}/support/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Supports are not open in this phase." in html
    assert f'href="{component.get_absolute_url()}">Back to Proposals</a>' in html
    assert Proposal.objects.get().supports_count == 0


def test_the_support_limit_says_how_many_supports_were_used(signed_in, organization, user):
    component = component_with(organization, supports_limit=3)
    proposals = ProposalFactory.create_batch(4, component=component)
    browser = signed_in(user)
    for proposal in proposals[:3]:
        browser.post(f"{component.get_absolute_url()}{proposal.pk}/support/")
    response = browser.post(
        f"{component.get_absolute_url()}{proposals[3].pk}/support/", follow=True
    )
    assert "You have used all your 3 supports." in response.content.decode()
    assert Proposal.objects.get(pk=proposals[3].pk).supports_count == 0


def test_commenting_closed_in_this_phase_says_so(signed_in, organization, user):
    component = component_with(organization, step={"comments_blocked": True})
    proposal = ProposalFactory(component=component)
    response = signed_in(user).post(
        f"/comments/{resource_ref(proposal).as_string()}/new/",
        {"body": "Une remarque"},
        HTTP_REFERER=f"http://testserver{proposal.get_absolute_url()}",
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Comments are closed in this phase." in html
    assert (
        f'href="http://testserver{proposal.get_absolute_url()}">Back to the previous page' in html
    )


def test_a_participant_who_may_not_propose_yet_reads_why_on_the_list(
    signed_in, organization, user, admin_user
):
    """Proposals are open, but the person may not propose yet (here: new terms of use to
    accept): instead of a list without its "New proposal" button, the reason and the step
    that lifts it, coming back to the list."""
    from palabre.legal.services import legal_pages_setup, terms_publish

    component = component_with(organization)
    legal_pages_setup(organization=organization)
    terms_publish(actor=admin_user, organization=organization, summary={"fr": "Nouveau"})
    html = signed_in(user).get(component.get_absolute_url()).content.decode()
    assert "accept the new version to take part" in html
    assert f'href="/legal/terms/accept/?next={component.get_absolute_url()}"' in html
    assert f'href="{component.get_absolute_url()}new/"' not in html


def test_a_participant_who_may_not_support_yet_reads_why_on_the_proposal(
    signed_in, organization, user, admin_user
):
    """Supports are open, but the person may not support yet (new terms of use to accept):
    the proposal page says why and links the step that lifts it, coming back here."""
    from palabre.legal.services import legal_pages_setup, terms_publish

    component = component_with(organization, step={"supports": "enabled"})
    proposal = ProposalFactory(component=component, state=Proposal.State.PUBLISHED)
    legal_pages_setup(organization=organization)
    terms_publish(actor=admin_user, organization=organization, summary={"fr": "Nouveau"})
    url = proposal.get_absolute_url()
    html = signed_in(user).get(url).content.decode()
    assert "accept the new version to take part" in html
    assert f'href="/legal/terms/accept/?next={url}"' in html
    assert f'action="{url}support/"' not in html
