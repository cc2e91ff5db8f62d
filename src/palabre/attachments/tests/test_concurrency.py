"""Additions at once on one resource never pass the limit of files together. Run on
PostgreSQL (or a SQLite file); the in-memory SQLite test database is one connection."""

import pytest
from django.core.exceptions import ValidationError

from palabre.attachments import services
from palabre.attachments.models import Attachment
from palabre.attachments.services import Upload
from palabre.attachments.tests.files import pdf_upload
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.validation import FieldErrors

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_additions_stay_within_the_limit(proposal, media_root):
    skip_without_shared_database()

    def add_six():
        errors = FieldErrors()
        # Both requests checked the count before either stored anything.
        checked = services.uploads_clean(
            [Upload(file=pdf_upload()) for _ in range(6)], existing=0, errors=errors
        )
        return services.attachments_store(
            target=proposal, files=checked, created_by=None, language="fr"
        )

    outcomes = run_together([add_six, add_six])
    assert sorted(isinstance(outcome, ValidationError) for outcome in outcomes) == [False, True]
    assert Attachment.objects.count() == 6
    assert len([path for path in media_root.rglob("*") if path.is_file()]) == 6
