"""Every generic endpoint acts only inside the organization of the request's host: a
reference (`<ct>-<id>`) or an id of another organization's row answers 404, exactly like a
missing one, and works on its own organization's site."""

import pytest
from django.test import Client

from palabre.comments import services as comment_services
from palabre.comments.models import Comment
from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.models import Space
from palabre.core.resources import (
    resource_get_in_organization,
    resource_ref,
)
from palabre.core.tests.factories import (
    ComponentFactory,
    OrganizationFactory,
    SpaceFactory,
    UserFactory,
)
from palabre.moderation.models import Report
from palabre.notifications import services as notification_services
from palabre.notifications.models import Follow, Notification

pytestmark = pytest.mark.django_db

OTHER_HOST = "other.example.org"


@pytest.fixture
def other_organization(organization):
    return OrganizationFactory(host=OTHER_HOST, name="Autre ville", reference_prefix="OTHER")


@pytest.fixture
def post(organization):
    space = SpaceFactory(organization=organization)
    return PostFactory(component=ComponentFactory(space=space, manifest_name="blogs"))


@pytest.fixture
def participant(organization, other_organization):
    return UserFactory(organization=organization, nickname="marie")


@pytest.fixture
def browser(participant):
    """The participant's browser; each request says which site it asks (`HTTP_HOST`)."""
    client = Client(headers={"accept-language": "en"})
    client.force_login(participant)
    return client


def ref_of(target) -> str:
    return resource_ref(target).as_string()


def test_the_helper_finds_a_resource_in_its_organization_only(
    organization, other_organization, post
):
    ref = resource_ref(post)
    assert resource_get_in_organization(organization=organization, ref=ref) == post
    assert resource_get_in_organization(organization=organization, ref=ref.as_string()) == post
    assert resource_get_in_organization(organization=other_organization, ref=ref) is None
    assert resource_get_in_organization(organization=organization, ref="nonsense") is None
    assert resource_get_in_organization(organization=None, ref=ref) is None


def test_budget_projects_are_scoped_through_their_budget(organization, other_organization):
    from decimal import Decimal

    from palabre.components.budgets.models import Budget, Project

    component = ComponentFactory(space__organization=organization, manifest_name="budgets")
    budget = Budget.objects.create(component=component, title={"fr": "Centre"}, envelope=1000)
    project = Project.objects.create(budget=budget, title={"fr": "Banc"}, cost=Decimal("10"))
    ref = resource_ref(project)
    assert resource_get_in_organization(organization=organization, ref=ref) == project
    assert resource_get_in_organization(organization=other_organization, ref=ref) is None


def test_comment_threads_answer_on_their_own_site_only(client, post, other_organization):
    url = f"/comments/{ref_of(post)}/threads/"
    assert client.get(url, HTTP_HOST=OTHER_HOST).status_code == 404
    assert client.get(url).status_code == 200


def test_commenting_from_another_organization_site_is_refused(browser, post):
    url = f"/comments/{ref_of(post)}/new/"
    assert browser.post(url, {"body": "Hello"}, HTTP_HOST=OTHER_HOST).status_code == 404
    assert not Comment.objects.exists()
    assert browser.post(url, {"body": "Hello"}).status_code == 302
    assert Comment.objects.count() == 1


def test_a_comment_is_edited_voted_and_deleted_on_its_own_site_only(
    browser, participant, post, organization
):
    author = UserFactory(organization=organization)
    theirs = comment_services.comment_create(author=author, target=post, body="Theirs")
    mine = comment_services.comment_create(author=participant, target=post, body="Mine")
    assert browser.get(f"/comments/{mine.pk}/edit/", HTTP_HOST=OTHER_HOST).status_code == 404
    assert browser.get(f"/comments/{mine.pk}/edit/").status_code == 200
    vote = f"/comments/{theirs.pk}/vote/"
    assert browser.post(vote, {"value": "1"}, HTTP_HOST=OTHER_HOST).status_code == 404
    assert browser.post(vote, {"value": "1"}).status_code == 302
    delete = f"/comments/{mine.pk}/delete/"
    assert browser.post(delete, HTTP_HOST=OTHER_HOST).status_code == 404
    mine.refresh_from_db()
    assert not mine.is_deleted
    assert browser.post(delete).status_code == 302


def test_following_a_resource_or_a_space_works_on_its_own_site_only(browser, post):
    for count, target in enumerate((post, post.component.space)):
        url = f"/notifications/follow/{ref_of(target)}/"
        assert browser.post(url, {"follow": "1"}, HTTP_HOST=OTHER_HOST).status_code == 404
        assert Follow.objects.count() == count
        assert browser.post(url, {"follow": "1"}).status_code == 302
        assert Follow.objects.count() == count + 1


def test_a_space_of_another_organization_cannot_be_followed_through_its_id(
    browser, other_organization
):
    elsewhere = SpaceFactory(organization=other_organization)
    url = f"/notifications/follow/{ref_of(elsewhere)}/"
    assert browser.post(url, {"follow": "1"}).status_code == 404
    assert not Follow.objects.exists()
    assert browser.post(url, {"follow": "1"}, HTTP_HOST=OTHER_HOST).status_code == 302
    assert Follow.objects.count() == 1


def test_reporting_works_on_the_resource_s_own_site_only(browser, post):
    url = f"/moderation/report/{ref_of(post)}/"
    assert browser.get(url, HTTP_HOST=OTHER_HOST).status_code == 404
    assert browser.post(url, {"reason": "spam"}, HTTP_HOST=OTHER_HOST).status_code == 404
    assert not Report.objects.exists()
    assert browser.get(url).status_code == 200
    assert browser.post(url, {"reason": "spam"}).status_code == 302
    assert Report.objects.count() == 1


def test_each_site_shows_and_opens_its_own_notifications_only(
    browser, participant, post, other_organization, organization
):
    elsewhere = PostFactory(
        component=ComponentFactory(
            space=SpaceFactory(organization=other_organization), manifest_name="blogs"
        )
    )
    actor = UserFactory(organization=organization)
    for target in (post, elsewhere):
        notification_services.notify(
            event="comments.created", target=target, recipients=[participant], actor=actor
        )
    here = Notification.objects.get(space=post.component.space)
    there = Notification.objects.get(space=elsewhere.component.space)

    page = browser.get("/notifications/")
    assert [n.pk for n in page.context["notifications"]] == [here.pk]
    assert page.context["unread_notifications_count"] == 1
    other_page = browser.get("/notifications/", HTTP_HOST=OTHER_HOST)
    assert [n.pk for n in other_page.context["notifications"]] == [there.pk]

    assert browser.get(f"/notifications/{there.pk}/open/").status_code == 404
    browser.post("/notifications/read/", HTTP_HOST=OTHER_HOST)
    here.refresh_from_db()
    there.refresh_from_db()
    assert here.read_at is None and there.read_at is not None
    assert browser.get(f"/notifications/{here.pk}/open/").status_code == 302
    here.refresh_from_db()
    assert here.read_at is not None


def test_a_space_reference_is_not_a_resource_for_comments_or_reports(browser, post):
    space = Space.objects.get(pk=post.component.space_id)
    assert browser.get(f"/comments/{ref_of(space)}/threads/").status_code == 404
    assert browser.get(f"/moderation/report/{ref_of(space)}/").status_code == 404
