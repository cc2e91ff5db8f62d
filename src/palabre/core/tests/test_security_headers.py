"""Every HTML page carries the browser protections, and nothing inline runs.

The demo is crawled from its home page, following every link of the site, as a visitor and
as its administrator (backoffice included): a new page is covered as soon as a page links
to it. Each HTML response must carry a Content-Security-Policy (with the nonce of the page
when the page uses one), Permissions-Policy, X-Content-Type-Options and Referrer-Policy,
refuse to be framed, and hold no inline script, inline event handler, style attribute or
javascript: address that the policy would refuse.
"""

import io
import logging
import os
import re
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from palabre.core.security import PRIVATE_PATH_PREFIXES

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"
# Links not to follow: files, the way out, and what only repeats a page already seen.
SKIPPED_PREFIXES = ("/static/", "/media/", "/attachments/", "/accounts/logout/", "/system/")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "importmap"}


class PageAudit(HTMLParser):
    """What a page holds that a strict Content-Security-Policy must know about."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.problems: list[str] = []
        self.nonces: list[str | None] = []  # of inline <script> and <style> elements
        self._open: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            elif name.startswith("on"):
                self.problems.append(f"inline event handler {name} on <{tag}>")
            elif name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: address in <{tag} {name}>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "style":
            self.nonces.append(attributes.get("nonce"))
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and not attributes.get("src") and script_type not in DATA_SCRIPT_TYPES:
            self.nonces.append(attributes.get("nonce"))


def policy_nonce(policy: str) -> str | None:
    match = re.search(r"'nonce-([^']+)'", policy)
    return match.group(1) if match else None


def check_page(path: str, response, *, signed_in: bool) -> list[str]:
    problems = []
    policy = response.headers.get("Content-Security-Policy", "")
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        if directive not in policy:
            problems.append(f"CSP without {directive}")
    if not re.search(r"script-src 'self'( 'nonce-[^']+')?;", policy):
        problems.append("script-src other than 'self' and the nonce")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append("unsafe CSP source")
    if "camera=()" not in response.headers.get("Permissions-Policy", ""):
        problems.append("no Permissions-Policy")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options")
    if response.headers.get("Referrer-Policy") != "same-origin":
        problems.append("no Referrer-Policy")
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append("may be framed")
    if signed_in and path.startswith(PRIVATE_PATH_PREFIXES):
        cache_control = response.headers.get("Cache-Control", "")
        if "private" not in cache_control or "no-store" not in cache_control:
            problems.append("personal page that a cache may keep")
    audit = PageAudit()
    audit.feed(response.content.decode())
    problems += audit.problems
    nonce = policy_nonce(policy)
    for found in audit.nonces:
        if found is None or found != nonce:
            problems.append("inline <script> or <style> without the page's nonce")
    return [f"{path}: {problem}" for problem in problems]


def crawl(client: Client, *, signed_in: bool, limit: int = 160) -> tuple[int, list[str]]:
    """Visit the site's pages breadth first (one page per address, query strings aside)."""
    seen, queue, problems, pages = {"/"}, deque(["/"]), [], 0
    while queue and pages < limit:
        path = queue.popleft()
        response = client.get(path, HTTP_HOST=HOST)
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        pages += 1
        problems += check_page(path, response, signed_in=signed_in)
        audit = PageAudit()
        audit.feed(response.content.decode())
        for link in audit.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIPPED_PREFIXES) or parts.path in seen:
                continue
            seen.add(parts.path)
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages, problems


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())


def test_every_public_page_carries_the_protections(demo):
    pages, problems = crawl(Client(headers={"accept-language": "en"}), signed_in=False)
    assert pages > 20
    assert problems == []


def test_every_page_of_an_administrator_carries_the_protections(demo):
    from palabre.core.demo import content
    from palabre.core.models import User

    client = Client(headers={"accept-language": "en"})
    client.force_login(User.objects.get(email=content.ADMIN_EMAIL))
    pages, problems = crawl(client, signed_in=True, limit=220)
    assert pages > 40
    assert problems == []


# The policy itself ---------------------------------------------------------------------
def test_the_page_nonce_is_new_on_each_response(client, organization):
    first = policy_nonce(client.get("/").headers["Content-Security-Policy"])
    second = policy_nonce(client.get("/").headers["Content-Security-Policy"])
    assert first and second and first != second


def test_map_tiles_may_load(client, organization, settings):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy


def test_tiles_from_a_server_with_subdomains():
    from palabre.config.settings import _tiles_origin

    assert _tiles_origin("https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.org:8443"
    )


def test_embed_cards_may_be_framed_by_any_site(client, organization):
    from palabre.core.tests.factories import SpaceFactory

    space = SpaceFactory(organization=organization, kind="process", slug="budget")
    response = client.get(f"/processes/{space.slug}/embed/")
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert check_page("embed", response, signed_in=False) == [
        "embed: CSP without frame-ancestors 'none'",
        "embed: may be framed",
    ]


def test_error_and_unknown_host_pages_hold_nothing_inline(client, organization):
    from palabre.core.views import server_error

    response = client.get("/", HTTP_HOST="nowhere.example")
    assert response.status_code == 404
    assert check_page("unknown host", response, signed_in=False) == []
    audit = PageAudit()
    audit.feed(server_error(None).content.decode())
    assert audit.problems == [] and audit.nonces == []


# HSTS ----------------------------------------------------------------------------------
def test_no_hsts_in_tests_and_demo(client, organization):
    assert "Strict-Transport-Security" not in client.get("/", secure=True).headers


def test_hsts_when_configured(client, organization, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains")
    assert "Strict-Transport-Security" not in client.get("/").headers  # over HTTPS only


def _production_setting(name: str, **env) -> str:
    """A setting as a production process reads it (no pytest, no demo, no debug)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "PALABRE_DEMO", "PALABRE_TESTING", "SECURE_HSTS_SECONDS"}
    }
    environment.update(SECRET_KEY="x" * 50, **env)
    return subprocess.run(
        [sys.executable, "-c", f"from palabre.config import settings; print(settings.{name})"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_hsts_for_a_year_in_production_by_default():
    assert _production_setting("SECURE_HSTS_SECONDS") == "31536000"
    assert _production_setting("SECURE_HSTS_INCLUDE_SUBDOMAINS") == "False"
    assert (
        _production_setting("SECURE_HSTS_INCLUDE_SUBDOMAINS", PALABRE_HSTS_INCLUDE_SUBDOMAINS="1")
        == "True"
    )


# Caching of personal and administrative pages ------------------------------------------
def test_personal_pages_are_kept_by_no_cache(signed_in, user):
    client = signed_in(user)
    for path in ("/account/", "/account/notifications/", "/notifications/"):
        cache_control = client.get(path).headers.get("Cache-Control", "")
        assert "private" in cache_control and "no-store" in cache_control, path


def test_public_pages_are_not_marked_private(signed_in, user):
    assert "no-store" not in signed_in(user).get("/processes/").headers.get("Cache-Control", "")


def test_backoffice_exports_are_kept_by_no_cache(signed_in, organization):
    from palabre.components.proposals.tests.factories import ProposalsComponentFactory
    from palabre.core.components import component_admin_url
    from palabre.core.models import SpaceRole
    from palabre.core.tests.factories import SpaceRoleFactory, with_two_factor

    component = ProposalsComponentFactory(space__organization=organization)
    admin = with_two_factor(SpaceRoleFactory(space=component.space, role=SpaceRole.Role.ADMIN).user)
    response = signed_in(admin).get(component_admin_url(component, "export_csv"))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


# Favicon and refusals in the log -------------------------------------------------------
def test_every_page_names_its_icon(client, organization):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/palabre/favicon.svg" type="image/svg+xml">' in html
    assert client.get("/static/palabre/favicon.svg").status_code == 200


def test_a_refusal_is_one_line_in_the_log(signed_in, user, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert signed_in(user).get("/admin/").status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /admin/"
    assert record.exc_info is None and record.exc_text is None
