"""Backoffice form of a page; the service validates again, so scripts get the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import TranslatedFormField
from palabre.core.validators import image_help_text, validate_image


class PageForm(forms.Form):
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
    video_url = forms.URLField(
        label=_("Video address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "A YouTube, Vimeo, Dailymotion or PeerTube link is shown as a video player; "
            "any other address is shown as a link."
        ),
    )

    def __init__(self, *args, languages: list[str], has_image: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "body"):
            self.fields[name].set_languages(languages)
        if not has_image:
            del self.fields["remove_image"]
