"""The captcha as a field of a Django form (sign-up, sign-in under attack)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.captcha import services


class CaptchaWidget(forms.Widget):
    """A fresh challenge each time it is shown; its value is what the browser sent."""

    template_name = "captcha/widget.html"

    def __init__(self, *args, hard: bool = False, **kwargs):
        self.hard = hard
        super().__init__(*args, **kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, None, attrs)
        context["captcha"] = services.new_challenge(hard=self.hard)
        return context

    def value_from_datadict(self, data, files, name):
        return {field: data.get(field, "") for field in services.FIELDS}

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        return id_


class CaptchaField(forms.Field):
    widget = CaptchaWidget

    def __init__(self, *, hard: bool = False, **kwargs):
        kwargs.setdefault("label", _("Anti-spam check"))
        kwargs.setdefault("widget", CaptchaWidget(hard=hard))
        super().__init__(**kwargs)

    def clean(self, value):
        services.verify(value or {})
        return True
