"""The interface is fully translated, and the compiled catalogues match their sources."""

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.utils import translation

from palabre.core.management.commands.compile_translations import catalogues, compile_catalogue


def _messages(path):
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=path.parent.parent.name)
    return [message for message in catalogue if message.id]


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: p.parent.parent.name)
def test_every_string_is_translated(path):
    untranslated = [
        message.id
        for message in _messages(path)
        if not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    fuzzy = [message.id for message in _messages(path) if message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: p.parent.parent.name)
def test_compiled_catalogue_is_up_to_date(path):
    assert path.with_suffix(".mo").read_bytes() == compile_catalogue(path)


def test_both_languages_are_shipped():
    assert {p.parent.parent.name for p in catalogues()} >= {"fr", "en"}


def test_french_is_really_used():
    with translation.override("fr"):
        assert translation.gettext("Processes") != "Processes"


def test_check_mode_passes_on_the_committed_catalogues():
    call_command("compile_translations", "--check")
