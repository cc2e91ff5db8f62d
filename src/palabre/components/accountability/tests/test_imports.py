"""Results imported from a budget's selected projects and from CSV files."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from palabre.components.accountability import services
from palabre.components.accountability.models import Result, ResultOrigin
from palabre.components.accountability.tests.factories import ResultFactory
from palabre.components.budgets.models import Project
from palabre.components.budgets.tests.factories import (
    BudgetFactory,
    BudgetsComponentFactory,
    ProjectFactory,
)
from palabre.core.models import ActionLog
from palabre.core.services import CsvImportError

pytestmark = pytest.mark.django_db

D = Decimal


# From a budget --------------------------------------------------------------------------
@pytest.fixture
def budget(space):
    return BudgetFactory(component=BudgetsComponentFactory(space=space))


def test_selected_projects_become_results_linked_to_them(component, space_admin, budget, statuses):
    park = ProjectFactory(
        budget=budget, selected=True, title={"fr": "Parc", "en": "Park"},
        category={"fr": "Nature en ville", "en": "Nature in the city"},
        latitude=D("47.1"), longitude=D("-0.5"),
    )  # fmt: skip
    ProjectFactory(budget=budget, selected=False)
    created = services.results_import_from_budget(
        actor=space_admin, component=component, budget=budget
    )
    assert created == 1
    result = Result.objects.get(component=component)
    assert result.title == {"fr": "Parc", "en": "Park"}
    assert result.category == {"fr": "Nature en ville", "en": "Nature in the city"}
    assert result.latitude == D("47.1")
    assert result.status == statuses["not_started"] and result.progress == 0
    origin = result.origins.get()
    assert origin.content_type == ContentType.objects.get_for_model(Project)
    assert origin.object_id == park.pk
    assert ActionLog.objects.filter(action="import_budget").count() == 1


def test_importing_again_creates_nothing_twice(component, space_admin, budget):
    ProjectFactory(budget=budget, selected=True)
    assert services.results_import_from_budget(
        actor=space_admin, component=component, budget=budget) == 1  # fmt: skip
    assert services.results_import_from_budget(
        actor=space_admin, component=component, budget=budget) == 0  # fmt: skip
    ProjectFactory(budget=budget, selected=True)
    assert services.results_import_from_budget(
        actor=space_admin, component=component, budget=budget) == 1  # fmt: skip
    assert Result.objects.filter(component=component).count() == 2
    assert ResultOrigin.objects.count() == 2


def test_a_budget_of_another_space_is_refused(component, space_admin, organization):
    other = BudgetFactory(component=BudgetsComponentFactory(space__organization=organization))
    ProjectFactory(budget=other, selected=True)
    with pytest.raises(ValidationError):
        services.results_import_from_budget(actor=space_admin, component=component, budget=other)
    assert not Result.objects.exists()


def test_a_budget_without_selected_projects_says_so(component, space_admin, budget):
    ProjectFactory(budget=budget, selected=False)
    with pytest.raises(ValidationError) as error:
        services.results_import_from_budget(actor=space_admin, component=component, budget=budget)
    assert "no selected project" in str(error.value)


def test_only_admins_import(component, collaborator, budget):
    ProjectFactory(budget=budget, selected=True)
    with pytest.raises(PermissionDenied):
        services.results_import_from_budget(actor=collaborator, component=component, budget=budget)
    assert not Result.objects.exists()


# From a CSV file ----------------------------------------------------------------------------
HEADER = (
    "external_id,parent_external_id,title_fr,title_en,description_fr,description_en,category,"
    "status_key,progress,start_date,end_date,weight,latitude,longitude\n"
)


def csv_import(actor, component, body: str):
    return services.results_import_csv(
        actor=actor, component=component, data=(HEADER + body).encode()
    )


def test_csv_creates_a_tree(component, space_admin, statuses):
    counts = csv_import(space_admin, component, (
        "trees,park,Arbres,Trees,,,Nature,done,,2026-01-01,2026-03-01,3,,\n"
        "park,,Parc,Park,<p>Le parc</p>,,Nature,,,2026-01-01,2026-12-31,1,47.47,-0.55\n"
        "benches,park,Bancs,Benches,,,Nature,,20,,,1,,\n"
    ))  # fmt: skip
    assert counts == {"created": 3, "updated": 0}
    park = Result.objects.get(external_id="park")
    trees = Result.objects.get(external_id="trees")
    assert trees.parent == park and trees.depth == 2 and trees.progress == 100
    assert trees.status == statuses["done"] and trees.weight == 3
    assert park.progress == D(60) and park.latitude == D("47.47")
    assert ActionLog.objects.filter(action="import_results").count() == 1


def test_csv_updates_by_external_id_and_by_id(component, space_admin, statuses):
    park = ResultFactory(component=component, external_id="park", title={"fr": "Parc"})
    other = ResultFactory(component=component, title={"fr": "Autre"}, progress=5)
    body = "park,,,Park,,,,in_progress,,,,,,\n"
    counts = services.results_import_csv(
        actor=space_admin, component=component,
        data=(HEADER + body).encode() ,
    )  # fmt: skip
    assert counts == {"created": 0, "updated": 1}
    park.refresh_from_db()
    # Empty cells keep the current values: the French title stays.
    assert park.title == {"fr": "Parc", "en": "Park"}
    assert park.status == statuses["in_progress"] and park.progress == 50
    data = f"id,progress,parent_external_id\n{other.pk},70,park\n".encode()
    assert services.results_import_csv(actor=space_admin, component=component, data=data) == {
        "created": 0, "updated": 1}  # fmt: skip
    other.refresh_from_db()
    park.refresh_from_db()
    assert other.parent == park and other.progress == 70 and park.progress == 70


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("a,,,A,,,,,,,,,,\n", 2, "required in French"),
        ("a,,A,,,,,unknown,,,,,,\n", 2, "unknown status"),
        ("a,,A,,,,,,150,,,,,\n", 2, "between 0 and 100"),
        ("a,,A,,,,,,,2026-05-01,2026-04-01,,,\n", 2, "end date is before"),
        ("a,,A,,,,,,,soon,,,,\n", 2, "YYYY-MM-DD"),
        ("a,nowhere,A,,,,,,,,,,,\n", 2, "no result has the external identifier"),
        ("a,b,A,,,,,,,,,,,\nb,a,B,,,,,,,,,,,\n", 2, "under itself"),
        ("a,,A,,,,,,,,,,,\nb,a,B,,,,,,,,,,,\nc,b,C,,,,,,,,,,,\nd,c,D,,,,,,,,,,,\n", 5,
         "3 levels"),
        ("a,,A,,,,,,40,,,,,\nb,a,B,,,,,,,,,,,\n", 2, "computed"),
        ("a,,A,,,,,,,,,,,\na,,A again,,,,,,,,,,,\n", 3, "already on line 3"),
    ],
)  # fmt: skip
def test_csv_errors_are_listed_per_line_and_nothing_changes(
    component, space_admin, statuses, body, line, message
):
    existing = ResultFactory(component=component, external_id="kept", progress=10)
    with pytest.raises(CsvImportError) as error:
        csv_import(space_admin, component, "x,,Valide,,,,,,,,,,,\n" + body)
    assert any(
        number == line + 1 and message in str(text) for number, text in error.value.line_errors
    ), error.value.line_errors
    assert list(Result.objects.values_list("pk", flat=True)) == [existing.pk]
    existing.refresh_from_db()
    assert existing.progress == 10


def test_csv_refuses_an_unknown_id_and_files_without_columns(component, space_admin):
    with pytest.raises(CsvImportError) as error:
        services.results_import_csv(
            actor=space_admin, component=component, data=b"id,progress\n999,10\n"
        )
    assert error.value.line_errors[0][0] == 2
    with pytest.raises(ValidationError) as error:
        services.results_import_csv(actor=space_admin, component=component, data=b"foo\n1\n")
    assert "missing" in str(error.value)
    with pytest.raises(ValidationError):
        services.results_import_csv(actor=space_admin, component=component, data=b"\xff\xfe")
    assert not Result.objects.exists()


def test_origins_link_resources_of_the_organization_only(component, space_admin, budget):
    from palabre.components.accountability.tests.factories import (
        AccountabilityComponentFactory as OtherComponentFactory,
    )
    from palabre.core.tests.factories import OrganizationFactory

    result = ResultFactory(component=component)
    project = ProjectFactory(budget=budget)
    origin = services.result_origin_add(actor=space_admin, result=result, target=project)
    assert services.result_origin_add(actor=space_admin, result=result, target=project) == origin
    elsewhere = ResultFactory(
        component=OtherComponentFactory(space__organization=OrganizationFactory(host="other"))
    )
    with pytest.raises(ValidationError):
        services.result_origin_add(actor=space_admin, result=result, target=elsewhere)
    assert result.origins.count() == 1
