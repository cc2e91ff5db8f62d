"""Browser journeys: the system Chromium, driven by Playwright, against a live server that
holds the demo.

Every test here is marked `browser`. Without Chromium they are skipped, unless
PALABRE_REQUIRE_BROWSER=1 (CI), where a missing browser is an error; PALABRE_SKIP_BROWSER=1
skips them all (for a run that must not start a browser).
"""

import io
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an asyncio event loop in the test's thread; Django refuses
# database access from a thread with a running loop unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marker must be there before `-m browser` selects tests.
    skip = pytest.mark.skip(reason="PALABRE_SKIP_BROWSER=1")
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if _flag("PALABRE_SKIP_BROWSER"):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        if _flag("PALABRE_REQUIRE_BROWSER"):
            pytest.fail(
                "PALABRE_REQUIRE_BROWSER=1 but no `chromium` was found on PATH: install it "
                "(apt-get install chromium) or unset PALABRE_REQUIRE_BROWSER.",
                pytrace=False,
            )
        pytest.skip("no Chromium installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """The demo, built by its own command: the journeys run on the real demo content."""
    from django.core.management import call_command

    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=io.StringIO())
    from palabre.core.models import Organization

    return Organization.objects.get(host="127.0.0.1")


@pytest.fixture
def base_url(live_server, demo) -> str:
    """The live server's address under the demo city's host name.

    The live server listens on the loopback interface and is announced as `localhost`,
    which the demo gives to its second organization; the city answers at 127.0.0.1, the same
    server reached by its address.
    """
    parts = urlsplit(live_server.url)
    return f"{parts.scheme}://{demo.host}:{parts.port}"


def _new_page(browser, base_url: str, locale: str):
    context = browser.new_context(base_url=base_url, locale=locale)
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, base_url):
    """A fresh browser tab for a French-speaking visitor."""
    context, page = _new_page(browser, base_url, "fr-FR")
    yield page
    context.close()


@pytest.fixture
def english_page(browser, base_url):
    """A fresh browser tab whose browser asks for English (labels are the English source)."""
    context, page = _new_page(browser, base_url, "en-GB")
    yield page
    context.close()


def sign_in_as_admin(page) -> None:
    """Sign in as the demo administrator, second factor included."""
    from playwright.sync_api import expect

    from palabre.core.demo import content
    from palabre.core.demo.totp import seconds_left, totp_code

    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(content.ADMIN_EMAIL)
    page.locator("input[name='password']").fill(content.PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).to_have_url(re.compile(r"/2fa/"))
    if seconds_left() < 3:
        # A code read at the very end of its window may expire before the server checks it.
        page.wait_for_timeout(seconds_left() * 1000 + 200)
    page.locator("input[name='code']").fill(totp_code(content.ADMIN_TOTP_SECRET))
    page.locator("main form [type='submit']").first.click()
    expect(page.locator("input[name='code']")).to_have_count(0)


@pytest.fixture
def sign_in_admin():
    """`sign_in_admin(page)`: sign in as the demo administrator in that tab."""
    return sign_in_as_admin


@pytest.fixture
def admin_page(browser, base_url, demo):
    """An English tab of its own, signed in as the demo administrator (second factor
    included). The demo admin prefers French and signed-in pages follow the person's
    language: it is switched to English so that labels are the interface's source texts."""
    from palabre.core.demo import content
    from palabre.core.models import User

    User.objects.filter(email=content.ADMIN_EMAIL).update(locale="en")
    context, page = _new_page(browser, base_url, "en-GB")
    sign_in_as_admin(page)
    yield page
    context.close()


@pytest.fixture(scope="session")
def assert_accessible():
    """`assert_accessible(page)`: axe-core finds no violation on the page, or the test fails
    with every violation listed (rule, impact, elements, how to fix)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> None:
        results = axe.run(page)
        if results.violations_count:
            pytest.fail(
                f"Accessibility violations on {page.url}:\n{results.generate_report()}",
                pytrace=False,
            )

    return check
