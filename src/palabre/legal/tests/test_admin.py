"""The "Legal pages" section of the backoffice: organization administrators only; every
write goes through a service and the activity log."""

import pytest

from palabre.core.models import ActionLog
from palabre.legal.models import Compliance, LegalPages, TermsVersion

pytestmark = pytest.mark.django_db

URLS = ("/admin/legal/", "/admin/legal/accessibility/", "/admin/legal/terms/publish/")


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("org_admin", 200),
        ("space_admin", 403),
        ("participant", 403),
        ("visitor", 302),
    ],
)
def test_who_may_open_the_section(request, client, signed_in, space, url, who, status):
    browser = client if who == "visitor" else signed_in(request.getfixturevalue(who))
    response = browser.get(url)
    assert response.status_code == status
    if who == "visitor":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["space_admin", "participant"])
def test_others_change_nothing(request, signed_in, organization, space, who):
    browser = signed_in(request.getfixturevalue(who))
    browser.post("/admin/legal/", {"notice_fr": "<p>Pirate</p>"})
    browser.post("/admin/legal/terms/publish/", {"summary_fr": "Pirate"})
    assert not LegalPages.objects.filter(notice__fr="<p>Pirate</p>").exists()
    assert not TermsVersion.objects.exists()


def test_the_menu_links_the_section_for_organization_admins(signed_in, org_admin, space_admin):
    assert 'href="/admin/legal/"' in signed_in(org_admin).get("/admin/").content.decode()
    assert 'href="/admin/legal/"' not in signed_in(space_admin).get("/admin/").content.decode()


def test_an_admin_edits_the_texts_in_every_language(signed_in, organization, org_admin):
    browser = signed_in(org_admin)
    form = browser.get("/admin/legal/").content.decode()
    # One rich-text input per language of the organization (fr, en) for each page.
    for name in ("terms", "notice", "privacy", "cookies", "help"):
        assert f'name="{name}_fr"' in form
        assert f'name="{name}_en"' in form
    response = browser.post(
        "/admin/legal/",
        {
            "notice_fr": "<p>Mairie de Test, 1 place de la Mairie</p><script>x</script>",
            "notice_en": "<p>Town hall of Test</p>",
            "terms_fr": "<p>Règles</p>",
        },
    )
    assert response.status_code == 302
    pages = LegalPages.objects.get(organization=organization)
    assert pages.notice == {
        "fr": "<p>Mairie de Test, 1 place de la Mairie</p>",
        "en": "<p>Town hall of Test</p>",
    }
    assert ActionLog.objects.filter(action="update", organization=organization).exists()


def test_an_admin_publishes_a_version_with_its_summary(signed_in, organization, org_admin):
    browser = signed_in(org_admin)
    browser.post("/admin/legal/", {"terms_fr": "<p>Règles</p>"})
    empty = browser.post("/admin/legal/terms/publish/", {"summary_fr": ""})
    assert empty.status_code == 200
    assert not TermsVersion.objects.exists()
    response = browser.post(
        "/admin/legal/terms/publish/", {"summary_fr": "Première version", "summary_en": "First"}
    )
    assert response.status_code == 302
    version = TermsVersion.objects.get()
    assert version.number == 1
    assert version.summary == {"fr": "Première version", "en": "First"}
    assert version.text == {"fr": "<p>Règles</p>"}
    assert "Version 1, published on" in browser.get("/admin/legal/").content.decode()


def test_a_wrong_statement_shows_its_errors_and_saves_nothing(signed_in, organization, org_admin):
    browser = signed_in(org_admin)
    response = browser.post(
        "/admin/legal/accessibility/", {"status": Compliance.TOTAL, "compliance_rate": "50"}
    )
    assert response.status_code == 200
    assert "gives the audit" in response.content.decode()
    assert not LegalPages.objects.filter(accessibility_status=Compliance.TOTAL).exists()
    response = browser.post(
        "/admin/legal/accessibility/",
        {
            "status": Compliance.PARTIAL,
            "audit_date": "2026-03-01",
            "compliance_rate": "72",
            "auditor": "Access42",
        },
    )
    assert response.status_code == 302
    pages = LegalPages.objects.get(organization=organization)
    assert (pages.accessibility_status, pages.compliance_rate) == (Compliance.PARTIAL, 72)


def test_the_activity_log_says_what_was_done(organization, org_admin):
    from palabre.core import action_log
    from palabre.legal.services import legal_pages_setup, legal_pages_update, terms_publish

    legal_pages_setup(organization=organization)
    legal_pages_update(actor=org_admin, organization=organization, notice={"fr": "<p>Mairie</p>"})
    terms_publish(actor=org_admin, organization=organization, summary={"fr": "v1"})
    sentences = [
        action_log.sentence(entry)
        for entry in ActionLog.objects.filter(organization=organization).order_by("pk")
    ]
    assert sentences[-2].endswith("changed the legal pages: legal notice.")
    assert sentences[-1].endswith("published version 1 of the terms of use.")


def test_the_statement_reads_in_french(client, organization):
    from palabre.legal.services import legal_pages_setup

    legal_pages_setup(organization=organization)
    html = client.get("/legal/accessibility/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h2>Voies de recours</h2>" in html
    assert "est non conforme avec le référentiel général d’amélioration" in html
    assert "Accessibilité\u202f: non conforme" in html
