"""The Content-Security-Policy refuses nothing the pages need: on the main pages of the demo
(a proposals list and its map, a budget's voting page, the backoffice with its editors), the
browser reports no violation and no script error, and the map draws its tiles and markers.
"""

import pytest
from playwright.sync_api import expect

from palabre.core.components import component_admin_url, component_url
from palabre.core.models import Component


def watch(page) -> list[str]:
    """Collect what the browser says went wrong: CSP violations (reported as console
    errors and as `securitypolicyviolation` events) and uncaught script errors."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + "
        "e.blockedURI))"
    )
    return problems


def published(manifest_name: str) -> Component:
    return (
        Component.objects.filter(
            manifest_name=manifest_name,
            published_at__isnull=False,
            space__published_at__isnull=False,
            space__organization__host="127.0.0.1",
        )
        .select_related("space")
        .order_by("pk")
        .first()
    )


def _offline_tiles(route) -> None:
    # No network in tests: tiles answer with a tiny image from "the tile server".
    route.fulfill(status=200, content_type="image/png", body=b"")


def test_public_pages_run_under_the_policy(english_page):
    page = english_page
    problems = watch(page)
    page.route("https://tile.openstreetmap.org/**", _offline_tiles)
    for path in ("/", "/processes/", "/assemblies/", "/accounts/login/", "/accounts/signup/"):
        page.goto(path)
    proposals = published("proposals")
    if proposals is not None:
        page.goto(component_url(proposals))
        page.goto(component_url(proposals) + "map/")
        map_region = page.locator("#proposals-map")
        if map_region.count():
            expect(map_region).to_be_visible()
            expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    budgets = published("budgets")
    if budgets is not None:
        page.goto(component_url(budgets))
        link = page.locator("main a[href*='/f/']").first
        if link.count():
            link.click()
    page.wait_for_load_state("networkidle")
    assert problems == []


@pytest.mark.parametrize("locale", ["en-GB"])
def test_backoffice_runs_under_the_policy(admin_page, locale):
    page = admin_page
    problems = watch(page)
    page.goto("/admin/")
    page.goto("/admin/organization/")
    for name in ("proposals", "budgets"):
        component = published(name)
        if component is not None:
            page.goto(component_admin_url(component))
    page.goto("/account/")
    page.wait_for_load_state("networkidle")
    assert problems == []
