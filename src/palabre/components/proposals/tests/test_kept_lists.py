"""The order of a list kept for a short time: a visitor paging through it does not make the
database sort and count again, and what the list shows still follows every publication,
change and moderation decision at once; orders that follow counters are never kept."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palabre.components.proposals import selectors
from palabre.components.proposals.models import Proposal
from palabre.components.proposals.tests.factories import ProposalFactory
from palabre.components.proposals.tests.test_queries import hide, url
from palabre.core.tests.factories import UserFactory


def shown(client, component, **params) -> list[int]:
    response = client.get(url(component), params)
    assert response.status_code == 200
    return [p.pk for p in response.context["page"].object_list]


def total(client, component, **params) -> int:
    return client.get(url(component), params).context["page"].paginator.count


def test_pages_of_a_visitor_come_from_the_kept_order(client, component):
    cache.clear()
    proposals = ProposalFactory.create_batch(40, component=component)
    first = shown(client, component, sort="random")
    with CaptureQueriesContext(connection) as captured:
        second = shown(client, component, sort="random", page=2)
        third = shown(client, component, sort="random", page=3)
    # Neither page sorted nor counted the proposals again.
    assert not [q["sql"] for q in captured if "OVER (" in q["sql"] or '"__count"' in q["sql"]]
    assert sorted(first + second + third) == sorted(p.pk for p in proposals)


def test_a_search_is_kept_too_and_counts_its_matches(client, component):
    cache.clear()
    ProposalFactory.create_batch(3, component=component, title={"fr": "Des arceaux à vélo"})
    ProposalFactory(component=component, title={"fr": "Une fontaine"})
    assert total(client, component, q="vélo") == 3
    with CaptureQueriesContext(connection) as captured:
        assert total(client, component, q="vélo") == 3
    assert not [q["sql"] for q in captured if "LIKE" in q["sql"]]
    assert total(client, component, q="fontaine") == 1


def test_a_new_proposal_shows_at_once(client, component):
    cache.clear()
    ProposalFactory.create_batch(3, component=component)
    assert total(client, component) == 3
    new = ProposalFactory(component=component)
    assert total(client, component) == 4
    assert new.pk in shown(client, component, sort="recent")


def test_a_withdrawn_or_answered_proposal_moves_at_once(client, component):
    from palabre.components.proposals import services

    cache.clear()
    author = UserFactory(organization=component.space.organization)
    proposal = ProposalFactory(component=component, author=author)
    ProposalFactory(component=component)
    assert total(client, component, state="withdrawn") == 0
    services.proposal_withdraw(actor=author, proposal=proposal)
    assert shown(client, component, state="withdrawn") == [proposal.pk]


def test_a_hidden_proposal_leaves_at_once(client, component):
    cache.clear()
    proposals = ProposalFactory.create_batch(3, component=component)
    assert total(client, component) == 3
    hide(proposals[1])
    assert proposals[1].pk not in shown(client, component)
    assert total(client, component) == 2


def test_orders_by_counters_follow_every_support(client, component):
    cache.clear()
    first, second = ProposalFactory.create_batch(2, component=component)
    Proposal.objects.filter(pk=first.pk).update(supports_count=3)
    assert shown(client, component, sort="most_supported") == [first.pk, second.pk]
    # The supports service changes the counter alone, as here.
    Proposal.objects.filter(pk=second.pk).update(supports_count=5)
    assert shown(client, component, sort="most_supported") == [second.pk, first.pk]


def test_pages_past_the_kept_ids_are_read_from_the_database(client, component, monkeypatch):
    cache.clear()
    monkeypatch.setattr(selectors, "KEPT_IDS", 20)
    proposals = ProposalFactory.create_batch(40, component=component)
    seen = []
    for number in (1, 2, 3):
        seen.extend(shown(client, component, sort="random", page=number))
    assert sorted(seen) == sorted(p.pk for p in proposals)
    assert total(client, component, sort="random") == 40


def test_my_proposals_are_never_kept_for_others(client, component):
    cache.clear()
    alice, bob = UserFactory.create_batch(2, organization=component.space.organization)
    mine = ProposalFactory(component=component, author=alice)
    ProposalFactory(component=component, author=bob)
    client.force_login(alice)
    assert shown(client, component, mine="1", sort="recent") == [mine.pk]
    client.force_login(bob)
    assert mine.pk not in shown(client, component, mine="1", sort="recent")


def test_a_new_proposal_shows_on_the_map_at_once(client, component):
    cache.clear()
    ProposalFactory(component=component, latitude=45.7, longitude=4.8)
    assert len(client.get(url(component, "map.json")).json()["proposals"]) == 1
    new = ProposalFactory(component=component, latitude=45.7, longitude=4.8)
    points = client.get(url(component, "map.json")).json()["proposals"]
    assert new.pk in [point["id"] for point in points]


def test_the_random_order_of_a_visitor_lives_in_a_cookie_not_in_a_session(client, component):
    from django.contrib.sessions.models import Session

    ProposalFactory.create_batch(20, component=component)
    first = client.get(url(component), {"sort": "random"})
    seed = first.cookies["proposals_seed"]
    assert seed["httponly"] and seed["samesite"] == "Lax"
    again = client.get(url(component), {"sort": "random"})
    assert "proposals_seed" not in again.cookies  # set once, then read
    assert [p.pk for p in again.context["page"].object_list] == [
        p.pk for p in first.context["page"].object_list
    ]
    assert not Session.objects.exists()


def test_a_seed_that_is_not_one_gets_a_new_one(client, component):
    ProposalFactory.create_batch(3, component=component)
    for value in ("abc", "0", "-5", "99999999999", "1" * 50):
        client.cookies["proposals_seed"] = value
        response = client.get(url(component), {"sort": "random"})
        assert response.status_code == 200
        new = int(response.cookies["proposals_seed"].value)
        assert 1 <= new <= 2**31


def test_the_filters_are_kept_in_memory_and_follow_every_change(client, component, admin_user):
    from palabre.components.proposals import services

    ProposalFactory(component=component)
    services.category_create(actor=admin_user, component=component, name={"fr": "Mobilité"})
    assert "Mobilité" in client.get(url(component)).content.decode()
    with CaptureQueriesContext(connection) as captured:
        client.get(url(component))
    assert not [q for q in captured if q["sql"].startswith('SELECT "proposals_category"')]
    assert not [q for q in captured if q["sql"].startswith('SELECT "proposals_scope"')]
    services.scope_create(actor=admin_user, component=component, name={"fr": "Croix-Rousse"})
    category = services.category_create(
        actor=admin_user, component=component, name={"fr": "Nature en ville"}
    )
    page = client.get(url(component)).content.decode()
    assert "Croix-Rousse" in page and "Nature en ville" in page
    services.category_delete(actor=admin_user, category=category)
    assert "Nature en ville" not in client.get(url(component)).content.decode()
