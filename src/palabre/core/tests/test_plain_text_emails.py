"""Plain-text emails are plain text: a title holding `<` or `&` reads as written in the
subject and the body of every kind of email (no `&lt;`, `&amp;`), while HTML stays escaped."""

from decimal import Decimal

import pytest
from django.core import mail

from palabre.core.mail import render_email
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "<img src=x> & co"
ENTITIES = ("&lt;", "&gt;", "&amp;", "&#x27;", "&quot;")


def assert_plain(message, *, in_subject: bool = True):
    """The title is in the body (and the subject) as written, and no entity anywhere."""
    assert TITLE in message.body
    if in_subject:
        assert TITLE in message.subject
    for entity in ENTITIES:
        assert entity not in message.subject
        assert entity not in message.body


@pytest.fixture
def organization(organization):
    # The organization's name starts every subject and ends many bodies.
    organization.name = "Ville <de> Test & co"
    organization.save()
    return organization


def test_text_is_rendered_as_written_and_html_escaped(tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "mail").mkdir(parents=True)
    (template_dir / "mail" / "subject.txt").write_text("About {{ title }}")
    (template_dir / "mail" / "body.txt").write_text("{{ title }}")
    (template_dir / "mail" / "body.html").write_text("<p>{{ title }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    subject, body, html = render_email(
        subject_template="mail/subject.txt",
        body_template="mail/body.txt",
        html_template="mail/body.html",
        context={"title": TITLE},
        language="en",
        subject_prefix="A & B",
    )
    assert subject == f"[A & B] About {TITLE}"
    assert body == TITLE
    assert html == "<p>&lt;img src=x&gt; &amp; co</p>"


def test_proposal_publication_and_answer(organization, django_capture_on_commit_callbacks):
    from palabre.components.proposals import services
    from palabre.components.proposals.tests.factories import (
        ProposalFactory,
        ProposalsComponentFactory,
    )
    from palabre.core.models import OrganizationAdmin

    component = ProposalsComponentFactory(space__organization=organization)
    author = UserFactory(organization=organization, locale="en")
    draft = services.proposal_create_draft(
        author=author,
        component=component,
        title=f"{TITLE}: des bancs à l'ombre",
        body="Les personnes âgées n'ont nulle part où s'asseoir en été.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_publish(actor=author, proposal=draft)
    (published,) = mail.outbox
    assert_plain(published, in_subject=False)
    assert organization.name in published.subject

    mail.outbox.clear()
    admin = UserFactory(organization=organization)
    OrganizationAdmin.objects.create(organization=organization, user=admin)
    proposal = ProposalFactory(component=component, author=author, title={"fr": TITLE})
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(
            actor=admin, proposal=proposal, state="rejected", answer={"fr": "Hors compétence"}
        )
    (answered,) = [m for m in mail.outbox if m.to == [author.email]]
    assert_plain(answered)


def test_coauthor_invitation(organization, django_capture_on_commit_callbacks):
    from palabre.components.proposals import services
    from palabre.components.proposals.tests.factories import ProposalFactory

    proposal = ProposalFactory(component__space__organization=organization, title={"fr": TITLE})
    invited = UserFactory(organization=organization, locale="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_invite_coauthor(
            actor=proposal.first_author, proposal=proposal, user=invited
        )
    (message,) = mail.outbox
    assert_plain(message)


def test_budget_vote_summary_and_reminder(organization, django_capture_on_commit_callbacks):
    from palabre.components.budgets import services
    from palabre.components.budgets.tests.factories import (
        BudgetFactory,
        BudgetsComponentFactory,
        ProjectFactory,
        budgets_settings,
    )

    component = BudgetsComponentFactory(
        space__organization=organization, settings=budgets_settings(minimum_percent=0)
    )
    budget = BudgetFactory(component=component, envelope=Decimal("100000"), title={"fr": TITLE})
    project = ProjectFactory(budget=budget, title={"fr": f"Projet {TITLE}"})
    voter = UserFactory(organization=organization, locale="en", name="Ann <& co>")
    services.order_add_project(user=voter, project=project)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.basket_reminders_send(component=component) == 1
    (reminder,) = mail.outbox
    assert_plain(reminder, in_subject=False)
    assert "Ann <& co>" in reminder.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_checkout(user=voter, budget=budget)
    (summary,) = mail.outbox
    assert_plain(summary)
    assert f"Projet {TITLE}" in summary.body


def test_notification_email_and_digest(organization, django_capture_on_commit_callbacks):
    from palabre.components.pages.tests.factories import PageFactory
    from palabre.core.models import NotificationFrequency
    from palabre.notifications.services import digests_send, notify

    page = PageFactory(
        component__space__organization=organization, component__manifest_name="pages"
    )
    page.title = {"fr": TITLE, "en": TITLE}
    page.save()
    actor = UserFactory(organization=organization, name="Zoé <& co>")
    now = UserFactory(organization=organization, locale="en")
    daily = UserFactory(
        organization=organization, locale="en", notification_frequency=NotificationFrequency.DAILY
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="comments.created", target=page, recipients=[now, daily], actor=actor)
    (real_time,) = mail.outbox
    assert_plain(real_time)
    assert "Zoé <& co>" in real_time.subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(frequency=NotificationFrequency.DAILY) == 1
    (digest,) = mail.outbox
    assert_plain(digest, in_subject=False)


def test_account_emails(client, organization, django_capture_on_commit_callbacks):
    person = UserFactory(organization=organization, email="ada@example.org", name=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": person.email})
    (message,) = mail.outbox
    assert organization.name in message.subject
    for entity in ENTITIES:
        assert entity not in message.subject
        assert entity not in message.body
