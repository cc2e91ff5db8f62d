"""What a newcomer sees first in the demo, checked in the browser: the console stays silent,
the budget results fit a phone, the comment sorts read as a row of tabs and a proposal's state
is a badge as wide as its words.
"""

import pytest
from playwright.sync_api import expect

from palabre.comments.models import Comment
from palabre.components.budgets.models import BudgetResult
from palabre.core.components import component_url
from palabre.core.models import Component


def _offline_tiles(route) -> None:
    # No network in tests: the tile server answers with an empty image.
    route.fulfill(status=200, content_type="image/png", body=b"")


def _proposals() -> Component:
    return (
        Component.objects.filter(
            manifest_name="proposals",
            published_at__isnull=False,
            space__published_at__isnull=False,
            space__organization__host="127.0.0.1",
        )
        .select_related("space")
        .order_by("pk")
        .first()
    )


def test_the_main_pages_write_nothing_to_the_console(english_page):
    """No warning and no error: Chromium warns on every page about any feature of the
    Permissions-Policy header it does not know."""
    page = english_page
    said: list[str] = []
    page.on(
        "console",
        lambda message: (
            said.append(f"{message.type}: {message.text}")
            if message.type in ("warning", "error")
            else None
        ),
    )
    page.on("pageerror", lambda error: said.append(f"script error: {error}"))
    page.route("https://tile.openstreetmap.org/**", _offline_tiles)
    proposals = _proposals()
    for path in ("/", "/processes/", component_url(proposals), component_url(proposals) + "map/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert said == []


def test_published_budget_results_fit_a_phone(english_page):
    result = (
        BudgetResult.objects.filter(
            published_at__isnull=False, budget__component__space__organization__host="127.0.0.1"
        )
        .select_related("budget__component__space")
        .first()
    )
    if result is None:
        pytest.skip("the demo publishes no budget result")
    page = english_page
    page.set_viewport_size({"width": 375, "height": 800})
    budget = result.budget
    page.goto(component_url(budget.component, "results", budget_id=budget.pk))
    table = page.locator("table.results-table")
    expect(table).to_be_visible()
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways at 375 px: {widths}"
    # The table scrolls in its own region, which a keyboard can reach.
    region = page.get_by_role("region", name="Projects with their votes")
    expect(region).to_have_attribute("tabindex", "0")


def test_comment_sorts_are_a_row_of_tabs(english_page):
    comment = (
        Comment.objects.filter(component=_proposals(), deleted_at__isnull=True, depth=1)
        .order_by("pk")
        .first()
    )
    if comment is None:
        pytest.skip("the demo has no comment")
    page = english_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(comment.target.get_absolute_url())
    sorts = page.get_by_role("navigation", name="Sort the comments").get_by_role("link")
    expect(sorts.first).to_be_visible()
    tops = {round(sorts.nth(i).bounding_box()["y"]) for i in range(sorts.count())}
    assert len(tops) == 1, f"the sorts are stacked, not side by side: {tops}"
    bullets = page.evaluate(
        "() => [...document.querySelectorAll('.comment-sorts li')]"
        ".map(li => getComputedStyle(li).listStyleType)"
    )
    assert set(bullets) == {"none"}


def test_a_proposal_state_is_as_wide_as_its_words(english_page):
    page = english_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(component_url(_proposals()))
    badge = page.locator(".proposal-state").first
    if not badge.count():
        pytest.skip("no proposal of the demo shows a state")
    card = badge.locator("xpath=ancestor::li[1]")
    assert badge.bounding_box()["width"] < card.bounding_box()["width"] / 2
