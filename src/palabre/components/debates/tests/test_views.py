"""Public pages: the list with its filters and sorts, the debate in one or two columns, the
participant's forms, and private spaces."""

import datetime

import pytest
from django.utils import timezone

from palabre.comments.models import Comment
from palabre.comments.services import comment_create
from palabre.components.debates.models import Category, Debate
from palabre.components.debates.tests.factories import DebateFactory
from palabre.core.components import component_url
from palabre.core.tests.factories import SpaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _argue(debate, people, alignments):
    for person, alignment in zip(people, alignments, strict=False):
        comment_create(
            author=person, target=debate, body=f"Argument {alignment}", alignment=alignment
        )


def test_the_list_shows_the_last_comment_in_a_constant_number_of_queries(
    client, component, organization, django_assert_max_num_queries
):
    people = [UserFactory(organization=organization) for _ in range(3)]
    debate = DebateFactory(component=component)
    _argue(debate, people, [1, -1, 0])
    url = component.get_absolute_url()
    client.get(url)  # the structure is kept after a first request
    with django_assert_max_num_queries(12) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert people[2].display_name in response.content.decode()
    for _ in range(15):
        more = DebateFactory(component=component)
        _argue(more, people, [1])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("debate-card") >= 16


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=open", {"open official", "mine"}),
        ("state=closed", {"closed"}),
        ("origin=participants", {"mine"}),
        ("origin=official", {"open official", "closed"}),
        ("recent=1", {"open official"}),
        ("mine=1", {"mine"}),
    ],
)
def test_filters(signed_in, component, participant, other_participant, query, expected):
    DebateFactory(component=component, title={"fr": "open official"})
    DebateFactory(component=component, title={"fr": "closed"}, closed_at=timezone.now())
    DebateFactory(component=component, title={"fr": "mine"}, official=False, author=participant)
    opened = Debate.objects.get(title__fr="open official")
    comment_create(author=other_participant, target=opened, body="Recent", alignment=1)
    page = signed_in(participant).get(f"{component.get_absolute_url()}?{query}")
    shown = {
        title
        for title in ("open official", "closed", "mine")
        if f">{title}<" in page.content.decode()
    }
    assert shown == expected


def test_category_filter_and_sorts(client, component, participant):
    category = Category.objects.create(component=component, name={"fr": "Mobilité"})
    DebateFactory(component=component, title={"fr": "in category"}, category=category)
    DebateFactory(component=component, title={"fr": "many comments"}, comments_count=9)
    DebateFactory(component=component, title={"fr": "many endorsements"}, endorsements_count=9)
    url = component.get_absolute_url()
    body = client.get(f"{url}?category={category.pk}").content.decode()
    assert ">in category<" in body and ">many comments<" not in body
    body = client.get(f"{url}?sort=most_commented").content.decode()
    assert body.index(">many comments<") < body.index(">many endorsements<")
    body = client.get(f"{url}?sort=most_endorsed").content.decode()
    assert body.index(">many endorsements<") < body.index(">many comments<")


def test_two_columns_split_the_arguments_with_their_counts(
    client, component, organization, django_assert_max_num_queries
):
    people = [UserFactory(organization=organization) for _ in range(6)]
    debate = DebateFactory(component=component, layout=Debate.Layout.TWO_COLUMNS)
    _argue(debate, people, [1, 1, 1, -1, 0, None])
    url = debate.get_absolute_url()
    body = client.get(url).content.decode()
    assert "3 arguments" in body and "1 argument" in body and "2 arguments" in body
    column_for = body[body.index('id="side-for"') : body.index('id="side-against"')]
    assert column_for.count("Argument 1") == 3 and "Argument -1" not in column_for
    # The switch is plain links: the side asked for is the one a narrow screen shows.
    assert 'href="?side=against#arguments"' in body
    against = client.get(f"{url}?side=against").content.decode()
    assert "debate-column debate-column-against is-current" in against
    assert "debate-column debate-column-for is-current" not in against
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    _argue(debate, people, [1, -1, 0, 1, -1, 0])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_argument_form_takes_the_side_shown(signed_in, component, participant):
    import re

    debate = DebateFactory(component=component, layout=Debate.Layout.TWO_COLUMNS)
    body = signed_in(participant).get(f"{debate.get_absolute_url()}?side=against").content.decode()
    assert re.search(r'value="-1"[^>]*checked', body)
    assert not re.search(r'value="1"[^>]*checked', body)


def test_a_closed_debate_shows_its_conclusion_first_and_no_form(signed_in, component, participant):
    debate = DebateFactory(
        component=component,
        closed_at=timezone.now(),
        conclusion={"fr": "<p>Conclusion écrite</p>"},
        description={"fr": "<p>La description</p>"},
    )
    body = signed_in(participant).get(debate.get_absolute_url()).content.decode()
    assert body.index("Conclusion écrite") < body.index("<p>La description")
    assert "Add a comment" not in body and "Publish the comment" not in body


def test_a_participant_opens_edits_and_closes_their_debate(signed_in, component, participant):
    client = signed_in(participant)
    base = component.get_absolute_url()
    response = client.post(f"{base}new/", {"title_fr": "", "title_en": "x", "description_fr": ""})
    assert response.status_code == 200 and not Debate.objects.exists()
    assert "Title is required in" in response.content.decode()
    response = client.post(
        f"{base}new/", {"title_fr": "Un banc ?", "title_en": "", "description_fr": "<p>Oui</p>"}
    )
    debate = Debate.objects.get()
    assert response.status_code == 302 and debate.author == participant
    response = client.post(
        f"{base}{debate.pk}/edit/",
        {"title_fr": "Deux bancs ?", "title_en": "", "description_fr": "<p>Oui</p>"},
    )
    debate.refresh_from_db()
    assert debate.title["fr"] == "Deux bancs ?"
    response = client.post(f"{base}{debate.pk}/close/", {"conclusion_fr": "<p>Fait</p>"})
    debate.refresh_from_db()
    assert debate.closed_at is not None and debate.closed_by == participant
    # Closed: read-only.
    assert client.get(f"{base}{debate.pk}/edit/").status_code == 403


def test_endorse_through_the_page(signed_in, component, participant):
    debate = DebateFactory(component=component)
    client = signed_in(participant)
    client.post(f"{debate.get_absolute_url()}endorse/")
    debate.refresh_from_db()
    assert debate.endorsements_count == 1
    client.post(f"{debate.get_absolute_url()}endorse/", {"undo": "1"})
    debate.refresh_from_db()
    assert debate.endorsements_count == 0


def test_a_draft_is_a_404_for_the_public(client, component):
    draft = DebateFactory(component=component, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert f">{draft.title['fr']}<" not in client.get(component.get_absolute_url()).content.decode()


def test_a_private_space_debates_are_invisible_to_non_members(
    client, signed_in, organization, participant
):
    from palabre.components.debates.tests.conftest import debates_component
    from palabre.core.registry import components

    private = SpaceFactory(organization=organization, slug="private", private=True)
    component = debates_component(private)
    debate = DebateFactory(component=component, title={"fr": "Secret"})
    for browser in (client, signed_in(participant)):
        assert browser.get(component.get_absolute_url()).status_code in (403, 404)
        assert browser.get(debate.get_absolute_url()).status_code in (403, 404)
        assert "Secret" not in browser.get("/sitemap.xml").content.decode()
    # The sitemap of the manifest is only asked for what the public may see; the URL is
    # the debate's own.
    assert list(components.get("debates").sitemap([component])) == [
        component_url(component, "debate", pk=debate.pk)
    ]


def test_a_debate_with_dates_says_when(client, component):
    start = timezone.now() - datetime.timedelta(days=1)
    debate = DebateFactory(
        component=component, start_at=start, end_at=start + datetime.timedelta(days=9)
    )
    body = client.get(debate.get_absolute_url()).content.decode()
    assert "debate-dates" in body
    assert Comment.objects.count() == 0


def test_a_debate_hidden_by_moderation_leaves_lists_pages_sitemap_and_exports(
    client, component, participant
):
    from django.contrib.contenttypes.models import ContentType

    from palabre.components.debates.exports import debate_rows
    from palabre.core.registry import components
    from palabre.moderation.models import Moderation

    debate = DebateFactory(
        component=component, official=False, author=participant, title={"fr": "Spam"}
    )
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(Debate),
        object_id=debate.pk,
        space=component.space,
        hidden_at=timezone.now(),
    )
    assert ">Spam<" not in client.get(component.get_absolute_url()).content.decode()
    assert client.get(debate.get_absolute_url()).status_code == 404
    assert list(components.get("debates").sitemap([component])) == []
    assert list(debate_rows(component)) == []


def test_followers_hear_of_new_arguments(
    component, participant, other_participant, django_capture_on_commit_callbacks
):
    from palabre.components.debates import services
    from palabre.notifications.models import Notification

    debate = services.debate_open(
        author=participant,
        component=component,
        title={"fr": "Un parc ?"},
        description={"fr": "<p>Oui</p>"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(author=other_participant, target=debate, body="For!", alignment=1)
    # The participant who opened it follows it: they hear of the argument.
    assert Notification.objects.filter(
        recipient=participant, event="comments.created", object_id=debate.pk
    ).exists()


def test_the_single_column_page_reads_a_constant_number_of_queries(
    client, component, organization, django_assert_max_num_queries
):
    people = [UserFactory(organization=organization) for _ in range(3)]
    debate = DebateFactory(component=component)
    _argue(debate, people, [1, -1, 0])
    url = debate.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    _argue(debate, people * 4, [1, -1, 0] * 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
