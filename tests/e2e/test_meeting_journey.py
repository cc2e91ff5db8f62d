"""Bob registers for the demo's online public meeting with the keyboard alone, reads his
code and downloads the meeting's `.ics`; the organizer validates his code at the door on a
375 px phone screen, then, the meeting held, closes it with its minutes, linking a proposal
of the consultation and writing an official proposal from the meeting. axe-core checks the
list, the map, the meeting, the registration and the directory pages; a second pass
registers with JavaScript turned off.

The browser asks for English, the interface's source texts. Map tiles are refused, so
nothing reaches the network.
"""

import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from palabre.components.meetings.models import Meeting, Registration
from palabre.components.proposals.models import Proposal
from palabre.core.components import component_admin_url, component_url
from palabre.core.demo import content
from palabre.core.models import User

PHONE = {"width": 375, "height": 740}
TILES = re.compile(r"^https?://([a-z]\.)?tile\.openstreetmap\.org/")
ONLINE_TITLE = "Online public meeting: the results of the assessment"
WORKSHOP_TITLE = "Design workshop 1: how the square is used"
NEW_PROPOSAL = "A drinking fountain by the market stalls"


def tab_until(page, predicate: str, limit: int = 60) -> None:
    """Press Tab until `predicate` (a JavaScript expression on `document.activeElement`,
    named `el`) holds; fail if it never does."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    pytest.fail(f"Tab never reached an element where {predicate}")


def new_tab(browser, base_url, **options):
    context = browser.new_context(base_url=base_url, locale="en-GB", **options)
    context.set_default_timeout(30_000)
    context.route(TILES, lambda route: route.abort())
    return context, context.new_page()


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(content.PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def demo_meeting(organization, english_title: str) -> Meeting:
    return Meeting.objects.select_related("component__space").get(
        component__space__organization=organization,
        component__space__slug="place-du-marche",
        title__en=english_title,
    )


@pytest.fixture
def people_in_english(demo):
    User.objects.filter(
        email__in=[content.ADMIN_EMAIL, "alice@palabre.test", "bob@palabre.test"]
    ).update(locale="en")


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def test_bob_registers_with_the_keyboard_the_organizer_validates_and_closes(
    browser, base_url, demo, people_in_english, assert_accessible, sign_in_admin
):
    meeting = demo_meeting(demo, ONLINE_TITLE)
    component = meeting.component

    # The lists, the map and the directory, as a visitor.
    context, page = new_tab(browser, base_url)
    page.goto(component.get_absolute_url())
    expect(page.get_by_role("link", name=ONLINE_TITLE).first).to_be_visible()
    assert_accessible(page)
    page.goto(component_url(component, "map"))
    assert_accessible(page)
    page.goto("/meetings/")
    expect(page.get_by_role("link", name=ONLINE_TITLE).first).to_be_visible()
    assert_accessible(page)
    context.close()

    # Bob, keyboard only from the meeting's page: the register link, then the form's button.
    context, page = new_tab(browser, base_url)
    sign_in(page, "bob@palabre.test")
    page.goto(meeting.get_absolute_url())
    assert_accessible(page)
    tab_until(page, "el.tagName === 'A' && el.textContent.trim() === 'Register'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/register/$"))
    assert_accessible(page)
    tab_until(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Register'")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have a seat.")).to_be_visible()
    code = page.locator(".registration-code").inner_text().strip()
    registration = Registration.objects.get(meeting=meeting, user__email="bob@palabre.test")
    assert code == registration.code and len(code) == 8
    assert_accessible(page)

    # The meeting's .ics, reached with the keyboard too.
    page.goto(meeting.get_absolute_url())
    with page.expect_download() as download_info:
        tab_until(page, "el.tagName === 'A' && el.textContent.includes('.ics')")
        page.keyboard.press("Enter")
    calendar = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    events = [part for part in calendar.walk() if part.name == "VEVENT"]
    assert len(events) == 1
    assert events[0].decoded("dtstart").utcoffset() is not None
    context.close()

    # The organizer, on a phone at the door.
    context, page = new_tab(browser, base_url, viewport=PHONE)
    sign_in_admin(page)
    page.goto(component_admin_url(component, "registrations_door", pk=meeting.pk))
    page.get_by_label("Registration code").fill(code.lower())
    page.get_by_role("button", name="Validate").click()
    expect(page.get_by_text(f"Code {code} validated.")).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.attended_at is not None

    # The meeting was held: the organizer closes it with its minutes.
    held = meeting.start_at.replace(year=meeting.start_at.year - 1)
    Meeting.objects.filter(pk=meeting.pk).update(start_at=held, end_at=held)
    linked = (
        Proposal.objects.filter(component__space=component.space, state="published")
        .order_by("id")
        .first()
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(component_admin_url(component, "meeting_close", pk=meeting.pk))
    # The attendance validated at the door fills the number of attendees.
    expect(page.get_by_label("Number of attendees")).to_have_value("1")
    assert_accessible(page)
    # The report is required in the organization's language, French.
    page.get_by_role("textbox", name=re.compile(r"^Report of the meeting French")).click()
    page.keyboard.type("Quarante habitants ont posé des questions sur l’ombre et le marché.")
    page.get_by_label("Number of contributions").fill("17")
    page.get_by_label(re.compile(re.escape(linked.title.get("en") or linked.title["fr"]))).check()
    page.get_by_label("Title of new proposal 1").fill(NEW_PROPOSAL)
    page.get_by_label("Publish the minutes").check()
    page.get_by_role("button", name="Close the meeting").click()
    expect(page.get_by_text("The minutes were saved.")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.is_closed and meeting.attendees_count == 1
    created = Proposal.objects.get(title__fr=NEW_PROPOSAL)
    assert created.source == Proposal.Source.MEETING
    assert set(meeting.linked_proposals.all()) == {linked, created}
    context.close()

    # Everyone reads the minutes and follows the proposals from the meeting's page.
    context, page = new_tab(browser, base_url)
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_role("heading", name="Minutes")).to_be_visible()
    expect(page.get_by_text("Quarante habitants ont posé des questions")).to_be_visible()
    page.get_by_role("link", name=NEW_PROPOSAL).click()
    # The proposal says it comes from the meeting (named in the organization's language).
    expect(page.locator(".card-meta").first).to_contain_text(
        f"Official proposal · A meeting ({meeting.title['fr']})"
    )
    assert_accessible(page)
    context.close()


def test_alice_registers_without_javascript(browser, base_url, demo, people_in_english):
    meeting = demo_meeting(demo, WORKSHOP_TITLE)
    context, page = new_tab(browser, base_url, java_script_enabled=False)
    sign_in(page, "alice@palabre.test")
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Register", exact=True).click()
    # The registration form of the workshop asks a question first.
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not Registration.objects.filter(meeting=meeting, user__email="alice@palabre.test")
    page.get_by_label("I live there").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You have a seat.")).to_be_visible()
    registration = Registration.objects.get(meeting=meeting, user__email="alice@palabre.test")
    assert page.locator(".registration-code").inner_text().strip() == registration.code
    assert registration.response_id is not None
    context.close()
