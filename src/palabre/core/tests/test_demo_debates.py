"""The demo's debates: an open two-column debate with arguments on both sides and an
information update, an open single-column one and a closed one with its conclusion, in
both organizations and in the private space (seen by its members only)."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from palabre.comments.selectors import side_counts
from palabre.core.models import Space, User
from palabre.core.permissions import can
from palabre.core.tests.test_french_typography import typography_errors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())


@pytest.mark.parametrize("slug", ["place-du-marche", "plan-climat", "jeunes-ambassadeurs-climat"])
def test_each_space_has_debates_open_and_closed(slug):
    from palabre.components.debates.models import Debate

    debates = list(Debate.objects.filter(component__space__slug=slug))
    two_columns = [d for d in debates if d.two_columns and not d.is_closed]
    assert two_columns and two_columns[0].updates.exists()
    sides = side_counts(two_columns[0])
    assert sides["for"] and sides["against"]
    assert any(not d.two_columns and d.is_open for d in debates)
    closed = [d for d in debates if d.closed_at]
    assert closed and closed[0].conclusion["fr"] and closed[0].conclusion["en"]
    alice = User.objects.get(email="alice@palabre.test")
    assert can(alice, "comment", two_columns[0])
    for debate in debates:
        for language in ("fr", "en"):
            assert debate.title.get(language)
        for field in (debate.title, debate.description, debate.conclusion):
            assert not typography_errors(field.get("fr", "")), field


def test_the_private_space_debates_are_for_its_members():
    from palabre.components.debates.models import Debate

    space = Space.objects.get(slug="jeunes-ambassadeurs-climat")
    debate = Debate.objects.filter(component__space=space).first()
    bob = User.objects.get(email="bob@palabre.test")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bob)
    assert client.get(debate.get_absolute_url()).status_code == 404
    alice = User.objects.get(email="alice@palabre.test")
    client.force_login(alice)
    assert client.get(debate.get_absolute_url()).status_code == 200
