"""The platform's search: every type found, only what the person may see, in a bounded number
of queries, highlighted safely."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from palabre.components.accountability.tests.factories import ResultFactory
from palabre.components.blogs.tests.factories import PostFactory
from palabre.components.budgets.tests.factories import ProjectFactory
from palabre.components.debates.tests.factories import DebateFactory
from palabre.components.meetings.tests.factories import MeetingFactory, MeetingsComponentFactory
from palabre.components.pages.tests.factories import PageFactory
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
)
from palabre.components.sortitions.models import Panel, ProposalDraw
from palabre.components.surveys.tests.factories import SurveysComponentFactory, survey_create
from palabre.core.tests.factories import (
    ComponentFactory,
    OrganizationFactory,
    SpaceFactory,
    SpaceMemberFactory,
    UserFactory,
)
from palabre.moderation.models import Moderation
from palabre.search import selectors
from palabre.search.selectors import SearchQuery, highlight

WORD = "Zéphyr"


@pytest.fixture(autouse=True)
def no_rate_limit_left_over():
    cache.clear()
    yield
    cache.clear()


def _text(extra=""):
    return {"fr": f"Le {WORD} souffle {extra}".strip(), "en": f"The {WORD} blows {extra}".strip()}


def seed_space(space, *, word=True, n=0):
    """One findable thing of every type in `space`, each with the word in its title."""
    title = _text(str(n)) if word else {"fr": "Autre chose", "en": "Something else"}
    proposals = ProposalsComponentFactory(space=space)
    proposal = ProposalFactory(component=proposals, title=title)
    _comment(proposal, author=UserFactory(organization=space.organization), text=title["fr"])
    PostFactory(component=ComponentFactory(space=space, manifest_name="blogs"), title=title)
    PageFactory(component=ComponentFactory(space=space, manifest_name="pages"), title=title)
    ResultFactory(component__space=space, title=title)
    ProjectFactory(budget__component__space=space, title=title)
    survey_create(SurveysComponentFactory(space=space), title=title)
    MeetingFactory(component=MeetingsComponentFactory(space=space), title=title)
    sortitions = ComponentFactory(space=space, manifest_name="sortitions")
    ProposalDraw.objects.create(
        component=sortitions,
        proposals_component=proposals,
        title=title,
        count=1,
        requested_at=timezone.now(),
    )
    Panel.objects.create(component=sortitions, title=title, size=10, call_open=True)
    DebateFactory(component__space=space, title=title)


def found(organization, user=None, text=WORD, **filters):
    from django.contrib.auth.models import AnonymousUser

    query = SearchQuery(text=text, **filters)
    return selectors.search(user=user or AnonymousUser(), organization=organization, query=query)


def counts(results) -> dict[str, int]:
    return {group.key: group.count for group in results.types if group.count}


EVERY_TYPE = {
    "spaces",
    "proposals",
    "posts",
    "pages",
    "results",
    "projects",
    "surveys",
    "meetings",
    "draws",
    "panels",
    "debates",
    "comments",
}


def test_every_type_is_found_whatever_the_case_and_accents(organization, client):
    space = SpaceFactory(organization=organization, title=_text())
    seed_space(space)
    for text in (WORD, "zephyr", "ZEPHYR", "zéphyr souffle"):
        assert counts(found(organization, text=text)) == dict.fromkeys(EVERY_TYPE, 1), text
    response = client.get("/search/", {"q": "zephyr"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 results for" in html
    assert "<mark>Zéphyr</mark>" in html


def test_the_english_text_is_found_too(organization):
    space = SpaceFactory(organization=organization)
    PageFactory(
        component=ComponentFactory(space=space, manifest_name="pages"),
        title={"fr": "Le vent", "en": "The breeze"},
        body={"fr": "<p>Rien</p>", "en": "<p>A <strong>gentle</strong> breeze</p>"},
    )
    results = found(organization, text="gentle")
    assert counts(results) == {"pages": 1}
    [hit] = results.types[[g.key for g in results.types].index("pages")].hits
    assert str(hit.title) == "The breeze"  # the title of the language where it was found
    assert str(hit.excerpt) == "A <mark>gentle</mark> breeze"


def test_what_people_may_not_see_is_never_found(organization, user):
    """Every kind of thing a person may not see holds the word: none is found."""
    member = UserFactory(organization=organization)
    private = SpaceFactory(organization=organization, private=True)
    SpaceMemberFactory(space=private, user=member)
    seed_space(private)
    seed_space(SpaceFactory(organization=organization, published_at=None))
    other = OrganizationFactory(host="other.example.org")
    seed_space(SpaceFactory(organization=other, title=_text()))
    public = SpaceFactory(organization=organization)
    # Unpublished components.
    hidden_components = SpaceFactory(organization=organization)
    seed_space(hidden_components, n=1)
    from palabre.core.models import Component

    Component.objects.filter(space=hidden_components).update(published_at=None)
    # Drafts, withdrawn, hidden, scheduled, unpublished, private, withdrawn meetings.
    proposals = ProposalsComponentFactory(space=public)
    ProposalFactory(component=proposals, title=_text("draft"), state="draft")
    ProposalFactory(component=proposals, title=_text("withdrawn"), state="withdrawn")
    hidden = ProposalFactory(component=proposals, title=_text("hidden"))
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(hidden),
        object_id=hidden.pk,
        space=public,
        hidden_at=timezone.now(),
    )
    blog = ComponentFactory(space=public, manifest_name="blogs")
    PostFactory(component=blog, title=_text("draft"), published_at=None)
    PostFactory(
        component=blog,
        title=_text("scheduled"),
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    survey_create(SurveysComponentFactory(space=public), title=_text(), published=False)
    meetings = MeetingsComponentFactory(space=public)
    invited = UserFactory(organization=organization)
    private_meeting = MeetingFactory(component=meetings, title=_text("private"), private=True)
    private_meeting.invitees.add(invited)
    MeetingFactory(component=meetings, title=_text("transparent"), private=True, transparent=True)
    MeetingFactory(component=meetings, title=_text("draft"), published_at=None)
    MeetingFactory(component=meetings, title=_text("withdrawn"), withdrawn_at=timezone.now())
    Panel.objects.create(
        component=ComponentFactory(space=public, manifest_name="sortitions"),
        title=_text("in preparation"),
        size=10,
    )
    debates = ComponentFactory(space=public, manifest_name="debates")
    DebateFactory(component=debates, title=_text("draft"), published_at=None)
    hidden_debate = DebateFactory(component=debates, title=_text("hidden"))
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(hidden_debate),
        object_id=hidden_debate.pk,
        space=public,
        hidden_at=timezone.now(),
    )

    assert found(organization).total == 0
    assert found(organization, user).total == 0
    # The same searches find them for those who may see them: the test seeds what it says.
    assert counts(found(organization, member)) == dict.fromkeys(EVERY_TYPE - {"spaces"}, 1)
    assert counts(found(organization, invited)) == {"meetings": 1}
    assert found(other).total == len(EVERY_TYPE)


def test_an_organization_administrator_finds_the_private_spaces_content(organization, admin_user):
    seed_space(SpaceFactory(organization=organization, private=True))
    assert counts(found(organization, admin_user)) == dict.fromkeys(EVERY_TYPE - {"spaces"}, 1)


def _queries_of_a_search(client, django_assert_max_num_queries, **params):
    with django_assert_max_num_queries(30) as captured:
        response = client.get("/search/", {"q": WORD, **params})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_spaces_and_results(
    organization, client, django_assert_max_num_queries
):
    for n in range(2):
        seed_space(SpaceFactory(organization=organization, title=_text(str(n))), n=n)
    few = _queries_of_a_search(client, django_assert_max_num_queries)
    few_of_a_type = _queries_of_a_search(client, django_assert_max_num_queries, type="meetings")
    for n in range(2, 12):
        seed_space(SpaceFactory(organization=organization, title=_text(str(n))), n=n)
    many = _queries_of_a_search(client, django_assert_max_num_queries)
    many_of_a_type = _queries_of_a_search(client, django_assert_max_num_queries, type="meetings")
    assert many == few
    assert many_of_a_type == few_of_a_type
    response = client.get("/search/", {"q": WORD})
    shown = response.content.decode().count('class="search-result"')
    assert shown == len(EVERY_TYPE) * selectors.PREVIEW_SIZE


def test_a_title_with_markup_is_shown_as_text(organization, client):
    space = SpaceFactory(organization=organization)
    PageFactory(
        component=ComponentFactory(space=space, manifest_name="pages"),
        title={"fr": "<script>alert(1)</script> Zéphyr & co"},
        body={"fr": "<p>Le &lt;b&gt;zéphyr&lt;/b&gt; souffle</p>"},
    )
    html = client.get("/search/", {"q": "zephyr"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Zéphyr</mark> &amp; co" in html
    assert "Le &lt;b&gt;<mark>zéphyr</mark>&lt;/b&gt; souffle" in html


def test_highlight_escapes_and_marks_without_case_nor_accents():
    assert (
        str(highlight("Élan <b> ELAN", ["elan"])) == "<mark>Élan</mark> &lt;b&gt; <mark>ELAN</mark>"
    )
    assert str(highlight("no match <i>", ["zz"])) == "no match &lt;i&gt;"
    long = "word " * 100 + "target " + "word " * 100
    excerpt = str(highlight(long, ["target"], excerpt=100))
    assert "<mark>target</mark>" in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert len(excerpt) < 140


def test_an_empty_or_too_short_query(organization, client):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-text"' in html
    assert "results for" not in html and "Nothing was found" not in html
    response = client.get("/search/", {"q": "a é"})
    assert response.status_code == 200
    assert "Type a word of at least 2 letters." in response.content.decode()
    assert found(organization, text="a") is None


def test_nothing_found_suggests_what_to_do(organization, client):
    html = client.get("/search/", {"q": "introuvable"}).content.decode()
    assert "0 results for" in html
    assert "Nothing was found." in html
    assert "check the spelling" in html


def test_results_of_a_type_come_page_by_page(organization, client):
    component = ComponentFactory(
        space=SpaceFactory(organization=organization), manifest_name="pages"
    )
    for n in range(selectors.PAGE_SIZE + 5):
        PageFactory(component=component, title=_text(str(n)))
    html = client.get("/search/", {"q": WORD, "type": "pages"}).content.decode()
    assert html.count('class="search-result"') == selectors.PAGE_SIZE
    assert "Page 1 of 2" in html
    html = client.get("/search/", {"q": WORD, "type": "pages", "page": 2}).content.decode()
    assert html.count('class="search-result"') == 5
    # Every type keeps its count in the type menu.
    assert "25" in html


def test_filters_by_type_space_and_date(organization):
    first = SpaceFactory(organization=organization)
    second = SpaceFactory(organization=organization)
    seed_space(first)
    seed_space(second)
    assert counts(found(organization, type="pages"))["pages"] == 2
    assert [g.key for g in found(organization, type="pages").shown] == ["pages"]
    assert counts(found(organization, space=first.pk)) == dict.fromkeys(EVERY_TYPE - {"spaces"}, 1)
    today = timezone.localdate()
    later = found(organization, date_from=today + datetime.timedelta(days=30))
    assert later.total == 0
    assert counts(found(organization, date_to=today + datetime.timedelta(days=30)))["pages"] == 2


def test_the_query_string_is_read_carefully():
    query = SearchQuery.from_query(
        {"q": "  vélo   " + "x" * 200, "type": "nope", "space": "12a", "date_from": "hier"}
    )
    assert query.text.startswith("vélo x") and len(query.text) == 100
    assert (query.type, query.space, query.date_from) == ("", None, None)
    assert query.errors == ["date_from"]


def test_searches_are_rate_limited_per_client(organization, client, settings):
    settings.PALABRE_SEARCH_RATE_LIMIT = 2
    assert client.get("/search/", {"q": WORD}).status_code == 200
    assert client.get("/search/", {"q": WORD}).status_code == 200
    response = client.get("/search/", {"q": WORD})
    assert response.status_code == 429
    assert "Too many searches" in response.content.decode()
    # The empty page costs nothing and is not counted.
    assert client.get("/search/").status_code == 200


def test_the_header_has_a_search_box(organization, client):
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    assert '<label for="header-search-text"' in html


def test_a_title_found_in_another_language_says_its_language(organization, client):
    space = SpaceFactory(organization=organization, title={"fr": "Le marché", "en": "The market"})
    html = client.get("/search/", {"q": "marche"}).content.decode()
    assert f'<a href="{space.get_absolute_url()}" lang="fr">Le <mark>marché</mark></a>' in html
    html = client.get("/search/", {"q": "market"}).content.decode()
    assert f'<a href="{space.get_absolute_url()}">The <mark>market</mark></a>' in html


def _comment(target, *, author, text, **fields):
    from palabre.comments.models import Comment

    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        space=target.component.space,
        component=target.component,
        author=author,
        body={"fr": text},
        **fields,
    )


def test_comments_are_found_on_what_the_person_may_see_only(organization, user, client):
    public = ProposalsComponentFactory(space=SpaceFactory(organization=organization))
    proposal = ProposalFactory(component=public, title={"fr": "Des arbres"})
    found_comment = _comment(proposal, author=user, text=f"Le {WORD} & <b>les arbres</b>")
    _comment(proposal, author=user, text=f"{WORD} effacé", deleted_at=timezone.now())
    hidden = _comment(proposal, author=user, text=f"{WORD} caché")
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(hidden),
        object_id=hidden.pk,
        space=proposal.component.space,
        hidden_at=timezone.now(),
    )
    withdrawn = ProposalFactory(component=public, state="withdrawn")
    _comment(withdrawn, author=user, text=f"{WORD} sur une proposition retirée")
    private = ProposalsComponentFactory(space=SpaceFactory(organization=organization, private=True))
    _comment(ProposalFactory(component=private), author=user, text=f"{WORD} privé")
    meetings = MeetingsComponentFactory(space=public.space)
    _comment(MeetingFactory(component=meetings, private=True), author=user, text=f"{WORD} !")

    results = found(organization, user)
    assert counts(results) == {"comments": 1}
    html = client.get("/search/", {"q": "zephyr", "type": "comments"}).content.decode()
    assert "Comment on “Des arbres”" in html
    assert f'href="{proposal.get_absolute_url()}#comment-{found_comment.pk}"' in html
    assert "Le <mark>Zéphyr</mark> &amp; &lt;b&gt;les arbres&lt;/b&gt;" in html


def test_the_page_in_french(organization):
    from django.test import Client

    PageFactory(
        component=ComponentFactory(
            space=SpaceFactory(organization=organization), manifest_name="pages"
        ),
        title=_text(),
    )
    html = Client(headers={"accept-language": "fr"}).get("/search/", {"q": "zephyr"})
    html = html.content.decode()
    assert "1 résultat pour «\u202fzephyr\u202f»" in html
    assert "Rechercher sur le site" in html


def test_markup_is_not_searched_and_upper_case_accents_are_folded(organization):
    component = ComponentFactory(
        space=SpaceFactory(organization=organization), manifest_name="pages"
    )
    PageFactory(
        component=component,
        title={"fr": "ÉCOLE ÉLÉMENTAIRE"},
        body={"fr": '<p><strong>Rentrée</strong> <a href="/ecole">ici</a></p>'},
    )
    assert counts(found(organization, text="ecole elementaire")) == {"pages": 1}
    assert counts(found(organization, text="rentree")) == {"pages": 1}
    assert found(organization, text="strong").total == 0
    assert found(organization, text="href").total == 0
    # Every word must be found.
    assert found(organization, text="ecole absente").total == 0


def test_the_queries_of_a_search_are_few(organization, client, django_assert_max_num_queries):
    seed_space(SpaceFactory(organization=organization, title=_text()))
    # The site's structure and organization, the components, the spaces of the filter, then
    # one count and one read per type, and the commented resources' one per type shown; the
    # content types of the types the first time (the process keeps them afterwards).
    with django_assert_max_num_queries(3 * len(EVERY_TYPE) + 6):
        assert client.get("/search/", {"q": WORD}).status_code == 200
