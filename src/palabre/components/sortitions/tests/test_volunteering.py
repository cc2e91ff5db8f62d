"""The call for volunteers of a citizen panel: administrators open and close it; people
join the pool on the site, answering the features of the quotas, and may withdraw while it
is open; names and contacts stay with the administrators."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from palabre.components.sortitions import services, volunteering
from palabre.components.sortitions.models import Panel, Volunteer
from palabre.components.sortitions.tests.panels import pool_files
from palabre.core.components import component_admin_url, component_url
from palabre.core.models import ActionLog
from palabre.core.permissions import can, why_not
from palabre.core.tests.factories import SpaceMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(space_admin, component):
    panel = services.panel_create(
        actor=space_admin, component=component, title={"fr": "Jury du climat"}, size=6
    )
    volunteers, quotas = pool_files(30, 6)
    services.panel_import_volunteers(actor=space_admin, panel=panel, upload=volunteers)
    services.panel_import_quotas(actor=space_admin, panel=panel, upload=quotas)
    return Panel.objects.get(pk=panel.pk)


@pytest.fixture
def calling(panel, space_admin):
    return volunteering.panel_call_set(actor=space_admin, panel=panel, open=True)


def answers(panel) -> dict[str, str]:
    """The first value of each feature, as the form sends it."""
    return {
        f"feature_{index}": values[0]
        for index, values in enumerate(volunteering.call_features(panel).values())
    }


def form_data(panel, **extra) -> dict:
    return {
        "name": "Camille Martin",
        "contact": "camille@example.org",
        "consent": "on",
        **answers(panel),
        **extra,
    }


def english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# Opening and closing the call --------------------------------------------------------------
def test_the_call_opens_only_on_a_panel_with_quotas(space_admin, component):
    bare = services.panel_create(actor=space_admin, component=component, title={"fr": "P"}, size=3)
    with pytest.raises(ValidationError, match="quotas"):
        volunteering.panel_call_set(actor=space_admin, panel=bare, open=True)
    assert not Panel.objects.get(pk=bare.pk).call_open


def test_only_the_administrators_open_the_call(panel, collaborator, participant, space_admin):
    for person in (collaborator, participant):
        with pytest.raises(Exception):  # noqa: B017 (PermissionDenied)
            volunteering.panel_call_set(actor=person, panel=panel, open=True)
    assert not Panel.objects.get(pk=panel.pk).call_open
    volunteering.panel_call_set(actor=space_admin, panel=panel, open=True)
    volunteering.panel_call_set(actor=space_admin, panel=panel, open=False)
    assert list(
        ActionLog.objects.filter(action__in=["open_call", "close_call"])
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["open_call", "close_call"]


def test_the_distribution_is_not_computed_while_the_call_is_open(calling, space_admin):
    with pytest.raises(ValidationError, match="Close the call"):
        services.panel_compute_request(actor=space_admin, panel=calling)
    assert Panel.objects.get(pk=calling.pk).status == Panel.Status.DRAFT


def test_the_backoffice_buttons_open_and_close_the_call(signed_in, space_admin, panel):
    client = signed_in(space_admin)
    url = component_admin_url(panel.component, "panel_call", pk=panel.pk)
    client.post(url, {"open": "1"})
    assert Panel.objects.get(pk=panel.pk).call_open
    page = client.get(component_admin_url(panel.component, "panel", pk=panel.pk)).content.decode()
    assert "Close the call for volunteers" in page
    client.post(url, {"open": "0"})
    assert not Panel.objects.get(pk=panel.pk).call_open


# Who may volunteer --------------------------------------------------------------------------
def test_who_may_volunteer(panel, calling, participant, space_admin):
    from django.contrib.auth.models import AnonymousUser

    assert can(participant, "volunteer", calling)
    assert not can(AnonymousUser(), "volunteer", calling)
    assert "Sign in" in str(why_not(AnonymousUser(), "volunteer", calling))
    closed = volunteering.panel_call_set(actor=space_admin, panel=calling, open=False)
    assert "closed" in str(why_not(participant, "volunteer", closed))


def test_a_visitor_sees_the_call_and_is_asked_to_sign_in(client, calling):
    page = english(client).get(calling.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Call for volunteers open" in html
    assert 'name="contact"' not in html
    assert "/accounts/login/" in html
    assert (
        calling.get_absolute_url()
        in english(client).get(calling.component.get_absolute_url()).content.decode()
    )


def test_a_panel_without_a_call_stays_hidden(client, panel):
    assert client.get(panel.get_absolute_url()).status_code == 404


# Volunteering ---------------------------------------------------------------------------------
def test_a_participant_joins_the_pool_and_sees_their_number(signed_in, calling, participant):
    client = english(signed_in(participant))
    response = client.post(
        component_url(calling.component, "panel_volunteer", pk=calling.pk), form_data(calling)
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(panel=calling, user=participant)
    assert volunteer.source == Volunteer.Source.SITE
    assert volunteer.name == "Camille Martin"
    assert volunteer.features == {
        feature: values[0] for feature, values in volunteering.call_features(calling).items()
    }
    assert 100_000 <= volunteer.number < 1_000_000
    assert Volunteer.objects.filter(panel=calling, number=volunteer.number).count() == 1
    html = client.get(calling.get_absolute_url()).content.decode()
    assert str(volunteer.number) in html
    assert "Withdraw from the pool" in html


def test_one_registration_per_person(signed_in, calling, participant):
    client = signed_in(participant)
    url = component_url(calling.component, "panel_volunteer", pk=calling.pk)
    client.post(url, form_data(calling))
    response = client.post(url, form_data(calling, name="Another name"))
    assert response.status_code == 400
    assert Volunteer.objects.filter(panel=calling, user=participant).get().name == "Camille Martin"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"contact": "not an address"}, "contact"),
        ({"consent": ""}, "consent"),
        ({"feature_0": "a value no quota names"}, "feature_0"),
        ({"feature_0": ""}, "feature_0"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(signed_in, calling, participant, change,
                                                      field):  # fmt: skip
    before = Volunteer.objects.count()
    response = english(signed_in(participant)).post(
        component_url(calling.component, "panel_volunteer", pk=calling.pk),
        form_data(calling, **change),
    )
    assert response.status_code == 400
    assert "field-invalid" in response.content.decode()
    assert response.context["form"].errors[field]
    assert Volunteer.objects.count() == before


def test_the_service_checks_the_answers_itself(calling, participant):
    with pytest.raises(ValidationError) as error:
        volunteering.panel_volunteer(
            user=participant, panel=calling, name="X", contact="x@example.org",
            features={}, consent=True,
        )  # fmt: skip
    assert "feature_0" in error.value.message_dict
    assert not Volunteer.objects.filter(user=participant).exists()


def test_a_volunteer_withdraws_while_the_call_is_open_only(signed_in, calling, participant,
                                                           space_admin):  # fmt: skip
    client = signed_in(participant)
    client.post(
        component_url(calling.component, "panel_volunteer", pk=calling.pk), form_data(calling)
    )
    withdraw = component_url(calling.component, "panel_withdraw", pk=calling.pk)
    client.post(withdraw)
    assert not Volunteer.objects.filter(user=participant).exists()

    client.post(
        component_url(calling.component, "panel_volunteer", pk=calling.pk), form_data(calling)
    )
    volunteering.panel_call_set(actor=space_admin, panel=calling, open=False)
    client.post(withdraw)
    assert Volunteer.objects.filter(user=participant).exists()
    # The volunteer still sees the page, with their number; nobody else does any more.
    number = Volunteer.objects.get(user=participant).number
    html = client.get(calling.get_absolute_url()).content.decode()
    assert str(number) in html
    assert "Withdraw from the pool" not in html
    other = signed_in(UserFactory(organization=calling.component.space.organization))
    assert other.get(calling.get_absolute_url()).status_code == 404
    response = other.post(
        component_url(calling.component, "panel_volunteer", pk=calling.pk), form_data(calling)
    )
    assert response.status_code == 404
    assert Volunteer.objects.filter(panel=calling, source="site").count() == 1


def test_a_new_import_keeps_the_people_who_volunteered_on_the_site(calling, participant,
                                                                   space_admin):  # fmt: skip
    mine = volunteering.panel_volunteer(
        user=participant, panel=calling, name="Camille", contact="camille@example.org",
        features={f: v[0] for f, v in volunteering.call_features(calling).items()},
        consent=True,
    )  # fmt: skip
    volunteers, _quotas = pool_files(40, 6, seed=9)
    services.panel_import_volunteers(actor=space_admin, panel=calling, upload=volunteers)
    pool = Volunteer.objects.filter(panel=calling)
    assert pool.count() == 41
    assert pool.get(user=participant).number == mine.number
    assert len(set(pool.values_list("number", flat=True))) == 41


# Privacy --------------------------------------------------------------------------------------
def test_names_and_contacts_of_volunteers_stay_with_the_administrators(
    client, signed_in, calling, participant
):
    volunteering.panel_volunteer(
        user=participant, panel=calling, name="Camille Secret", contact="secret@example.org",
        features={f: v[0] for f, v in volunteering.call_features(calling).items()},
        consent=True,
    )  # fmt: skip
    other = signed_in(UserFactory(organization=calling.component.space.organization))
    for reader in (client, other):
        html = reader.get(calling.get_absolute_url()).content.decode()
        assert "Camille Secret" not in html
        assert "secret@example.org" not in html
        assert "Volunteer Name" not in html


def test_a_private_space_hides_its_call(client, signed_in, calling, space, participant):
    space.private = True
    space.save()
    assert client.get(calling.get_absolute_url()).status_code == 404
    assert signed_in(participant).get(calling.get_absolute_url()).status_code == 404
    SpaceMemberFactory(space=space, user=participant)
    assert signed_in(participant).get(calling.get_absolute_url()).status_code == 200


def test_the_call_page_reads_a_constant_number_of_queries(
    signed_in, calling, participant, django_assert_max_num_queries
):
    client = signed_in(participant)
    client.get(calling.get_absolute_url())
    with django_assert_max_num_queries(16):
        assert client.get(calling.get_absolute_url()).status_code == 200
