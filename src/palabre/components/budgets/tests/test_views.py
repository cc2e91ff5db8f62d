"""The voting flow in a browser without JavaScript, permissions as a table, query counts,
and the backoffice pages."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.components.budgets.models import BudgetResult, Order, Project
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.core.components import component_admin_url, component_url
from palabre.core.models import ActionLog
from palabre.core.permissions import can
from palabre.core.registry import components
from palabre.core.tests.factories import SpaceMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(organization):
    component = BudgetsComponentFactory(
        space__organization=organization, settings=budgets_settings(minimum_percent=50)
    )
    return BudgetFactory(component=component, envelope=Decimal("100000"))


def url(budget, name="budget", **kwargs):
    return component_url(budget.component, name, budget_id=budget.pk, **kwargs)


# Permissions ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "voting", "private", "allowed"),
    [
        ("anonymous", "open", False, False),
        ("participant", "open", False, True),
        ("participant", "disabled", False, False),
        ("participant", "finished", False, False),
        ("member", "open", True, True),
        ("non_member", "open", True, False),
    ],
)
def test_who_may_vote(organization, who, voting, private, allowed):
    from django.contrib.auth.models import AnonymousUser

    component = BudgetsComponentFactory(
        space__organization=organization,
        space__private=private,
        settings=budgets_settings(voting=voting),
    )
    budget = BudgetFactory(component=component)
    person = AnonymousUser() if who == "anonymous" else UserFactory(organization=organization)
    if who == "member":
        SpaceMemberFactory(space=component.space, user=person)
    assert can(person, "vote", budget) is allowed
    assert can(person, "vote", ProjectFactory(budget=budget)) is allowed


def test_a_private_space_budget_is_a_404_for_non_members(client, organization, user):
    component = BudgetsComponentFactory(space__organization=organization, space__private=True)
    budget = BudgetFactory(component=component)
    client.force_login(user)
    assert client.get(url(budget)).status_code == 404


# The voting flow -------------------------------------------------------------------
def test_the_whole_flow_without_javascript(
    client, budget, user, mailoutbox, django_capture_on_commit_callbacks
):
    big = ProjectFactory(budget=budget, cost=Decimal("60000"), title={"fr": "Grand parc"})
    small = ProjectFactory(budget=budget, cost=Decimal("30000"))
    too_much = ProjectFactory(budget=budget, cost=Decimal("20000"))
    client.force_login(user)
    page = client.get(url(budget))
    assert page.status_code == 200
    assert b"<progress" in page.content and b"Add" in page.content

    response = client.post(
        url(budget, "project_add", pk=big.pk), {"next": url(budget)}, follow=True
    )
    assert "Grand parc" in response.content.decode()
    client.post(url(budget, "project_add", pk=small.pk))
    response = client.post(url(budget, "project_add", pk=too_much.pk), follow=True)
    assert "remain in your basket" in response.content.decode()

    confirm = client.get(url(budget, "checkout"))
    assert b"Cast my vote" in confirm.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(budget, "checkout"), follow=True)
    assert "Your vote is recorded" in response.content.decode()
    assert "You have voted" in response.content.decode()
    assert Order.objects.get(user=user).is_checked_out
    assert len(mailoutbox) == 1

    response = client.post(url(budget, "cancel"), follow=True)
    assert "withdrawn" in response.content.decode()
    assert not Order.objects.get(user=user).is_checked_out
    big.refresh_from_db()
    assert big.votes_count == 0


def test_ticking_several_projects_adds_them_in_one_request(client, budget, user):
    first, second = ProjectFactory.create_batch(2, budget=budget, cost=Decimal("20000"))
    client.force_login(user)
    page = client.get(url(budget)).content.decode()
    assert 'form="basket-add-form"' in page and 'id="basket-add-form"' in page
    response = client.post(
        url(budget, "basket_add"), {"project": [first.pk, second.pk], "next": url(budget)}
    )
    assert response.status_code == 302
    assert set(Order.objects.get(user=user).lines.values_list("project_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert "The chosen projects are in your basket" in client.get(url(budget)).content.decode()


def test_ticking_projects_over_the_envelope_adds_none_and_names_the_one_refused(
    client, budget, user
):
    fits = ProjectFactory(budget=budget, cost=Decimal("70000"))
    over = ProjectFactory(budget=budget, cost=Decimal("40000"), title={"en": "Swimming pool"})
    client.force_login(user)
    response = client.post(url(budget, "basket_add"), {"project": [fits.pk, over.pk]}, follow=True)
    page = response.content.decode()
    assert "“Swimming pool” cannot be added" in page and "remain in your basket" in page
    assert not Order.objects.filter(user=user, lines__isnull=False).exists()


@pytest.mark.parametrize(
    ("values", "status", "message"),
    [
        ([], 200, "Choose at least one project to add."),
        (["abc"], 200, "One of the chosen projects does not exist."),
        (["of another budget"], 404, ""),
        (["9" * 30], 404, ""),  # an id no database can hold
    ],
)
def test_ticking_nothing_or_unknown_projects_changes_nothing(
    client, budget, user, values, status, message
):
    if values == ["of another budget"]:
        values = [str(ProjectFactory().pk)]
    client.force_login(user)
    response = client.post(url(budget, "basket_add"), {"project": values}, follow=True)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Order.objects.filter(user=user, lines__isnull=False).exists()


def test_an_empty_basket_cannot_be_cast(client, budget, user):
    client.force_login(user)
    response = client.get(url(budget, "checkout"))
    assert b"Your basket is empty" in response.content
    assert b"Cast my vote" not in response.content


def test_visitors_are_sent_to_sign_in(client, budget):
    project = ProjectFactory(budget=budget)
    response = client.post(url(budget, "project_add", pk=project.pk))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_redirect_never_leaves_the_site(client, budget, user):
    project = ProjectFactory(budget=budget)
    client.force_login(user)
    response = client.post(
        url(budget, "project_add", pk=project.pk), {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"{url(budget)}#project-{project.pk}"


def test_categories_are_shown_in_the_readers_language(client, budget):
    """A category is a translated text: named in English on an English page, and filtered
    by the same key (its text in the default language) whatever the reader's language."""
    category = {"fr": "Mobilités", "en": "Getting around"}
    ProjectFactory(budget=budget, title={"fr": "Piste cyclable"}, category=category)
    ProjectFactory(budget=budget, title={"fr": "Jardin"})
    english = client.get(url(budget), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="Mobilités">Getting around</option>' in english
    assert "· Getting around" in english and "· Mobilités" not in english
    french = client.get(url(budget), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="Mobilités">Mobilités</option>' in french
    filtered = client.get(url(budget), {"category": "Mobilités"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Piste" in filtered.content.decode() and "Jardin" not in filtered.content.decode()


def test_one_budget_goes_straight_to_it(client, budget):
    response = client.get(component_url(budget.component))
    assert response.status_code == 302 and response["Location"] == url(budget)


def test_several_budgets_are_listed(client, budget):
    BudgetFactory(component=budget.component, title={"fr": "Quartier Nord"})
    response = client.get(component_url(budget.component))
    assert response.status_code == 200 and "Quartier Nord" in response.content.decode()


def test_filters_search_and_sorts(client, budget):
    nature = {"fr": "Nature", "en": "Nature"}
    mobility = {"fr": "Mobilité", "en": "Getting around"}
    ProjectFactory(budget=budget, title={"fr": "Jardin d’été"}, category=nature, cost=5)
    ProjectFactory(budget=budget, title={"fr": "Piste cyclable"}, category=mobility, cost=9)
    content = client.get(url(budget), {"q": "été"}).content.decode()
    assert "Jardin" in content and "Piste" not in content
    content = client.get(url(budget), {"category": "Mobilité"}).content.decode()
    assert "Piste" in content and "Jardin" not in content
    content = client.get(url(budget), {"sort": "cost_desc"}).content.decode()
    assert content.index("Piste") < content.index("Jardin")

    def order():
        content = client.get(url(budget)).content.decode()
        return content.index("Jardin") < content.index("Piste")

    assert len({order() for _ in range(4)}) == 1  # the shuffle is stable for a visitor


def test_project_page(client, budget):
    project = ProjectFactory(
        budget=budget,
        address="Place du Ralliement",
        latitude=Decimal("47.47"),
        longitude=Decimal("-0.55"),
    )
    content = client.get(url(budget, "project", pk=project.pk)).content.decode()
    assert "Place du Ralliement" in content and "openstreetmap" in content


def test_budget_page_queries_do_not_grow_with_projects(client, budget, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(count: int) -> int:
        missing = count - budget.projects.count()
        ProjectFactory.create_batch(missing, budget=budget, cost=Decimal("1000"))
        Project.objects.filter(budget=budget).update(image="budgets/x.png")
        with CaptureQueriesContext(connection) as context:
            response = client.get(url(budget), {"page": 1, "sort": "random"})
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == count
        return len(context)

    budget.component.settings = budgets_settings(minimum_percent=50, projects_per_page=50)
    budget.component.save()
    client.force_login(user)
    ProjectFactory(budget=budget, cost=Decimal("1000"))
    client.post(url(budget, "project_add", pk=budget.projects.first().pk))
    client.get(url(budget))  # the session's shuffle seed is set on the first visit
    five = queries_with(5)
    assert five == queries_with(40)
    assert five <= 16


def test_results_show_the_published_result_once_voting_is_finished(client, organization):
    component = BudgetsComponentFactory(
        space__organization=organization, settings=budgets_settings(voting="finished")
    )
    budget = BudgetFactory(component=component)
    winner, loser = (
        ProjectFactory(budget=budget, title={"fr": "Gagnant"}),
        ProjectFactory(budget=budget, title={"fr": "Perdant"}),
    )
    BudgetResult.objects.create(
        budget=budget,
        rule="greedy",
        selected_projects=[winner.pk],
        total_cost=10000,
        explanations={
            str(winner.pk): {
                "status": "selected",
                "rank": 1,
                "votes": 3,
                "cost": "10000",
                "remaining_budget": "100000",
            },
            str(loser.pk): {
                "status": "did_not_fit",
                "rank": 2,
                "votes": 1,
                "cost": "10000",
                "remaining_budget": "0",
            },
        },
        published_at="2026-01-01T00:00:00Z",
    )
    content = client.get(url(budget, "results")).content.decode()
    assert content.index("Gagnant") < content.index("Perdant")
    assert "Ranked 1" in content


# Backoffice ------------------------------------------------------------------------
def admin_url(budget, name="budget", **kwargs):
    return component_admin_url(budget.component, name, budget_id=budget.pk, **kwargs)


def test_backoffice_pages_answer(client, budget, admin_user):
    ProjectFactory(budget=budget)
    client.force_login(admin_user)
    assert client.get(component_admin_url(budget.component)).status_code == 200
    for name in ("budget", "budget_edit", "project_new", "projects_import", "paper_ballot"):
        assert client.get(admin_url(budget, name)).status_code == 200, name


def test_backoffice_index_queries_do_not_grow_with_budgets(client, budget, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from palabre.components.budgets import services

    def queries_with(count: int) -> int:
        for _index in range(count - budget.component.budgets.count()):
            other = BudgetFactory(component=budget.component)
            voter = UserFactory(organization=budget.component.space.organization)
            services.order_add_project(user=voter, project=ProjectFactory(budget=other))
        with CaptureQueriesContext(connection) as context:
            response = client.get(component_admin_url(budget.component))
        assert response.status_code == 200
        return len(context)

    client.force_login(admin_user)
    assert queries_with(2) == queries_with(6)
    page = client.get(component_admin_url(budget.component)).content.decode()
    assert page.count("<td>1</td><td>0</td>") == 5  # each other budget: one basket, no vote


def test_participants_cannot_manage(client, budget, user):
    client.force_login(user)
    assert client.get(admin_url(budget, "paper_ballot")).status_code in (403, 404)


def test_csv_import_is_all_or_nothing_with_line_numbers(client, budget, admin_user):
    client.force_login(admin_user)
    bad = (
        b"title_fr,title_en,description_fr,description_en,cost,category,address,latitude,longitude\n"
        b"Jardin,Garden,,,12000,Nature,,47.47,-0.55\n"
        b",Nothing,,,1000,,,,\n"
        b"Banc,Bench,,,douze,,,,\n"
    )
    response = client.post(
        admin_url(budget, "projects_import"), {"file": SimpleUploadedFile("p.csv", bad, "text/csv")}
    )
    content = response.content.decode()
    assert "Line 3" in content and "Line 4" in content
    assert not budget.projects.exists()
    good = b"title_fr,title_en,cost,category\nJardin,Garden,12000,Nature\nBanc,Bench,1500.50,\n"
    response = client.post(
        admin_url(budget, "projects_import"),
        {"file": SimpleUploadedFile("p.csv", good, "text/csv")},
    )
    assert response.status_code == 302
    assert sorted(budget.projects.values_list("cost", flat=True)) == [
        Decimal("1500.50"),
        Decimal("12000"),
    ]


def test_paper_ballot_form_records_and_refuses_duplicates(client, budget, admin_user):
    project = ProjectFactory(budget=budget, cost=Decimal("60000"))
    client.force_login(admin_user)
    data = {"voter_reference": "P-1", "projects": [str(project.pk)]}
    assert client.post(admin_url(budget, "paper_ballot"), data).status_code == 302
    response = client.post(admin_url(budget, "paper_ballot"), data)
    assert "already been entered" in response.content.decode()
    project.refresh_from_db()
    assert project.votes_count == 1


def test_compute_and_publish_results(
    client, budget, admin_user, user, django_capture_on_commit_callbacks
):
    from palabre.components.budgets import services

    first = ProjectFactory(budget=budget, cost=Decimal("60000"))
    ProjectFactory(budget=budget, cost=Decimal("50000"))
    services.order_add_project(user=user, project=first)
    services.order_checkout(user=user, budget=budget)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):  # tasks run at once in tests
        response = client.post(admin_url(budget, "result_compute"), {"rule": "mes"})
    assert response.status_code == 302
    result = BudgetResult.objects.get(budget=budget)
    assert result.rule == "mes" and result.selected_projects[0] == first.pk
    # Voting is still open: the page offers to finish it and publish.
    client.post(admin_url(budget, "result_publish", result_id=result.pk), {"finish_voting": "1"})
    first.refresh_from_db()
    assert first.selected
    assert ActionLog.objects.filter(action="publish_results").exists()


def test_budget_and_project_crud(client, organization, admin_user):
    component = BudgetsComponentFactory(space__organization=organization)
    client.force_login(admin_user)
    response = client.post(
        component_admin_url(component, "budget_new"),
        {
            "title_fr": "Centre",
            "title_en": "Centre",
            "envelope": "250 000",
            "currency": "EUR",
        },
    )
    assert response.status_code == 302
    budget = component.budgets.get()
    assert budget.envelope == 250000
    response = client.post(
        admin_url(budget, "project_new"),
        {
            "title_fr": "Banc",
            "cost": "1200,50",
            "latitude": "47.4",
            "longitude": "",
        },
    )
    assert "both the latitude and the longitude" in response.content.decode()
    response = client.post(
        admin_url(budget, "project_new"), {"title_fr": "Banc", "cost": "1200,50"}
    )
    assert response.status_code == 302
    assert budget.projects.get().cost == Decimal("1200.50")


# Manifest --------------------------------------------------------------------------
def test_stats_count_in_one_query_each(organization, django_assert_num_queries):
    budget = BudgetFactory(component__space__organization=organization)
    ProjectFactory.create_batch(3, budget=budget)
    with django_assert_num_queries(2):
        stats = components["budgets"].stats([budget.component])
    assert stats == {"budget_projects": 3, "budget_voters": 0}


@pytest.mark.parametrize("voting", ["disabled", "open", "finished"])
def test_seed_builds_two_districts_with_the_votes_of_the_phase(organization, voting):
    """No vote before voting opens; while it is open, paper ballots, the first person voted
    and the second with a basket to cast; once finished, the results published."""
    from palabre.components.budgets.models import BudgetResult
    from palabre.components.budgets.selectors import budget_recount

    component = BudgetsComponentFactory(
        space__organization=organization, settings=budgets_settings(voting=voting)
    )
    users = UserFactory.create_batch(3, organization=organization)
    components["budgets"].seed(component, users)
    budgets = list(component.budgets.all())
    assert len(budgets) == 2
    assert all(8 <= b.projects.count() <= 12 for b in budgets)
    for budget in budgets:
        assert {p.pk: p.votes_count for p in budget.projects.all()} == budget_recount(budget=budget)
    cast = Order.objects.filter(checked_out_at__isnull=False)
    published = BudgetResult.objects.filter(published_at__isnull=False)
    if voting == "disabled":
        assert not Order.objects.exists()
    elif voting == "open":
        assert cast.filter(user=users[0]).exists()
        assert Order.objects.get(user=users[1]).checked_out_at is None
        assert cast.filter(user__isnull=True, source="paper").count() == 24
        assert not published.exists()
    else:
        assert cast.filter(user__isnull=False).count() == 3
        assert published.count() == 2
        assert all(budget.projects.filter(selected=True).exists() for budget in budgets)


def test_sitemap_lists_projects(organization):
    project = ProjectFactory(budget__component__space__organization=organization)
    urls = list(components["budgets"].sitemap([project.budget.component]))
    assert urls == [project.get_absolute_url()]
