import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palabre.backoffice.tests.conftest import client_for
from palabre.core.models import ActionLog
from palabre.core.tests.factories import SpaceFactory, UserFactory


def make_logs(organization, count, **fields):
    ActionLog.objects.bulk_create(
        ActionLog(organization=organization, action="update", resource_type="space", **fields)
        for _ in range(count)
    )


def test_backoffice_writes_are_logged_and_filtered(admin_client, admin_user, process):
    admin_client.post(f"/admin/spaces/{process.pk}/publish/", {"published": "0"})
    other = UserFactory(organization=process.organization)
    ActionLog.objects.create(
        organization=process.organization, user=other, action="create", resource_type="step"
    )
    response = admin_client.get("/admin/logs/", {"action": "unpublish"})
    entries = response.context["entries"]
    assert [(e.action, e.user, e.space) for e in entries] == [("unpublish", admin_user, process)]
    sentence = f"{admin_user.display_name} unpublished the space “{process.title['fr']}”."
    assert entries[0].sentence == sentence  # named in the organization's language
    assert sentence in response.content.decode()
    response = admin_client.get("/admin/logs/", {"user": other.pk})
    assert [e.resource_type for e in response.context["entries"]] == ["step"]
    response = admin_client.get("/admin/logs/", {"space": process.pk, "resource_type": "space"})
    assert [e.action for e in response.context["entries"]] == ["unpublish"]


def test_bad_filters_are_ignored(admin_client, process):
    make_logs(process.organization, 2, space=process)
    response = admin_client.get("/admin/logs/", {"user": "abc"})
    assert response.status_code == 200
    assert len(response.context["entries"]) == 2


def test_space_admin_sees_only_entries_of_own_spaces(space_admin, process, organization):
    other = SpaceFactory(organization=organization)
    make_logs(organization, 1, space=process, resource_label="mine")
    make_logs(organization, 1, space=other, resource_label="theirs")
    make_logs(organization, 1, resource_label="organization")
    response = client_for(space_admin).get("/admin/logs/")
    assert [e.resource_label for e in response.context["entries"]] == ["mine"]


def test_pagination(admin_client, organization):
    make_logs(organization, 51)
    first = admin_client.get("/admin/logs/")
    assert len(first.context["entries"]) == 50
    second = admin_client.get("/admin/logs/", {"page": 2})
    assert len(second.context["entries"]) == 1


def _queries(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


@pytest.mark.parametrize("path", ["/admin/logs/", "/admin/"])
def test_query_count_is_constant(admin_client, organization, path):
    people = UserFactory.create_batch(3, organization=organization)
    space = SpaceFactory(organization=organization)
    make_logs(organization, 1, space=space, user=people[0])
    one = _queries(admin_client, path)
    for person in people:
        make_logs(organization, 10, space=SpaceFactory(organization=organization), user=person)
    assert _queries(admin_client, path) == one


def test_each_line_is_a_sentence_in_the_readers_language(admin_client, admin_user, process):
    """No internal name shows: every entry says in a sentence who did what, and an edit
    names the fields it changed, by their label."""
    from palabre.core import services

    services.space_update(
        actor=admin_user,
        space=process,
        title={"fr": "Budget participatif 2027", "en": "Participatory budget 2027"},
        subtitle=process.subtitle,
    )
    ActionLog.objects.create(
        organization=process.organization, user=admin_user, space=process,
        action="compute_results", resource_type="budget", resource_label="Quartier nord",
        data={"rule": "greedy", "result": 1},
    )  # fmt: skip
    ActionLog.objects.create(
        organization=process.organization, user=admin_user, space=process,
        action="create", resource_type="assemblymember", resource_label="Ada Lovelace",
    )  # fmt: skip
    name = admin_user.display_name
    french = admin_client.get("/admin/logs/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        f"{name} a modifié l’espace «\u202fBudget participatif 2027\u202f»\u202f: titre." in french
    )
    assert (
        f"{name} a demandé le décompte du budget «\u202fQuartier nord\u202f» selon la règle "
        "«\u202f" in french
    )
    assert f"{name} a créé le membre d’assemblée «\u202fAda Lovelace\u202f»." in french
    table = french[french.index("<table") : french.index("</table>")]
    for raw in ("compute results", "compute_results", "assemblymember", "fields:"):
        assert raw not in table
    english = admin_client.get("/admin/logs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{name} changed the space “Budget participatif 2027”: title." in english
    assert f"{name} created the assembly member “Ada Lovelace”." in english
