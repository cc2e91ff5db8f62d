"""Alice proposes drinking fountains at an address, Bob supports and comments, the city
answers "accepted" with a cost, and Alice reads the answer and her notification.

Addresses are geocoded by the fake Nominatim of the proposals tests, served on 127.0.0.1;
map tiles are refused, so nothing reaches the network. The browser asks for English, the
interface's source texts, and axe-core checks the list, the map, the proposal page and the
creation form.
"""

import re

from playwright.sync_api import expect

from palabre.components.proposals.models import Proposal, Support
from palabre.components.proposals.tests.factories import OPEN_STEP, proposals_settings
from palabre.components.proposals.tests.fake_geocoder import fake_geocoder
from palabre.core.components import component_admin_url
from palabre.core.demo import content
from palabre.core.models import Component, User
from palabre.core.tests.factories import png_upload

TITLE = "Des fontaines à eau potable dans les jardins"
ADDRESS = "1 place Bellecour, Lyon"


def open_ideas_box(organization) -> Component:
    """The proposals of the demo's market-square consultation (the demo has several
    proposals components) accept new ones, supports, addresses and costs in answers."""
    component = Component.objects.get(
        space__organization=organization,
        space__slug="place-du-marche",
        manifest_name="proposals",
    )
    settings = proposals_settings(
        geocoding_enabled=True, answers_with_costs=True, attachments_enabled=True
    )
    settings["steps"] = {str(step.pk): dict(OPEN_STEP) for step in component.space.steps.all()}
    component.settings = settings
    component.save(update_fields=["settings"])
    return component


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(content.PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def sign_out(page) -> None:
    # Forgetting the session cookie is enough for the next person to sign in afresh.
    page.context.clear_cookies()


def test_alice_proposes_bob_supports_and_the_city_answers(
    english_page, demo, settings, assert_accessible, sign_in_admin
):
    page = english_page
    # Publishing and answering write, notify and send emails: give a busy machine time.
    page.set_default_timeout(30_000)
    page.context.route(re.compile(r"^https?://([a-z]\.)?tile\.openstreetmap\.org/"), _refuse)
    User.objects.filter(
        email__in=[content.ADMIN_EMAIL, "alice@palabre.test", "bob@palabre.test"]
    ).update(locale="en")
    component = open_ideas_box(demo)
    home = component.get_absolute_url()

    with fake_geocoder() as geocoder_url:
        settings.PALABRE_GEOCODER_URL = geocoder_url

        sign_in(page, "alice@palabre.test")
        page.goto(home)
        assert_accessible(page)
        page.get_by_role("link", name="New proposal").click()
        assert_accessible(page)
        page.locator("[name='title']").fill(TITLE)
        page.get_by_label("Your proposal").fill(
            "Des fontaines dans les jardins publics, pour boire pendant les fortes chaleurs."
        )
        page.get_by_label("Address").fill(ADDRESS)
        page.get_by_label("File 1", exact=True).set_input_files(
            {"name": "fontaine.png", "mimeType": "image/png", "buffer": png_upload().read()}
        )
        page.get_by_label("Title of file 1 (optional)").fill("Une fontaine dans un jardin")
        page.get_by_role("button", name="Continue").click()

        # The demo already has fountains in the parks: Alice is shown it before publishing.
        expect(page.get_by_role("heading", level=1, name="Similar proposals")).to_be_visible()
        expect(
            page.get_by_role("link", name="Des fontaines à eau potable dans les parcs")
        ).to_be_visible()
        page.get_by_role("link", name="My proposal is different: continue").click()
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("Your proposal is published.")).to_be_visible()

    proposal = Proposal.objects.filter(component=component).latest("pk")
    assert proposal.title == {"en": TITLE}
    assert (proposal.latitude, proposal.longitude) == (45.7578, 4.832)
    proposal_url = proposal.get_absolute_url()

    # The map shows Alice's proposal among the demo's; filtered, only hers.
    page.goto(f"{home}map/")
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    placed = Proposal.objects.filter(component=component, latitude__isnull=False)
    expect(page.locator(".leaflet-marker-icon")).to_have_count(placed.count())
    assert_accessible(page)
    page.goto(f"{home}map/?q=jardins")
    marker = page.locator(".leaflet-marker-icon")
    expect(marker).to_have_count(1)
    marker.click()
    popup_link = page.locator(".leaflet-popup").get_by_role("link", name=TITLE)
    expect(popup_link).to_have_attribute("href", proposal_url)
    expect(page.get_by_role("list").get_by_role("link", name=TITLE)).to_be_visible()
    sign_out(page)

    sign_in(page, "bob@palabre.test")
    page.goto(proposal_url)
    page.get_by_role("button", name="Support", exact=True).click()
    expect(page.get_by_text("Thank you for your support.")).to_be_visible()
    page.get_by_label("Your comment").fill("Oui, surtout près des aires de jeux.")
    page.get_by_role("button", name="Publish the comment").click()
    expect(page.get_by_text("Oui, surtout près des aires de jeux.")).to_be_visible()
    assert Support.objects.filter(proposal=proposal, user__email="bob@palabre.test").exists()
    sign_out(page)

    sign_in_admin(page)
    page.goto(component_admin_url(component, "proposal", pk=proposal.pk))
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    page.locator("[name='state']").select_option("accepted")
    page.locator(".rich-text:has([name='answer_fr']) [contenteditable]").fill(
        "Bonne idée : deux fontaines cet été."
    )
    page.locator(".rich-text:has([name='answer_en']) [contenteditable]").fill(
        "A good idea: two fountains this summer."
    )
    page.locator("[name='cost']").fill("12000")
    page.locator(".rich-text:has([name='cost_report_fr']) [contenteditable]").fill(
        "Deux fontaines et leur raccordement."
    )
    page.locator(".rich-text:has([name='cost_report_en']) [contenteditable]").fill(
        "Two fountains and their plumbing."
    )
    page.locator("[name='execution_period']").fill("Summer 2027")
    page.locator("[name='publish']").check()
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_text("The answer is saved.")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.answer_state == "accepted" and proposal.answer_published_at is not None
    sign_out(page)

    sign_in(page, "alice@palabre.test")
    page.goto(proposal_url)
    expect(page.get_by_role("heading", name=re.compile(r"Answer: Accepted"))).to_be_visible()
    expect(page.get_by_text("A good idea: two fountains this summer.")).to_be_visible()
    # Money is written in the reader's language with its currency.
    expect(page.get_by_text("€12,000")).to_be_visible()
    expect(page.get_by_text("1 support", exact=False).first).to_be_visible()
    # Her picture is served through the permission-checked view, described by its title.
    picture = page.get_by_role("img", name="Une fontaine dans un jardin")
    expect(picture).to_be_visible()
    assert picture.evaluate("image => image.naturalWidth") == 8
    assert_accessible(page)
    page.goto("/notifications/")
    page.get_by_role("link", name=f"The proposal “{TITLE}” has been answered").click()
    expect(page).to_have_url(re.compile(re.escape(proposal_url)))


def _refuse(route) -> None:
    route.abort()
