import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from palabre.core.translations import TranslatedFormField, clean_translations, translated


def test_translated_falls_back_to_the_default_then_to_any_language():
    value = {"fr": "Bonjour", "en": "Hello"}
    with translation.override("en"):
        assert translated(value) == "Hello"
    assert translated({"fr": "Bonjour"}, "en", fallback="fr") == "Bonjour"
    assert translated({"en": "Hello", "fr": ""}, "fr", fallback="fr") == "Hello"
    assert translated({}, "fr") == ""
    assert translated(None) == ""


def test_clean_translations_refuses_unknown_languages_with_a_clear_message():
    with pytest.raises(ValidationError) as error, translation.override("en"):
        clean_translations({"fr": "a", "xx": "b"}, languages=["fr", "en"])
    assert "Unknown language: xx" in error.value.messages[0]


def test_clean_translations_requires_the_default_language():
    with pytest.raises(ValidationError):
        clean_translations({"en": "Only English"}, languages=["fr", "en"], required_language="fr")


def test_clean_translations_sanitizes_rich_text_and_strips():
    cleaned = clean_translations(
        {"fr": "  <p onclick='x()'>Salut<script>alert(1)</script></p> "},
        languages=["fr"],
        rich=True,
    )
    assert cleaned == {"fr": "<p>Salut</p>"}


def test_clean_translations_limits_length_per_language():
    with pytest.raises(ValidationError):
        clean_translations({"fr": "x" * 11}, languages=["fr"], max_length=10)


def test_form_field_has_one_input_per_language():
    field = TranslatedFormField(languages=["fr", "en"], label="Titre")
    assert field.clean(["Bonjour", "Hello"]) == {"fr": "Bonjour", "en": "Hello"}
    with pytest.raises(ValidationError):
        field.clean(["", "Hello"])
    field.set_languages(["en"])
    assert field.clean(["Hello"]) == {"en": "Hello"}
    html = TranslatedFormField(languages=["fr", "en"]).widget.render("title", {"fr": "a"})
    assert 'lang="fr"' in html and 'lang="en"' in html
