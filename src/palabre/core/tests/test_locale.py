"""The interface is fully translated, and the compiled catalogues match their sources."""

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.utils import translation

from palabre.core.management.commands.compile_translations import (
    catalogues,
    compile_catalogue,
    compiled_messages,
    is_up_to_date,
)


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
    assert is_up_to_date(path)


def test_a_changed_translation_makes_the_catalogue_stale(tmp_path):
    source = catalogues()[0]
    po_path = tmp_path / source.relative_to(source.parents[2])
    po_path.parent.mkdir(parents=True)
    po_path.write_bytes(source.read_bytes())
    po_path.with_suffix(".mo").write_bytes(compile_catalogue(source))
    assert is_up_to_date(po_path)
    text = po_path.read_text()
    first = text.index('msgstr "', text.index("msgid", text.index('msgid ""') + 8))
    po_path.write_text(text[: first + 8] + "changed " + text[first + 8 :])
    assert not is_up_to_date(po_path)


def test_the_compiler_version_alone_does_not_make_a_catalogue_stale(monkeypatch):
    import babel.messages.catalog

    data = compile_catalogue(catalogues()[0])
    monkeypatch.setattr(babel.messages.catalog, "VERSION", "0.0.1")
    other = compile_catalogue(catalogues()[0])
    assert data != other
    assert compiled_messages(data) == compiled_messages(other)


def test_both_languages_are_shipped():
    assert {p.parent.parent.name for p in catalogues()} >= {"fr", "en"}


def test_french_is_really_used():
    with translation.override("fr"):
        assert translation.gettext("Processes") != "Processes"


def test_check_mode_passes_on_the_committed_catalogues():
    call_command("compile_translations", "--check")
