"""How allauth fits Palabre: accounts opened on an organization's site belong to it."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        organization = getattr(request, "organization", None)
        if organization is not None and user.organization_id is None:
            user.organization = organization
        if commit:
            user.save()
        return user
