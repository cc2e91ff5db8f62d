"""Admins write rich text with an editor that works with the keyboard alone, and the
backoffice fits a 375 px phone screen without scrolling sideways.

The browser asks for English, so labels are the interface's source texts.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from palabre.components.pages.models import Page
from palabre.core.models import Component

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def demo_page(demo):
    """A page of the demo city's first pages component, in a published space."""
    return (
        Page.objects.filter(
            component__space__organization=demo,
            component__space__published_at__isnull=False,
            component__space__private=False,
            component__published_at__isnull=False,
        )
        .select_related("component__space")
        .first()
    )


def edit_url(page_obj) -> str:
    component = page_obj.component
    return (
        reverse(
            "backoffice:component_manage",
            kwargs={"space_id": component.space_id, "component_id": component.pk},
        )
        + f"{page_obj.pk}/edit/"
    )


def tab_until(page, predicate: str, limit: int = 30) -> None:
    """Press Tab until `predicate` (a JavaScript expression on `document.activeElement`,
    named `el`) holds; fail if it never does."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    pytest.fail(f"Tab never reached an element where {predicate}")


def wait_for_editors(page) -> None:
    """Every rich-text input of the page has become an editor."""
    expect(page.locator("[data-rich-text-ready='ready']").first).to_be_attached()
    expect(page.locator("[data-rich-text-root]:not([data-rich-text-ready='ready'])")).to_have_count(
        0
    )


def wait_for_selection(page, editor_id: str, condition: str) -> None:
    """Wait until the editor's selection (`from`, `to`, and the document's `size`) meets
    `condition`; Tiptap keeps the editor on its element."""
    page.wait_for_function(
        f"""() => {{
            const editor = document.getElementById({editor_id!r}).editor;
            const {{ from, to }} = editor.state.selection;
            const size = editor.state.doc.content.size;
            return {condition};
        }}"""
    )


def test_admin_edits_a_page_with_the_keyboard_and_the_public_page_shows_it(
    admin_page, demo_page, assert_accessible
):
    page = admin_page
    page.goto(edit_url(demo_page))
    wait_for_editors(page)
    # Without JavaScript the textareas take HTML; with it they give way to the editors.
    expect(page.locator("textarea[name='body_en']")).to_be_hidden()
    assert_accessible(page)

    # Keyboard only, from the English title: the French toolbar and editor, the English
    # toolbar, then the English editor, named by the field and its language.
    page.locator("[name='title_en']").focus()
    tab_until(page, "el.id === 'id_body_1_editor'")
    editor = page.get_by_role("textbox", name="Text English", exact=True)
    expect(editor).to_be_focused()

    # The caret moves by the browser's own keys; the editor reads it as the browser reports
    # it, a moment later, as it does for a person typing.
    page.keyboard.press("Control+End")
    wait_for_selection(page, "id_body_1_editor", "from === size - 1")
    page.keyboard.press("Enter")
    page.keyboard.type("Keyboard news")
    page.keyboard.press("Shift+Home")
    wait_for_selection(page, "id_body_1_editor", "to - from === 'Keyboard news'.length")
    # Shift+Tab reaches the toolbar (one stop; arrows move within it), Enter presses Bold.
    page.keyboard.press("Shift+Tab")
    toolbar = page.locator("#id_body_1").locator("xpath=..").get_by_role("toolbar")
    bold = toolbar.get_by_role("button", name="Bold", exact=True)
    expect(bold).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Italic", exact=True)).to_be_focused()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    expect(editor).to_be_focused()
    expect(bold).to_have_attribute("aria-pressed", "true")
    # The shortcut works too.
    page.keyboard.press("End")
    wait_for_selection(page, "id_body_1_editor", "from === size - 1 && from === to")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Plain then ")
    page.keyboard.press("Control+i")
    page.keyboard.type("slanted words")
    expect(toolbar.get_by_role("button", name="Italic", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    # A link, through the toolbar's dialog; an address the server would drop is refused.
    page.keyboard.press("Enter")
    page.keyboard.press("Control+i")  # italic goes on to the new paragraph until turned off
    page.keyboard.type("See the rules")
    page.keyboard.press("Shift+Home")
    wait_for_selection(page, "id_body_1_editor", "to - from === 'See the rules'.length")
    page.keyboard.press("Shift+Tab")
    link = toolbar.get_by_role("button", name="Link", exact=True)
    for _press in range(7):
        page.keyboard.press("ArrowRight")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Link")
    address = dialog.get_by_role("textbox", name="Address")
    expect(address).to_be_focused()
    page.keyboard.type("javascript:alert(1)")
    page.keyboard.press("Enter")
    expect(dialog.get_by_text("Give an address starting with")).to_be_visible()
    expect(address).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("/processes/")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(editor).to_be_focused()
    expect(editor.get_by_role("link", name="See the rules")).to_have_attribute(
        "href", "/processes/"
    )

    tab_until(page, "el.type === 'submit' && el.textContent.trim() === 'Save'")
    page.keyboard.press("Enter")
    expect(page.locator(".bo-message-success")).to_be_visible()

    body = Page.objects.get(pk=demo_page.pk).body["en"]
    assert "<strong>Keyboard news</strong>" in body
    assert "<p>Plain then <em>slanted words</em></p>" in body
    assert '<a href="/processes/" rel="noopener noreferrer nofollow">See the rules</a>' in body
    assert body.startswith(demo_page.body["en"][:40])  # what was there is kept

    page.goto(demo_page.get_absolute_url())
    main = page.locator("main")
    expect(main.locator("strong", has_text="Keyboard news")).to_be_visible()
    expect(main.locator("em", has_text="slanted words")).to_be_visible()
    expect(main.get_by_role("link", name="See the rules")).to_be_visible()


def test_without_javascript_the_textarea_takes_html_that_is_sanitized(
    browser, base_url, demo_page, sign_in_admin
):
    from palabre.core.demo import content
    from palabre.core.models import User

    User.objects.filter(email=content.ADMIN_EMAIL).update(locale="en")
    context = browser.new_context(base_url=base_url, locale="en-GB", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in_admin(page)
        page.goto(edit_url(demo_page))
        textarea = page.get_by_role("textbox", name="English").and_(
            page.locator("textarea[name='body_en']")
        )
        expect(textarea).to_be_visible()
        expect(page.get_by_role("toolbar")).to_have_count(0)
        expect(page.get_by_text("Write HTML: paragraphs <p>").first).to_be_visible()
        textarea.fill('<p onclick="steal()">Hello <b>there</b><script>alert(1)</script></p>')
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".bo-message-success")).to_be_visible()
    finally:
        context.close()
    assert Page.objects.get(pk=demo_page.pk).body["en"] == "<p>Hello <b>there</b></p>"


def test_backoffice_does_not_scroll_sideways_on_a_phone(admin_page, demo_page):
    page = admin_page
    page.set_viewport_size(PHONE)
    proposals = Component.objects.filter(
        space__organization=demo_page.component.space.organization,
        manifest_name="proposals",
    ).first()
    space = demo_page.component.space
    addresses = {
        "dashboard": reverse("backoffice:dashboard"),
        "list of spaces": reverse("backoffice:space_list", kwargs={"kind": space.kind}),
        "list of components": reverse("backoffice:component_list", kwargs={"space_id": space.pk}),
        "list of proposals": reverse(
            "backoffice:component_manage",
            kwargs={"space_id": proposals.space_id, "component_id": proposals.pk},
        ),
        "activity log": reverse("backoffice:action_log"),
        "form of a space": reverse("backoffice:space_edit", kwargs={"space_id": space.pk}),
        "form of a page": edit_url(demo_page),
    }
    too_wide = {}
    for name, address in addresses.items():
        page.goto(address)
        if "form" in name:
            wait_for_editors(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
    assert not too_wide, f"pages wider than {PHONE['width']} px: {too_wide}"

    # A wide table scrolls in its own region, which the keyboard can reach and which is named.
    page.goto(addresses["list of proposals"])
    region = page.locator(".bo-table-wrap").first
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("role", "region")
    assert page.evaluate("el => el.scrollWidth > el.clientWidth", region.element_handle()), (
        "the proposals table should be wider than a phone, in its own scrolling region"
    )
    name = region.get_attribute("aria-label") or region.get_attribute("aria-labelledby")
    assert name
