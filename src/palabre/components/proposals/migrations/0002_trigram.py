"""pg_trgm gives the similarity used to show existing proposals close to a new one.

`TrigramExtension` does nothing on databases other than PostgreSQL (SQLite computes the
similarity in Python, see `selectors.proposal_similar`).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [TrigramExtension()]
