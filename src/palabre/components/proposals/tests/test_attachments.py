"""Images and documents on proposals: the forms, the page, who may add or remove them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palabre.attachments import services as attachment_services
from palabre.attachments.models import Attachment
from palabre.attachments.services import Upload
from palabre.attachments.tests.files import exe_bytes, pdf_upload, png_upload, upload
from palabre.components.proposals import services
from palabre.components.proposals.models import Proposal
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.components import component_admin_url
from palabre.core.models import ActionLog
from palabre.core.validation import FieldErrors

TITLE = "Des bancs à l'ombre près du marché"
BODY = "Les personnes âgées n'ont nulle part où s'asseoir en été."


@pytest.fixture
def component(organization):
    return ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(attachments_enabled=True)
    )


def attach(proposal, *uploads):
    errors = FieldErrors()
    checked = attachment_services.uploads_clean(list(uploads), existing=0, errors=errors)
    assert not errors.errors
    return attachment_services.attachments_store(
        target=proposal, files=checked, created_by=None, language="fr"
    )


def files_on_disk(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()]


def published(component, author) -> Proposal:
    proposal = services.proposal_create_draft(
        author=author, component=component, title=TITLE, body=BODY
    )
    return services.proposal_publish(actor=author, proposal=proposal)


# Services ------------------------------------------------------------------------------


def test_a_draft_keeps_its_files_and_their_titles(component, author, media_root):
    proposal = services.proposal_create_draft(
        author=author,
        component=component,
        title=TITLE,
        body=BODY,
        attachments=[
            Upload(file=png_upload("marche.png"), title="Le marché à midi"),
            Upload(file=pdf_upload("plan.pdf")),
        ],
    )
    image, document = Attachment.objects.filter(object_id=proposal.pk)
    assert image.kind == "image" and image.title == {"fr": "Le marché à midi"}
    assert document.kind == "document" and document.filename == "plan.pdf"
    assert image.created_by == author and image.component == component
    assert len(files_on_disk(media_root)) == 2


def test_one_wrong_file_and_nothing_is_saved(component, author, media_root):
    with pytest.raises(ValidationError) as raised:
        services.proposal_create_draft(
            author=author,
            component=component,
            title=TITLE,
            body=BODY,
            attachments=[
                Upload(file=pdf_upload(), field="attachment_1"),
                Upload(file=upload("photo.png", b"no picture"), field="attachment_2"),
            ],
        )
    assert list(raised.value.message_dict) == ["attachment_2"]
    assert not Proposal.objects.exists()
    assert not Attachment.objects.exists()
    assert files_on_disk(media_root) == []


def test_files_are_refused_where_attachments_are_off(organization, author, media_root):
    component = ProposalsComponentFactory(space__organization=organization)
    with pytest.raises(ValidationError) as raised:
        services.proposal_create_draft(
            author=author,
            component=component,
            title=TITLE,
            attachments=[Upload(file=pdf_upload())],
        )
    assert raised.value.message_dict["attachments"] == [
        "Attachments are not enabled in this component."
    ]
    proposal = ProposalFactory(component=component, author=author)
    with pytest.raises(ValidationError):
        services.proposal_attachments_add(
            actor=author, proposal=proposal, uploads=[Upload(file=pdf_upload())]
        )
    assert not Attachment.objects.exists() and files_on_disk(media_root) == []


def test_the_limit_counts_the_files_already_there(component, author):
    proposal = services.proposal_create_draft(
        author=author, component=component, title=TITLE, body=BODY
    )
    attach(proposal, *[Upload(file=pdf_upload()) for _ in range(9)])
    with pytest.raises(ValidationError, match="At most 10 files"):
        services.proposal_update_draft(
            actor=author,
            proposal=proposal,
            title="Un autre titre",
            attachments=[Upload(file=pdf_upload()), Upload(file=pdf_upload())],
        )
    proposal.refresh_from_db()
    assert proposal.title == {"fr": TITLE}
    assert Attachment.objects.count() == 9


def test_authors_change_files_while_they_may_change_the_proposal(component, author, user):
    draft = services.proposal_create_draft(
        author=author, component=component, title=TITLE, body=BODY
    )
    [first] = services.proposal_attachments_add(
        actor=author, proposal=draft, uploads=[Upload(file=pdf_upload())]
    )
    with pytest.raises(PermissionDenied):
        services.proposal_attachment_delete(actor=user, proposal=draft, attachment=first)
    services.proposal_attachment_delete(actor=author, proposal=draft, attachment=first)
    assert not Attachment.objects.exists()

    proposal = published(component, author)
    [second] = services.proposal_attachments_add(
        actor=author, proposal=proposal, uploads=[Upload(file=pdf_upload())]
    )
    # Once the edit window is over, the files stay as they are.
    Proposal.objects.filter(pk=proposal.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    proposal.refresh_from_db()
    assert not services.can_change_attachments(author, proposal)
    with pytest.raises(PermissionDenied):
        services.proposal_attachment_delete(actor=author, proposal=proposal, attachment=second)
    with pytest.raises(PermissionDenied):
        services.proposal_attachments_add(
            actor=author, proposal=proposal, uploads=[Upload(file=pdf_upload())]
        )
    assert list(Attachment.objects.all()) == [second]


def test_an_answer_ends_the_changes_of_files(component, author, space_admin):
    proposal = published(component, author)
    [attachment] = attach(proposal, Upload(file=pdf_upload()))
    services.proposal_answer(actor=space_admin, proposal=proposal, state="evaluating")
    proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.proposal_attachment_delete(actor=author, proposal=proposal, attachment=attachment)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_file_is_removed_only_from_its_proposal(component, author):
    mine = services.proposal_create_draft(
        author=author, component=component, title=TITLE, body=BODY
    )
    [other_file] = attach(ProposalFactory(component=component), Upload(file=pdf_upload()))
    with pytest.raises(PermissionDenied):
        services.proposal_attachment_delete(actor=author, proposal=mine, attachment=other_file)
    assert Attachment.objects.filter(pk=other_file.pk).exists()


def test_admins_add_and_remove_files_with_a_log_entry(component, author, space_admin):
    proposal = published(component, author)
    Proposal.objects.filter(pk=proposal.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=30)
    )
    proposal.refresh_from_db()
    [attachment] = services.proposal_attachments_add(
        actor=space_admin, proposal=proposal, uploads=[Upload(file=pdf_upload())]
    )
    services.proposal_attachment_delete(actor=space_admin, proposal=proposal, attachment=attachment)
    assert not Attachment.objects.exists()
    assert list(
        ActionLog.objects.filter(resource_id=str(proposal.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["add_attachments", "delete_attachment"]


# Public pages --------------------------------------------------------------------------


def url(component, rest=""):
    return f"{component.get_absolute_url()}{rest}"


def test_the_form_takes_several_files_each_with_a_title(signed_in, component, author):
    browser = signed_in(author)
    html = browser.get(url(component, "new/")).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert html.count('type="file"') == 3
    response = browser.post(
        url(component, "new/"),
        {
            "title": TITLE,
            "body": BODY,
            "attachment_1": png_upload("marche.png"),
            "attachment_1_title": "Le marché",
            "attachment_2": pdf_upload("plan.pdf"),
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert [(a.filename, a.title) for a in Attachment.objects.filter(object_id=proposal.pk)] == [
        ("marche.png", {"fr": "Le marché"}),
        ("plan.pdf", {}),
    ]


def test_a_wrong_file_in_the_form_is_shown_next_to_it(signed_in, component, author, media_root):
    response = signed_in(author).post(
        url(component, "new/"),
        {
            "title": TITLE,
            "body": BODY,
            "attachment_1": pdf_upload(),
            "attachment_2": upload("virus.exe", exe_bytes()),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["attachment_2"][0].startswith("virus.exe: Files of this type")
    assert not Proposal.objects.exists() and files_on_disk(media_root) == []


def test_without_the_setting_there_is_no_file_field_and_files_are_ignored(
    signed_in, organization, author
):
    component = ProposalsComponentFactory(space__organization=organization)
    browser = signed_in(author)
    assert 'type="file"' not in browser.get(url(component, "new/")).content.decode()
    response = browser.post(
        url(component, "new/"), {"title": TITLE, "body": BODY, "attachment_1": pdf_upload()}
    )
    assert response.status_code == 302
    assert Proposal.objects.exists() and not Attachment.objects.exists()


def test_the_page_shows_images_and_documents(client, signed_in, component, author):
    proposal = published(component, author)
    image, document = attach(
        proposal,
        Upload(file=png_upload(), title="Le banc vu de la rue"),
        Upload(file=pdf_upload("plan.pdf"), title="Plan du quartier"),
    )
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert f'<img src="/attachments/{image.pk}/" alt="Le banc vu de la rue"' in html
    assert f'href="/attachments/{document.pk}/" download>Plan du quartier</a>' in html
    assert f"(PDF, {document.size}\xa0bytes)" in html
    assert "/media/" not in html
    assert "Remove" not in html
    author_html = signed_in(author).get(proposal.get_absolute_url()).content.decode()
    assert f'action="{url(component)}{proposal.pk}/attachments/{image.pk}/delete/"' in author_html


def test_files_are_not_shown_once_attachments_are_off(client, component, author):
    proposal = published(component, author)
    attach(proposal, Upload(file=png_upload(), title="Le banc vu de la rue"))
    component.settings = proposals_settings(attachments_enabled=False)
    component.save()
    assert "Le banc vu de la rue" not in client.get(proposal.get_absolute_url()).content.decode()


def test_authors_remove_a_file_from_the_page(signed_in, component, author, user):
    proposal = published(component, author)
    first, second = attach(proposal, Upload(file=pdf_upload()), Upload(file=pdf_upload()))
    address = url(component, f"{proposal.pk}/attachments/{first.pk}/delete/")
    assert signed_in(user).post(address).status_code == 403
    assert signed_in(author).get(address).status_code == 405
    response = signed_in(author).post(address)
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert list(Attachment.objects.all()) == [second]
    Proposal.objects.filter(pk=proposal.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    later = url(component, f"{proposal.pk}/attachments/{second.pk}/delete/")
    assert signed_in(author).post(later).status_code == 403
    assert list(Attachment.objects.all()) == [second]


def test_a_draft_shows_its_files_on_its_edit_page(signed_in, component, author):
    draft = services.proposal_create_draft(
        author=author, component=component, title=TITLE, body=BODY
    )
    [attachment] = attach(draft, Upload(file=pdf_upload("plan.pdf")))
    browser = signed_in(author)
    html = browser.get(url(component, f"drafts/{draft.pk}/edit/")).content.decode()
    assert "plan.pdf" in html and "Attach more files" in html
    response = browser.post(url(component, f"{draft.pk}/attachments/{attachment.pk}/delete/"))
    assert response["Location"] == url(component, f"drafts/{draft.pk}/edit/")
    assert not Attachment.objects.exists()


def test_the_edit_form_offers_only_the_files_still_allowed(signed_in, component, author):
    proposal = published(component, author)
    attach(proposal, *[Upload(file=pdf_upload()) for _ in range(9)])
    browser = signed_in(author)
    address = url(component, f"{proposal.pk}/edit/")
    assert browser.get(address).content.decode().count('type="file"') == 1
    attach(proposal, Upload(file=pdf_upload()))
    assert 'type="file"' not in browser.get(address).content.decode()


def test_the_page_reads_every_file_in_one_query(client, component, author):
    counts = []
    for number in (1, 5):
        proposal = published(component, author)
        attach(proposal, *[Upload(file=png_upload(), title=f"Vue {i}") for i in range(number)])
        client.get(proposal.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(proposal.get_absolute_url())
        assert response.content.decode().count("<img src=") == number
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Backoffice ----------------------------------------------------------------------------


def test_admins_attach_and_remove_files_from_the_backoffice(
    signed_in, component, space_admin, media_root
):
    proposal = ProposalFactory(component=component)
    browser = signed_in(space_admin)
    page = component_admin_url(component, "proposal", pk=proposal.pk)
    html = browser.get(page).content.decode()
    assert 'type="file"' in html and "No file attached." in html
    response = browser.post(
        component_admin_url(component, "attachments", pk=proposal.pk),
        {"attachment_1": pdf_upload("deliberation.pdf"), "attachment_1_title": "Délibération"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.title == {"fr": "Délibération"}
    assert "Délibération" in browser.get(page).content.decode()
    browser.post(
        component_admin_url(
            component, "attachment_delete", pk=proposal.pk, attachment_pk=attachment.pk
        )
    )
    assert not Attachment.objects.exists()


def test_a_wrong_file_from_the_backoffice_attaches_nothing(
    signed_in, component, space_admin, media_root
):
    proposal = ProposalFactory(component=component)
    browser = signed_in(space_admin)
    response = browser.post(
        component_admin_url(component, "attachments", pk=proposal.pk),
        {"attachment_1": pdf_upload(), "attachment_2": upload("plan.pdf", exe_bytes())},
        follow=True,
    )
    assert "Nothing was attached: plan.pdf: This file is not a real PDF file." in (
        response.content.decode()
    )
    assert not Attachment.objects.exists() and files_on_disk(media_root) == []


def test_only_admins_change_files_in_the_backoffice(
    signed_in, component, space_admin, valuator, user
):
    proposal = ProposalFactory(component=component)
    [attachment] = attach(proposal, Upload(file=pdf_upload()))
    # The valuator may open this proposal in the backoffice, but not change its files.
    services.proposals_assign_valuator(
        actor=space_admin,
        component=component,
        proposal_ids=[proposal.pk],
        valuator=valuator,
    )
    add = component_admin_url(component, "attachments", pk=proposal.pk)
    remove = component_admin_url(
        component, "attachment_delete", pk=proposal.pk, attachment_pk=attachment.pk
    )
    for person in (valuator, user):
        browser = signed_in(person)
        assert browser.post(add, {"attachment_1": pdf_upload()}).status_code in (302, 403)
        assert browser.post(remove).status_code in (302, 403)
    assert list(Attachment.objects.all()) == [attachment]
