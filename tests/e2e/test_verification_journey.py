"""Bob votes in a budget that requires the census: he fills his basket, is told why the vote
waits and sent to the census, types his identity, comes back to the same basket and votes.

The demo's rule (census, postal codes 49000 and 49100, 16 or older) guards the city-centre
budget of this year's participatory budget, where Bob has a basket not cast yet. The
administrator's pages where that rule is set are read too. axe-core checks every page of
the way: the basket with its refusal, the verifications list, the census page, and the
backoffice permissions pages.
"""

import re
from decimal import Decimal

from playwright.sync_api import expect

from palabre.components.budgets.models import Order
from palabre.core.components import component_url
from palabre.core.demo.content import PASSWORD
from palabre.core.models import User
from palabre.verifications.action_permission_models import ActionPermission


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _guarded_budget():
    from palabre.components.budgets.models import Budget

    rule = ActionPermission.objects.get(action="vote", resource_id__isnull=False)
    return Budget.objects.select_related("component__space").get(pk=rule.resource_id)


def _to_add(budget, order) -> list:
    """Projects to add to the basket so that it follows the rule (70 % of the envelope at
    least, the envelope at most), cheapest last."""
    held = set(order.lines.values_list("project_id", flat=True))
    total = sum((line.project.cost for line in order.lines.select_related("project")), Decimal(0))
    chosen = []
    for project in budget.projects.exclude(pk__in=held).order_by("-cost"):
        if total * 100 >= budget.envelope * 70:
            break
        if total + project.cost <= budget.envelope:
            chosen.append(project)
            total += project.cost
    assert total * 100 >= budget.envelope * 70
    return chosen


def test_bob_verifies_by_the_census_and_votes_with_the_basket_he_had(
    english_page, demo, assert_accessible
):
    page = english_page
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    budget = _guarded_budget()
    bob = User.objects.get(email="bob@palabre.test")
    User.objects.filter(pk=bob.pk).update(locale="en")
    order = Order.objects.get(budget=budget, user=bob)
    kept = set(order.lines.values_list("project_id", flat=True))
    assert kept, "the demo gives Bob a basket to finish"

    sign_in(page, bob.email)
    budget_url = component_url(budget.component, "budget", budget_id=budget.pk)
    page.goto(budget_url)
    basket = page.locator("#basket")
    expect(basket).to_contain_text("“Vote” is open to participants verified by “Census”.")
    # Filling the basket prepares the vote: it stays open before the verification.
    for project in _to_add(budget, order):
        page.get_by_role("button", name=f"Add {project.title['en']} to your basket").click()
        expect(
            page.get_by_role("button", name=f"Remove {project.title['en']} from your basket")
        ).to_be_visible()
    expect(basket.get_by_role("link", name="Review and vote")).to_have_count(0)
    assert_accessible(page)
    filled = set(Order.objects.get(pk=order.pk).lines.values_list("project_id", flat=True))
    assert kept < filled

    basket.get_by_role("link", name="Verify myself: Census").click()
    expect(page.get_by_role("heading", level=1, name="Census")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="All verifications").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_label("Last name").fill("NGUYEN")
    page.get_by_label("First name").fill("Bob")
    page.get_by_label("Birth date").fill("1985-11-08")
    page.get_by_label("Postal code").fill("49100")
    page.get_by_role("button", name="Check my details").click()

    # Back to the same basket, now open to his vote.
    expect(page).to_have_url(re.compile(re.escape(budget_url)))
    expect(page.get_by_text("You are verified: you are on the census.")).to_be_visible()
    assert set(Order.objects.get(pk=order.pk).lines.values_list("project_id", flat=True)) == filled
    page.locator("#basket").get_by_role("link", name="Review and vote").click()
    expect(page.get_by_role("heading", level=1, name="Confirm your vote")).to_be_visible()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_text("Your vote is recorded. Thank you!")).to_be_visible()
    order = Order.objects.get(pk=order.pk)
    assert order.is_checked_out
    assert set(order.lines.values_list("project_id", flat=True)) == filled


def test_the_administrator_reads_what_each_action_requires(admin_page, demo, assert_accessible):
    page = admin_page
    page.set_default_timeout(30_000)
    budget = _guarded_budget()
    component = budget.component
    page.goto(f"/admin/spaces/{component.space_id}/components/{component.pk}/")
    page.get_by_role("link", name="Permissions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Permissions of")
    assert_accessible(page)
    page.get_by_role("link", name=str(budget.title["en"])).click()
    expect(page.get_by_role("table")).to_contain_text("postal codes 49000, 49100")
    assert_accessible(page)
    page.get_by_role("link", name="Change Vote").click()
    census = page.get_by_role("group", name="Census")
    expect(census.get_by_label("Allowed postal codes")).to_have_value("49000, 49100")
    assert_accessible(page)
    census.get_by_label("Minimum age").fill("18")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The verifications this action requires are saved.")).to_be_visible()
    assert (
        ActionPermission.objects.get(resource_id=budget.pk).requirements[0]["options"][
            "minimum_age"
        ]
        == 18
    )
