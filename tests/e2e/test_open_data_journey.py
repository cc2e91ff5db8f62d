"""Open data: a visitor opens the page from the footer and downloads a file; an
administrator rebuilds the files from the backoffice. axe-core checks both pages."""

from playwright.sync_api import expect


def test_visitor_downloads_open_data_and_admin_rebuilds_it(
    english_page, admin_page, assert_accessible
):
    page = english_page
    page.goto("/")
    page.get_by_role("navigation", name="Legal information").get_by_role(
        "link", name="Open data", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    expect(page.get_by_role("heading", level=3, name="Proposals", exact=True)).to_be_visible()
    proposals = page.locator("section[aria-labelledby='file-proposals']")
    proposals.get_by_text("Columns").click()
    expect(proposals.get_by_text("answer_state", exact=True)).to_be_visible()
    assert_accessible(page)
    link = proposals.get_by_role("link", name="proposals.csv")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.text().lstrip("\ufeff").startswith("id,reference,space_id")
    archive = page.get_by_role("link", name="Download every file in one archive")
    assert page.request.get(archive.get_attribute("href")).ok

    admin_page.goto("/admin/open-data/")
    expect(admin_page.get_by_role("heading", level=1)).to_have_text("Open data")
    assert_accessible(admin_page)
    admin_page.get_by_role("button", name="Rebuild the files now").click()
    expect(admin_page.get_by_text("The open data archive is being rebuilt")).to_be_visible()
    assert_accessible(admin_page)
