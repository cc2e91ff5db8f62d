"""Citizen panels: the pool and its quotas, the fair distribution computed in the background,
its publication, the final draw and replacements that keep every quota."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.components.sortitions import lottery, services
from palabre.components.sortitions.models import Panel, Volunteer
from palabre.components.sortitions.tests.panels import pool_files
from palabre.core.models import ActionLog
from palabre.notifications.models import Follow, Notification

pytestmark = pytest.mark.django_db


def csv_file(text: str, name: str = "file.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), "text/csv")


@pytest.fixture
def panel(space_admin, component):
    return services.panel_create(
        actor=space_admin, component=component, title={"fr": "Jury citoyen"}, size=6
    )


@pytest.fixture
def prepared(space_admin, panel):
    volunteers, quotas = pool_files(30, 6)
    services.panel_import_volunteers(actor=space_admin, panel=panel, upload=volunteers)
    services.panel_import_quotas(actor=space_admin, panel=panel, upload=quotas)
    panel.refresh_from_db()
    return panel


@pytest.fixture
def computed(space_admin, prepared, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_compute_request(actor=space_admin, panel=prepared)
    prepared.refresh_from_db()
    return prepared


def members_meet_quotas(panel, members) -> bool:
    features = dict(panel.volunteers.values_list("number", "features"))
    return all(
        quota.minimum
        <= sum(1 for m in members if features[m][quota.feature] == quota.value)
        <= quota.maximum
        for quota in panel.quotas.all()
    )


def test_only_administrators_prepare_a_panel(participant, collaborator, component, panel):
    for person in (participant, collaborator):
        with pytest.raises(PermissionDenied):
            services.panel_create(actor=person, component=component, title={"fr": "Jury"}, size=6)
        with pytest.raises(PermissionDenied):
            services.panel_import_volunteers(
                actor=person, panel=panel, upload=csv_file("name,gender\nA,woman\n")
            )
    assert Panel.objects.count() == 1


def test_volunteers_get_random_distinct_pseudonymous_numbers(prepared):
    numbers = list(prepared.volunteers.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 30
    assert all(100_000 <= n < 1_000_000 for n in numbers)
    first = prepared.volunteers.first()
    assert first.name == "Volunteer Name 1" and first.contact == "volunteer1@pool.example"
    assert set(first.features) == {"gender", "age", "district", "education"}
    assert ActionLog.objects.filter(action="import_volunteers").count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("contact,gender\nx@example.org,woman\n", "no column “name”"),
        ("name,contact\nAnne,a@example.org\n", "no feature column"),
        ("name,gender\nAnne,\n", "Line 2: no value for gender."),
        ("name,gender\n,woman\n", "Line 2: the name is empty."),
        ("name,gender\n", "nobody in it"),
    ],
)
def test_a_bad_pool_file_is_refused_and_the_pool_is_kept(space_admin, prepared, text, message):
    with pytest.raises(ValidationError) as error:
        services.panel_import_volunteers(actor=space_admin, panel=prepared, upload=csv_file(text))
    assert message in " ".join(error.value.message_dict["file"])
    assert prepared.volunteers.count() == 30


def test_quotas_no_panel_can_meet_by_counting_are_refused_at_once(space_admin, prepared):
    services.panel_import_quotas(
        actor=space_admin,
        panel=prepared,
        upload=csv_file("feature,value,min,max\ngender,woman,5,6\ngender,man,5,6\n"),
    )
    with pytest.raises(ValidationError, match="their minimums add up to 10"):
        services.panel_compute_request(actor=space_admin, panel=prepared)
    prepared.refresh_from_db()
    assert prepared.status == Panel.Status.DRAFT


def test_the_distribution_is_computed_in_the_background(computed):
    assert computed.status == Panel.Status.COMPUTED
    numbers = {str(n) for n in computed.volunteers.values_list("number", flat=True)}
    assert set(computed.probabilities) == numbers == set(computed.greedy_probabilities)
    assert sum(computed.probabilities.values()) == pytest.approx(6)
    assert all(0 <= p <= 1 for p in computed.probabilities.values())
    assert computed.minimum == min(computed.probabilities.values())
    assert computed.minimum >= computed.greedy_minimum - 0.001
    assert computed.greedy_runs == 60
    assert sum(computed.tickets) == lottery.TICKETS
    assert len(computed.panels) == len(computed.weights) == len(computed.tickets)
    for members in computed.panels:
        assert len(members) == 6 and members == sorted(members)
        assert members_meet_quotas(computed, members)
    assert ActionLog.objects.filter(action="compute_panel").count() == 1


def test_quotas_no_panel_can_meet_together_leave_the_panel_failed_with_a_message(
    space_admin, panel, django_capture_on_commit_callbacks
):
    rows = "".join(
        f"P{n},{'woman' if n < 4 else 'man'},{'north' if n < 4 else 'south'}\n" for n in range(12)
    )
    services.panel_import_volunteers(
        actor=space_admin, panel=panel, upload=csv_file("name,gender,district\n" + rows)
    )
    services.panel_import_quotas(
        actor=space_admin,
        panel=panel,
        upload=csv_file(
            "feature,value,min,max\ngender,woman,3,4\ngender,man,2,6\n"
            "district,north,0,2\ndistrict,south,0,6\n"
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_compute_request(actor=space_admin, panel=panel)
    panel.refresh_from_db()
    assert panel.status == Panel.Status.FAILED
    # Written in the organization's language (French here), naming the quota to change.
    assert "district = north" in panel.error and "maximum 2 → 3" in panel.error


def test_a_changed_quota_forgets_the_computed_distribution(space_admin, computed):
    quota = computed.quotas.first()
    services.panel_set_quotas(
        actor=space_admin, panel=computed, limits={quota.pk: (quota.minimum, quota.maximum + 1)}
    )
    computed.refresh_from_db()
    assert computed.status == Panel.Status.DRAFT and computed.panels == []


def test_publish_freezes_the_pool_then_the_draw_replays(
    space_admin, computed, participant, django_capture_on_commit_callbacks
):
    from django.contrib.contenttypes.models import ContentType

    space = computed.component.space
    Follow.objects.create(
        user=participant, content_type=ContentType.objects.get_for_model(space), object_id=space.pk
    )
    with pytest.raises(ValidationError, match="Publish the distribution"):
        services.panel_draw(actor=space_admin, panel=computed, public_value="5")
    services.panel_publish(
        actor=space_admin, panel=computed, value_source={"fr": "Le loto de la fête"}
    )
    with pytest.raises(ValidationError, match="can no longer change"):
        services.panel_import_quotas(
            actor=space_admin, panel=computed, upload=csv_file("feature,value,min,max\na,b,0,1\n")
        )
    with django_capture_on_commit_callbacks(execute=True):
        drawn = services.panel_draw(actor=space_admin, panel=computed, public_value="17 42 8")
    assert drawn.selected in drawn.panels
    assert lottery.replay(drawn.inputs()) == drawn.selected
    assert drawn.inputs()["public_value"] == "17 42 8"
    with pytest.raises(ValidationError, match="already drawn"):
        services.panel_draw(actor=space_admin, panel=drawn, public_value="1")
    assert Notification.objects.filter(recipient=participant, event="sortitions.drawn").exists()


def test_a_replacement_keeps_every_quota_and_replays(space_admin, computed):
    services.panel_publish(actor=space_admin, panel=computed)
    drawn = services.panel_draw(actor=space_admin, panel=computed, public_value="3")
    declined = drawn.selected[0]
    candidates = services.replacement_candidates(drawn, drawn.selected, declined)
    assert candidates and not set(candidates) & set(drawn.selected)
    for candidate in candidates:
        members = [candidate if m == declined else m for m in drawn.selected]
        assert members_meet_quotas(drawn, members)
    outsiders = set(drawn.volunteers.values_list("number", flat=True)) - set(drawn.selected)
    for outsider in outsiders - set(candidates):
        members = [outsider if m == declined else m for m in drawn.selected]
        assert not members_meet_quotas(drawn, members)
    replacement = services.panel_replace(
        actor=space_admin, panel=drawn, declined=declined, public_value="6"
    )
    assert replacement.replacement in candidates
    assert lottery.replay(replacement.inputs()) == [replacement.replacement]
    members = services.panel_members(drawn)
    assert declined not in members and replacement.replacement in members
    assert members_meet_quotas(drawn, members)
    with pytest.raises(ValidationError, match="not a member"):
        services.panel_replace(actor=space_admin, panel=drawn, declined=declined, public_value="1")
    assert ActionLog.objects.filter(action="replace_member").count() == 1


def test_volunteers_are_kept_private_in_the_database_only(prepared):
    assert Volunteer.objects.filter(panel=prepared, contact__endswith="@pool.example").count() == 30


def test_each_volunteer_is_emailed_their_number_once(
    space_admin, participant, panel, mailoutbox, django_capture_on_commit_callbacks
):
    services.panel_import_volunteers(
        actor=space_admin,
        panel=panel,
        upload=csv_file(
            "name,contact,gender\nAnne,anne@pool.example,woman\nBen,06 12 34 56 78,man\n"
            "Chloé,chloe@pool.example,woman\n"
        ),
    )
    with pytest.raises(PermissionDenied):
        services.panel_numbers_send(actor=participant, panel=panel)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.panel_numbers_send(actor=space_admin, panel=panel) == 2
    numbers = dict(panel.volunteers.values_list("contact", "number"))
    assert sorted(m.to[0] for m in mailoutbox) == ["anne@pool.example", "chloe@pool.example"]
    anne = next(m for m in mailoutbox if m.to == ["anne@pool.example"])
    assert str(numbers["anne@pool.example"]) in anne.body
    assert str(numbers["chloe@pool.example"]) not in anne.body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.panel_numbers_send(actor=space_admin, panel=panel) == 0
    assert len(mailoutbox) == 2
    assert ActionLog.objects.filter(action="send_numbers").count() == 2
