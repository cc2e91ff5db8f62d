"""Factories of the pages component."""

import factory

from palabre.components.pages.models import Page
from palabre.core.tests.factories import ComponentFactory


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    component = factory.SubFactory(ComponentFactory, manifest_name="pages")
    title = factory.Sequence(lambda n: {"fr": f"Page {n}", "en": f"Page {n}"})
    body = {"fr": "<p>Texte de la page</p>", "en": "<p>Text of the page</p>"}
    position = factory.Sequence(lambda n: n)
