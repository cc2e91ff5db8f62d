"""A new organization starts from the templates of the legal pages, in its languages."""

import pytest

from palabre.core.services import organization_create
from palabre.legal.models import LegalPages
from palabre.legal.selectors import legal_pages_get

pytestmark = pytest.mark.django_db


def test_a_new_organization_gets_templates_with_placeholders():
    organization = organization_create(host="new.example.org", name="Ville Neuve")
    pages = LegalPages.objects.get(organization=organization)
    assert "[directeur de la publication]" in pages.notice["fr"]
    assert "[hébergeur" in pages.notice["fr"]
    assert "[director of publication]" in pages.notice["en"]
    assert "[nom de l’organisation]" in pages.terms["fr"]
    for name in ("terms", "notice", "privacy", "cookies", "help", "contact"):
        assert set(getattr(pages, name)) == {"fr", "en"}, name
    assert pages.accessibility_status == "none"


def test_only_the_organization_languages_are_seeded():
    organization = organization_create(
        host="fr.example.org", name="Commune", default_locale="fr", available_locales=["fr"]
    )
    assert set(LegalPages.objects.get(organization=organization).notice) == {"fr"}


def test_an_older_organization_reads_the_templates(organization):
    assert not LegalPages.objects.exists()
    assert (
        "[directeur de la publication]" in legal_pages_get(organization=organization).notice["fr"]
    )


def test_the_french_templates_follow_french_typography():
    from palabre.core.tests.test_french_typography import typography_errors
    from palabre.legal.defaults import templates_for

    wrong = {
        name: errors
        for name, texts in templates_for(["fr"]).items()
        if (errors := typography_errors(texts.get("fr", "")))
    }
    assert wrong == {}
