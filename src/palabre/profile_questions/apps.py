from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfileQuestionsConfig(AppConfig):
    name = "palabre.profile_questions"
    label = "profile_questions"
    verbose_name = _("Optional profile questions")

    def ready(self) -> None:
        from palabre.core.registry import account_deletions
        from palabre.profile_questions.services import profile_answers_remove_all

        # Deleting an account erases its answers.
        account_deletions.append(profile_answers_remove_all)
