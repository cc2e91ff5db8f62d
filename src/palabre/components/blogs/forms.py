"""Backoffice form of a post; the service validates again, so scripts get the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import TranslatedFormField
from palabre.core.validators import image_help_text, validate_image


class PostForm(forms.Form):
    title = TranslatedFormField(label=_("Title"), max_length=200)
    body = TranslatedFormField(label=_("Text"), rich=True, required=False)
    image = forms.ImageField(
        label=_("Image"),
        required=False,
        validators=[validate_image],
        widget=forms.FileInput,
        help_text=image_help_text(),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    official = forms.BooleanField(
        label=_("Published by the organization"),
        required=False,
        initial=True,
        help_text=_("Otherwise the post is signed with your name."),
    )
    published_at = forms.DateTimeField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Leave empty to keep the post as a draft. A date in the future schedules it: "
            "it appears by itself at that time."
        ),
    )

    def __init__(self, *args, languages: list[str], has_image: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "body"):
            self.fields[name].set_languages(languages)
        if not has_image:
            del self.fields["remove_image"]
