"""Factories of the proposals component."""

import factory
from django.utils import timezone

from palabre.components.proposals.models import Proposal, ProposalAuthor
from palabre.components.proposals.services import fingerprint
from palabre.core.tests.factories import ComponentFactory, UserFactory

OPEN_STEP = {
    "creation_enabled": True,
    "supports": "enabled",
    "endorsements": "enabled",
    "comments_blocked": False,
    "publish_answers_immediately": True,
}


def proposals_settings(*, step: dict | None = None, **global_values) -> dict:
    """Settings of a component without steps: `global_values` plus the default step."""
    return {"global": global_values, "default_step": {**OPEN_STEP, **(step or {})}, "steps": {}}


class ProposalsComponentFactory(ComponentFactory):
    manifest_name = "proposals"
    name = {"fr": "Propositions", "en": "Proposals"}
    settings = factory.LazyFunction(proposals_settings)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A published proposal written by `author` (a new person unless given)."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    component = factory.SubFactory(ProposalsComponentFactory)
    title = factory.Sequence(lambda n: {"fr": f"Une proposition numéro {n} pour la ville"})
    body = {"fr": "Un texte qui décrit la proposition."}
    state = Proposal.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    fingerprint = factory.LazyAttribute(lambda o: fingerprint(title=o.title, body=o.body))

    @factory.post_generation
    def author(obj, create, extracted, **kwargs):
        if not create:
            return
        person = extracted or UserFactory(organization=obj.component.space.organization)
        obj.author = person
        obj.save(update_fields=["author"])
        ProposalAuthor.objects.create(proposal=obj, user=person, accepted_at=timezone.now())
        obj.first_author = person
