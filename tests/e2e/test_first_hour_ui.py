"""What a newcomer met in their first hour, checked in a real browser: the proposals list
laid out as a narrow filter sidebar beside a wide list (stacked on a phone), map markers
drawn from Leaflet's shipped images even where static names are hashed, a plain message when
the map background cannot load, and budget voting with the keyboard (the focused button never
under the sticky bar, the focus kept on the project after adding or removing it, with and
without JavaScript). On a 375 px screen none of these pages scrolls sideways.
"""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from playwright.sync_api import expect

from palabre.components.budgets.models import Order
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
    budgets_settings,
)
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.tests.factories import DEMO_PASSWORD, SpaceFactory, UserFactory

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
TILES = re.compile(r"^https?://([a-z]\.)?tile\.openstreetmap\.org/")
# A 1×1 transparent PNG, for tiles "served" without reaching the network.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


def new_tab(browser, base_url, viewport=DESKTOP, **options):
    context = browser.new_context(base_url=base_url, locale="en-GB", viewport=viewport, **options)
    context.set_default_timeout(20_000)
    # No tile server is reached from the tests: tiles are refused unless a test serves them.
    context.route(TILES, lambda route: route.abort())
    return context, context.new_page()


@pytest.fixture
def tabs(browser, base_url):
    """`tabs(viewport=…, java_script_enabled=…)`: new English tabs, closed after the test."""
    opened = []

    def open_tab(**options):
        context, page = new_tab(browser, base_url, **options)
        opened.append(context)
        return page

    yield open_tab
    for context in opened:
        context.close()


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(DEMO_PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


# Proposals: the list beside its filters, and the map ---------------------------------------


@pytest.fixture
def ideas(demo):
    """A proposals component of the demo city whose proposals have a place on the map."""
    space = SpaceFactory(organization=demo, title={"fr": "Idées", "en": "Ideas"})
    component = ProposalsComponentFactory(
        space=space, settings=proposals_settings(geocoding_enabled=True)
    )
    for number, (latitude, longitude) in enumerate(((45.76, 4.83), (45.75, 4.85), (45.77, 4.82))):
        ProposalFactory(
            component=component,
            title={"en": f"A shaded bench in the park, number {number}"},
            body={"en": "Benches under the trees, for the summer afternoons. " * 4},
            latitude=latitude,
            longitude=longitude,
        )
    return component


def test_filters_are_a_narrow_sidebar_beside_a_wide_list(tabs, ideas):
    page = tabs(viewport=DESKTOP)
    page.goto(ideas.get_absolute_url())
    filters, cards = box(page, ".layout-aside"), box(page, ".layout-main")
    # A sidebar of 16 to 20rem (16px each) on the left, the list taking the rest.
    assert 15 * 16 <= filters["width"] <= 20 * 16 + 1
    assert filters["x"] + filters["width"] <= cards["x"]
    assert cards["width"] >= 2 * filters["width"]
    assert box(page, ".proposal-card")["width"] >= 2 * filters["width"]
    assert abs(filters["y"] - cards["y"]) < 2

    page = tabs(viewport=PHONE)
    page.goto(ideas.get_absolute_url())
    filters, cards = box(page, ".layout-aside"), box(page, ".layout-main")
    # On a phone: the filters above the list, both the width of the screen.
    assert filters["y"] + filters["height"] <= cards["y"]
    assert abs(filters["width"] - cards["width"]) < 2 and cards["width"] >= 300
    assert_no_sideways_scroll(page)


def test_the_process_page_keeps_its_sidebar_narrow_on_the_right(tabs, demo):
    page = tabs(viewport=DESKTOP)
    page.goto("/processes/budget-participatif/")
    main, aside = box(page, ".layout-main"), box(page, ".layout-aside")
    assert main["x"] + main["width"] <= aside["x"]
    assert 15 * 16 <= aside["width"] <= 20 * 16 + 1 and main["width"] >= 2 * aside["width"]


@pytest.fixture
def hashed_static(settings, tmp_path, demo):
    """Static files as a production installation serves them: collected under names with a
    hash of their content, stylesheets rewritten to point at the hashed images. The browser
    tab serves them from the collected folder (`serve_static`)."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    root = Path(settings.STATIC_ROOT)

    def serve(route) -> None:
        name = route.request.url.split("/static/", 1)[1].split("?", 1)[0]
        path = root / name
        if path.is_file():
            route.fulfill(path=path)
        else:
            route.fulfill(status=404, body="")

    def serve_static(page) -> None:
        page.route(re.compile(r"/static/"), serve)

    return serve_static


def test_markers_show_leaflets_images_and_a_missing_background_is_said(
    tabs, ideas, hashed_static, assert_accessible
):
    page = tabs(viewport=DESKTOP)
    hashed_static(page)
    images = []
    page.on(
        "response",
        lambda response: (
            images.append((response.url, response.status))
            if re.search(r"marker-(icon|shadow)", response.url)
            else None
        ),
    )
    page.goto(f"{ideas.get_absolute_url()}map/")
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(3)
    expect(page.locator(".leaflet-marker-shadow")).to_have_count(3)
    page.wait_for_load_state("networkidle")
    assert images and all(status == 200 for _url, status in images), images
    assert all("/static/leaflet/images/" in url for url, _status in images), images
    for marker in markers.all():
        assert marker.evaluate("image => image.complete && image.naturalWidth") > 0

    # Every tile was refused: the page says so, and the list still leads to each proposal.
    status = page.get_by_role("status").filter(has_text="map background cannot be loaded")
    expect(status).to_be_visible()
    expect(page.locator("#proposals-map-status")).to_have_attribute("role", "status")
    places = page.get_by_role("list", name="Proposals with a place")
    expect(places.get_by_role("link")).to_have_count(3)
    assert_accessible(page)


def test_the_map_says_nothing_when_its_background_loads(tabs, ideas):
    page = tabs(viewport=PHONE)
    page.context.unroute(TILES)
    page.context.route(
        TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=PIXEL)
    )
    page.goto(f"{ideas.get_absolute_url()}map/")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    expect(page.locator("#proposals-map-status")).to_have_text("")
    assert_no_sideways_scroll(page)


# Budgets: voting with the keyboard -------------------------------------------------------

FOCUSED = """() => {
    const focused = document.activeElement;
    const bar = document.querySelector(".basket-add-form").getBoundingClientRect();
    const own = focused.getBoundingClientRect();
    return {
        id: focused.id,
        text: focused.textContent.trim(),
        inList: Boolean(focused.closest(".project-list")),
        top: own.top, bottom: own.bottom, barTop: bar.top, barBottom: bar.bottom,
        height: window.innerHeight,
    };
}"""


@pytest.fixture
def voter(demo):
    """A signed-up participant of the demo city, and a budget of twelve projects open for
    voting in a space of its own."""
    space = SpaceFactory(organization=demo, title={"fr": "Budget 2028", "en": "Budget 2028"})
    component = BudgetsComponentFactory(
        space=space, settings=budgets_settings(vote_rule="minimum_percent", minimum_percent=10)
    )
    budget = BudgetFactory(
        component=component,
        title={"fr": "Quartiers", "en": "Districts"},
        envelope=Decimal("100000"),
    )
    for number in range(12):
        ProjectFactory(
            budget=budget,
            title={"fr": f"Projet {number:02d}", "en": f"Project {number:02d}"},
            cost=Decimal(5000 + number * 100),
        )
    person = UserFactory(organization=demo, email="keyboard@example.org", locale="en")
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    return budget, person


def listing(budget) -> str:
    return f"{budget.get_absolute_url()}?sort=title"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_focused_control_hides_under_the_sticky_bar(tabs, voter, viewport):
    budget, person = voter
    page = tabs(viewport=viewport)
    sign_in(page, person.email)
    page.goto(listing(budget))
    assert_no_sideways_scroll(page)
    seen = 0
    for _press in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inList"]:
            if seen:
                break
            continue
        seen += 1
        assert focused["top"] >= 0 and focused["bottom"] <= focused["height"], focused
        # Not even partly under the bar, which sticks to the bottom of the screen.
        assert focused["bottom"] <= focused["barTop"] or focused["top"] >= focused["barBottom"], (
            focused
        )
    assert seen >= 30  # a link, a check box and a button for each of the 12 projects


def test_with_javascript_the_focus_stays_on_the_button(tabs, voter, assert_accessible):
    budget, person = voter
    page = tabs(viewport=DESKTOP)
    sign_in(page, person.email)
    page.goto(listing(budget))
    project = budget.projects.get(title__en="Project 09")
    button = page.locator(f"#project-{project.pk}-button")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_text(re.compile(r"^Remove"))
    expect(button).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="was added to your basket")).to_be_attached()
    # The basket beside the list follows, without a reload.
    review = page.locator("#basket").get_by_role("link", name="Review and vote")
    expect(review).to_be_visible()
    assert Order.objects.get(user=person).lines.filter(project=project).exists()
    assert_accessible(page)

    page.keyboard.press("Enter")
    expect(button).to_have_text(re.compile(r"^Add"))
    expect(button).to_be_focused()
    expect(review).to_have_count(0)
    assert not Order.objects.get(user=person).lines.exists()
    # The page was never reloaded: the address has no anchor.
    assert "#" not in page.url


def test_without_javascript_the_page_comes_back_on_the_project(tabs, voter):
    budget, person = voter
    page = tabs(viewport=DESKTOP, java_script_enabled=False)
    sign_in(page, person.email)
    page.goto(listing(budget))
    project = budget.projects.get(title__en="Project 09")
    page.locator(f"#project-{project.pk}-button").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"#project-{project.pk}$"))
    expect(page.locator(f"#project-{project.pk}-button")).to_have_text(re.compile(r"^Remove"))
    heading = page.locator(f"h3#project-{project.pk}")
    expect(heading).to_be_in_viewport()
    # The next Tab goes on inside that project, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate(
        f"() => Boolean(document.activeElement.closest('#project-card-{project.pk}'))"
    )
    assert Order.objects.get(user=person).lines.filter(project=project).exists()


# A proposal's page on a phone: supports used up, a discussion to report from ---------------


def test_a_participant_on_a_phone_sees_why_and_can_report_a_comment(tabs, demo, assert_accessible):
    from palabre.comments import services as comments
    from palabre.components.proposals import services as proposals

    space = SpaceFactory(organization=demo, title={"fr": "Idées", "en": "Ideas"})
    component = ProposalsComponentFactory(
        space=space, settings=proposals_settings(supports_limit=1)
    )
    first, second = ProposalFactory.create_batch(2, component=component)
    person = UserFactory(organization=demo, email="phone@example.org", locale="en")
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    other = UserFactory(organization=demo, nickname="claire")
    proposals.proposal_support(user=person, proposal=first)
    root = comments.comment_create(
        author=other, target=second, body="A rather long opinion " + "about-the-place-" * 8
    )
    reply = comments.comment_create(author=person, target=second, body="Agreed", parent=root)
    comments.comment_create(author=other, target=second, body="Thanks!", parent=reply)

    page = tabs(viewport=PHONE)
    sign_in(page, person.email)
    page.goto(second.get_absolute_url())
    support = page.get_by_role("button", name="Support", exact=True)
    expect(support).to_be_disabled()
    expect(page.get_by_text("You have used your 1 support.")).to_be_visible()
    # Report on what others wrote, not on one's own reply.
    expect(page.locator(f"#comment-{root.pk} .report-button").first).to_be_visible()
    expect(page.locator(f"#comment-{reply.pk} > article .report-button")).to_have_count(0)
    assert_no_sideways_scroll(page)
    assert_accessible(page)
