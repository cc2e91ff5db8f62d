import pytest

from palabre.components.pages.tests.factories import PageFactory
from palabre.core.tests.factories import ComponentFactory, SpaceFactory, UserFactory
from palabre.notifications.models import Notification


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, slug="park", title={"en": "The park"})


@pytest.fixture
def page(space):
    component = ComponentFactory(space=space, manifest_name="pages")
    return PageFactory(component=component, title={"en": "Benches", "fr": "Bancs"})


@pytest.fixture
def private_space(organization):
    return SpaceFactory(organization=organization, slug="council", private=True)


@pytest.fixture
def private_page(private_space):
    component = ComponentFactory(space=private_space, manifest_name="pages")
    return PageFactory(component=component, title={"en": "Minutes"})


@pytest.fixture
def make_user(organization):
    def build(**kwargs):
        # Emails go out in each person's language; these tests read English ones.
        kwargs.setdefault("locale", "en")
        return UserFactory(organization=organization, **kwargs)

    return build


@pytest.fixture
def make_notifications(page):
    def build(recipient, count: int, **kwargs) -> list[Notification]:
        return Notification.objects.bulk_create(
            [
                Notification(
                    recipient=recipient,
                    event="comments.created",
                    content_type_id=_page_content_type(page),
                    object_id=page.pk,
                    space=page.component.space,
                    title=f"Item {n}",
                    url=page.get_absolute_url(),
                    **kwargs,
                )
                for n in range(count)
            ]
        )

    return build


def _page_content_type(page) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(page).pk
