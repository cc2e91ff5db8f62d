"""Form widgets shared by every app.

`RichTextWidget` is the one rich-text input of Palabre (pages, descriptions, answers, and
later newsletters): a plain `<textarea>` of HTML that a module script turns into a
ProseMirror editor (the editor of django-prose-editor, served from that package's static
files). Its toolbar is rendered here, in the page's language, hidden until the script shows
it; without JavaScript the textarea stays and takes HTML. Either way the server keeps only
what `core.html.sanitize_html` allows, so the editor offers those elements and no others.
"""

from django import forms
from django.templatetags.static import static

EDITOR_MODULE = "django_prose_editor/editor.js"
SCRIPT = "palabre/js/rich-text.js"
STYLESHEET = "palabre/css/rich-text.css"


class RichTextWidget(forms.Textarea):
    template_name = "core/widgets/rich_text.html"

    class Media:
        css = {"all": [STYLESHEET]}
        js = [forms.Script(SCRIPT, type="module")]

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 8, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        widget["attrs"]["id"] = widget_id
        widget["attrs"]["data-rich-text"] = ""
        # Without the editor, the note on what HTML is kept describes the textarea.
        described_by = widget["attrs"].get("aria-describedby", "")
        widget["attrs"]["aria-describedby"] = f"{described_by} {widget_id}_hint".strip()
        widget["editor_module"] = static(EDITOR_MODULE)
        return context

    def use_required_attribute(self, initial):
        # The textarea is hidden behind the editor, where the browser could not point at it;
        # the server says which language is missing.
        return False
