"""Downloads: only through the permission-checked view, never from the media folder."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.utils import timezone

from palabre.attachments import services, views
from palabre.attachments.services import Upload
from palabre.attachments.tests.files import pdf_upload, png_upload
from palabre.components.proposals.models import Proposal
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.tests.factories import OrganizationFactory, SpaceMemberFactory, UserFactory
from palabre.core.validation import FieldErrors

pytestmark = pytest.mark.django_db


def attach(proposal, *uploads):
    errors = FieldErrors()
    checked = services.uploads_clean(list(uploads), existing=0, errors=errors)
    assert not errors.errors
    return services.attachments_store(
        target=proposal, files=checked, created_by=None, language="fr"
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_images_show_in_the_page_and_documents_are_saved(client, proposal):
    image, document = attach(
        proposal, Upload(file=png_upload("parc.png")), Upload(file=pdf_upload("compte rendu.pdf"))
    )
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="parc.png"'
    assert body(response) == png_upload().read()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="compte_rendu.pdf"'
    assert body(response).startswith(b"%PDF-")
    # Nothing from a file ever runs, and shared caches keep none.
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_files_of_a_private_space_reach_its_members_only(client, signed_in, organization):
    component = ProposalsComponentFactory(
        space__organization=organization,
        space__private=True,
        settings=proposals_settings(attachments_enabled=True),
    )
    [attachment] = attach(ProposalFactory(component=component), Upload(file=pdf_upload()))
    address = attachment.get_absolute_url()
    assert client.get(address).status_code == 404
    stranger = UserFactory(organization=organization)
    assert signed_in(stranger).get(address).status_code == 404
    member = SpaceMemberFactory(space=component.space, user__organization=organization).user
    response = signed_in(member).get(address)
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF-")


def test_files_are_not_served_once_attachments_are_off(client, component, proposal):
    [attachment] = attach(proposal, Upload(file=pdf_upload()))
    assert client.get(attachment.get_absolute_url()).status_code == 200
    component.settings = proposals_settings(attachments_enabled=False)
    component.save()
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_files_of_drafts_hidden_or_missing_resources_answer_404(client, signed_in, component):
    from palabre.moderation.models import Moderation

    draft = ProposalFactory(component=component, state=Proposal.State.DRAFT)
    [of_draft] = attach(draft, Upload(file=pdf_upload()))
    assert client.get(of_draft.get_absolute_url()).status_code == 404
    assert signed_in(draft.first_author).get(of_draft.get_absolute_url()).status_code == 200

    hidden = ProposalFactory(component=component)
    [of_hidden] = attach(hidden, Upload(file=pdf_upload()))
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(Proposal),
        object_id=hidden.pk,
        space=component.space,
        hidden_at=timezone.now(),
    )
    assert client.get(of_hidden.get_absolute_url()).status_code == 404
    assert client.get("/attachments/999999/").status_code == 404


def test_files_are_served_on_their_organization_only(component, proposal):
    from django.test import Client

    [attachment] = attach(proposal, Upload(file=pdf_upload()))
    OrganizationFactory(host="other.example.org", reference_prefix="OTHER")
    other = Client(HTTP_HOST="other.example.org")
    assert other.get(attachment.get_absolute_url()).status_code == 404


def test_a_missing_file_answers_404(client, proposal, media_root):
    [attachment] = attach(proposal, Upload(file=pdf_upload()))
    (media_root / attachment.file.name).unlink()
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_the_media_folder_never_serves_attached_files(client, proposal, media_root, settings):
    from django.http import Http404

    [attachment] = attach(proposal, Upload(file=pdf_upload()))
    (media_root / "posts").mkdir()
    (media_root / "posts" / "news.txt").write_text("public")
    request = RequestFactory().get("/media/posts/news.txt")
    assert views.serve_public_media(request, "posts/news.txt").status_code == 200
    for path in (
        attachment.file.name,
        f"posts/../{attachment.file.name}",
        f"/{attachment.file.name}",
        "attachments",
    ):
        with pytest.raises(Http404):
            views.serve_public_media(request, path)
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
