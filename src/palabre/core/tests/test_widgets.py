"""Rich-text inputs: each language of a rich translated field gets the editor's widget, named
by a label, usable without JavaScript, and what it sends is sanitized as any HTML is."""

from html.parser import HTMLParser

import pytest
from django import forms

from palabre.core.settings_schema import Setting
from palabre.core.translations import TranslatedFormField
from palabre.core.widgets import RichTextWidget


class Elements(HTMLParser):
    """Every start tag of a fragment, with its attributes, in order."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag: str, **attributes) -> list[dict]:
        return [
            attrs
            for name, attrs in self.found
            if name == tag
            and all(attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attributes.items())
        ]

    def one(self, tag: str, **attributes) -> dict:
        matches = self.all(tag, **attributes)
        assert len(matches) == 1, (tag, attributes, matches)
        return matches[0]


class ArticleForm(forms.Form):
    title = TranslatedFormField(label="Title", languages=["fr", "en"])
    body = TranslatedFormField(label="Text", languages=["fr", "en"], rich=True, required=False)


def test_each_language_of_a_rich_field_gets_the_editor_named_by_its_label():
    html = str(ArticleForm(initial={"body": {"fr": "<p>Bonjour</p>"}})["body"])
    page = Elements(html)

    for index, language in enumerate(["fr", "en"]):
        textarea = page.one("textarea", name=f"body_{language}")
        widget_id = f"id_body_{index}"
        assert textarea["id"] == widget_id
        assert textarea["lang"] == language
        assert "data-rich-text" in textarea
        # The label link: the language's label names the textarea, and the editor that
        # replaces it takes its name from the same label (rich-text.js).
        page.one("label", for_=widget_id)
        toolbar = page.one("div", role="toolbar", aria_controls=widget_id)
        assert "hidden" in toolbar  # shown by the script only
        # Without JavaScript, the note on the HTML kept describes the textarea.
        assert f"{widget_id}_hint" in textarea["aria-describedby"].split()
        page.one("p", id=f"{widget_id}_hint")
    assert "&lt;p&gt;Bonjour&lt;/p&gt;" in html
    buttons = [attrs for tag, attrs in page.found if tag == "button" and "data-command" in attrs]
    assert {button["data-command"] for button in buttons} >= {
        "bold", "italic", "heading2", "bulletList", "orderedList", "link", "blockquote",
    }  # fmt: skip
    assert all(button["type"] == "button" for button in buttons)  # none submits the form


def test_the_editor_needs_no_inline_script_or_style():
    html = str(ArticleForm()["body"])
    page = Elements(html)
    assert not [tag for tag, _attrs in page.found if tag in {"script", "style"}]
    assert not [attrs for _tag, attrs in page.found if "style" in attrs]
    assert not [name for _tag, attrs in page.found for name in attrs if name.startswith("on")]
    media = str(RichTextWidget().media)
    assert 'type="module"' in media and "palabre/js/rich-text.js" in media
    assert "palabre/css/rich-text.css" in media


def test_plain_translated_fields_keep_their_text_inputs():
    page = Elements(str(ArticleForm()["title"]))
    assert len(page.all("input", type="text")) == 2
    assert not page.all("textarea")
    assert not page.all("div", role="toolbar")


def test_a_hidden_textarea_is_never_required_by_the_browser():
    class Required(forms.Form):
        body = TranslatedFormField(label="Text", languages=["fr"], rich=True)

    textarea = Elements(str(Required()["body"])).one("textarea", name="body_fr")
    assert "required" not in textarea
    # The server still refuses a missing text.
    assert not Required(data={"body_fr": ""}).is_valid()


def test_rich_settings_of_components_get_the_editor():
    setting = Setting("announcement", "translated", {}, label="Announcement", rich=True)
    field = TranslatedFormField(label=setting.label, rich=setting.rich, languages=["fr"])
    assert isinstance(field.widget.widgets[0], RichTextWidget)
    field.set_languages(["en", "fr"])
    assert all(isinstance(widget, RichTextWidget) for widget in field.widget.widgets)


@pytest.mark.parametrize(
    "hostile",
    [
        '<p onclick="steal()">Hi<script>alert(1)</script></p>',
        '<p>Hi</p><iframe src="https://evil.example"></iframe><style>body{}</style>',
        '<p style="color:red">Hi</p><a href="javascript:alert(1)">x</a>',
    ],
)
def test_what_the_editor_or_a_textarea_sends_is_sanitized(hostile):
    form = ArticleForm(data={"title_fr": "Titre", "title_en": "", "body_fr": hostile})
    assert form.is_valid(), form.errors
    body = form.cleaned_data["body"]["fr"]
    for forbidden in ("<script", "onclick", "<iframe", "<style", "style=", "javascript:"):
        assert forbidden not in body
    assert "Hi" in body
