"""The account itself: the first file of every archive."""

from django.utils.translation import gettext_lazy as _

from palabre.privacy.registry import Section, register_section


def account_rows(user, organization):
    yield {
        "email": user.email,
        "nickname": user.nickname,
        "name": user.name,
        "about": user.about,
        "language": user.locale,
        "created_at": user.date_joined,
        "last_sign_in": user.last_login,
        "opened_on": user.organization.name if user.organization_id else "",
        "notification_frequency": user.notification_frequency,
        "newsletter_consent_at": user.newsletter_opt_in_at,
        "terms_accepted_at": user.accepted_terms_at,
    }


register_section(
    Section(
        name="account",
        label=_("Your account"),
        columns=(
            ("email", _("Your email address")),
            ("nickname", _("Your nickname, shown with what you publish")),
            ("name", _("Your name")),
            ("about", _("What you wrote about yourself on your profile")),
            ("language", _("The language you chose")),
            ("created_at", _("When you created your account")),
            ("last_sign_in", _("When you last signed in")),
            ("opened_on", _("The site where you created your account")),
            ("notification_frequency", _("How often you get notifications by email")),
            ("newsletter_consent_at", _("When you agreed to receive newsletters, if you did")),
            ("terms_accepted_at", _("When you last accepted terms of use")),
        ),
        rows=account_rows,
    )
)
