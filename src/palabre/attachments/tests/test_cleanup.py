"""`palabre attachments_cleanup`: files no attachment references, once old enough, go; every
other file stays."""

import io
import os
import time

import pytest
from django.core.management import CommandError, call_command

from palabre.attachments import services
from palabre.attachments.models import Attachment
from palabre.attachments.services import Upload
from palabre.attachments.tests.files import pdf_upload
from palabre.core.validation import FieldErrors

pytestmark = pytest.mark.django_db

HOUR = 3600


def attach(proposal, *uploads) -> list[Attachment]:
    errors = FieldErrors()
    checked = services.uploads_clean(list(uploads), existing=0, errors=errors)
    assert not errors.errors
    return services.attachments_store(
        target=proposal, files=checked, created_by=None, language="fr"
    )


def written(path, *, hours_ago: float, content: bytes = b"data"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    when = time.time() - hours_ago * HOUR
    os.utime(path, (when, when))
    return path


def cleanup(*args) -> str:
    out = io.StringIO()
    call_command("attachments_cleanup", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def files(proposal, media_root):
    """A referenced file and two orphans, all in the attachments folder, and an old file
    of another folder."""
    [attachment] = attach(proposal, Upload(file=pdf_upload()))
    referenced = media_root / attachment.file.name
    when = time.time() - 72 * HOUR
    os.utime(referenced, (when, when))
    return {
        "referenced": referenced,
        "old_orphan": written(media_root / "attachments/Zx/old-orphan.pdf", hours_ago=30),
        "fresh_orphan": written(media_root / "attachments/Zx/fresh-orphan.pdf", hours_ago=2),
        "outside": written(media_root / "posts/old-news.png", hours_ago=500),
    }


def test_a_dry_run_lists_the_old_orphans_and_deletes_nothing(files):
    output = cleanup("--dry-run")
    assert output.splitlines() == [
        "Would remove attachments/Zx/old-orphan.pdf",
        "1 orphan file(s) would be removed (dry run).",
    ]
    assert all(path.is_file() for path in files.values())


def test_old_orphans_go_and_everything_else_stays(files):
    output = cleanup()
    assert output.splitlines() == [
        "Removed attachments/Zx/old-orphan.pdf",
        "1 orphan file(s) removed.",
    ]
    assert not files["old_orphan"].exists()
    assert files["referenced"].is_file()
    assert files["fresh_orphan"].is_file()
    assert files["outside"].is_file()
    assert Attachment.objects.count() == 1
    assert cleanup().splitlines() == ["0 orphan file(s) removed."]


def test_the_minimum_age_can_be_lowered_to_an_hour_and_no_less(files):
    assert "fresh-orphan.pdf" in cleanup("--min-age-hours", "1")
    assert not files["fresh_orphan"].exists()
    with pytest.raises(CommandError, match="at least 1"):
        cleanup("--min-age-hours", "0")
    assert files["referenced"].is_file() and files["outside"].is_file()


def test_the_files_of_a_deleted_component_are_cleaned_up(
    component, proposal, media_root, admin_user
):
    from palabre.core.services import component_delete

    attachments = attach(proposal, Upload(file=pdf_upload()), Upload(file=pdf_upload()))
    paths = [media_root / attachment.file.name for attachment in attachments]
    component.published_at = None
    component.save()
    component_delete(actor=admin_user, component=component)
    # The rows went with the component; the files stay until the cleanup.
    assert not Attachment.objects.exists()
    assert all(path.is_file() for path in paths)
    assert cleanup().splitlines() == ["0 orphan file(s) removed."]
    for path in paths:
        os.utime(path, (time.time() - 25 * HOUR,) * 2)
    assert cleanup().endswith("2 orphan file(s) removed.\n")
    assert not any(path.exists() for path in paths)


def test_many_files_are_checked_in_batches(proposal, media_root, monkeypatch):
    monkeypatch.setattr(services, "ORPHAN_BATCH", 2)
    kept = [media_root / a.file.name for a in attach(proposal, *[Upload(file=pdf_upload())] * 3)]
    for path in kept:
        os.utime(path, (time.time() - 48 * HOUR,) * 2)
    orphans = [
        written(media_root / f"attachments/Ab/orphan-{number}.pdf", hours_ago=48)
        for number in range(3)
    ]
    assert cleanup().endswith("3 orphan file(s) removed.\n")
    assert all(path.is_file() for path in kept)
    assert not any(path.exists() for path in orphans)


def test_a_link_inside_the_folder_never_reaches_files_elsewhere(media_root, tmp_path):
    elsewhere = written(tmp_path / "elsewhere" / "keep.txt", hours_ago=100)
    (media_root / "attachments").mkdir(parents=True)
    (media_root / "attachments" / "linked").symlink_to(elsewhere.parent)
    assert cleanup().splitlines() == ["0 orphan file(s) removed."]
    assert elsewhere.is_file()


def test_nothing_to_do_without_an_attachments_folder(media_root):
    assert cleanup().splitlines() == ["0 orphan file(s) removed."]
