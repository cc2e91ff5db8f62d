from django.apps import AppConfig


def _attachments_enabled(proposal) -> bool:
    from palabre.core.settings_schema import global_settings

    return bool(global_settings(proposal.component).attachments_enabled)


class ProposalsConfig(AppConfig):
    name = "palabre.components.proposals"
    label = "proposals"

    def ready(self) -> None:
        from palabre.attachments import registry as attachments
        from palabre.components.proposals.models import Category, Proposal, Scope
        from palabre.core import structure
        from palabre.moderation import hideable

        # The filters of every list page, kept by each worker like the component itself.
        structure.watch(Category, Scope)

        # Blocking a participant "with their content" hides the proposals they wrote.
        hideable.register(Proposal, author_field="author")
        # Images and documents, where the component's setting allows them.
        attachments.register(Proposal, enabled=_attachments_enabled)
