"""Factories of the blog component."""

import datetime

import factory
from django.utils import timezone

from palabre.components.blogs.models import Post
from palabre.core.tests.factories import ComponentFactory


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    component = factory.SubFactory(ComponentFactory, manifest_name="blogs")
    title = factory.Sequence(lambda n: {"fr": f"Nouvelle {n}", "en": f"News {n}"})
    body = {"fr": "<p>Texte de la nouvelle</p>", "en": "<p>Text of the news</p>"}
    official = True
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
