"""Legal pages: a visitor reads the accessibility statement from the footer, signs up after
opening the terms from the sign-up form; an administrator publishes a new version of the
terms, and the participant is asked to accept it before commenting. axe-core checks every
new page."""

import re

from playwright.sync_api import expect

EMAIL = "lea@example.org"
PASSWORD = "tournesol-jardin-2026"


def _commentable_post(email: str):
    from palabre.components.blogs.models import Post
    from palabre.core.models import User
    from palabre.core.permissions import can

    person = User.objects.get(email=email)
    for post in Post.objects.select_related("component__space").order_by("pk"):
        if can(person, "comment", post):
            return post
    raise AssertionError("the demo has no post this participant may comment")


def test_visitor_reads_the_statement_signs_up_and_accepts_new_terms(
    browser, base_url, english_page, admin_page, assert_accessible
):
    page = english_page
    page.goto("/")
    footer = page.get_by_role("navigation", name="Legal information")
    footer.get_by_role("link", name=re.compile(r"^Accessibility: ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_role("heading", level=2, name="Means of redress")).to_be_visible()
    expect(
        page.get_by_role("link", name="Write a message to the Défenseur des droits")
    ).to_be_visible()
    assert_accessible(page)
    for name, heading in [
        ("Legal notice", "Legal notice"),
        ("Terms of use", "Terms of use"),
        ("Privacy policy", "Privacy policy"),
        ("Cookies", "Cookies"),
    ]:
        page.get_by_role("navigation", name="Legal information").get_by_role(
            "link", name=name, exact=True
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help")
    assert_accessible(page)

    # Sign-up: the terms open in a new tab from the form, then the box is ticked.
    page.goto("/accounts/signup/")
    with page.expect_popup() as popup_info:
        page.get_by_role("link", name="Read the terms of use (opens in a new tab)").click()
    terms = popup_info.value
    expect(terms.get_by_role("heading", level=1)).to_have_text("Terms of use")
    terms.close()
    page.locator("input[name='name']").fill("Léa Martin")
    page.locator("input[name='nickname']").fill("lea")
    page.locator("input[name='email']").fill(EMAIL)
    page.locator("input[name='password1']").fill(PASSWORD)
    page.get_by_label("I accept the terms of use of this site").check()
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/signup/$"))

    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(email=EMAIL).update(verified=True)
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(EMAIL)
    page.locator("input[name='password']").fill(PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    post = _commentable_post(EMAIL)

    # The administrator publishes a new version of the terms.
    admin = admin_page
    admin.goto("/admin/")
    admin.get_by_role("navigation", name="Administration menu").get_by_role(
        "link", name="Legal pages"
    ).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Legal pages")
    assert_accessible(admin)
    admin.get_by_role("link", name="Edit the accessibility statement").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    assert_accessible(admin)
    admin.goto("/admin/legal/")
    admin.get_by_role("link", name="Publish a new version of the terms of use").click()
    assert_accessible(admin)
    admin.locator("[name='summary_fr']").fill("Les contributions sont sous licence libre.")
    admin.locator("[name='summary_en']").fill("Contributions are under a free licence.")
    admin.get_by_role("button", name="Publish", exact=True).click()
    expect(admin.get_by_text("Version 1 of the terms of use is published")).to_be_visible()

    # The participant is asked to accept it before commenting.
    page.goto(post.get_absolute_url())
    comments = page.locator("#comments")
    expect(comments.get_by_text("The terms of use have changed")).to_be_visible()
    expect(comments.locator("[name='body']")).to_have_count(0)
    comments.get_by_role("link", name="Read and accept the new terms of use").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The terms of use have changed")
    expect(page.get_by_text("Contributions are under a free licence.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I accept the terms of use of this site").check()
    page.get_by_role("button", name="Accept and continue").click()
    expect(page).to_have_url(re.compile(re.escape(post.get_absolute_url()) + "#comments$"))
    page.get_by_role("textbox", name="Your comment").fill("Merci pour ces nouvelles !")
    page.locator("form:has(#id_body)").get_by_role("button", name="Publish the comment").click()
    expect(page.get_by_text("Merci pour ces nouvelles !")).to_be_visible()

    from palabre.legal.models import TermsAcceptance

    acceptance = TermsAcceptance.objects.get(user__email=EMAIL)
    assert acceptance.version.number == 1
