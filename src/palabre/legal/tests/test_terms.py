"""Versioned terms of use: publishing a version asks every participant to accept it before
their next contribution; the acceptance (date and version) is kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palabre.comments.models import Comment
from palabre.core.models import ActionLog
from palabre.core.permissions import can, why_not
from palabre.core.resources import resource_ref
from palabre.legal.models import TermsAcceptance, TermsVersion
from palabre.legal.selectors import terms_changes_since
from palabre.legal.services import legal_pages_setup, legal_pages_update, terms_publish

pytestmark = pytest.mark.django_db

ACCEPT_URL = "/legal/terms/accept/"


def publish(admin, organization, summary="New rules") -> TermsVersion:
    return terms_publish(actor=admin, organization=organization, summary={"fr": summary})


def test_before_any_version_there_is_nothing_to_accept(participant, post):
    # Participants who signed up before the terms were versioned take part as before.
    assert can(participant, "comment", post)


def test_a_new_version_is_asked_before_a_comment_then_accepted(
    signed_in, client, organization, admin_user, participant, post
):
    legal_pages_setup(organization=organization)
    version = publish(admin_user, organization)
    assert version.number == 1

    denial = why_not(participant, "comment", post)
    assert denial is not None
    assert "accept the new version" in str(denial.reason)
    assert denial.next_url == ACCEPT_URL

    browser = signed_in(participant)
    # The comments of the post say why and link to the acceptance page, coming back here.
    page = browser.get(post.get_absolute_url()).content.decode()
    assert "The terms of use have changed" in page
    assert f'href="{ACCEPT_URL}?next={post.get_absolute_url()}%23comments"' in page
    # Sending a comment anyway is refused with the reason and the link.
    ref = resource_ref(post).as_string()
    refused = browser.post(
        f"/comments/{ref}/new/", {"body": "Hello"}, HTTP_REFERER=post.get_absolute_url()
    )
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "accept the new version to take part" in text
    assert f"{ACCEPT_URL}?next=" in text

    form = browser.get(f"{ACCEPT_URL}?next={post.get_absolute_url()}")
    assert form.status_code == 200
    assert "New rules" in form.content.decode()
    # Not ticking the box accepts nothing.
    unticked = browser.post(ACCEPT_URL, {"next": post.get_absolute_url()})
    assert unticked.status_code == 200
    assert not TermsAcceptance.objects.exists()

    accepted = browser.post(ACCEPT_URL, {"accept": "on", "next": post.get_absolute_url()})
    assert accepted.status_code == 302
    assert accepted["Location"] == post.get_absolute_url()
    acceptance = TermsAcceptance.objects.get(user=participant)
    assert acceptance.version == version
    assert acceptance.accepted_at is not None
    participant.refresh_from_db()
    assert participant.accepted_terms_at == acceptance.accepted_at

    created = browser.post(f"/comments/{ref}/new/", {"body": "Hello"})
    assert created.status_code == 302
    assert Comment.objects.filter(author=participant).count() == 1


def test_version_two_asks_again_and_keeps_both_acceptances(
    signed_in, organization, admin_user, participant, post
):
    legal_pages_setup(organization=organization)
    first = publish(admin_user, organization, "First")
    browser = signed_in(participant)
    browser.post(ACCEPT_URL, {"accept": "on"})
    assert can(participant, "comment", post)

    second = publish(admin_user, organization, "Second")
    assert second.number == 2
    participant = type(participant).objects.get(pk=participant.pk)  # a new request
    assert not can(participant, "comment", post)
    # Only what changed since the accepted version is summed up.
    assert terms_changes_since(user=participant, organization=organization) == [second]
    browser.post(ACCEPT_URL, {"accept": "on"})
    assert set(
        TermsAcceptance.objects.filter(user=participant).values_list("version__number", flat=True)
    ) == {first.number, second.number}
    participant = type(participant).objects.get(pk=participant.pk)
    assert can(participant, "comment", post)


def test_refusals_for_other_reasons_are_said_first(organization, admin_user, post):
    legal_pages_setup(organization=organization)
    publish(admin_user, organization)
    # A visitor is asked to sign in, not to accept terms.
    from django.contrib.auth.models import AnonymousUser

    assert "Sign in" in str(why_not(AnonymousUser(), "comment", post))


def test_publishing_is_for_organization_admins_and_validated(
    organization, admin_user, participant, space_admin
):
    legal_pages_setup(organization=organization)
    for person in (participant, space_admin):
        with pytest.raises(PermissionDenied):
            publish(person, organization)
    with pytest.raises(ValidationError) as error:
        terms_publish(actor=admin_user, organization=organization, summary={})
    assert "summary" in error.value.message_dict
    legal_pages_update(actor=admin_user, organization=organization, terms={})
    with pytest.raises(ValidationError):
        publish(admin_user, organization)
    assert not TermsVersion.objects.exists()


def test_a_version_keeps_its_text_and_is_logged(organization, admin_user):
    legal_pages_setup(organization=organization)
    legal_pages_update(
        actor=admin_user, organization=organization, terms={"fr": "<p>Règles v1</p>"}
    )
    version = publish(admin_user, organization)
    legal_pages_update(
        actor=admin_user, organization=organization, terms={"fr": "<p>Règles v2</p>"}
    )
    version.refresh_from_db()
    assert version.text == {"fr": "<p>Règles v1</p>"}
    assert version.published_by == admin_user
    assert ActionLog.objects.filter(action="publish", organization=organization).exists()


def test_the_public_page_shows_the_published_version(client, organization, admin_user):
    legal_pages_setup(organization=organization)
    legal_pages_update(
        actor=admin_user, organization=organization, terms={"fr": "<p>Règles publiées</p>"}
    )
    publish(admin_user, organization)
    legal_pages_update(
        actor=admin_user, organization=organization, terms={"fr": "<p>Brouillon</p>"}
    )
    page = client.get("/legal/terms/").content.decode()
    assert "Règles publiées" in page
    assert "Brouillon" not in page
    assert "Version 1, published on" in page


def test_acceptance_goes_back_only_to_this_site(signed_in, organization, admin_user, participant):
    legal_pages_setup(organization=organization)
    publish(admin_user, organization)
    response = signed_in(participant).post(
        ACCEPT_URL, {"accept": "on", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"


def test_accepting_needs_an_account(client, organization):
    response = client.get(ACCEPT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_checking_many_contributions_costs_what_checking_one_does(
    organization, admin_user, participant, component, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from palabre.components.blogs.models import Post
    from palabre.components.blogs.tests.factories import PostFactory
    from palabre.core import structure
    from palabre.core.models import User

    PostFactory.create_batch(6, component=component)
    legal_pages_setup(organization=organization)
    publish(admin_user, organization)
    posts = list(Post.objects.select_related("component__space"))

    def legal_queries_for(items) -> int:
        person = User.objects.get(pk=participant.pk)  # a new request's person
        with CaptureQueriesContext(connection) as captured:
            for item in items:
                assert not can(person, "comment", item)
        return len([q for q in captured.captured_queries if "legal_" in q["sql"]])

    structure.request_started()
    try:
        # The first reads the current version (then kept) and whether the person accepted it.
        assert legal_queries_for(posts[:1]) == 2
        # Another request: the version is kept; one question per person, however many items.
        assert legal_queries_for(posts) == 1
    finally:
        structure.request_finished()
    # Nothing published: nothing asked, nothing read.
    TermsVersion.objects.all().delete()
    structure.request_started()
    try:
        person = User.objects.get(pk=participant.pk)
        can(person, "comment", posts[0])  # the summary is read once, then kept
        with django_assert_num_queries(0):
            assert all(can(person, "comment", post) for post in posts)
    finally:
        structure.request_finished()


def test_the_history_of_versions_reads_in_french(
    client, signed_in, organization, admin_user, org_admin, participant
):
    # The colon before each summary belongs to the sentence: French sets it after a narrow
    # no-break space, on the public page, the acceptance page and the backoffice list.
    legal_pages_setup(organization=organization)
    publish(admin_user, organization, "Premières règles")
    publish(admin_user, organization, "Nouvelles règles")
    pages = [
        client.get("/legal/terms/", HTTP_ACCEPT_LANGUAGE="fr"),
        signed_in(participant).get(ACCEPT_URL, HTTP_ACCEPT_LANGUAGE="fr"),
        signed_in(org_admin).get("/admin/legal/", HTTP_ACCEPT_LANGUAGE="fr"),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "\u202f: Nouvelles règles" in html
        assert "): Nouvelles" not in html and "): Premières" not in html
