"""Public pages: list with filters and sorts, the proposal page, the creation flow, the map."""

from decimal import Decimal

import pytest
from django.utils import timezone

from palabre.components.proposals import services
from palabre.components.proposals.models import Category, Proposal, Scope
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.tests.factories import UserFactory


def url(component, rest=""):
    return f"{component.get_absolute_url()}{rest}"


def titles(response):
    return [str(p) for p in response.context["page"].object_list]


def test_list_shows_published_and_withdrawn_not_drafts(client, component):
    published = ProposalFactory(component=component, title={"fr": "Publiée pour tout le monde"})
    ProposalFactory(component=component, state=Proposal.State.DRAFT, title={"fr": "Brouillon"})
    response = client.get(url(component))
    assert response.status_code == 200
    assert titles(response) == [str(published)]
    assert "1 proposal" in response.content.decode()


def test_filters(client, component, author):
    category = Category.objects.create(component=component, name={"fr": "Vélo"})
    north = Scope.objects.create(component=component, name={"fr": "Nord"})
    bike = ProposalFactory(
        component=component,
        title={"fr": "Des arceaux pour les vélos"},
        category=category,
        author=author,
    )
    answered = ProposalFactory(
        component=component,
        title={"fr": "Une fontaine au parc"},
        answer_state="accepted",
        answer_published_at=timezone.now(),
        scope=north,
    )
    prepared = ProposalFactory(
        component=component,
        title={"fr": "Un banc au square"},
        answer_state="rejected",
    )
    base = url(component)
    assert titles(client.get(base, {"q": "ARCEAUX"})) == [str(bike)]
    assert titles(client.get(base, {"category": category.pk})) == [str(bike)]
    assert titles(client.get(base, {"state": "accepted"})) == [str(answered)]
    # An answer not yet published stays "not answered" for visitors.
    assert titles(client.get(base, {"state": "rejected"})) == []
    assert set(titles(client.get(base, {"answered": "no"}))) == {str(bike), str(prepared)}
    assert titles(client.get(base, {"scope": north.pk})) == [str(answered)]
    assert titles(client.get(base, {"scope": "nord"})) == titles(client.get(base))
    assert titles(client.get(base, {"mine": "1"})) == []
    client.force_login(author)
    assert titles(client.get(base, {"mine": "1"})) == [str(bike)]


def test_sorts(client, component):
    low = ProposalFactory(component=component, supports_count=1, comments_count=5)
    high = ProposalFactory(component=component, supports_count=9, endorsements_count=2)
    base = url(component)
    assert titles(client.get(base, {"sort": "most_supported"})) == [str(high), str(low)]
    assert titles(client.get(base, {"sort": "most_commented"})) == [str(low), str(high)]
    assert titles(client.get(base, {"sort": "most_endorsed"})) == [str(high), str(low)]
    assert titles(client.get(base, {"sort": "recent"})) == [str(high), str(low)]


def test_random_order_is_stable_for_a_visitor(client, component):
    ProposalFactory.create_batch(20, component=component)
    first = titles(client.get(url(component), {"sort": "random"}))
    assert titles(client.get(url(component), {"sort": "random"})) == first
    page_two = titles(client.get(url(component), {"sort": "random", "page": 2}))
    assert len(first) == 15 and len(page_two) == 5 and not set(first) & set(page_two)


def test_list_queries_do_not_grow(client, component, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    counts = []
    for total in (1, 30):
        for proposal in ProposalFactory.create_batch(29 if counts else 1, component=component):
            services.proposal_support(user=user, proposal=proposal)
        client.get(url(component))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(component), {"sort": "most_supported"})
        assert len(response.context["page"].object_list) == min(total, 15)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 16


@pytest.mark.parametrize("people", [1, 20])
def test_proposal_page(client, component, user, people, django_assert_max_num_queries):
    from palabre.comments.services import comment_create
    from palabre.components.proposals.models import ProposalAuthor

    proposal = ProposalFactory(component=component, body={"fr": "Un texte « accentué »"})
    for person in UserFactory.create_batch(people, organization=component.space.organization):
        ProposalAuthor.objects.create(proposal=proposal, user=person, accepted_at=timezone.now())
        services.proposal_support(user=person, proposal=proposal)
        comment_create(author=person, target=proposal, body="Bonne idée")
    client.force_login(user)
    client.get(proposal.get_absolute_url())
    # Comments bring their own queries (threads, votes, moderation): the page stays bounded.
    with django_assert_max_num_queries(24):
        response = client.get(proposal.get_absolute_url())
    html = response.content.decode()
    assert proposal.fingerprint in html
    assert proposal.reference in html
    assert "&quot;title&quot;:" in html  # the exact source of the fingerprint is shown


def test_drafts_answer_404_to_others(client, component, user):
    draft = ProposalFactory(component=component, state=Proposal.State.DRAFT)
    client.force_login(user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(url(component, f"drafts/{draft.pk}/preview/")).status_code == 404
    client.force_login(draft.first_author)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_creation_flow_write_compare_preview_publish(client, component, author):
    existing = ProposalFactory(component=component, title={"fr": "Des bancs dans le parc central"})
    client.force_login(author)
    # The first step checks what it announces: nothing is written.
    response = client.post(url(component, "new/"), {"title": "Bancs", "body": "Court"})
    assert response.status_code == 200 and not Proposal.objects.filter(state="draft").exists()
    html = response.content.decode()
    assert "The title is too short: 5 characters, at least 15." in html
    assert "The text is too short: 5 characters, at least 15." in html
    response = client.post(
        url(component, "new/"), {"title": "Une fontaine au marché", "body": "Pour boire l'été."}
    )
    assert response.status_code == 302
    draft = Proposal.objects.get(state="draft")
    assert response["Location"].endswith(f"drafts/{draft.pk}/compare/")
    response = client.get(response["Location"])
    assert response.status_code == 200 and response.context["similar"] == []
    client.post(
        url(component, f"drafts/{draft.pk}/edit/"),
        {"title": "Plus de bancs dans le parc central", "body": "Pour se reposer."},
    )
    response = client.get(url(component, f"drafts/{draft.pk}/compare/"))
    assert [p.pk for p in response.context["similar"]] == [existing.pk]
    response = client.post(url(component, f"drafts/{draft.pk}/preview/"))
    draft.refresh_from_db()
    assert draft.state == "published"
    assert response["Location"] == draft.get_absolute_url()


def test_the_first_step_checks_the_rules_it_announces(client, component, author):
    client.force_login(author)
    page = client.get(url(component, "new/")).content.decode()
    assert "Between 15 and 150 characters, not in capitals." in page
    assert "Between 15 and 1000 characters." in page
    response = client.post(
        url(component, "new/"),
        {"title": "TOUT EN CAPITALES ICI", "body": "Un texte assez long pour passer."},
    )
    assert response.status_code == 200
    assert "Please do not write the title in capital letters." in response.content.decode()
    assert not Proposal.objects.exists()


def test_publication_errors_are_shown_and_change_nothing(client, component, author):
    """The rules are checked again at publication: the settings may have changed since the
    draft was written."""
    client.force_login(author)
    client.post(url(component, "new/"), {"title": "Des bancs au parc", "body": "Pour se reposer."})
    draft = Proposal.objects.get()
    component.settings["global"]["body_min_length"] = 100
    component.save()
    response = client.post(url(component, f"drafts/{draft.pk}/preview/"))
    assert response.status_code == 400
    assert "The text is too short: 16 characters, at least 100." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_creation_refused_when_the_step_does_not_allow_it(client, organization, author):
    component = ProposalsComponentFactory(
        space__organization=organization,
        settings=proposals_settings(step={"creation_enabled": False}),
    )
    client.force_login(author)
    assert client.get(url(component, "new/")).status_code == 403
    assert Proposal.objects.count() == 0


def test_support_and_withdraw_buttons_work_without_javascript(client, component, user):
    proposal = ProposalFactory(component=component)
    client.force_login(user)
    response = client.post(url(component, f"{proposal.pk}/support/"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.supports_count == 1
    response = client.post(url(component, f"{proposal.pk}/support/"), follow=True)
    assert "already support" in response.content.decode()
    client.post(url(component, f"{proposal.pk}/support/"), {"undo": "1"})
    client.post(url(component, f"{proposal.pk}/endorse/"))
    proposal.refresh_from_db()
    assert (proposal.supports_count, proposal.endorsements_count) == (0, 1)
    client.force_login(proposal.first_author)
    client.post(url(component, f"{proposal.pk}/withdraw/"))
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"


def test_anonymous_people_are_sent_to_sign_in(client, component):
    proposal = ProposalFactory(component=component)
    response = client.post(url(component, f"{proposal.pk}/support/"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert Proposal.objects.get().supports_count == 0


def test_map_json_follows_the_filters(client, component):
    placed = ProposalFactory(
        component=component,
        title={"fr": "Une fontaine place Bellecour"},
        latitude=45.7578,
        longitude=4.832,
    )
    ProposalFactory(
        component=component,
        latitude=45.76,
        longitude=4.84,
        answer_state="accepted",
        answer_published_at=timezone.now(),
    )
    ProposalFactory(component=component)
    data = client.get(url(component, "map.json"), {"state": "not_answered"}).json()
    assert data == {
        "proposals": [
            {
                "id": placed.pk,
                "title": "Une fontaine place Bellecour",
                "lat": 45.7578,
                "lon": 4.832,
                "url": placed.get_absolute_url(),
            }
        ]
    }
    page = client.get(url(component, "map/"))
    assert "Une fontaine place Bellecour" in page.content.decode()


def test_map_page_draws_a_labelled_map_above_the_list(client, component):
    placed = ProposalFactory(
        component=component,
        title={"fr": "Une fontaine <place> Bellecour"},
        latitude=45.7578,
        longitude=4.832,
    )
    ProposalFactory(component=component, title={"fr": "Sans adresse sur la carte"})
    html = client.get(url(component, "map/"), {"state": "not_answered", "q": "fontaine"}).content
    html = html.decode()
    container = html.index('id="proposals-map"')
    assert 'role="region" aria-label="Map of the proposals" hidden' in html
    assert f'data-source="{url(component, "map.json")}?state=not_answered&amp;q=fontaine"' in html
    assert 'id="proposals-map-options" type="application/json"' in html
    assert html.index(f'href="{placed.get_absolute_url()}"') > container
    assert "Une fontaine &lt;place&gt; Bellecour" in html
    assert "Sans adresse" not in html
    assert 'src="/static/proposals/map.js" defer' in html
    assert 'src="/static/leaflet/leaflet.js" defer' in html


def test_map_page_without_places_has_no_map(client, component):
    ProposalFactory(component=component)
    html = client.get(url(component, "map/")).content.decode()
    assert "No proposal has a place on the map yet." in html
    assert 'id="proposals-map"' not in html and "leaflet.js" not in html


def test_map_json_leaves_out_drafts_and_hidden_places(client, component):
    ProposalFactory(component=component, state="draft", latitude=45.7, longitude=4.8)
    ProposalFactory(component=component, latitude=None, longitude=None)
    assert client.get(url(component, "map.json")).json() == {"proposals": []}


def test_map_queries_do_not_grow_with_the_proposals(
    client, component, django_assert_max_num_queries
):
    ProposalFactory(component=component, latitude=45.7, longitude=4.8)
    client.get(url(component, "map/"))
    with django_assert_max_num_queries(12) as one:
        client.get(url(component, "map/"))
    ProposalFactory.create_batch(20, component=component, latitude=45.7, longitude=4.8)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url(component, "map/")).content.decode().count("card-meta") == 21


def test_my_drafts(client, component, author):
    mine = ProposalFactory(component=component, state="draft", author=author)
    ProposalFactory(component=component, state="draft", author=UserFactory())
    client.force_login(author)
    response = client.get(url(component, "drafts/"))
    assert response.context["drafts"] == [mine]


def test_authors_edit_within_the_window(client, component):
    import datetime

    proposal = ProposalFactory(component=component)
    client.force_login(proposal.first_author)
    edit = url(component, f"{proposal.pk}/edit/")
    assert edit in client.get(proposal.get_absolute_url()).content.decode()
    response = client.post(
        edit, {"title": "Un titre corrigé pour la ville", "body": "Un texte corrigé aussi."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == {"fr": "Un titre corrigé pour la ville"}
    Proposal.objects.filter(pk=proposal.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    assert edit not in client.get(proposal.get_absolute_url()).content.decode()
    response = client.post(
        edit, {"title": "Encore un autre titre correct", "body": "Un texte corrigé aussi."}
    )
    assert "time to edit" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == {"fr": "Un titre corrigé pour la ville"}


def test_only_authors_get_the_edit_form(client, component, user, admin_user):
    """The form is refused from the first look, not only when it is sent."""
    proposal = ProposalFactory(component=component)
    edit = url(component, f"{proposal.pk}/edit/")
    for person in (user, admin_user):
        client.force_login(person)
        assert client.get(edit).status_code == 403
        response = client.post(edit, {"title": "Un titre pris par quelqu'un d'autre", "body": "X"})
        assert response.status_code == 403
    withdrawn = ProposalFactory(component=component, state="withdrawn")
    client.force_login(withdrawn.first_author)
    assert client.get(url(component, f"{withdrawn.pk}/edit/")).status_code == 403
    client.logout()
    assert client.get(edit).status_code == 302  # to the sign-in page
    client.force_login(proposal.first_author)
    assert client.get(edit).status_code == 200


INVITED = "If a participant has this nickname, they are invited"


def test_invite_and_accept_a_coauthor(client, component, user):
    proposal = ProposalFactory(component=component)
    client.force_login(proposal.first_author)
    response = client.post(
        url(component, f"{proposal.pk}/invite/"), {"nickname": user.nickname.upper()}, follow=True
    )
    assert INVITED in response.content.decode()
    client.force_login(user)
    assert "Accept to co-author" in client.get(proposal.get_absolute_url()).content.decode()
    client.post(url(component, f"{proposal.pk}/coauthorship/"))
    assert proposal.authors.filter(user=user, accepted_at__isnull=False).exists()


def test_whether_a_nickname_exists_does_not_show_when_inviting(client, component, user):
    """Nicknames are not public: an unknown one, a blocked account and a person already
    invited get the answer a new invitation gets."""
    from palabre.core.tests.factories import UserFactory

    proposal = ProposalFactory(component=component)
    blocked = UserFactory(organization=component.space.organization, blocked_at=timezone.now())
    client.force_login(proposal.first_author)
    invite = url(component, f"{proposal.pk}/invite/")
    for nickname in ("nobody-here", blocked.nickname, user.nickname, user.nickname):
        response = client.post(invite, {"nickname": nickname}, follow=True)
        assert response.status_code == 200
        assert INVITED in response.content.decode()
        assert "error" not in [m.tags for m in response.context["messages"]]
    assert [a.user for a in proposal.authors.filter(accepted_at__isnull=True)] == [user]
    # Someone who is not an author is refused, whatever the nickname.
    client.force_login(user)
    assert client.post(invite, {"nickname": "nobody-here"}).status_code == 403


def test_a_proposal_page_shows_what_it_became_and_where_it_comes_from(
    client, component, admin_user
):
    first, second = ProposalFactory.create_batch(
        2, component=component, title={"fr": "Une idée de départ pour le quartier"}
    )
    merged = services.proposals_merge(
        actor=admin_user,
        component=component,
        proposal_ids=[first.pk, second.pk],
        title={"fr": "Deux idées réunies en une seule"},
        body={"fr": "Ensemble"},
    )
    original = client.get(first.get_absolute_url()).content.decode()
    assert f'Merged into <a href="{merged.get_absolute_url()}">' in original
    result = client.get(merged.get_absolute_url()).content.decode()
    assert result.count("Comes from") == 2
    assert f'<a href="{second.get_absolute_url()}">' in result


def test_a_proposal_id_no_database_can_hold_is_a_404(client, component):
    assert client.get(f"{component.get_absolute_url()}{'9' * 30}/").status_code == 404


@pytest.mark.parametrize(
    ("language", "currency", "shown"),
    [("en", "EUR", "€12,500"), ("fr", "EUR", "12\u202f500\u00a0€"), ("en", "CHF", "CHF12,500")],
)
def test_the_cost_of_an_accepted_proposal_is_money_in_the_readers_language(
    client, component, language, currency, shown
):
    organization = component.space.organization
    organization.currency = currency
    organization.save()
    proposal = ProposalFactory(
        component=component,
        answer_state="accepted",
        cost=Decimal("12500.00"),
        answered_at=timezone.now(),
        answer_published_at=timezone.now(),
    )
    page = client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    assert f"<dd>{shown}</dd>" in page.content.decode()


def test_a_proposal_reads_in_french_typography(client, component):
    """A narrow no-break space before the colon, inside the translated text."""
    proposal = ProposalFactory(
        component=component,
        address="1 place Bellecour, Lyon",
        answer_state="accepted",
        answered_at=timezone.now(),
        answer_published_at=timezone.now(),
    )
    page = client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<strong>Adresse\u202f:</strong> 1 place Bellecour, Lyon" in page
    assert ">Réponse\u202f: " in page
    assert "Adresse:" not in page and "Réponse:" not in page
