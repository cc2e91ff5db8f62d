from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "palabre.components.proposals"
    label = "proposals"

    def ready(self) -> None:
        from palabre.components.proposals.models import Proposal
        from palabre.moderation import hideable

        # Blocking a participant "with their content" hides the proposals they wrote.
        hideable.register(Proposal, author_field="author")
