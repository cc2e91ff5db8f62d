"""The anti-spam check in a real browser: the page's script solves it and says so (a
screen reader hears the status), the sign-up goes through; without JavaScript, the same
block asks its question and the sign-up goes through with the answer. axe-core checks the
form."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.captcha


def _fill_signup(page, nickname: str, email: str) -> None:
    page.locator("input[name='name']").fill("Noé Martin")
    page.locator("input[name='nickname']").fill(nickname)
    page.locator("input[name='email']").fill(email)
    page.locator("input[name='password1']").fill("tournesol-jardin-2026")
    page.get_by_label("I accept the terms of use of this site").check()


def test_the_browser_solves_the_check_and_the_account_opens(english_page, assert_accessible):
    from palabre.core.models import User

    page = english_page
    page.goto("/accounts/signup/")
    status = page.get_by_role("status").filter(has_text="anti-spam")
    expect(status).to_have_text("Anti-spam check done: you can send the form.", timeout=30_000)
    expect(page.locator("input[name='captcha_answer']")).to_be_hidden()
    assert_accessible(page)
    _fill_signup(page, "noe", "noe@example.org")
    page.locator("main form [type='submit']").first.click()

    expect(page).not_to_have_url(re.compile(r"/accounts/signup/$"))
    assert User.objects.filter(email="noe@example.org").exists()


def test_without_javascript_the_question_is_asked(browser, base_url):
    from palabre.core.models import User

    context = browser.new_context(base_url=base_url, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/signup/")
    question = page.get_by_label(re.compile(r"How much is \d plus \d\?"))
    expect(question).to_be_visible()
    label = page.locator("label", has_text="How much is").inner_text()
    first, second = map(int, re.search(r"(\d) plus (\d)", label).groups())
    _fill_signup(page, "noe2", "noe2@example.org")
    question.fill(str(first + second))
    page.locator("main form [type='submit']").first.click()

    expect(page).not_to_have_url(re.compile(r"/accounts/signup/$"))
    assert User.objects.filter(email="noe2@example.org").exists()
    context.close()
