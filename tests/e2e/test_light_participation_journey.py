"""Lighter participation in a real browser: a newcomer signs in with a code sent by email,
opens an account without a password, answers the profile questions offered once; the
administrator reads how a space's participants compare with the census; an anonymous
proposal shows no name. axe-core finds no violation on any of these pages."""

import re

from playwright.sync_api import expect

from palabre.components.proposals.models import Proposal


def code_in(message) -> str:
    return re.search(r"^(\d{6})$", message.body, re.MULTILINE).group(1)


def test_a_newcomer_signs_in_with_a_code_and_answers_the_questions(
    english_page, demo, mailoutbox, assert_accessible
):
    page = english_page
    page.set_default_timeout(30_000)
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Send me a sign-in code").click()
    assert_accessible(page)
    page.get_by_label("Email").fill("newcomer@palabre.test")
    page.locator("main form [type='submit']").first.click()
    expect(page.get_by_label("Code")).to_be_visible()
    assert_accessible(page)
    code = code_in(mailoutbox[-1])
    page.get_by_label("Code").fill(code)
    page.locator("main form [type='submit']").first.click()

    expect(page.get_by_role("heading", level=1, name="Open your account")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_name").fill("Nouvelle Venue")
    page.locator("#id_nickname").fill("nouvelle")
    page.get_by_label("I accept the terms of use of this site").check()
    page.get_by_role("button", name="Open my account").click()

    expect(page.get_by_role("heading", level=1, name="About you (optional)")).to_be_visible()
    expect(page.get_by_role("link", name="Skip these questions")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Age band").get_by_label("25 to 44").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page).not_to_have_url(re.compile(r"/account/questions/"))


def test_the_administrator_compares_participants_with_the_census(
    admin_page, demo, assert_accessible
):
    from palabre.core.models import Space

    page = admin_page
    page.set_default_timeout(30_000)
    page.goto("/admin/profile-questions/")
    expect(page.get_by_role("heading", level=1, name="Profile questions")).to_be_visible()
    assert_accessible(page)
    space = Space.objects.get(slug="place-du-marche")
    page.goto(f"/admin/profile-questions/spaces/{space.pk}/")
    expect(page.get_by_role("table").first).to_be_visible()
    assert_accessible(page)


def test_an_anonymous_proposal_shows_no_name(english_page, demo, assert_accessible):
    proposal = Proposal.objects.filter(
        anonymous=True, component__space__slug="place-du-marche"
    ).get()
    page = english_page
    page.goto(proposal.get_absolute_url())
    expect(page.get_by_text("By an anonymous participant")).to_be_visible()
    expect(page.get_by_text(proposal.author.name)).to_have_count(0)
    assert_accessible(page)
