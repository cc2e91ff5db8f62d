"""A visitor searches the demo from the header's search box with the keyboard alone, filters
the results by type and opens one; axe-core finds no violation on the results pages. The
word is typed without its accent ("marche" finds "Place du marché")."""

import re

import pytest
from playwright.sync_api import expect


def tab_until(page, predicate: str, limit: int = 40) -> None:
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    pytest.fail(f"Tab never reached an element where {predicate}")


def test_a_visitor_searches_from_the_header_with_the_keyboard(english_page, assert_accessible):
    page = english_page
    page.goto("/")
    tab_until(page, "el.id === 'header-search-text'")
    page.keyboard.type("marche")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=marche"))
    status = page.get_by_role("status")
    expect(status).to_contain_text(re.compile(r"\d+ results? for “marche”"))
    expect(page.locator("mark").first).to_be_visible()
    assert_accessible(page)

    # Only the participatory spaces, through the menu of types.
    types = page.get_by_role("navigation", name="Results by type")
    spaces = types.get_by_role("link", name=re.compile(r"^Participatory spaces"))
    spaces.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"type=spaces"))
    expect(
        page.get_by_role("heading", level=2, name=re.compile("Participatory spaces"))
    ).to_be_visible()
    assert_accessible(page)

    # "Place du marché" is found in French: its title says so to screen readers.
    first = page.locator(".search-result h3 a").first
    expect(first).to_have_attribute("lang", "fr")
    href = first.get_attribute("href")
    first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_nothing_found_says_what_to_try(english_page, assert_accessible):
    page = english_page
    page.goto("/search/?q=zzzzqqq")
    expect(page.get_by_role("status")).to_contain_text("0 results for")
    expect(page.get_by_text("Nothing was found.")).to_be_visible()
    assert_accessible(page)


def test_the_results_fit_a_phone(english_page):
    page = english_page
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/search/?q=square")
    expect(page.get_by_role("status")).to_contain_text("for “square”")
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
