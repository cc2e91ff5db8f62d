from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.backoffice.forms import BackofficeForm, DateInput
from palabre.core.translations import TranslatedFormField
from palabre.legal.models import Compliance

PLACEHOLDERS_HELP = _("Replace every text in square brackets, such as [director of publication].")


class LegalPagesForm(BackofficeForm):
    terms = TranslatedFormField(
        label=_("Terms of use"),
        rich=True,
        required=False,
        help_text=_(
            "Participants read the last published version: publish a new version once "
            "your changes are ready."
        ),
    )
    notice = TranslatedFormField(
        label=_("Legal notice"), rich=True, required=False, help_text=PLACEHOLDERS_HELP
    )
    privacy = TranslatedFormField(label=_("Privacy policy"), rich=True, required=False)
    cookies = TranslatedFormField(
        label=_("Cookies"),
        rich=True,
        required=False,
        help_text=_(
            "Shown above the list of the cookies the platform sets, which is kept up to date."
        ),
    )
    help = TranslatedFormField(label=_("Help"), rich=True, required=False)


class AccessibilityForm(BackofficeForm):
    status = forms.ChoiceField(label=_("Compliance status"), choices=Compliance.choices)
    audit_date = forms.DateField(label=_("Date of the audit"), required=False, widget=DateInput)
    auditor = forms.CharField(label=_("Auditor"), max_length=200, required=False)
    compliance_rate = forms.IntegerField(
        label=_("Rate of compliance (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("The share of the RGAA criteria met, as the audit measured it."),
    )
    statement_date = forms.DateField(
        label=_("Date of the statement"), required=False, widget=DateInput
    )
    audited_pages = TranslatedFormField(label=_("Pages audited"), rich=True, required=False)
    technologies = TranslatedFormField(label=_("Technologies used"), rich=True, required=False)
    non_compliant = TranslatedFormField(label=_("Non-compliant content"), rich=True, required=False)
    disproportionate_burden = TranslatedFormField(
        label=_("Exemptions for disproportionate burden"), rich=True, required=False
    )
    exempted = TranslatedFormField(
        label=_("Content not subject to the obligation"), rich=True, required=False
    )
    contact = TranslatedFormField(
        label=_("Feedback and contact"), rich=True, required=False, help_text=PLACEHOLDERS_HELP
    )


class TermsPublishForm(BackofficeForm):
    summary = TranslatedFormField(
        label=_("Summary of the changes"),
        max_length=2000,
        help_text=_("Shown to participants when they are asked to accept the new version."),
    )


class TermsAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I accept the terms of use of this site"),
        error_messages={"required": _("Tick the box to accept the terms of use.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
