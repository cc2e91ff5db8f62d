"""Labels and help texts of forms follow the reader's language.

A text a form class states is built once, when its module is first imported: it must stay
lazy (`gettext_lazy`, `format_lazy`), or be formatted in the form's `__init__`. A text
formatted at import (`_("… %(max)d …") % {…}`) stays in the language of whoever loaded the
module first: an English page then showed a French help line.
"""

import importlib
import inspect
import pkgutil

from django import forms
from django.utils import translation
from django.utils.functional import Promise

import palabre
from palabre.moderation.forms import ReportForm


def _form_classes():
    for module_info in pkgutil.walk_packages(palabre.__path__, "palabre."):
        name = module_info.name
        if not name.endswith("forms") or ".tests" in name:
            continue
        module = importlib.import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_texts_stated_by_form_classes_are_translated_when_shown():
    frozen = [
        f"{cls.__module__}.{cls.__name__}.{field_name}.{attribute}"
        for cls in _form_classes()
        for field_name, field in cls.base_fields.items()
        for attribute in ("label", "help_text")
        if isinstance(getattr(field, attribute), str)
        and not isinstance(getattr(field, attribute), Promise)
        and any(char.isalpha() for char in getattr(field, attribute))
    ]
    assert frozen == []


def test_the_report_form_speaks_the_readers_language():
    with translation.override("en"):
        assert ReportForm().fields["details"].help_text.startswith("Required when you choose")
    with translation.override("fr"):
        assert ReportForm().fields["details"].help_text.startswith("Obligatoire si")
