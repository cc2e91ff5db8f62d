"""Download my data: a person asks for an archive, a task builds it with everything the apps
declared about them on this site and nothing about anyone else, they are emailed, and only
they can download it, for a week."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import Client
from django.utils import timezone

from palabre.attachments.models import Attachment
from palabre.attachments.views import serve_public_media
from palabre.comments.models import Comment
from palabre.components.proposals.models import Support
from palabre.components.proposals.tests.factories import ProposalFactory, ProposalsComponentFactory
from palabre.core.tests.factories import OrganizationFactory, SpaceFactory, UserFactory
from palabre.notifications.models import Follow
from palabre.privacy import services
from palabre.privacy.models import DataExport
from palabre.privacy.registry import sections

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def comment(author, proposal, text: str) -> Comment:
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(proposal),
        object_id=proposal.pk,
        space=proposal.component.space,
        component=proposal.component,
        author=author,
        body={"fr": text},
    )


@pytest.fixture
def world(organization):
    """Camille and Dominique took part in the same space; Camille also elsewhere."""
    space = SpaceFactory(organization=organization)
    component = ProposalsComponentFactory(space=space)
    camille = UserFactory(organization=organization, name="Camille Martin")
    dominique = UserFactory(organization=organization, name="Dominique Durand")
    mine = ProposalFactory(component=component, author=camille, title={"fr": "Un banc au parc"})
    theirs = ProposalFactory(
        component=component, author=dominique, title={"fr": "Une piste cyclable"}
    )
    comment(camille, theirs, "Oui, et jusqu’à la gare.")
    comment(dominique, mine, "Texte de Dominique")
    Support.objects.create(proposal=theirs, user=camille)
    Support.objects.create(proposal=mine, user=dominique)
    Follow.objects.create(
        user=camille, content_type=ContentType.objects.get_for_model(theirs), object_id=theirs.pk
    )
    attachment = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(mine),
        object_id=mine.pk,
        component=component,
        filename="plan.pdf",
        kind="document",
        size=9,
        mime_type="application/pdf",
        created_by=camille,
    )
    attachment.file.save("attachments/plan-stored.pdf", ContentFile(b"%PDF-plan"))
    # Camille on another organization's site: not in this site's archive.
    elsewhere = ProposalFactory(
        component=ProposalsComponentFactory(
            space=SpaceFactory(organization=OrganizationFactory(host="elsewhere.example"))
        ),
        author=camille,
        title={"fr": "Ailleurs"},
    )
    comment(camille, elsewhere, "Commentaire ailleurs")
    return {"camille": camille, "dominique": dominique, "mine": mine}


def english_client(person=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if person is not None:
        client.force_login(person)
    return client


def ask(person, django_capture_on_commit_callbacks) -> DataExport:
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client(person).post("/account/data/request/")
    assert response.status_code == 302
    return DataExport.objects.filter(user=person).latest("created_at")


def read_archive(export) -> dict[str, bytes]:
    with export.file.open("rb") as file, zipfile.ZipFile(file) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rows(files, name) -> list[dict]:
    text = files[f"{name}.csv"].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_archive_holds_this_persons_data_on_this_site_and_nobody_elses(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    camille = world["camille"]
    export = ask(camille, django_capture_on_commit_callbacks)
    assert export.status == DataExport.Status.READY
    files = read_archive(export)

    assert rows(files, "account")[0]["email"] == camille.email
    assert [row["title"] for row in rows(files, "proposals")] == ["Un banc au parc"]
    assert [row["text"] for row in rows(files, "comments")] == ["Oui, et jusqu’à la gare."]
    assert [row["proposal"] for row in rows(files, "supports")] == ["Une piste cyclable"]
    assert [row["about"] for row in rows(files, "follows")] == ["Une piste cyclable"]
    assert rows(files, "files")[0]["file_name"] == "plan.pdf"
    assert files[rows(files, "files")[0]["file"]] == b"%PDF-plan"
    everything = b"".join(files.values()).decode("utf-8", "replace")
    for foreign in ("Dominique", "Texte de Dominique", "Ailleurs", "Commentaire ailleurs"):
        assert foreign not in everything

    # The owner is told, with the address of the page to download it from.
    (email,) = [message for message in mailoutbox if camille.email in message.to]
    assert "/account/data/" in email.body


def test_the_readme_describes_every_file_and_column(world, django_capture_on_commit_callbacks):
    files = read_archive(ask(world["camille"], django_capture_on_commit_callbacks))
    readme = files["README.txt"].decode()
    for section in sections.all():
        assert f"{section.name}.csv" in files
        assert f"{section.name}.csv" in readme
        header = files[f"{section.name}.csv"].decode("utf-8-sig").splitlines()[0]
        for column, _description in section.columns:
            assert f"  - {column}: " in readme
            assert column in header


def test_only_the_owner_downloads_the_archive(world, django_capture_on_commit_callbacks):
    export = ask(world["camille"], django_capture_on_commit_callbacks)
    url = f"/account/data/{export.pk}/download/"
    response = english_client(world["camille"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert english_client(world["dominique"]).get(url).status_code == 404
    assert english_client().get(url)["Location"].startswith("/accounts/login/")
    # Its storage address is never served.
    with pytest.raises(Http404):
        serve_public_media(None, export.file.name)


def test_once_a_day(world, django_capture_on_commit_callbacks):
    ask(world["camille"], django_capture_on_commit_callbacks)
    response = english_client(world["camille"]).post("/account/data/request/", follow=True)
    assert "less than a day ago" in response.content.decode()
    assert DataExport.objects.filter(user=world["camille"]).count() == 1
    # A failed one does not count.
    DataExport.objects.update(status=DataExport.Status.FAILED)
    ask(world["camille"], django_capture_on_commit_callbacks)
    assert DataExport.objects.filter(user=world["camille"]).count() == 2


def test_expired_archives_are_deleted_and_no_longer_downloadable(
    world, django_capture_on_commit_callbacks
):
    export = ask(world["camille"], django_capture_on_commit_callbacks)
    storage, name = export.file.storage, export.file.name
    assert services.data_exports_expire(now=export.expires_at - timedelta(seconds=1)) == 0
    assert services.data_exports_expire(now=export.expires_at) == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED
    assert not storage.exists(name)
    url = f"/account/data/{export.pk}/download/"
    assert english_client(world["camille"]).get(url).status_code == 404


def test_a_build_that_stopped_is_given_up_after_a_day(world):
    export = DataExport.objects.create(
        user=world["camille"], organization=world["mine"].component.space.organization
    )
    DataExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(days=2))
    services.data_exports_expire()
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED


def test_the_page_lists_the_archives_and_what_they_hold(world, django_capture_on_commit_callbacks):
    ask(world["camille"], django_capture_on_commit_callbacks)
    html = english_client(world["camille"]).get("/account/data/").content.decode()
    assert "Download the archive" in html
    assert "comments.csv" in html
    assert english_client().get("/account/data/").status_code == 302


def test_verifications_and_profile_answers_are_in_the_archive_without_secrets(
    world, django_capture_on_commit_callbacks
):
    from palabre.profile_questions.models import ProfileAnswer, ProfileOption, ProfileQuestion
    from palabre.verifications.models import OrganizationVerificationMethod, Verification
    from palabre.verifications.services import verification_grant

    camille = world["camille"]
    organization = world["mine"].component.space.organization
    OrganizationVerificationMethod.objects.create(organization=organization, method="census")
    verification_grant(
        user=camille,
        organization=organization,
        method="census",
        unique_id="identity-of-camille",
        metadata={"postal_code": "49100"},
    )
    question = ProfileQuestion.objects.create(organization=organization, label={"fr": "Quartier"})
    option = ProfileOption.objects.create(question=question, label={"fr": "Centre"})
    ProfileAnswer.objects.create(user=camille, question=question, option=option)

    files = read_archive(ask(camille, django_capture_on_commit_callbacks))
    (verification,) = rows(files, "verifications")
    assert verification["status"] == "granted"
    assert verification["kept_data"] == "postal_code: 49100"
    stored = Verification.objects.get(user=camille)
    everything = b"".join(files.values()).decode("utf-8", "replace")
    assert stored.unique_id not in everything
    ((answer),) = rows(files, "profile_answers")
    assert (answer["question"], answer["answer"]) == ("Quartier", "Centre")
