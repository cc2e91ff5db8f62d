"""Texts compared without their case and accents, in the database and in Python.

Translated fields are JSON maps `{"fr": "…", "en": "…"}`: the search looks for each word in
the text of every language at once. Both sides are folded the same way: lower case, the
accents of Latin letters taken off ("Élan" and "elan" match), HTML tags of rich text left
out.

- SQLite stores JSON with its non-ASCII letters escaped ("v\\u00e9lo") and `LIKE` ignores
  the case of ASCII letters only: a function of our own, `palabre_search_match`, registered
  on every connection, reads the JSON, folds its texts and looks for every word, in one
  Python call per row read.
- PostgreSQL folds with its own functions (`LOWER`, `TRANSLATE` of the accented letters,
  `REGEXP_REPLACE` of the tags) over the JSON text, and looks for each word with `STRPOS`;
  no extension needed.
"""

import json
import re
import unicodedata

from django.db.models import BooleanField, Func, TextField
from django.db.models.functions import Cast

_TAGS = re.compile(r"<[^>]*>")


def _without_accent(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.lower())
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else char.lower()


# The Latin letters with accents (Latin-1, Extended-A and -B, Extended Additional), each to
# its lower-case letter without accent; upper-case ones included, for a PostgreSQL whose
# `LOWER` knows ASCII letters only (the "C" locale).
_FOLDED = {
    chr(code): _without_accent(chr(code))
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    if len(chr(code).lower()) == 1 and _without_accent(chr(code)) != chr(code)
}
_TRANSLATION = str.maketrans(_FOLDED)
_ACCENTED = "".join(_FOLDED)
_PLAIN = "".join(_FOLDED.values())


def fold_char(char: str) -> str:
    """One character without case nor accent, always one character, so that positions in a
    folded text are those of the original (for highlighting)."""
    lowered = char.lower()
    return (lowered if len(lowered) == 1 else char).translate(_TRANSLATION)


def fold(text: str) -> str:
    return "".join(fold_char(char) for char in text)


_COMBINING = re.compile("[\u0300-\u036f]")


def fold_fast(text: str) -> str:
    """`fold` in one pass, ten times faster (lengths may differ: a ligature gives two
    letters), for the texts of every row read."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))


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


def sqlite_match(words: str, *values) -> bool:
    """`palabre_search_match(words, a, b…)` on SQLite: whether every word (folded, separated
    by newlines) is in the texts of the JSON maps `a`, `b`…"""
    text = "\n".join(text for value in values for text in _texts_of_json(value))
    if "<" in text:
        text = _TAGS.sub(" ", text)
    folded = fold_fast(text)
    return all(word in folded for word in words.split("\n"))


def register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "palabre_search_match", -1, sqlite_match, deterministic=True
        )


class SearchMatch(Func):
    """Whether every word is found in the translated fields, every language together."""

    output_field = BooleanField()

    def __init__(self, fields: tuple[str, ...], words: list[str]):
        self.words = [fold_fast(word) for word in words]
        super().__init__(*[Cast(name, TextField()) for name in fields])

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = self.as_sql(compiler, connection, function="palabre_search_match", **extra)
        sql = sql.replace("palabre_search_match(", "palabre_search_match(%s, ", 1)
        return sql, ["\n".join(self.words), *params]

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = self.as_sql(compiler, connection, function="CONCAT_WS", **extra)
        # CONCAT_WS(' ', a, b): the separator comes first.
        sql = sql.replace("CONCAT_WS(", "CONCAT_WS(' ', ", 1)
        folded = f"TRANSLATE(LOWER(REGEXP_REPLACE({sql}, '<[^>]*>', ' ', 'g')), %s, %s)"
        conditions, all_params = [], []
        for word in self.words:
            conditions.append(f"STRPOS({folded}, %s) > 0")
            # The text is JSON there: quotes and backslashes are escaped in it.
            escaped = json.dumps(word, ensure_ascii=False)[1:-1]
            all_params += [*params, _ACCENTED, _PLAIN, escaped]
        return "(" + " AND ".join(conditions) + ")", all_params
