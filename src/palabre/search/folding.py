"""Texts compared without their case and accents, in the database and in Python.

Translated fields are JSON maps `{"fr": "…", "en": "…"}`: the search looks for each word in
the text of every language at once. Both sides are folded the same way: lower case, accents
taken off ("Élan" and "elan" match), HTML tags of rich text left out.

- SQLite stores JSON with its non-ASCII letters escaped ("v\\u00e9lo") and `LIKE` ignores
  the case of ASCII letters only: a function of our own, `palabre_search_fold`, registered
  on every connection, reads the JSON and folds its texts (a Python call per row read).
- PostgreSQL folds with its own functions: `lower`, `translate` of the accented letters of
  French and the other Latin languages, `regexp_replace` of the tags; no extension needed.
"""

import json
import re
import unicodedata

from django.db.models import Func, TextField
from django.db.models.functions import Cast

_TAGS = re.compile(r"<[^>]*>")
# Accented letters of the Latin alphabets, which PostgreSQL's `translate` replaces (below,
# by what `fold` gives for them, so that both sides agree).
_LETTERS = "àáâãäåāăąçćčďèéêëēĕėęěìíîïīĭįñńňòóôõöōŏőùúûüūŭůűųýÿźżžś"


def fold_char(char: str) -> str:
    """One character without case nor accent, always one character, so that positions in a
    folded text are those of the original (for highlighting)."""
    lowered = char.lower()
    if len(lowered) != 1:
        lowered = char
    decomposed = unicodedata.normalize("NFKD", lowered)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else lowered


def fold(text: str) -> str:
    return "".join(fold_char(char) for char in text)


_ACCENTED = "".join(char for char in _LETTERS if fold(char) != char)
_PLAIN = fold(_ACCENTED)


def _texts_of_json(value) -> list[str]:
    if value is None:
        return []
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    if isinstance(data, dict):
        return [text for text in data.values() if isinstance(text, str)]
    if isinstance(data, str):
        return [data]
    return []


def sqlite_fold(*values) -> str:
    """`palabre_search_fold(a, b…)` on SQLite: the texts of JSON maps, folded."""
    texts = [text for value in values for text in _texts_of_json(value)]
    return fold(_TAGS.sub(" ", "\n".join(texts)))


def register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "palabre_search_fold", -1, sqlite_fold, deterministic=True
        )


class SearchFold(Func):
    """The folded text of translated fields, every language together."""

    output_field = TextField()

    def __init__(self, *fields: str):
        super().__init__(*[Cast(name, TextField()) for name in fields])

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="palabre_search_fold", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = self.as_sql(
            compiler, connection, function="CONCAT_WS", arg_joiner=", ", **extra
        )
        # CONCAT_WS(' ', a, b): the separator is the first argument.
        sql = sql.replace("CONCAT_WS(", "CONCAT_WS(' ', ", 1)
        return (
            f"TRANSLATE(LOWER(REGEXP_REPLACE({sql}, '<[^>]*>', ' ', 'g')), "
            f"'{_ACCENTED}', '{_PLAIN}')",
            params,
        )


def needle(word: str, vendor: str) -> str:
    """A word as the folded column holds it."""
    folded = fold(word)
    if vendor == "postgresql":
        # The column is JSON text there: quotes and backslashes are escaped in it.
        return json.dumps(folded, ensure_ascii=False)[1:-1]
    return folded
