"""The text of each proposal's title and body kept for the list's text search, on PostgreSQL.

The search looked for words in `UPPER(title::text)` and `UPPER(body::text)`, with a trigram
index on each. For a word found in many proposals PostgreSQL reads every row anyway, and
turning each row's JSON into text was most of that work (70 ms on 10,000 proposals for a
word in a fifth of them). PostgreSQL now keeps that text, in upper case, in a column it
computes itself on every write (`GENERATED ALWAYS … STORED`), with one trigram index on it:
20 ms for the same word, under a millisecond for a rare one. The model does not declare the
column: only the search reads it (`selectors.SearchText`), so the pages and the exports do
not carry the texts twice. The two indexes of 0005 are dropped: nothing uses them now.

A later migration that changes the type of `title` or `body` must drop this column first and
add it back after (PostgreSQL refuses to change a column that a generated one is made of).

SQLite reads the JSON text as it is stored, at no cost: nothing is done there.
"""

from django.db import migrations

COLUMN = "search_text"
INDEX = "proposals_proposal_search_text"


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in ("title", "body"):
        schema_editor.execute(f"DROP INDEX IF EXISTS proposals_proposal_{field}_search")
    schema_editor.execute(
        f"ALTER TABLE proposals_proposal ADD COLUMN IF NOT EXISTS {COLUMN} text "
        "GENERATED ALWAYS AS (UPPER(title::text || ' ' || body::text)) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON proposals_proposal "
        f"USING gin ({COLUMN} gin_trgm_ops)"
    )


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE proposals_proposal DROP COLUMN IF EXISTS {COLUMN}")
    for field in ("title", "body"):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS proposals_proposal_{field}_search "
            f'ON proposals_proposal USING gin (UPPER(("{field}")::text) gin_trgm_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0008_list_stamp_index")]

    operations = [migrations.RunPython(add_column, drop_column)]
