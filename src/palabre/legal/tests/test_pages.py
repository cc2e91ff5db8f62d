"""The public legal pages, the footer that links them on every page, the accessibility
statement in the RGAA structure and a cookie list that says what the platform really sets."""

import re

import pytest
from django.conf import settings

from palabre.legal.models import Compliance
from palabre.legal.selectors import cookie_list
from palabre.legal.services import accessibility_update, legal_pages_setup

pytestmark = pytest.mark.django_db

FOOTER_LINKS = (
    "/legal/notice/",
    "/legal/terms/",
    "/legal/privacy/",
    "/legal/cookies/",
    "/legal/accessibility/",
)
LEGAL_PAGES = (*FOOTER_LINKS, "/help/")


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


def assert_footer_links(html: str) -> None:
    bottom = footer(html)
    for link in FOOTER_LINKS:
        assert f'href="{link}"' in bottom, link
    assert "Accessibility: not compliant" in bottom


@pytest.mark.parametrize("url", LEGAL_PAGES)
def test_every_legal_page_opens_with_the_templates_to_fill(client, organization, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_footer_links(response.content.decode())


def test_templates_show_their_placeholders(client, organization):
    legal_pages_setup(organization=organization)
    html = client.get("/legal/notice/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "[directeur de la publication]" in html
    assert "[hébergeur" in html
    assert "[director of publication]" in client.get("/legal/notice/").content.decode()


def test_footer_on_every_kind_of_page(client, signed_in, participant, space, component, post):
    pages = [
        client.get("/"),
        client.get(space.get_absolute_url()),
        client.get(component.get_absolute_url()),
        client.get(post.get_absolute_url()),
        client.get("/accounts/login/"),
        client.get("/accounts/signup/"),
        signed_in(participant).get("/account/"),
        signed_in(participant).get("/account/notifications/"),
        client.get("/no-such-page/"),
    ]
    for response in pages:
        assert response.status_code in {200, 404}
        assert_footer_links(response.content.decode())


def test_the_header_links_the_help(client, organization):
    html = client.get("/").content.decode()
    header = html[: html.index("</header>")]
    assert 'href="/help/"' in header


def test_the_footer_says_the_compliance_status(client, organization, admin_user):
    legal_pages_setup(organization=organization)
    accessibility_update(
        actor=admin_user,
        organization=organization,
        status=Compliance.PARTIAL,
        audit_date="2026-03-01",
        auditor="Access42",
        compliance_rate=72,
        statement_date="2026-03-15",
        non_compliant={"en": "<p>The map has no text alternative.</p>"},
    )
    html = client.get("/").content.decode()
    assert "Accessibility: partially compliant" in footer(html)
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Accessibilité\u202f: partiellement conforme" in footer(french)


def test_the_statement_follows_the_rgaa_model(client, organization, admin_user):
    accessibility_update(
        actor=admin_user,
        organization=organization,
        status=Compliance.PARTIAL,
        audit_date="2026-03-01",
        auditor="Access42",
        compliance_rate=72,
        statement_date="2026-03-15",
        non_compliant={"en": "<p>The map has no text alternative.</p>"},
        audited_pages={"en": "<ul><li>Home</li></ul>"},
    )
    html = client.get("/legal/accessibility/").content.decode()
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == [
        "Compliance status",
        "Test results",
        "Non-accessible content",
        "Preparation of this accessibility statement",
        "Feedback and contact",
        "Means of redress",
    ]
    assert "is partially compliant with the French general accessibility" in html
    assert "carried out by Access42" in html
    assert "72% of the RGAA criteria are met" in html
    assert "The map has no text alternative." in html
    assert "https://formulaire.defenseurdesdroits.fr/" in html
    assert "https://www.defenseurdesdroits.fr/saisir/delegues" in html
    assert "Libre réponse 71120" in html


def test_a_statement_of_compliance_needs_its_audit(organization, admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        accessibility_update(
            actor=admin_user,
            organization=organization,
            status=Compliance.TOTAL,
            audit_date=None,
            auditor="",
            compliance_rate=None,
            statement_date=None,
        )
    assert "audit_date" in error.value.message_dict


def test_the_cookie_list_is_what_the_platform_sets(
    client, signed_in, organization, participant, space
):
    from palabre.core.tests.factories import ComponentFactory

    proposals = ComponentFactory(space=space, manifest_name="proposals", name={"en": "Ideas"})
    listed = {cookie.name for cookie in cookie_list()}
    assert {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        "messages",
        "proposals_seed",
    } <= listed

    set_by_the_site = set()
    browser = signed_in(participant)
    for response in (
        client.get("/accounts/login/"),
        client.post("/i18n/setlang/", {"language": "fr", "next": "/"}),
        client.get(proposals.get_absolute_url()),
        client.post(
            "/accounts/login/", {"login": participant.email, "password": "correct-horse-battery"}
        ),
        browser.post("/account/sign-out-everywhere/"),
    ):
        set_by_the_site |= set(response.cookies)
    assert set_by_the_site, "the requests above set cookies"
    assert set_by_the_site <= listed
    page = client.get("/legal/cookies/").content.decode()
    for name in listed:
        assert f"<code>{name}</code>" in page


def test_the_cookie_durations_follow_the_settings(settings):
    settings.SESSION_COOKIE_AGE = 3 * 86400
    durations = {cookie.name: cookie.duration for cookie in cookie_list()}
    assert durations[settings.SESSION_COOKIE_NAME] == "3 days"
    assert durations[settings.CSRF_COOKIE_NAME] == "364 days"  # Django: 52 weeks
    settings.LANGUAGE_COOKIE_AGE = None
    assert {c.name: c.duration for c in cookie_list()}[settings.LANGUAGE_COOKIE_NAME] == (
        "until the browser is closed"
    )
