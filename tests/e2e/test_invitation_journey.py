"""The demo administrator invites a moderator by email; the invited person opens the link,
opens their account with a password, is sent to set up their second factor before anything
of the administration, then reaches the moderation page. axe-core finds no violation on the
invitations page, the page that opens the account and the refusal of a used link.

The browsers ask for English, the interface's source texts.
"""

import re

from django.core import mail
from playwright.sync_api import expect

from palabre.core.demo.totp import seconds_left, totp_code
from palabre.core.models import Space, SpaceRole, User

INVITED = "new.moderator@example.org"
PASSWORD = "a long and unusual passphrase 42"


def test_an_admin_invites_a_moderator_who_sets_up_their_second_factor(
    admin_page, browser, base_url, demo, assert_accessible
):
    space = Space.objects.filter(organization=demo).order_by("pk").first()
    admin_page.goto("/admin/invitations/")
    assert_accessible(admin_page)
    admin_page.get_by_label("Email").fill(INVITED)
    admin_page.get_by_label("Role").select_option("moderator")
    admin_page.get_by_label("Space").select_option(str(space.pk))
    admin_page.get_by_role("button", name="Send the invitation").click()
    expect(admin_page.locator("body")).to_contain_text(f"The invitation is sent to {INVITED}")
    expect(admin_page.locator("table")).to_contain_text("Pending")

    [message] = [m for m in mail.outbox if INVITED in m.to]
    link = re.search(r"https?://\S+/invitations/[\w-]+/", message.body).group(0)
    path = "/" + link.split("/", 3)[3]

    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(path)
        expect(page.locator("h1")).to_have_text("Accept the invitation")
        assert_accessible(page)
        page.locator("input[name='name']").fill("Morgane Moderator")
        page.locator("input[name='nickname']").fill("morgane_mod")
        page.locator("input[name='password1']").fill(PASSWORD)
        page.locator("input[name='password2']").fill(PASSWORD)
        page.get_by_label("I accept the terms of use of this site").check()
        page.get_by_role("button", name="Open my account and accept").click()

        # The second factor first: the administration sends there.
        expect(page).to_have_url(re.compile(r"/2fa/totp/activate/"))
        secret = page.locator("#authenticator_secret").inner_text().strip()
        if seconds_left() < 3:
            page.wait_for_timeout(seconds_left() * 1000 + 200)
        page.locator("input[name='code']").fill(totp_code(secret))
        page.locator("main form [type='submit']").first.click()
        expect(page.locator("input[name='code']")).to_have_count(0)

        page.goto("/admin/moderation/")
        expect(page).to_have_url(re.compile(r"/admin/moderation/$"))
        expect(page.locator("h1")).to_be_visible()
        person = User.objects.get(email=INVITED)
        assert SpaceRole.objects.filter(user=person, space=space, role="moderator").exists()

        # The link works once.
        page.goto(path)
        expect(page.locator("h1")).to_have_text("This invitation can no longer be used")
        assert_accessible(page)
    finally:
        context.close()
