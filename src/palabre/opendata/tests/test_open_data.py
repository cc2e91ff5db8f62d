"""The open data archive: only public data, every column described, reads by chunks, built
again without harm; its public page and the backoffice button."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from palabre.comments.models import Comment
from palabre.components.accountability.tests.factories import (
    AccountabilityComponentFactory,
    ResultFactory,
)
from palabre.components.blogs.tests.factories import PostFactory
from palabre.components.budgets.models import BudgetResult
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
)
from palabre.components.debates.tests.factories import DebateFactory
from palabre.components.meetings.tests.factories import MeetingFactory, MeetingsComponentFactory
from palabre.components.pages.tests.factories import PageFactory
from palabre.components.proposals.models import Proposal
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
)
from palabre.components.sortitions.models import Panel, ProposalDraw, Volunteer
from palabre.components.surveys.tests.factories import SurveysComponentFactory, survey_create
from palabre.core.models import ActionLog
from palabre.core.tests.factories import (
    ComponentFactory,
    OrganizationFactory,
    SpaceFactory,
    UserFactory,
    with_two_factor,
)
from palabre.moderation.models import Moderation
from palabre.opendata import selectors
from palabre.opendata.archive import archive_build
from palabre.opendata.registry import ordered_files

SECRET = "SECRET"  # every excluded item carries this word, with its own tag


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _files(organization) -> dict[str, str]:
    """Each CSV of the zip written for `organization`, and the README, by name."""
    path = selectors.folder(organization) / selectors.ARCHIVE
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _comment(target, author, body, **extra):
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        space=target.component.space,
        component=target.component,
        author=author,
        body={"fr": body},
        **extra,
    )


def _hide(target):
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        space=target.component.space,
        hidden_at=timezone.now(),
    )


def _draw(component, title, proposals):
    return ProposalDraw.objects.create(
        component=component,
        title={"fr": title},
        proposals_component=proposals,
        count=1,
        requested_at=timezone.now(),
        candidates=[1, 2],
        selected=[2],
        drawn_at=timezone.now(),
    )


@pytest.fixture
def seeded(organization):
    """A public space holding one public item of each kind, and beside them, tagged with
    SECRET, every kind of thing the archive must leave out."""
    space = SpaceFactory(organization=organization, title={"fr": "Espace public"})
    author = UserFactory(organization=organization, nickname="alice", name="Alice Public")
    proposals = ProposalsComponentFactory(space=space)
    public = ProposalFactory(
        component=proposals, title={"fr": "Proposition publique"}, author=author
    )
    public.answer = {"fr": "Réponse publiée"}
    public.answer_state = Proposal.AnswerState.ACCEPTED
    public.answer_published_at = timezone.now()
    public.supports_count = 7
    public.save()
    secret_author = UserFactory(
        organization=organization, nickname="SECRET-anonymous-nick", name="SECRET-anonymous-name"
    )
    anonymous = ProposalFactory(
        component=proposals,
        title={"fr": "Proposition anonyme"},
        anonymous=True,
        author=secret_author,
    )
    ProposalFactory(
        component=proposals,
        title={"fr": "SECRET-withdrawn"},
        state=Proposal.State.WITHDRAWN,
        withdrawn_at=timezone.now(),
    )
    ProposalFactory(component=proposals, title={"fr": "SECRET-draft"}, state="draft")
    unanswered = ProposalFactory(component=proposals, title={"fr": "Proposition en attente"})
    unanswered.answer = {"fr": "SECRET-unpublished-answer"}
    unanswered.answer_state = Proposal.AnswerState.REJECTED
    unanswered.save()
    hidden_proposal = ProposalFactory(component=proposals, title={"fr": "SECRET-hidden-proposal"})
    _hide(hidden_proposal)
    _comment(public, author, "Commentaire public")
    hidden_comment = _comment(public, author, "SECRET-hidden-comment")
    _hide(hidden_comment)
    _comment(public, author, "SECRET-deleted-comment", deleted_at=timezone.now())
    _comment(hidden_proposal, author, "SECRET-comment-on-hidden")
    _comment(anonymous, author, "Commentaire sur l'anonyme")

    # Private spaces (transparent ones too), unpublished spaces and components.
    for private in (
        SpaceFactory(organization=organization, private=True, title={"fr": "SECRET-private"}),
        SpaceFactory(
            organization=organization,
            private=True,
            transparent=True,
            title={"fr": "SECRET-transparent"},
        ),
        SpaceFactory(organization=organization, published_at=None, title={"fr": "SECRET-unpub"}),
    ):
        hidden_component = ProposalsComponentFactory(space=private)
        proposal = ProposalFactory(component=hidden_component, title={"fr": "SECRET-in-private"})
        _comment(proposal, author, "SECRET-comment-in-private")
        PostFactory(
            component=ComponentFactory(space=private, manifest_name="blogs"),
            title={"fr": "SECRET-post-in-private"},
        )
        MeetingFactory(
            component=MeetingsComponentFactory(space=private),
            title={"fr": "SECRET-meeting-in-private"},
        )
    draft_blog = ComponentFactory(space=space, manifest_name="blogs", published_at=None)
    PostFactory(component=draft_blog, title={"fr": "SECRET-unpublished-component-post"})

    blog = ComponentFactory(space=space, manifest_name="blogs")
    PostFactory(component=blog, title={"fr": "Nouvelle publique"})
    PostFactory(component=blog, title={"fr": "SECRET-draft-post"}, published_at=None)
    PostFactory(
        component=blog,
        title={"fr": "SECRET-scheduled-post"},
        published_at=timezone.now() + timezone.timedelta(days=2),
    )

    budgets = BudgetsComponentFactory(space=space)
    voted = BudgetFactory(component=budgets)
    ProjectFactory(budget=voted, title={"fr": "Projet voté"}, votes_count=42)
    BudgetResult.objects.create(
        budget=voted, rule="greedy", published_at=timezone.now(), status="ready"
    )
    running = BudgetFactory(component=budgets)
    ProjectFactory(budget=running, title={"fr": "Projet en cours"}, votes_count=99)

    accountability = AccountabilityComponentFactory(space=space)
    ResultFactory(component=accountability, title={"fr": "Résultat suivi"}, progress=Decimal(40))
    PageFactory(component=ComponentFactory(space=space), title={"fr": "Page publique"})

    meetings = MeetingsComponentFactory(space=space)
    MeetingFactory(
        component=meetings,
        title={"fr": "Réunion publique"},
        type_of_meeting="hybrid",
        online_url="https://visio.example/SECRET-online-link",
    )
    MeetingFactory(component=meetings, title={"fr": "SECRET-private-meeting"}, private=True)
    MeetingFactory(component=meetings, title={"fr": "SECRET-draft-meeting"}, published_at=None)
    MeetingFactory(
        component=meetings, title={"fr": "SECRET-withdrawn-meeting"}, withdrawn_at=timezone.now()
    )

    debates = ComponentFactory(space=space, manifest_name="debates")
    debate = DebateFactory(component=debates, title={"fr": "Débat public"})
    _comment(debate, author, "Argument public", alignment=1)
    DebateFactory(component=debates, title={"fr": "SECRET-draft-debate"}, published_at=None)
    _hide(DebateFactory(component=debates, title={"fr": "SECRET-hidden-debate"}))

    surveys = SurveysComponentFactory(space=space)
    survey_create(surveys, title={"fr": "Enquête publique"})
    survey_create(surveys, title={"fr": "SECRET-draft-survey"}, published=False)

    sortitions = ComponentFactory(space=space, manifest_name="sortitions")
    _draw(sortitions, "Tirage public", proposals)
    panel = Panel.objects.create(
        component=sortitions,
        title={"fr": "Panel publié"},
        size=1,
        published_at=timezone.now(),
        drawn_at=timezone.now(),
        selected=[17],
    )
    Volunteer.objects.create(
        panel=panel, number=17, name="SECRET-volunteer-name", contact="SECRET@pool.example"
    )
    Panel.objects.create(component=sortitions, title={"fr": "SECRET-draft-panel"}, size=1)

    # Another organization's public data.
    other = OrganizationFactory(host="other.example", name="Autre ville")
    other_space = SpaceFactory(organization=other, title={"fr": "SECRET-other-space"})
    ProposalFactory(
        component=ProposalsComponentFactory(space=other_space),
        title={"fr": "SECRET-other-proposal"},
    )
    return {"public": public, "anonymous": anonymous}


@pytest.mark.django_db
def test_every_file_holds_the_public_data_and_nothing_else(organization, seeded):
    archive_build(organization=organization)
    files = _files(organization)
    assert set(files) == {f"{file.name}.csv" for file in ordered_files()} | {"README.txt"}
    for name, text in files.items():
        if name != "README.txt":
            assert SECRET not in text and "secret" not in text.lower(), name
    expected = {
        "spaces.csv": ["Espace public"],
        "proposals.csv": ["Proposition publique", "Proposition anonyme", "Réponse publiée"],
        "posts.csv": ["Nouvelle publique"],
        "budget_projects.csv": ["Projet voté", "Projet en cours"],
        "results.csv": ["Résultat suivi"],
        "pages.csv": ["Page publique"],
        "meetings.csv": ["Réunion publique"],
        "debates.csv": ["Débat public"],
        "comments.csv": ["Commentaire public", "Commentaire sur l'anonyme", "Argument public"],
        "surveys.csv": ["Enquête publique"],
        "draws.csv": ["Tirage public"],
        "panels.csv": ["Panel publié"],
    }
    for name, texts in expected.items():
        for text in texts:
            assert text in files[name], (name, text)
    proposals = {row["title"]: row for row in _rows(files["proposals.csv"])}
    assert set(proposals) == {
        "Proposition publique",
        "Proposition anonyme",
        "Proposition en attente",
    }
    assert proposals["Proposition publique"]["authors"] == "Alice Public"
    assert proposals["Proposition publique"]["answer_state"] == "accepted"
    assert proposals["Proposition publique"]["supports_count"] == "7"
    assert proposals["Proposition anonyme"]["authors"] == ""
    assert proposals["Proposition en attente"]["answer_state"] == "not_answered"
    assert proposals["Proposition en attente"]["answer"] == ""
    projects = {row["title"]: row for row in _rows(files["budget_projects.csv"])}
    assert projects["Projet voté"]["votes_count"] == "42"
    assert projects["Projet en cours"]["votes_count"] == ""
    [panel] = _rows(files["panels.csv"])
    assert panel["selected_numbers"] == "17"
    [result] = _rows(files["results.csv"])
    assert Decimal(result["progress"]) == 40
    # The separate files are the zip's.
    for name, text in files.items():
        assert (selectors.folder(organization) / name).read_bytes().decode("utf-8-sig") == text


@pytest.mark.django_db
def test_the_readme_describes_every_column_of_every_file(organization, seeded):
    archive_build(organization=organization)
    files = _files(organization)
    readme = files["README.txt"]
    assert "Licence Ouverte" in readme
    for file in ordered_files():
        header = next(csv.reader(io.StringIO(files[f"{file.name}.csv"])))
        assert header == [column for column, _description in file.columns]
        assert f"{file.name}.csv" in readme
        for column, description in file.columns:
            assert str(description).strip(), (file.name, column)
            with translation.override(organization.default_locale):  # its language
                assert f"  - {column}: {description}" in readme


def _queries_per_file(organization) -> dict[str, int]:
    counts = {}
    for file in ordered_files():
        with CaptureQueriesContext(connection) as queries:
            for _row in file.rows(organization):
                pass
        counts[file.name] = len(queries)
    return counts


@pytest.mark.django_db
def test_queries_per_file_do_not_grow_with_the_rows(organization, seeded):
    space = SpaceFactory(organization=organization)
    proposals = ProposalsComponentFactory(space=space)
    blog = ComponentFactory(space=space, manifest_name="blogs")
    meetings = MeetingsComponentFactory(space=space)

    def add_one_of_each():
        proposal = ProposalFactory(component=proposals)
        _comment(proposal, proposal.first_author, "Encore un commentaire")
        PostFactory(component=blog, official=False, author=proposal.first_author)
        MeetingFactory(component=meetings, official=False, author=proposal.first_author)

    # A component's settings are read once (proposals: whether supports are hidden).
    add_one_of_each()
    _queries_per_file(organization)  # content types read once, then kept by Django
    few = _queries_per_file(organization)
    for _ in range(6):
        add_one_of_each()
    many = _queries_per_file(organization)
    assert many == few
    assert max(many.values()) <= 6


@pytest.mark.django_db
def test_the_command_is_idempotent_and_replaces_the_files(organization, seeded):
    call_command("opendata_build", organization=organization.host)
    first = _files(organization)
    call_command("opendata_build", organization=organization.host)
    folder = selectors.folder(organization)
    names = {path.name for path in folder.iterdir()}
    assert names == set(first) | {"open-data.zip", "manifest.json"}  # no temporary left
    second = _files(organization)
    assert {n: t for n, t in second.items() if n != "README.txt"} == {
        n: t for n, t in first.items() if n != "README.txt"
    }
    # Every organization by default, each in its own folder.
    call_command("opendata_build")
    other = OrganizationFactory(host="other.example")
    assert "SECRET-other-proposal" in _files(other)["proposals.csv"]


@pytest.mark.django_db
def test_the_public_page_links_each_file(client, organization, seeded):
    response = client.get("/open-data/")
    assert response.status_code == 200
    assert "being prepared" in response.text
    archive_build(organization=organization)
    response = client.get("/open-data/")
    page = response.text
    assert "/media/open-data/testserver/open-data.zip" in page
    assert "/media/open-data/testserver/README.txt" in page
    assert "Licence Ouverte / Open Licence 2.0" in page
    for file in ordered_files():
        assert f"/media/open-data/testserver/{file.name}.csv" in page
        assert str(file.label) in page
    download = client.get("/media/open-data/testserver/proposals.csv")
    assert download.status_code == 200
    # The footer of every page links it.
    assert 'href="/open-data/"' in client.get("/").text


@pytest.mark.django_db
def test_the_backoffice_button_rebuilds_for_organization_admins_only(
    signed_in, organization, admin_user, user, django_capture_on_commit_callbacks
):
    assert signed_in(user).post("/admin/open-data/").status_code in (302, 403)
    assert not ActionLog.objects.filter(action="opendata_build").exists()
    browser = signed_in(with_two_factor(admin_user))
    assert browser.get("/admin/open-data/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/admin/open-data/")
    assert response.status_code == 302
    assert ActionLog.objects.filter(action="opendata_build", user=admin_user).exists()
    # The test task backend runs the task at once.
    assert (selectors.folder(organization) / "manifest.json").exists()


@pytest.mark.django_db
def test_the_demo_publishes_its_open_data_without_its_private_space(client):
    from palabre.core.demo.builder import build_demo

    result = build_demo()
    for organization in result.organizations:
        files = _files(organization)
        proposals = _rows(files["proposals.csv"])
        assert proposals, organization.host
        # The seeds give every list the same proposals: their numbers tell them apart.
        ids = {int(row["id"]) for row in proposals}
        private = Proposal.objects.filter(
            component__space__organization=organization, component__space__private=True
        )
        assert not ids & set(private.values_list("pk", flat=True))
        for row in proposals:
            assert Proposal.objects.get(pk=row["id"]).component.space.organization == organization
    city = result.organizations[0]
    assert Proposal.objects.filter(component__space__private=True).exists()
    page = client.get("/open-data/", headers={"host": city.host})
    assert page.status_code == 200
    assert f"/media/open-data/{city.host}/proposals.csv" in page.text
