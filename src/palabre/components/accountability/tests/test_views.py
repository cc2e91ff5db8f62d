"""Public pages, the backoffice pages and the manifest of the accountability component."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palabre.components.accountability.models import Result, Status
from palabre.components.accountability.tests.factories import (
    AccountabilityComponentFactory,
    ResultFactory,
    TimelineEntryFactory,
    accountability_settings,
)
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
)
from palabre.core.components import component_admin_url, component_url
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.permissions import can
from palabre.core.registry import components
from palabre.core.tests.factories import SpaceRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


# Permissions --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "published", "visible"),
    [
        ("anonymous", True, True),
        ("participant", True, True),
        ("anonymous", False, False),
        ("participant", False, False),
        ("collaborator", False, True),
        ("space admin", False, True),
    ],
)
def test_who_sees_results(client, signed_in, component, collaborator, space_admin, who,
                          published, visible):  # fmt: skip
    if not published:
        component.published_at = None
        component.save()
    result = ResultFactory(component=component, title={"fr": "Parc", "en": "Park"})
    person = {
        "anonymous": AnonymousUser(),
        "participant": UserFactory(organization=component.space.organization),
        "collaborator": collaborator,
        "space admin": space_admin,
    }[who]
    assert can(person, "view", result) is visible
    browser = client if who == "anonymous" else signed_in(person)
    response = browser.get(result.get_absolute_url())
    assert response.status_code == (200 if visible else 404)


@pytest.mark.parametrize(
    ("who", "blocked", "allowed"),
    [("anonymous", False, False), ("participant", False, True), ("participant", True, False)],
)
def test_who_may_comment(space, who, blocked, allowed):
    component = AccountabilityComponentFactory(
        space=space, settings=accountability_settings(comments_blocked=blocked)
    )
    result = ResultFactory(component=component)
    person = AnonymousUser() if who == "anonymous" else UserFactory(
        organization=space.organization)  # fmt: skip
    assert can(person, "comment", result) is allowed


# Public pages -------------------------------------------------------------------------
def test_index_groups_by_category_with_progress_and_status_counts(client, component, statuses):
    ResultFactory(component=component, title={"en": "Park"}, category={"fr": "Nature"},
                  status=statuses["done"], progress=Decimal("100"))  # fmt: skip
    parent = ResultFactory(component=component, title={"en": "Bikes"}, category={"fr": "Mobility"},
                           progress=Decimal("37.5"))  # fmt: skip
    ResultFactory(component=component, parent=parent, title={"en": "Hidden child"},
                  status=statuses["done"])  # fmt: skip
    page = client.get(component.get_absolute_url()).content.decode()
    assert "<h2>Nature</h2>" in page and "<h2>Mobility</h2>" in page
    assert '<progress max="100" value="37.5"' in page and "Progress: 37.5 %" in page
    assert "1 sub-result" in page and "Hidden child" not in page
    filtered = client.get(component.get_absolute_url(), {"status": "done"}).content.decode()
    assert "Park" in filtered and "Bikes" not in filtered


TILE = r'<dt><a href="\?status=([\w-]+)[^"]*">[^<]*</a></dt><dd>(\d+)</dd>'


def test_status_counts_agree_with_the_lists_they_link_to(client, component, statuses):
    """A status tile counts the results its link lists: the top-level ones (sub-results are
    counted on their parent's card), of the category chosen."""
    for number, category in enumerate(("Nature", "Nature", "Mobility")):
        parent = ResultFactory(component=component, title={"en": f"Root {number}"},
                               category={"fr": category}, status=statuses["done"])  # fmt: skip
        for child in range(3):
            ResultFactory(component=component, parent=parent, title={"en": f"Child {child}"},
                          category={"fr": category}, status=statuses["in_progress"])  # fmt: skip
    for category in ("", "Nature", "Mobility"):
        page = client.get(component.get_absolute_url(), {"category": category}).content.decode()
        tiles = re.findall(TILE, page)
        cards = len(re.findall(r'<li class="result-card">', page))
        assert cards == {"": 3, "Nature": 2, "Mobility": 1}[category]
        assert sum(int(total) for _key, total in tiles) == cards
        for key, total in tiles:
            link = re.search(rf'<dt><a href="(\?status={key}[^"]*)"', page).group(1)
            listed = client.get(component.get_absolute_url() + link.replace("&amp;", "&"))
            assert listed.content.decode().count('<li class="result-card">') == int(total)


def test_categories_are_shown_in_the_readers_language(client, component, statuses):
    ResultFactory(component=component, title={"fr": "Vélos", "en": "Bikes"},
                  category={"fr": "Mobilités", "en": "Getting around"})  # fmt: skip
    english = client.get(component.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = english.content.decode()
    assert "<h2>Getting around</h2>" in html and "Mobilités</h2>" not in html
    assert '<option value="Mobilités">Getting around</option>' in html
    filtered = client.get(
        component.get_absolute_url(), {"category": "Mobilités"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Bikes" in filtered and "Results of “Getting around” by status" in filtered


def test_progress_can_be_hidden(client, space):
    component = AccountabilityComponentFactory(
        space=space, settings=accountability_settings(display_progress=False)
    )
    ResultFactory(component=component)
    assert b"<progress" not in client.get(component.get_absolute_url()).content


def test_result_page(client, component, statuses, space):
    parent = ResultFactory(component=component, title={"en": "Parent"})
    result = ResultFactory(
        component=component, parent=parent, title={"en": "Park"}, status=statuses["started"],
        description={"en": "<p>All about the park</p>"}, start_date=datetime.date(2026, 1, 2),
    )  # fmt: skip
    ResultFactory(component=component, parent=result, title={"en": "Trees"})
    TimelineEntryFactory(result=result, date=datetime.date(2026, 2, 3),
                         title={"en": "Works begin"})  # fmt: skip
    budget = BudgetFactory(component=BudgetsComponentFactory(space=space))
    project = ProjectFactory(budget=budget, title={"en": "Voted park"}, selected=True)
    result.origins.create(content_type_id=_content_type_id(project), object_id=project.pk)
    page = client.get(result.get_absolute_url()).content.decode()
    for text in ("Park", "All about the park", "Started", "Trees", "Works begin", "Voted park",
                 project.get_absolute_url(), parent.get_absolute_url()):  # fmt: skip
        assert text in page, text


def _content_type_id(instance) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(instance).pk


def test_a_result_of_another_component_is_a_404(client, component, space):
    other = ResultFactory(component=AccountabilityComponentFactory(space=space))
    assert client.get(component_url(component, "result", pk=other.pk)).status_code == 404


def test_map_data_lists_geolocated_results(client, component):
    ResultFactory(component=component, title={"en": "Park"}, latitude=Decimal("47.5"),
                  longitude=Decimal("-0.55"), progress=Decimal("20"))  # fmt: skip
    ResultFactory(component=component, title={"en": "Nowhere"})
    data = json.loads(client.get(component_url(component, "map")).content)
    assert [(p["title"], p["latitude"], p["progress"]) for p in data["results"]] == [
        ("Park", 47.5, 20.0)
    ]


def test_public_queries_do_not_grow_with_results(client, component, statuses,
                                                 django_assert_max_num_queries):  # fmt: skip
    def fill(count):
        for n in range(count):
            parent = ResultFactory(component=component, status=statuses["started"],
                                   category={"fr": f"C{n % 3}"},
                                   latitude=1, longitude=1)  # fmt: skip
            ResultFactory(component=component, parent=parent, status=statuses["done"])
        return parent

    parent = fill(1)
    urls = [component.get_absolute_url(), component_url(component, "map"),
            parent.get_absolute_url()]  # fmt: skip
    baselines = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        baselines.append(len(queries))
    fill(29)
    for _child in range(29):
        ResultFactory(component=component, parent=parent, status=statuses["done"])
        TimelineEntryFactory(result=parent)
    for url, baseline in zip(urls, baselines, strict=True):
        with django_assert_max_num_queries(baseline):
            assert client.get(url).status_code == 200


# Backoffice ---------------------------------------------------------------------------
@pytest.fixture
def people(organization, admin_user, collaborator, space_admin):
    from palabre.core.tests.factories import with_two_factor

    other = SpaceRoleFactory(space__organization=organization, role=SpaceRole.Role.ADMIN).user
    return {
        "participant": UserFactory(organization=organization),
        "admin of another space": with_two_factor(other),
        "collaborator": collaborator,
        "space admin": space_admin,
        "organization admin": with_two_factor(admin_user),
    }


@pytest.mark.parametrize(
    ("who", "read_status", "write_status"),
    [
        ("participant", 403, 403),
        ("admin of another space", 404, 404),
        ("collaborator", 200, 403),
        ("space admin", 200, 200),
        ("organization admin", 200, 200),
    ],
)
def test_who_may_see_and_write_in_the_backoffice(signed_in, people, component, who,
                                                 read_status, write_status):  # fmt: skip
    client = signed_in(people[who])
    result = ResultFactory(component=component, title={"fr": "Parc"})
    for name, kwargs in (("index", {}), ("statuses", {}), ("timeline", {"pk": result.pk})):
        response = client.get(component_admin_url(component, name, **kwargs))
        assert response.status_code == read_status
    for name, kwargs in (("result_new", {}), ("result_edit", {"pk": result.pk}),
                         ("import_csv", {}), ("import_budget", {})):  # fmt: skip
        assert client.get(component_admin_url(component, name, **kwargs)).status_code == (
            write_status)  # fmt: skip
    response = client.post(component_admin_url(component, "result_delete", pk=result.pk))
    assert response.status_code == (302 if write_status == 200 else write_status)
    assert Result.objects.filter(pk=result.pk).exists() is (write_status != 200)


def _form(**extra) -> dict:
    return {"title_fr": "Parc", "title_en": "Park", "description_fr": "", "description_en": "",
            "parent": "", "category_fr": "", "status": "", "progress": "", "weight": "1",
            "start_date": "", "end_date": "", "address": "", "latitude": "", "longitude": "",
            "external_id": "", **extra}  # fmt: skip


def test_create_edit_and_the_tree(signed_in, space_admin, component, statuses):
    client = signed_in(space_admin)
    response = client.post(component_admin_url(component, "result_new"),
                           _form(status=statuses["in_progress"].pk))  # fmt: skip
    assert response.status_code == 302
    parent = Result.objects.get()
    assert parent.progress == 50
    new_child = component_admin_url(component, "result_new") + f"?parent={parent.pk}"
    assert f'value="{parent.pk}" selected' in client.get(new_child).content.decode()
    client.post(
        new_child, _form(title_fr="Arbres", title_en="Trees", parent=parent.pk, progress="20")
    )
    parent.refresh_from_db()
    assert parent.progress == 20
    edit = client.get(component_admin_url(component, "result_edit", pk=parent.pk))
    assert 'name="progress"' in edit.content.decode() and "disabled" in edit.content.decode()
    index = client.get(component_admin_url(component)).content.decode()
    assert index.index("Park") < index.index("Trees") and "computed" in index
    assert ActionLog.objects.filter(action="create").count() == 2


def test_bad_inputs_show_errors_and_save_nothing(signed_in, space_admin, component, space):
    client = signed_in(space_admin)
    response = client.post(component_admin_url(component, "result_new"), _form(
        progress="120", start_date="2026-05-01", end_date="2026-04-01"))  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "between 0 and 100" in page and "end date is before" in page
    other = ResultFactory(component=AccountabilityComponentFactory(space=space))
    response = client.post(component_admin_url(component, "result_new"), _form(parent=other.pk))
    assert response.status_code == 200
    assert not Result.objects.filter(component=component).exists()


def test_parent_choices_stop_above_the_deepest_level(signed_in, space_admin, component):
    root = ResultFactory(component=component, title={"fr": "Racine"})
    middle = ResultFactory(component=component, parent=root, title={"fr": "Milieu"})
    leaf = ResultFactory(component=component, parent=middle, title={"fr": "Feuille"})
    page = signed_in(space_admin).get(component_admin_url(component, "result_new")).content
    page = page.decode()
    assert f'value="{middle.pk}"' in page and f'value="{leaf.pk}"' not in page


def test_statuses_and_timeline_pages(signed_in, space_admin, component):
    client = signed_in(space_admin)
    client.post(
        component_admin_url(component, "statuses"),
        {"key": "done", "name_fr": "Fait", "name_en": "Done", "progress": "100"},
    )
    status = Status.objects.get(component=component)
    assert status.progress == 100
    result = ResultFactory(component=component)
    url = component_admin_url(component, "timeline", pk=result.pk)
    response = client.post(url, {"date": "2026-03-04", "title_fr": "Début", "title_en": "",
                                 "text_fr": "", "text_en": ""})  # fmt: skip
    assert response.status_code == 302
    assert "Début" in client.get(url).content.decode()


def test_import_from_a_budget_page(signed_in, space_admin, component, space, organization):
    budget = BudgetFactory(component=BudgetsComponentFactory(space=space))
    elsewhere = BudgetFactory(component=BudgetsComponentFactory(space__organization=organization))
    ProjectFactory(budget=budget, selected=True)
    client = signed_in(space_admin)
    url = component_admin_url(component, "import_budget")
    page = client.get(url).content.decode()
    assert f'value="{budget.pk}"' in page and f'value="{elsewhere.pk}"' not in page
    assert client.post(url, {"budget": elsewhere.pk}).status_code == 200
    assert client.post(url, {"budget": budget.pk}).status_code == 302
    assert Result.objects.filter(component=component).count() == 1


def test_csv_import_page_with_line_errors_and_example(signed_in, space_admin, component):
    client = signed_in(space_admin)
    url = component_admin_url(component, "import_csv")
    bad = SimpleUploadedFile("r.csv", b"external_id,title_fr,progress\na,A,300\n")
    page = client.post(url, {"file": bad}).content.decode()
    assert "Nothing was imported" in page and "Line 2:" in page
    example = client.get(component_admin_url(component, "example_csv"))
    assert example["Content-Type"].startswith("text/csv")
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", example.content)})
    assert response.status_code == 302
    assert Result.objects.get(external_id="park-trees").parent.external_id == "park"


def test_backoffice_index_queries_do_not_grow(signed_in, space_admin, component, statuses,
                                              django_assert_max_num_queries):  # fmt: skip
    client = signed_in(space_admin)
    ResultFactory(component=component, status=statuses["done"])
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(component_admin_url(component)).status_code == 200
    for _n in range(29):
        parent = ResultFactory(component=component, status=statuses["done"])
        ResultFactory(component=component, parent=parent)
    with django_assert_max_num_queries(len(baseline)):
        client.get(component_admin_url(component))


# Manifest -----------------------------------------------------------------------------
def test_manifest_stats_sitemap_and_seed(component, django_assert_num_queries):
    manifest = components["accountability"]
    assert manifest.public_urls and manifest.admin_urls
    manifest.seed(component, [])
    roots = Result.objects.filter(component=component, parent=None)
    assert roots.count() == 5
    for root in roots:
        children = list(root.children.all())
        assert 2 <= len(children) <= 3
        assert root.progress == (sum(c.progress for c in children) / len(children)).quantize(
            Decimal("0.1"))  # fmt: skip
        assert root.timeline.exists()
    assert list(Status.objects.filter(component=component).values_list("progress", flat=True)) \
        == [0, 10, 50, 100]  # fmt: skip
    total = Result.objects.filter(component=component).count()
    with django_assert_num_queries(1):
        assert manifest.stats([component]) == {"results": total}
    with django_assert_num_queries(1):
        urls = list(manifest.sitemap([component]))
    assert len(urls) == total


def test_results_take_comments(signed_in, client, component):
    from palabre.comments.services import comment_create

    result = ResultFactory(component=component)
    author = UserFactory(organization=component.space.organization)
    comment_create(author=author, target=result, body="Quand les travaux finissent-ils ?")
    result.refresh_from_db()
    assert result.comments_count == 1
    page = client.get(result.get_absolute_url()).content.decode()
    assert "Quand les travaux finissent-ils ?" in page
    assert 'name="body"' in signed_in(author).get(result.get_absolute_url()).content.decode()


def test_origins_people_may_not_see_are_left_out(client, component, space):
    budgets = BudgetsComponentFactory(space=space, published_at=None)
    project = ProjectFactory(budget=BudgetFactory(component=budgets), title={"en": "Secret"})
    result = ResultFactory(component=component)
    result.origins.create(content_type_id=_content_type_id(project), object_id=project.pk)
    page = client.get(result.get_absolute_url()).content.decode()
    assert "Secret" not in page and "Where it comes from" not in page
