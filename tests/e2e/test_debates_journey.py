"""Alice reads the demo's two-column debate on the market square on a 375 px phone screen
with JavaScript turned off, switches from the arguments in favour to those against and
back with plain links, and adds an argument in favour with the keyboard alone; axe-core
finds no violation on the list of debates and on the debate.

The browser asks for English, the interface's source texts.
"""

import re

import pytest
from playwright.sync_api import expect

from palabre.components.debates.models import Debate
from palabre.core.demo import content
from palabre.core.models import User

PHONE = {"width": 375, "height": 740}
SQUARE = "Should the market square become pedestrian?"
ARGUMENT = "Shade from the new trees would make the Saturday market pleasant in summer."


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(content.PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    target = page.locator(selector)
    for _press in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {selector}")


@pytest.fixture
def square(demo):
    User.objects.filter(email="alice@palabre.test").update(locale="en")
    return Debate.objects.select_related("component__space").get(
        component__space__organization=demo,
        component__space__slug="place-du-marche",
        title__en=SQUARE,
    )


def test_alice_switches_sides_without_javascript_and_argues_with_the_keyboard(
    browser, base_url, square, assert_accessible
):
    context = browser.new_context(
        base_url=base_url, locale="en-GB", viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        sign_in(page, "alice@palabre.test")
        page.goto(square.component.get_absolute_url())
        expect(page.get_by_role("heading", name=SQUARE)).to_be_visible()
        page.get_by_role("link", name=SQUARE).click()
        expect(page.locator("h1")).to_have_text(SQUARE)

        in_favour, against = page.locator("#side-for"), page.locator("#side-against")
        # On a phone one side shows at a time: in favour first.
        expect(in_favour).to_be_visible()
        expect(against).to_be_hidden()
        switch = page.get_by_role("navigation", name="Sides of the debate")
        switch.get_by_role("link", name=re.compile(r"^Against")).click()
        expect(page).to_have_url(re.compile(r"side=against"))
        expect(against).to_be_visible()
        expect(in_favour).to_be_hidden()
        expect(against.locator(".comment")).not_to_have_count(0)
        switch.get_by_role("link", name=re.compile(r"^In favour")).click()
        expect(in_favour).to_be_visible()
        count_before = in_favour.locator(".comment-list > .comment").count()

        # The keyboard alone: to the text, type, the position already says "In favour".
        tab_to(page, "form.comment-form textarea[name='body']")
        page.keyboard.type(ARGUMENT)
        expect(page.locator("form.comment-form input[name='alignment'][value='1']")).to_be_checked()
        tab_to(page, "form.comment-form button[type='submit']")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()

        page.goto(square.get_absolute_url() + "?side=for")
        expect(in_favour.get_by_text(ARGUMENT)).to_be_visible()
        expect(in_favour.locator(".comment-list > .comment")).to_have_count(count_before + 1)
        square.refresh_from_db()
        assert square.last_comment_by.email == "alice@palabre.test"
    finally:
        context.close()

    # axe-core needs scripts: a second tab, with them, on the same pages.
    context = browser.new_context(base_url=base_url, locale="en-GB", viewport=PHONE)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto(square.component.get_absolute_url())
        assert_accessible(page)
        page.goto(square.get_absolute_url())
        assert_accessible(page)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(square.get_absolute_url())
        expect(page.locator("#side-for")).to_be_visible()
        expect(page.locator("#side-against")).to_be_visible()
        assert_accessible(page)
        # The form a participant opens a debate with.
        sign_in(page, "alice@palabre.test")
        page.goto(square.component.get_absolute_url() + "new/")
        expect(page.get_by_role("heading", name="Open a debate")).to_be_visible()
        assert_accessible(page)
    finally:
        context.close()
