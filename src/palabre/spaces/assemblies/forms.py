from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import TranslatedFormField
from palabre.spaces.assemblies import selectors


class AssemblyMemberForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the name of the linked account."),
    )
    role = TranslatedFormField(label=_("Position"), max_length=200, required=False)
    user_email = forms.EmailField(
        label=_("Email of their account on this site (optional)"), required=False
    )
    ceased_at = forms.DateField(
        label=_("End of membership"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Once this date has passed, they are listed as a former member."),
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        required=False,
        help_text=_("Members are listed by increasing position. Leave empty to put them last."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].set_languages(organization.locales)

    def clean_user_email(self):
        email = self.cleaned_data["user_email"]
        if not email:
            return None
        user = selectors.user_get_by_email(email)
        if user is None:
            raise forms.ValidationError(_("Nobody has an account with this email address."))
        return user

    def clean(self):
        data = super().clean()
        if not data.get("full_name") and not data.get("user_email") and not self.errors:
            self.add_error("full_name", _("Enter a full name, or the email of an account."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "role": data["role"],
            "user": data["user_email"],
            "ceased_at": data["ceased_at"],
            "position": data["position"],
        }
