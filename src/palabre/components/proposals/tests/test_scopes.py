"""Scopes of a proposals component: offered like categories in the forms, the filters,
the backoffice and the exports."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from palabre.components.proposals import services
from palabre.components.proposals.exports import proposal_rows
from palabre.components.proposals.models import Proposal, Scope
from palabre.components.proposals.tests.factories import ProposalFactory, ProposalsComponentFactory
from palabre.core.components import component_admin_url
from palabre.core.models import ActionLog

TITLE = "Des bancs à l'ombre près du marché"
BODY = "Les personnes âgées n'ont nulle part où s'asseoir en été."


@pytest.fixture
def north(component):
    return Scope.objects.create(component=component, name={"fr": "Nord", "en": "North"})


@pytest.fixture
def south(component):
    return Scope.objects.create(component=component, name={"fr": "Sud", "en": "South"})


def url(component, rest=""):
    return f"{component.get_absolute_url()}{rest}"


def test_authors_choose_a_scope_of_the_component(signed_in, component, author, north):
    browser = signed_in(author)
    html = browser.get(url(component, "new/")).content.decode()
    assert '<select name="scope"' in html and ">North</option>" in html
    response = browser.post(
        url(component, "new/"), {"title": TITLE, "body": BODY, "scope": north.pk}
    )
    assert response.status_code == 302
    assert Proposal.objects.get().scope == north


def test_no_scope_field_without_scopes(signed_in, component, author):
    assert 'name="scope"' not in signed_in(author).get(url(component, "new/")).content.decode()


def test_a_scope_of_another_component_is_refused(component, author, north):
    elsewhere = Scope.objects.create(
        component=ProposalsComponentFactory(space=component.space), name={"fr": "Ailleurs"}
    )
    with pytest.raises(ValidationError) as raised:
        services.proposal_create_draft(
            author=author, component=component, title=TITLE, body=BODY, scope=elsewhere.pk
        )
    assert raised.value.message_dict["scope"] == ["Choose one of the proposed scopes."]
    assert not Proposal.objects.exists()


def test_authors_change_the_scope_of_their_draft(component, author, north, south):
    draft = services.proposal_create_draft(
        author=author, component=component, title=TITLE, body=BODY, scope=north
    )
    services.proposal_update_draft(
        actor=author, proposal=draft, title=TITLE, body=BODY, scope=south.pk
    )
    draft.refresh_from_db()
    assert draft.scope == south


def test_the_list_filters_by_scope(client, component, north, south):
    in_north = ProposalFactory(component=component, scope=north)
    ProposalFactory(component=component, scope=south)
    ProposalFactory(component=component)
    response = client.get(url(component), {"scope": north.pk})
    assert [p.pk for p in response.context["page"].object_list] == [in_north.pk]
    html = response.content.decode()
    assert f'<option value="{north.pk}" selected>North</option>' in html
    assert "North" in html  # the card names the scope
    map_data = client.get(url(component, "map.json"), {"scope": south.pk}).json()
    assert map_data == {"proposals": []}


def test_the_page_names_the_scope(client, component, north):
    proposal = ProposalFactory(component=component, scope=north)
    assert "· North" in client.get(proposal.get_absolute_url()).content.decode()


def test_admins_manage_scopes(signed_in, component, space_admin):
    browser = signed_in(space_admin)
    address = component_admin_url(component, "scopes")
    response = browser.post(address, {"name_fr": ""})
    assert response.status_code == 200 and not Scope.objects.exists()
    browser.post(address, {"name_fr": "Centre", "name_en": "Centre"})
    scope = Scope.objects.get()
    assert scope.name == {"fr": "Centre", "en": "Centre"}
    proposal = ProposalFactory(component=component, scope=scope)
    browser.post(component_admin_url(component, "scope_delete", pk=scope.pk))
    proposal.refresh_from_db()
    assert proposal.scope is None
    assert set(ActionLog.objects.values_list("action", flat=True)) == {
        "create_scope",
        "delete_scope",
    }


def test_participants_cannot_manage_scopes(signed_in, component, user):
    response = signed_in(user).post(component_admin_url(component, "scopes"), {"name_fr": "X"})
    assert response.status_code in (302, 403)
    assert not Scope.objects.exists()


def test_the_backoffice_filters_shows_and_changes_scopes(
    signed_in, component, space_admin, north, south
):
    first, second = ProposalFactory.create_batch(2, component=component, scope=north)
    browser = signed_in(space_admin)
    browser.post(
        component_admin_url(component, "bulk"),
        {"action": "change_scope", "scope": south.pk, "proposals": [first.pk]},
    )
    first.refresh_from_db()
    assert first.scope == south
    response = browser.get(component_admin_url(component), {"scope": north.pk})
    assert [p.pk for p in response.context["page"].object_list] == [second.pk]
    assert '<th scope="col">Scope</th>' in response.content.decode()


def test_official_proposals_take_a_scope(signed_in, component, space_admin, north):
    signed_in(space_admin).post(
        component_admin_url(component, "official_new"),
        {"title_fr": "Une proposition de la mairie", "source": "organization", "scope": north.pk},
    )
    assert Proposal.objects.get().scope == north


def test_exports_give_the_scope_name(signed_in, component, space_admin, north):
    ProposalFactory(component=component, scope=north)
    assert next(proposal_rows(component))["scope"] == "North"
    response = signed_in(space_admin).get(component_admin_url(component, "export_csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["scope"] == "North"


def test_copies_keep_the_category_and_scope_of_the_same_name(component, space_admin, north):
    from palabre.components.proposals.models import Category

    target = ProposalsComponentFactory(space=component.space)
    target_north = Scope.objects.create(component=target, name={"fr": "Nord"})
    roads = Category.objects.create(component=component, name={"fr": "Voirie"})
    target_roads = Category.objects.create(component=target, name={"fr": "voirie "})
    original = ProposalFactory(component=component, scope=north, category=roads)
    elsewhere = ProposalFactory(
        component=component, scope=Scope.objects.create(component=component, name={"fr": "Est"})
    )
    copies = services.proposals_copy(
        actor=space_admin,
        component=component,
        proposal_ids=[original.pk, elsewhere.pk],
        target=target,
    )
    by_title = {copy.title["fr"]: copy for copy in copies}
    first, second = by_title[original.title["fr"]], by_title[elsewhere.title["fr"]]
    assert (first.scope, first.category) == (target_north, target_roads)
    assert (second.scope, second.category) == (None, None)
