"""Emails: rendered in the recipient's language, sent in the background once the data is saved.

Rendering happens in the request (templates may need objects that cannot cross to a worker);
only plain strings reach the task, so any task backend can carry them.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from palabre.core.queue import enqueue_with_transaction


@task
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Send one already rendered email."""
    message = EmailMultiAlternatives(
        subject, body, from_email or settings.DEFAULT_FROM_EMAIL, to, headers=headers
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def render_email(
    *,
    subject_template: str,
    body_template: str,
    context: dict,
    language: str,
    html_template: str | None = None,
    subject_prefix: str = "",
) -> tuple[str, str, str]:
    """Render `(subject, text body, HTML body or "")` in `language`."""
    with translation.override(language):
        subject = render_to_string(subject_template, context)
        # A subject is one line, whatever line breaks the template left.
        subject = " ".join(subject.splitlines()).strip()
        if subject_prefix:
            subject = f"[{subject_prefix}] {subject}"
        body = render_to_string(body_template, context).strip()
        html_body = ""
        if html_template:
            try:
                html_body = render_to_string(html_template, context).strip()
            except TemplateDoesNotExist:
                html_body = ""
    return subject, body, html_body


def send_templated_email(
    *,
    to: str | list[str],
    subject_template: str,
    body_template: str,
    context: dict,
    language: str,
    html_template: str | None = None,
    organization=None,
    from_email: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Render an email in `language` and send it in the background once the current
    transaction commits (see `palabre.core.queue`), so that a rolled-back change never
    announces itself. With `organization`, its name starts the subject: people on several
    organizations' sites know which one writes to them.
    """
    subject, body, html_body = render_email(
        subject_template=subject_template,
        body_template=body_template,
        context=context,
        language=language,
        html_template=html_template,
        subject_prefix=organization.name if organization is not None else "",
    )
    enqueue_with_transaction(
        send_email,
        to=[to] if isinstance(to, str) else list(to),
        subject=subject,
        body=body,
        html_body=html_body,
        from_email=from_email,
        headers=headers,
    )
