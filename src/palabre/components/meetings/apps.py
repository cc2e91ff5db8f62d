from django.apps import AppConfig


def _attachments_enabled(meeting) -> bool:
    from palabre.core.settings_schema import global_settings

    return bool(global_settings(meeting.component).attachments_enabled)


class MeetingsConfig(AppConfig):
    name = "palabre.components.meetings"
    label = "meetings"

    def ready(self) -> None:
        from palabre.attachments import registry as attachments
        from palabre.components.meetings.models import (
            Meeting,
            MeetingCategory,
            MeetingKind,
            MeetingScope,
        )
        from palabre.core import structure
        from palabre.moderation import hideable

        # The filters of every list page, kept by each worker like the component itself.
        structure.watch(MeetingKind, MeetingCategory, MeetingScope)
        # Blocking a participant "with their content" hides the meetings they organize.
        hideable.register(Meeting, author_field="author")
        attachments.register(Meeting, enabled=_attachments_enabled)
        # A deleted account gives its seats at the meetings to come to the people waiting.
        from palabre.components.meetings.registrations import registrations_cancel_for_user
        from palabre.core.registry import account_deletions

        account_deletions.append(registrations_cancel_for_user)
