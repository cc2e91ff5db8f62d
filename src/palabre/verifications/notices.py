"""Emails that tell a person what staff decided about their verification (a document
accepted or rejected, a conflict resolved), in their language, once the decision commits."""

from django.urls import reverse

from palabre.core.mail import organization_url, send_templated_email


def verification_notice_send(*, user, organization, template: str, context: dict) -> None:
    """Email `user` the notice `verifications/<template>_subject.txt` / `_body.txt`, with a
    link to their verifications; nothing for a deleted account or one without an address."""
    if user is None or user.deleted_at is not None or not user.email:
        return
    send_templated_email(
        to=user.email,
        subject_template=f"verifications/{template}_subject.txt",
        body_template=f"verifications/{template}_body.txt",
        context={
            "user": user,
            "organization": organization,
            "verifications_url": organization_url(organization, reverse("verifications:index")),
            **context,
        },
        language=user.locale or organization.default_locale,
        organization=organization,
    )
