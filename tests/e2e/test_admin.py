"""An admin signs in with the second factor, builds a process in the backoffice and sees it
on the public site. The browser asks for English, so labels are the interface's source texts.
"""

import datetime

from playwright.sync_api import expect


def fill_translated(page, name: str, french: str, english: str) -> None:
    page.locator(f"[name='{name}_fr']").fill(french)
    page.locator(f"[name='{name}_en']").fill(english)


def test_admin_creates_and_publishes_a_process_with_a_page(admin_page):
    page = admin_page
    today = datetime.date.today()

    page.goto("/admin/")
    admin_menu = page.get_by_role("navigation", name="Administration menu")
    admin_menu.get_by_role("link", name="Participatory processes", exact=True).click()
    page.get_by_role("link", name="New: Participatory process").click()
    fill_translated(page, "title", "Jardins de poche", "Pocket gardens")
    page.locator("[name='slug']").fill("jardins-de-poche")
    page.locator("[name='start_date']").fill(today.isoformat())
    page.locator("[name='end_date']").fill((today + datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1, name="Information")).to_be_visible()

    space_menu = page.get_by_role("navigation", name="This space")
    for number, (french, english, start, end) in enumerate(
        [("Idées", "Ideas", 0, 29), ("Plantations", "Planting", 30, 60)], start=1
    ):
        space_menu.get_by_role("link", name="Steps").click()
        page.get_by_role("link", name="New step").click()
        fill_translated(page, "title", french, english)
        page.locator("[name='start_date']").fill(
            (today + datetime.timedelta(days=start)).isoformat()
        )
        page.locator("[name='end_date']").fill((today + datetime.timedelta(days=end)).isoformat())
        page.get_by_role("button", name="Save").click()
        expect(page.locator("table tbody tr")).to_have_count(number)
    page.get_by_role("button", name="Activate Ideas").click()
    expect(page.get_by_text("Active", exact=True)).to_be_visible()

    space_menu.get_by_role("link", name="Components").click()
    page.get_by_role("link", name="Add a component").click()
    page.get_by_label("Pages", exact=True).check()
    fill_translated(page, "name", "Mode d’emploi", "How it works")
    page.get_by_role("button", name="Add").click()
    space_menu.get_by_role("link", name="Components").click()
    page.get_by_role("link", name="Manage How it works").click()
    page.get_by_role("link", name="New page").click()
    fill_translated(page, "title", "Comment participer", "How to take part")
    # Rich texts are written in the editor that replaces their textarea.
    for name, text in [
        ("body_fr", "Proposez un coin de rue à végétaliser."),
        ("body_en", "Suggest a street corner to green."),
    ]:
        page.locator(f".rich-text:has([name='{name}']) [contenteditable]").fill(text)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="How to take part", exact=True)).to_be_visible()

    page.goto("/admin/")
    admin_menu = page.get_by_role("navigation", name="Administration menu")
    admin_menu.get_by_role("link", name="Participatory processes", exact=True).click()
    page.get_by_role("link", name="Pocket gardens", exact=True).click()
    space_menu = page.get_by_role("navigation", name="This space")
    space_menu.get_by_role("link", name="Components").click()
    page.get_by_role("button", name="Publish How it works").click()
    expect(page.get_by_role("button", name="Unpublish How it works")).to_be_visible()
    space_menu.get_by_role("link", name="Information").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("button", name="Unpublish", exact=True)).to_be_visible()

    page.goto("/processes/")
    page.get_by_role("link", name="Pocket gardens", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pocket gardens")
    expect(page.get_by_text("Ideas").first).to_be_visible()
    page.get_by_role("link", name="How it works", exact=True).first.click()
    # A component with a single page shows it at once.
    expect(page.get_by_role("heading", level=1)).to_have_text("How to take part")
    expect(page.get_by_text("Suggest a street corner to green.")).to_be_visible()
