"""The language menu names every language in itself, marked with its language, so that a
person who does not read the current language finds their own."""

import re

import pytest


@pytest.mark.parametrize("accept", ["fr-FR", "en-GB"])
def test_each_language_is_named_in_itself_whatever_the_current_one(client, organization, accept):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert '<option value="en" lang="en"' in html and ">English</option>" in html
    assert '<option value="fr" lang="fr"' in html and ">Français</option>" in html
    assert "Anglais" not in html and ">French<" not in html


def test_the_profile_offers_the_languages_named_in_themselves(client, organization, user):
    client.force_login(user)
    html = client.get("/account/", HTTP_ACCEPT_LANGUAGE="fr-FR").content.decode()
    assert re.search(r'<option value="en" lang="en"[^>]*>English</option>', html)
    assert re.search(r'<option value="fr" lang="fr"[^>]*>Français</option>', html)
