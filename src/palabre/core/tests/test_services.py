"""Core services: each bad input gets a clear message and changes nothing."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from palabre.core import services
from palabre.core.models import ActionLog, Component, Space, SpaceMember, Step
from palabre.core.tests.factories import SpaceFactory, StepFactory, UserFactory


def _create_process(admin, organization, **extra):
    fields = {"slug": "budget-2027", "title": {"fr": "Budget 2027", "en": "Budget 2027"}}
    fields.update(extra)
    return services.space_create(actor=admin, organization=organization, kind="process", **fields)


def test_space_create_logs_and_stays_unpublished(admin_user, organization):
    space = _create_process(admin_user, organization)
    assert not space.is_published
    log = ActionLog.objects.get(action="create", resource_type="space")
    assert log.user == admin_user and log.space == space and log.resource_label == "Budget 2027"


def test_space_create_refuses_a_taken_slug(admin_user, organization):
    _create_process(admin_user, organization)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _create_process(admin_user, organization, title={"fr": "Autre"})
    assert error.value.message_dict["slug"] == ["This short name is already used by another space."]
    assert Space.objects.count() == 1


def test_space_create_refuses_end_before_start(admin_user, organization):
    with pytest.raises(ValidationError) as error:
        _create_process(
            admin_user,
            organization,
            start_date=datetime.date(2027, 5, 1),
            end_date=datetime.date(2027, 4, 1),
        )
    assert "end_date" in error.value.message_dict
    assert not Space.objects.exists()


def test_space_create_refuses_unknown_languages_and_missing_title(admin_user, organization):
    with pytest.raises(ValidationError) as error:
        _create_process(admin_user, organization, title={"fr": "Titre", "de": "Titel"})
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError):
        _create_process(admin_user, organization, title={"en": "No French title"})
    assert not Space.objects.exists()


def test_space_description_is_sanitized(admin_user, organization):
    space = _create_process(
        admin_user, organization, description={"fr": "<p>Ok</p><script>alert(1)</script>"}
    )
    assert space.description == {"fr": "<p>Ok</p>"}


def test_space_metadata_accepts_declared_fields_only(admin_user, organization):
    space = _create_process(admin_user, organization, metadata={"objectives": {"fr": "Agir"}})
    assert space.metadata == {"objectives": {"fr": "Agir"}}
    with pytest.raises(ValidationError):
        services.space_update(actor=admin_user, space=space, metadata={"password": {"fr": "x"}})
    space.refresh_from_db()
    assert space.metadata == {"objectives": {"fr": "Agir"}}


def test_space_image_must_be_an_image(admin_user, organization):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'not an image'; ?>", "image/jpeg")
    with pytest.raises(ValidationError) as error:
        _create_process(admin_user, organization, hero_image=fake)
    assert "hero_image" in error.value.message_dict
    assert not Space.objects.exists()


def test_participants_cannot_create_spaces(user, organization):
    with pytest.raises(PermissionDenied):
        _create_process(user, organization)


def test_step_dates_must_be_in_order(admin_user, organization):
    space = _create_process(admin_user, organization)
    with pytest.raises(ValidationError) as error:
        services.step_create(
            actor=admin_user,
            space=space,
            title={"fr": "Vote"},
            start_date=datetime.date(2027, 3, 2),
            end_date=datetime.date(2027, 3, 1),
        )
    assert "end_date" in error.value.message_dict
    assert not Step.objects.exists()


def test_at_most_one_active_step_is_enforced_by_the_database(organization):
    space = SpaceFactory(organization=organization)
    StepFactory(space=space, active=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        StepFactory(space=space, active=True)


def test_step_activate_switches_the_active_step_and_goes_manual(admin_user, organization):
    space = SpaceFactory(organization=organization, automatic_steps=True)
    first = StepFactory(space=space, active=True)
    second = StepFactory(space=space)
    services.step_activate(actor=admin_user, step=second)
    assert list(space.steps.filter(active=True)) == [second]
    first.refresh_from_db()
    assert not first.active
    space.refresh_from_db()
    assert not space.automatic_steps


def test_steps_follow_the_calendar_idempotently(organization):
    space = SpaceFactory(organization=organization, automatic_steps=True)
    today = datetime.date(2027, 6, 15)
    StepFactory(
        space=space, start_date=datetime.date(2027, 5, 1), end_date=datetime.date(2027, 5, 31)
    )
    june = StepFactory(
        space=space, start_date=datetime.date(2027, 6, 1), end_date=datetime.date(2027, 6, 30)
    )
    manual = SpaceFactory(organization=organization, automatic_steps=False)
    StepFactory(
        space=manual, start_date=datetime.date(2027, 6, 1), end_date=datetime.date(2027, 6, 30)
    )
    assert services.steps_activate_by_calendar(today=today) == 1
    assert services.steps_activate_by_calendar(today=today) == 0
    assert list(Step.objects.filter(active=True)) == [june]
    # After the last step, no step is active.
    assert services.steps_activate_by_calendar(today=datetime.date(2027, 8, 1)) == 1
    assert not Step.objects.filter(active=True).exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_activations_leave_exactly_one_active_step(organization):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.skip("in-memory SQLite is one connection; the race needs a file or PostgreSQL")
    from palabre.core.models import OrganizationAdmin

    admin = UserFactory(organization=organization)
    OrganizationAdmin.objects.create(organization=organization, user=admin)
    space = SpaceFactory(organization=organization)
    steps = [StepFactory(space=space) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def activate(step):
        try:
            barrier.wait()
            services.step_activate(actor=admin, step=step)
        except Exception as error:  # collected to fail the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=activate, args=(s,)) for s in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Step.objects.filter(space=space, active=True).count() == 1


def test_component_create_uses_manifest_defaults(admin_user, organization):
    space = SpaceFactory(organization=organization)
    step = StepFactory(space=space)
    component = services.component_create(actor=admin_user, space=space, manifest_name="pages")
    assert not component.is_published
    assert set(component.settings) == {"global", "default_step", "steps"}
    assert str(step.pk) in component.settings["steps"]
    assert component.name["fr"]


def test_component_create_refuses_unknown_types(admin_user, organization):
    space = SpaceFactory(organization=organization)
    with pytest.raises(ValidationError):
        services.component_create(actor=admin_user, space=space, manifest_name="nope")
    assert not Component.objects.exists()


def test_published_component_cannot_be_removed(admin_user, organization):
    space = SpaceFactory(organization=organization)
    component = services.component_create(actor=admin_user, space=space, manifest_name="pages")
    services.component_set_published(actor=admin_user, component=component, published=True)
    with pytest.raises(ValidationError):
        services.component_delete(actor=admin_user, component=component)
    services.component_set_published(actor=admin_user, component=component, published=False)
    services.component_delete(actor=admin_user, component=component)
    assert not Component.objects.exists()


def test_members_csv_import_reports_every_broken_line_and_imports_nothing(admin_user, organization):
    space = SpaceFactory(organization=organization, private=True)
    known = UserFactory(organization=organization, email="known@example.org")
    data = (
        b"email;name\n"
        b"known@example.org;Known\n"
        b"not-an-email;Broken\n"
        b"ghost@example.org;Nobody\n"
        b"known@example.org;Twice\n"
        b";Empty\n"
    )
    with pytest.raises(services.CsvImportError) as error:
        services.space_members_import_csv(actor=admin_user, space=space, data=data)
    assert [line for line, _message in error.value.line_errors] == [3, 4, 5, 6]
    assert not SpaceMember.objects.exists()
    added = services.space_members_import_csv(
        actor=admin_user, space=space, data=b"email\nKNOWN@example.org\n"
    )
    assert added == 1
    assert list(SpaceMember.objects.values_list("user", flat=True)) == [known.pk]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00broken", "UTF-8"),
        (b"name\nAlice\n", "email"),
        (b"email\n", "nobody"),
    ],
)
def test_members_csv_import_refuses_unusable_files(admin_user, organization, data, message):
    space = SpaceFactory(organization=organization, private=True)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.space_members_import_csv(actor=admin_user, space=space, data=data)
    assert message in " ".join(error.value.messages)


def test_organization_create_refuses_a_taken_host(organization):
    with pytest.raises(ValidationError):
        services.organization_create(host=organization.host, name="Doublon")


def test_organization_update_refuses_unknown_languages(admin_user, organization):
    with pytest.raises(ValidationError):
        services.organization_update(
            actor=admin_user, organization=organization, available_locales=["fr", "xx"]
        )
    with pytest.raises(ValidationError):
        services.organization_update(
            actor=admin_user,
            organization=organization,
            default_locale="en",
            available_locales=["fr"],
        )
    organization.refresh_from_db()
    assert organization.available_locales == ["fr", "en"]


@pytest.mark.parametrize(
    ("name", "prefix"), [("Ville de Dée", "VILLEDED"), ("Å", "AX"), ("!!!", "ORG")]
)
def test_organization_create_derives_a_valid_reference_prefix(db, name, prefix):
    organization = services.organization_create(host=f"{prefix.lower()}.example", name=name)
    assert organization.reference_prefix == prefix
