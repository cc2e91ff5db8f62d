"""Cards of the list are kept once rendered: whatever a card shows, a change of it shows at
once, in every language, without anything forgetting the kept card."""

import re

import pytest
from django.core.cache import caches
from django.utils import timezone

from palabre.components.proposals.models import Category, Proposal, ProposalState, Scope
from palabre.components.proposals.tests.factories import ProposalFactory, proposals_settings
from palabre.core.models import Component, Space, User


def list_html(client, component, **headers) -> str:
    """The cards of the list page."""
    component = Component.objects.get(pk=component.pk)
    response = client.get(component.get_absolute_url(), headers=headers)
    assert response.status_code == 200
    return re.search(r'<ul class="proposal-list".*?</article>', response.content.decode(), re.S)[0]


def rename_category(proposal):
    Category.objects.filter(pk=proposal.category_id).update(name={"fr": "Nature renommée"})


def rename_scope(proposal):
    Scope.objects.filter(pk=proposal.scope_id).update(name={"fr": "Quartier renommé"})


def recolour_state(proposal):
    ProposalState.objects.filter(pk=proposal.custom_state_id).update(background_color="#123456")


def block_author(proposal):
    User.objects.filter(pk=proposal.first_author.pk).update(blocked_at=timezone.now())


def rename_author(proposal):
    User.objects.filter(pk=proposal.first_author.pk).update(name="Camille Nouveau-Nom")


def rename_space(proposal):
    Space.objects.filter(pk=proposal.component.space_id).update(slug="nouvelle-adresse")


def hide_supports(proposal):
    Component.objects.filter(pk=proposal.component_id).update(
        settings=proposals_settings(step={"supports": "disabled"})
    )


def update(**values):
    def change(proposal):
        Proposal.objects.filter(pk=proposal.pk).update(**values)

    return change


CHANGES = {
    "title": (update(title={"fr": "Un titre tout à fait nouveau"}), "Un titre tout à fait nouveau"),
    "text": (update(body={"fr": "Un texte réécrit entièrement."}), "Un texte réécrit entièrement."),
    "supports": (update(supports_count=41), "41 supports"),
    "comments": (update(comments_count=17), "17 comments"),
    "endorsements": (update(endorsements_count=5), "5 endorsements"),
    "answer published": (
        update(answer_state="accepted", answer_published_at=timezone.now()),
        "proposal-state-accepted",
    ),
    "withdrawn": (update(state=Proposal.State.WITHDRAWN), "proposal-state-withdrawn"),
    "official": (update(source=Proposal.Source.ORGANIZATION), "Official proposal"),
    "category renamed": (rename_category, "Nature renommée"),
    "scope renamed": (rename_scope, "Quartier renommé"),
    "author renamed": (rename_author, "Camille Nouveau-Nom"),
    "author blocked": (block_author, "Blocked participant"),
    "anonymous": (update(anonymous=True), "Anonymous participant"),
    "space address": (rename_space, "/nouvelle-adresse/"),
}


@pytest.fixture
def proposal(component):
    custom = ProposalState.objects.create(component=component, key="done", name={"fr": "Fait"})
    return ProposalFactory(
        component=component,
        category=Category.objects.create(component=component, name={"fr": "Nature"}),
        scope=Scope.objects.create(component=component, name={"fr": "Centre"}),
        custom_state=custom,
        answer_state="custom",
        answer_published_at=timezone.now(),
    )


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_of_what_a_card_shows_shows_at_once(client, proposal, change):
    apply, expected = change
    before = list_html(client, proposal.component)
    assert expected not in before
    assert list_html(client, proposal.component) == before  # the kept card, unchanged
    apply(proposal)
    assert expected in list_html(client, proposal.component)


def test_state_colours_change_at_once_outside_the_kept_card(client, proposal):
    """A custom state's colours are in the page's nonced `<style>`, not in the card (the
    Content-Security-Policy refuses style attributes): the kept card stays as it was and
    the page shows the new colours at once."""
    page = client.get(proposal.component.get_absolute_url()).content.decode()
    badge_class = f"proposal-state-custom-{proposal.custom_state_id}"
    assert badge_class in list_html(client, proposal.component)
    card = list_html(client, proposal.component)
    assert "#123456" not in page
    recolour_state(proposal)
    page = client.get(proposal.component.get_absolute_url()).content.decode()
    style = "".join(re.findall(r"<style nonce=\"[^\"]+\">(.*?)</style>", page, re.S))
    assert f".badge.{badge_class}{{color:" in style and "background:#123456" in style
    assert list_html(client, proposal.component) == card


def test_supports_setting_hides_the_counter_at_once(client, proposal):
    assert "0 supports" in list_html(client, proposal.component)
    hide_supports(proposal)
    assert "0 supports" not in list_html(client, proposal.component)


def test_each_language_has_its_own_card(client, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=3)
    assert "3 supports" in list_html(client, proposal.component, accept_language="en")
    assert "3 soutiens" in list_html(client, proposal.component, accept_language="fr")
    assert "3 supports" in list_html(client, proposal.component, accept_language="en")


def test_the_card_says_whether_the_reader_supports_it(client, signed_in, proposal, user):
    from palabre.components.proposals.models import Support

    reader = signed_in(user)
    assert "you support it" not in list_html(reader, proposal.component)
    Support.objects.create(proposal=proposal, user=user)
    assert "you support it" in list_html(reader, proposal.component)
    assert "you support it" not in list_html(client, proposal.component)


def test_a_rendered_card_is_kept(client, proposal):
    fragments = caches["fragments"]
    fragments.clear()
    list_html(client, proposal.component)
    assert len(fragments._cache) == 1
    list_html(client, proposal.component)
    assert len(fragments._cache) == 1
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=2)
    list_html(client, proposal.component)
    assert len(fragments._cache) == 2
