"""Translated values: a JSON map `{language: text}` stored in one field, read through one helper.

Every user-facing text field of a model is a `TranslatedField`. Reading goes through
`translated()`, which falls back to the organization's default language and then to any
language that has a text, so a page never shows an empty title because one translation is
missing.
"""

from collections.abc import Iterable, Mapping

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from palabre.core.html import sanitize_html
from palabre.core.widgets import RichTextWidget


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def language_name_local(code: str) -> str:
    """A language named in itself ("English", "Français"), for the menus where people choose
    their language: they may not read the page's current one."""
    try:
        name = translation.get_language_info(code)["name_local"]
    except KeyError:
        return language_name(code)
    return name[:1].upper() + name[1:]


def translated(value, language: str | None = None, fallback: str | None = None) -> str:
    """Return the text of `value` in `language` (default: the active one).

    Falls back to `fallback` (usually the organization's default language), then to the
    first language that has a non-empty text. Plain strings are returned as they are.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping):
        return str(value)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    for code in (language, language.split("-")[0], fallback):
        if code and value.get(code):
            return value[code]
    for text in value.values():
        if text:
            return text
    return ""


def clean_translations(
    value,
    *,
    languages: Iterable[str],
    required_language: str | None = None,
    rich: bool = False,
    max_length: int | None = None,
    field_label: str = "",
) -> dict[str, str]:
    """Validate and normalize a translated value; raise ValidationError with a clear message.

    Unknown languages are refused (not silently dropped), texts are stripped, rich texts are
    sanitized, and the required language must have a text.
    """
    languages = list(languages)
    if value in (None, ""):
        value = {}
    if isinstance(value, str):
        value = {required_language or languages[0]: value}
    if not isinstance(value, Mapping):
        raise ValidationError(_("A translated text must map languages to texts."))
    unknown = sorted(set(value) - set(languages))
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s. Available languages: %(available)s."),
            params={"codes": ", ".join(unknown), "available": ", ".join(languages)},
            code="unknown_language",
        )
    cleaned: dict[str, str] = {}
    for code in languages:
        text = value.get(code) or ""
        if not isinstance(text, str):
            raise ValidationError(_("A translated text must map languages to texts."))
        text = text.strip()
        if rich and text:
            text = sanitize_html(text)
        if max_length is not None and len(text) > max_length:
            raise ValidationError(
                _("%(field)s (%(language)s) is too long: %(length)d characters, at most %(max)d."),
                params={
                    "field": field_label or _("Text"),
                    "language": language_name(code),
                    "length": len(text),
                    "max": max_length,
                },
                code="too_long",
            )
        if text:
            cleaned[code] = text
    if required_language and not cleaned.get(required_language):
        raise ValidationError(
            _("%(field)s is required in %(language)s."),
            params={
                "field": field_label or _("This text"),
                "language": language_name(required_language),
            },
            code="required",
        )
    return cleaned


class TranslatedField(models.JSONField):
    """A model field holding `{language: text}`; `rich=True` marks sanitized HTML."""

    def __init__(
        self, *args, rich: bool = False, max_length_per_language: int | None = None, **kwargs
    ):
        self.rich = rich
        self.max_length_per_language = max_length_per_language
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.rich:
            kwargs["rich"] = True
        if self.max_length_per_language:
            kwargs["max_length_per_language"] = self.max_length_per_language
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        defaults = {
            "form_class": TranslatedFormField,
            "rich": self.rich,
            "max_length": self.max_length_per_language,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("encoder", "decoder"):
            defaults.pop(key, None)
        return form_class(**defaults)


class TranslatedWidget(forms.MultiWidget):
    template_name = "core/widgets/translated.html"

    def __init__(self, languages: list[str], rich: bool = False, attrs=None):
        self.languages = languages
        self.rich = rich
        # Rich texts get the editor (core.widgets); its output is sanitized like any HTML.
        widget_class = RichTextWidget if rich else forms.TextInput
        widgets = {code: widget_class(attrs={"lang": code}) for code in languages}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        value = value or {}
        if isinstance(value, str):
            value = {self.languages[0]: value}
        return [value.get(code, "") for code in self.languages]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for code, sub in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            sub["language"] = code
            sub["language_name"] = language_name(code)
        return context


class TranslatedFormField(forms.MultiValueField):
    """One input per available language; the first language is the required one."""

    def __init__(
        self,
        *,
        languages: list[str] | None = None,
        rich: bool = False,
        max_length: int | None = None,
        required: bool = True,
        **kwargs,
    ):
        self.languages = list(languages or language_codes())
        self.rich = rich
        self.max_length = max_length
        fields = [forms.CharField(required=False) for _code in self.languages]
        kwargs.pop("widget", None)
        super().__init__(
            fields=fields,
            widget=TranslatedWidget(self.languages, rich=rich),
            require_all_fields=False,
            required=required,
            **kwargs,
        )

    def set_languages(self, languages: list[str]) -> None:
        """Show one input per language of the organization, the default one first."""
        self.languages = list(languages)
        self.fields = [forms.CharField(required=False) for _code in self.languages]
        self.widget = TranslatedWidget(self.languages, rich=self.rich)

    def compress(self, data_list):
        return {
            code: text for code, text in zip(self.languages, data_list or [], strict=False) if text
        }

    def clean(self, value):
        if isinstance(value, Mapping):
            value = [value.get(code, "") for code in self.languages]
        data = self.compress([(v or "") for v in (value or [])])
        return clean_translations(
            data,
            languages=self.languages,
            required_language=self.languages[0] if self.required else None,
            rich=self.rich,
            max_length=self.max_length,
            field_label=str(self.label or ""),
        )

    def has_changed(self, initial, data):
        return True
