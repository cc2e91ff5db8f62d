"""Bob chooses which notifications he gets: the page passes axe-core, every box is found
by its label, and saving works in a browser without JavaScript."""

import re

from playwright.sync_api import expect

from palabre.core.demo import content
from palabre.core.models import User
from palabre.notifications.selectors import Channels, notification_preferences_of

URL = "/account/notifications/"


def test_choosing_notifications_without_javascript(
    browser, base_url, english_page, assert_accessible
):
    page = english_page
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill("bob@palabre.test")
    page.locator("input[name='password']").fill(content.PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(URL)
    assert_accessible(page)

    # The same session in a browser that runs no script (axe-core needs one, hence two).
    context = browser.new_context(
        base_url=base_url,
        locale="en-GB",
        java_script_enabled=False,
        storage_state=page.context.storage_state(),
    )
    context.set_default_timeout(10_000)
    plain = context.new_page()
    plain.goto(URL)
    comments = plain.get_by_role("group", name="Comments")
    expect(comments.get_by_label("New comment on the site")).to_be_checked()
    comments.get_by_label("New comment on the site").uncheck()
    comments.get_by_label("Reply to your comment by email").uncheck()
    plain.get_by_label("Weekly digest").check()
    plain.get_by_role("button", name="Save my preferences").click()
    expect(plain.get_by_text("Your notification preferences have been saved.")).to_be_visible()
    context.close()

    bob = User.objects.get(email="bob@palabre.test")
    assert bob.notification_frequency == "weekly"
    assert notification_preferences_of(user=bob) == {
        "comments.created": Channels(in_app=False, email=True),
        "comments.reply": Channels(in_app=True, email=False),
    }
    page.reload()
    expect(page.get_by_label("New comment on the site")).not_to_be_checked()
    expect(page.get_by_label("New comment by email")).to_be_checked()
    assert_accessible(page)
