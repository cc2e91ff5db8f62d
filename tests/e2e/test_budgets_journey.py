"""Alice votes in a participatory budget, changes her mind, and reads why projects won.

She fills a basket, is refused a project over the envelope with the reason, casts her vote,
gets the summary by email, withdraws it and votes again. The organizers close voting, count
with both rules and publish one. The administrator then imports the winners into the
project follow-up of the space and records their progress, which Alice reads. The browser
asks for English, the interface's source texts, and axe-core checks the project list, the
basket review, the results and the follow-up pages.
"""

import re
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from palabre.components.accountability.models import Result
from palabre.components.accountability.tests.factories import (
    AccountabilityComponentFactory,
    StatusFactory,
)
from palabre.components.budgets import services
from palabre.components.budgets.models import Budget, BudgetResult, Order
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.core.components import component_admin_url, component_url
from palabre.core.models import OrganizationAdmin
from palabre.core.tests.factories import DEMO_PASSWORD, SpaceFactory, UserFactory


def make_budget(organization) -> Budget:
    """A published process whose budget of 100,000 € accepts a basket worth half of it."""
    space = SpaceFactory(
        organization=organization, title={"fr": "Budget 2027", "en": "Budget 2027"}
    )
    component = BudgetsComponentFactory(
        space=space, settings=budgets_settings(vote_rule="minimum_percent", minimum_percent=50)
    )
    budget = BudgetFactory(
        component=component,
        title={"fr": "Centre-ville", "en": "Town centre"},
        envelope=Decimal("100000"),
    )
    for title, cost in (
        ("Shaded playground", 60000),
        ("Bike racks", 30000),
        ("Community orchard", 50000),
    ):
        ProjectFactory(budget=budget, title={"fr": title, "en": title}, cost=Decimal(cost))
    return budget


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(DEMO_PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def add(page, title: str) -> None:
    page.get_by_role("button", name=f"Add {title} to your basket").click()


def close_voting(budget: Budget) -> None:
    component = budget.component
    component.settings = budgets_settings(
        voting="finished", vote_rule="minimum_percent", minimum_percent=50
    )
    component.save()


def test_alice_votes_changes_her_vote_and_reads_the_results(
    english_page, admin_page, demo, assert_accessible, django_capture_on_commit_callbacks
):
    page = english_page
    # Casting a vote writes, counts and sends an email: give a busy machine time.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    budget = make_budget(demo)
    alice = UserFactory(organization=demo, email="alice@example.org", locale="en")
    EmailAddress.objects.update_or_create(
        user=alice, email=alice.email, defaults={"verified": True, "primary": True}
    )
    mail.outbox.clear()

    sign_in(page, alice.email)
    page.goto(budget.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Town centre")
    assert_accessible(page)

    add(page, "Shaded playground")
    add(page, "Bike racks")
    add(page, "Community orchard")
    expect(
        page.get_by_text("This project costs €50,000 but only €10,000 remain in your basket.")
    ).to_be_visible()
    assert Order.objects.get(user=alice).lines.count() == 2

    page.get_by_role("link", name="Review and vote").click()
    expect(page.get_by_role("heading", level=1, name="Confirm your vote")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_text("Your vote is recorded. Thank you!")).to_be_visible()
    summary = [message for message in mail.outbox if message.to == [alice.email]]
    assert len(summary) == 1 and "Shaded playground" in summary[0].body

    page.get_by_role("button", name="Cancel my vote").click()
    expect(page.get_by_text("Your vote was withdrawn.")).to_be_visible()
    page.get_by_role("button", name="Remove Bike racks from your basket").click()
    page.get_by_role("link", name="Review and vote").click()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_text("Your vote is recorded. Thank you!")).to_be_visible()
    order = Order.objects.get(user=alice)
    assert order.is_checked_out and order.lines.count() == 1

    # The organizers close voting, count with both rules and publish the equal shares.
    admin = OrganizationAdmin.objects.filter(organization=demo).first().user
    close_voting(budget)
    budget.refresh_from_db()
    for rule in ("greedy", "mes"):
        with django_capture_on_commit_callbacks(execute=True):
            services.budget_result_request(actor=admin, budget=budget, rule=rule)
    mes = BudgetResult.objects.get(budget=budget, rule="mes")
    assert mes.status == BudgetResult.Status.READY
    services.budget_result_publish(actor=admin, result=mes)

    page.goto(component_url(budget.component, "results", budget_id=budget.pk))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results")
    expect(page.get_by_text("Bought by its supporters in round 1")).to_be_visible()
    expect(page.get_by_text("Nobody voted for it").first).to_be_visible()
    assert_accessible(page)

    # The winners become results of the space's project follow-up, with their progress.
    follow_up = AccountabilityComponentFactory(
        space=budget.component.space, name={"fr": "Suivi", "en": "Follow-up"}
    )
    StatusFactory(component=follow_up, key="planned", name={"fr": "Prévu", "en": "Planned"})
    StatusFactory(
        component=follow_up,
        key="works",
        name={"fr": "Travaux", "en": "Works"},
        progress=Decimal(40),
    )
    admin = admin_page
    admin.set_default_timeout(60_000)
    admin.goto(component_admin_url(follow_up, "import_budget"))
    admin.get_by_label("Budget").select_option(value=str(budget.pk))
    admin.get_by_role("button", name="Import").click()
    winners = budget.projects.filter(selected=True)
    expect(admin.get_by_text(f"{winners.count()} results were created.")).to_be_visible()
    assert {r.title["en"] for r in Result.objects.filter(component=follow_up)} == {
        p.title["en"] for p in winners
    }
    result = Result.objects.get(component=follow_up, title__en="Shaded playground")

    admin.goto(component_admin_url(follow_up, "result_edit", pk=result.pk))
    admin.get_by_label("Status").select_option(label="Works")
    admin.get_by_label("Progress (%)").fill("40")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_text("The result was saved.")).to_be_visible()

    page.goto(component_url(follow_up, "index"))
    expect(page.get_by_role("link", name="Shaded playground")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Progress: 40([.,]0+)? %")).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Shaded playground").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Shaded playground")
    expect(page.get_by_text("Works").first).to_be_visible()
    assert_accessible(page)
