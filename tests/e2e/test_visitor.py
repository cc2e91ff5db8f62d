"""A visitor finds a process and its rules in French, then reads them in English."""

from playwright.sync_api import expect


def test_visitor_browses_to_a_page_and_switches_to_english(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="Ville de Démo")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.locator("header a[href='/processes/']").first.click()
    expect(page).to_have_url(r"/processes/")
    budget = page.get_by_role("link", name="Budget participatif", exact=False).first
    budget.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budget participatif")
    expect(page.get_by_text("Étude de faisabilité").first).to_be_visible()

    page.get_by_role("link", name="Questions et règles").first.click()
    page.get_by_role("link", name="Questions fréquentes").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions fréquentes")
    expect(page.get_by_text("Qui peut déposer un projet ?")).to_be_visible()

    page.locator("select[name='language']").select_option("en")
    page.locator("form:has(select[name='language']) [type='submit']").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Frequently asked questions")
    expect(page.get_by_text("Who can submit a project?")).to_be_visible()
