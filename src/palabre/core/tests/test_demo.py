"""The demo: complete, idempotent, and usable with the published logins."""

import io
import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.test import Client
from django.utils import translation

from palabre.core import selectors
from palabre.core.demo import content, verifications_documents
from palabre.core.demo.totp import totp_code
from palabre.core.models import ActionLog, Component, Organization, Space, Step, User
from palabre.core.permissions import can, why_not
from palabre.core.settings_schema import current_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_settings(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def run_demo() -> str:
    out = io.StringIO()
    # The command speaks the active language; the assertions read its English messages.
    with translation.override("en"):
        call_command("demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    from allauth.account.models import EmailAddress

    return {
        "organizations": Organization.objects.count(),
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "spaces": Space.objects.count(),
        "steps": Step.objects.count(),
        "components": Component.objects.count(),
        "log entries": ActionLog.objects.count(),
    }


def test_demo_refuses_to_run_outside_demo_mode(settings):
    settings.DEMO = False
    with pytest.raises(CommandError):
        call_command("demo", stdout=io.StringIO())
    assert not Organization.objects.exists()


def test_a_second_run_changes_nothing():
    first_output = run_demo()
    first = counts()
    assert "Created:" in first_output
    assert first["organizations"] == 2
    # The three accounts of the README, the residents with identity documents and letters,
    # and a valuator per organization who accepted their invitation (demo/invitations.py).
    assert first["users"] == 3 + len(verifications_documents.RESIDENTS) + 2
    assert first["spaces"] >= 8
    second_output = run_demo()
    assert counts() == first
    assert "nothing changed" in second_output


def test_one_installation_serves_two_organizations_by_host():
    run_demo()
    city = selectors.organization_for_host("127.0.0.1:8000")
    metropolis = selectors.organization_for_host("localhost")
    assert city.name == "Ville de Démo"
    assert city.reference_prefix == "DEMO"
    assert city.logo
    assert metropolis.name == "Métropole de Démo"
    assert Space.objects.filter(organization=metropolis).count() == 1


@pytest.mark.parametrize("email", ["alice@palabre.test", "bob@palabre.test"])
def test_participants_sign_in_with_the_published_password(email):
    run_demo()
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.post(
        "/accounts/login/", {"login": email, "password": content.PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"].email == email


def test_the_admin_signs_in_with_password_and_second_factor():
    run_demo()
    admin = User.objects.get(email=content.ADMIN_EMAIL)
    assert admin.check_password(content.PASSWORD)
    assert admin.organization_admin_of.count() == 2
    assert set(Authenticator.objects.filter(user=admin).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.post(
        "/accounts/login/", {"login": content.ADMIN_EMAIL, "password": content.PASSWORD}
    )
    # The password alone does not sign the admin in: the second factor is asked for.
    assert response.status_code == 302
    assert "/2fa/" in response["Location"]
    assert not client.get("/", HTTP_HOST="127.0.0.1").context["user"].is_authenticated
    response = client.post(
        response["Location"], {"code": totp_code(content.ADMIN_TOTP_SECRET)}, follow=True
    )
    assert response.context["user"].email == content.ADMIN_EMAIL


@pytest.mark.parametrize("date_filter", ["active", "upcoming", "past"])
def test_processes_of_every_kind_of_date(date_filter):
    run_demo()
    city = Organization.objects.get(host="127.0.0.1")
    processes = selectors.space_list_visible(
        user=AnonymousUser(), organization=city, kind="process", date_filter=date_filter
    )
    assert processes.exists()
    for process in processes:
        assert process.hero_image
        assert process.steps.count() >= 3


def test_the_running_budget_has_one_active_step_and_published_components():
    run_demo()
    budget = Space.objects.get(organization__host="127.0.0.1", slug="budget-participatif")
    assert budget.promoted
    assert budget.steps.filter(active=True).count() == 1
    components = list(budget.components.all())
    assert components
    assert all(component.is_published for component in components)


def test_private_process_is_seen_by_its_member_only():
    run_demo()
    city = Organization.objects.get(host="127.0.0.1")
    alice = User.objects.get(email="alice@palabre.test")
    bob = User.objects.get(email="bob@palabre.test")

    def visible_slugs(user):
        return set(
            selectors.space_list_visible(user=user, organization=city).values_list(
                "slug", flat=True
            )
        )

    assert "jeunes-ambassadeurs-climat" in visible_slugs(alice)
    assert "jeunes-ambassadeurs-climat" not in visible_slugs(bob)
    assert "jeunes-ambassadeurs-climat" not in visible_slugs(AnonymousUser())
    assert "cantines-scolaires" in visible_slugs(AnonymousUser())  # transparent


def test_the_citizens_council_has_members():
    run_demo()
    council = Space.objects.get(kind="assembly", slug="conseil-citoyen")
    assert council.is_published
    assert council.assembly_members.count() == len(content.ASSEMBLY["members"])


def test_demo_totp_prints_the_current_code():
    run_demo()
    out = io.StringIO()
    call_command("demo_totp", "--recovery", stdout=out)
    lines = out.getvalue().splitlines()
    assert re.fullmatch(r"\d{6}", lines[0])
    # A code a second older or newer may straddle a 30-second boundary.
    assert lines[0] in {totp_code(content.ADMIN_TOTP_SECRET, at=t) for t in _around_now()}
    assert sum(1 for line in lines if re.fullmatch(r"\d{8}", line)) == 10


def _around_now():
    import time

    now = time.time()
    return (now - 1, now, now + 1)


@pytest.mark.parametrize(("seconds", "said"), [(1, "1 more second)"), (12, "12 more seconds)")])
def test_demo_totp_says_how_long_the_code_lasts(monkeypatch, seconds, said):
    from palabre.core.management.commands import demo_totp

    run_demo()
    monkeypatch.setattr(demo_totp, "seconds_left", lambda: seconds)
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    assert out.getvalue().splitlines()[1] == f"(valid for {said}"


def test_demo_totp_refuses_outside_demo_mode(settings):
    settings.DEMO = False
    with pytest.raises(CommandError):
        call_command("demo_totp", stdout=io.StringIO())


# A living demo --------------------------------------------------------------------------
def component_of(slug: str, manifest_name: str, host: str = "127.0.0.1") -> Component:
    return Component.objects.get(
        space__organization__host=host, space__slug=slug, manifest_name=manifest_name
    )


def test_a_process_takes_proposals_and_supports_now():
    from palabre.components.proposals.models import Proposal, Support

    run_demo()
    component = component_of("place-du-marche", "proposals")
    alice = User.objects.get(email="alice@palabre.test")
    proposal = Proposal.objects.filter(component=component, state="published").first()
    assert can(alice, "create", component)
    assert can(alice, "support", proposal)
    # She has supports left to give before the limit of the component.
    supports = Support.objects.filter(user=alice, proposal__component=component).count()
    assert supports < current_settings(component).supports_limit
    # Visitors are asked to sign in; the page of a new proposal opens for her.
    assert "Sign in" in str(why_not(AnonymousUser(), "create", component))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(alice)
    assert client.get(f"{component.get_absolute_url()}new/").status_code == 200


def test_a_process_is_in_its_vote_with_a_budget_open():
    from palabre.components.budgets.models import Budget, Order

    run_demo()
    component = component_of("budget-participatif", "budgets")
    budgets = list(Budget.objects.filter(component=component))
    bob = User.objects.get(email="bob@palabre.test")
    assert current_settings(component).voting == "open"
    # A newcomer votes at once in a budget open to everyone; the city-centre one asks for
    # the census first (Bob's basket there waits for his verification).
    open_to_all = [budget for budget in budgets if can(bob, "vote", budget)]
    census = [budget for budget in budgets if budget not in open_to_all]
    assert open_to_all and census
    assert "census" in str(why_not(bob, "vote", census[0])).lower()
    assert Order.objects.get(budget=census[0], user=bob).checked_out_at is None
    assert Order.objects.filter(
        budget__in=budgets, user__email="alice@palabre.test", checked_out_at__isnull=False
    ).exists()


def test_a_finished_process_has_published_results_and_their_follow_up():
    from palabre.components.accountability.models import Result
    from palabre.components.budgets.models import BudgetResult

    run_demo()
    component = component_of("premier-budget-participatif", "budgets")
    assert current_settings(component).voting == "finished"
    published = BudgetResult.objects.filter(budget__component=component, published_at__isnull=False)
    assert published.count() == component.budgets.count() == 2
    assert all(result.selected_projects for result in published)
    follow_up = component_of("premier-budget-participatif", "accountability")
    assert Result.objects.filter(component=follow_up, parent=None).exists()
    client = Client(HTTP_HOST="127.0.0.1")
    budget = component.budgets.first()
    response = client.get(f"{component.get_absolute_url()}{budget.pk}/results/")
    assert response.status_code == 200


def test_discussions_have_replies_and_votes():
    from palabre.comments.models import Comment

    run_demo()
    component = component_of("place-du-marche", "proposals")
    comments = Comment.objects.filter(component=component)
    assert comments.filter(parent__isnull=False).exists()
    assert comments.filter(depth=3).exists()
    assert comments.filter(up_votes__gt=0).exists() and comments.filter(down_votes__gt=0).exists()
    for root in comments.filter(parent=None):
        assert root.thread_comments_count == comments.filter(Q(pk=root.pk) | Q(root=root)).count()
    commented = comments.first().target
    assert commented.comments_count == comments.filter(object_id=commented.pk).count()
    # Other kinds of content have their discussions too.
    for manifest_name in ("blogs", "accountability"):
        assert Comment.objects.filter(
            component=component_of("premier-budget-participatif", manifest_name),
            parent__isnull=False,
        ).exists()


def test_the_second_organization_has_components_with_content():
    from palabre.components.proposals.models import Proposal

    run_demo()
    component = component_of("plan-climat", "proposals", host="localhost")
    assert component.is_published
    assert Proposal.objects.filter(component=component, state="published").exists()
    assert can(User.objects.get(email="bob@palabre.test"), "create", component)


def test_the_private_process_has_every_component_with_content_seen_by_members_only():
    from palabre.core.registry import components as component_registry

    run_demo()
    space = Space.objects.get(slug="jeunes-ambassadeurs-climat")
    assert set(space.components.values_list("manifest_name", flat=True)) == set(
        component_registry.names()
    )
    for component in space.components.all():
        # Each has content, as its own statistics count it.
        manifest = component.manifest
        if manifest.stats is not None:
            assert sum(manifest.stats([component]).values()), component.manifest_name
    alice = User.objects.get(email="alice@palabre.test")
    bob = User.objects.get(email="bob@palabre.test")
    proposals = space.components.get(manifest_name="proposals")
    assert can(alice, "create", proposals)
    assert not can(bob, "view", proposals)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bob)
    assert client.get(proposals.get_absolute_url()).status_code == 404


def test_a_transparent_process_says_why_outsiders_cannot_take_part():
    run_demo()
    component = component_of("cantines-scolaires", "proposals")
    alice = User.objects.get(email="alice@palabre.test")
    assert can(alice, "view", component)
    assert "members" in str(why_not(alice, "create", component))
    assert can(User.objects.get(email="bob@palabre.test"), "create", component)


def test_demo_people_follow_processes():
    from palabre.notifications.selectors import is_following

    run_demo()
    alice = User.objects.get(email="alice@palabre.test")
    assert is_following(alice, Space.objects.get(slug="place-du-marche"))


def test_a_citizens_panel_calls_for_volunteers_a_newcomer_can_answer():
    from palabre.components.sortitions.models import Panel
    from palabre.core.tests.factories import UserFactory

    run_demo()
    component = component_of("place-du-marche", "sortitions")
    calling = Panel.objects.get(component=component, call_open=True)
    assert calling.volunteers.count() == 40
    client = Client(HTTP_HOST="127.0.0.1", headers={"accept-language": "en"})
    client.force_login(UserFactory(organization=component.space.organization))
    html = client.get(calling.get_absolute_url()).content.decode()
    assert "Join the pool of volunteers" in html
