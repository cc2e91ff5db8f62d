import pytest
from django.core.management import CommandError, call_command

from palabre.core.models import ActionLog, Organization, OrganizationAdmin
from palabre.core.tests.factories import UserFactory


@pytest.mark.django_db
def test_create_an_organization(capsys):
    person = UserFactory(email="mayor@example.org")
    call_command(
        "organization", "create", "--host", "Participation.Example.org", "--name", "Ville",
        "--prefix", "VILLE", "--default-locale", "en", "--admin-email", "MAYOR@example.org",
    )  # fmt: skip
    organization = Organization.objects.get(host="participation.example.org")
    assert organization.name == "Ville"
    assert organization.reference_prefix == "VILLE"
    assert organization.default_locale == "en"
    assert OrganizationAdmin.objects.filter(organization=organization, user=person).exists()
    assert ActionLog.objects.filter(organization=organization, action="create").exists()
    assert "participation.example.org" in capsys.readouterr().out


@pytest.mark.django_db
def test_duplicate_host_is_refused_clearly():
    call_command("organization", "create", "--host", "a.example.org", "--name", "Alpha")
    with pytest.raises(CommandError, match=r"already answers at a\.example\.org"):
        call_command("organization", "create", "--host", "a.example.org", "--name", "Beta")
    assert Organization.objects.get(host="a.example.org").name == "Alpha"


@pytest.mark.django_db
def test_bad_prefix_is_refused_clearly():
    with pytest.raises(CommandError, match="--prefix: A reference prefix"):
        call_command(
            "organization", "create", "--host", "b.example.org", "--name", "Beta", "--prefix", "b!"
        )
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_unknown_admin_email_is_refused_clearly():
    with pytest.raises(CommandError, match="Nobody has an account"):
        call_command(
            "organization", "create", "--host", "c.example.org", "--name", "Gamma",
            "--admin-email", "ghost@example.org",
        )  # fmt: skip
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_list(capsys):
    call_command("organization", "list")
    assert "No organization yet" in capsys.readouterr().out
    call_command("organization", "create", "--host", "d.example.org", "--name", "Delta")
    call_command("organization", "list")
    assert "d.example.org\tDelta" in capsys.readouterr().out
