"""Emails: rendered in the recipient's language, sent in the background once the data is saved.

Rendering happens in the request (templates may need objects that cannot cross to a worker);
only plain strings reach the task, so any task backend can carry them.

Every absolute address an email or a task writes comes from `organization_url`: the
organization's host with the scheme and port the installation is served on
(`PALABRE_URL_SCHEME`, `PALABRE_URL_PORT`), never from a request, which a worker does not
have. `DemoFileBackend` keeps each email as a readable text file (`EMAIL_URL=files://`).
"""

import datetime
import itertools
import os
import secrets
from email.utils import formatdate
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, InvalidMailer
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import task
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from palabre.core.queue import enqueue_with_transaction

DEFAULT_PORTS = {"http": 80, "https": 443}


def site_root(organization) -> str:
    """`scheme://host[:port]` of an organization's site, as people reach it."""
    scheme = settings.PALABRE_URL_SCHEME
    port = settings.PALABRE_URL_PORT
    host = organization.host
    if port and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return f"{scheme}://{host}"


def organization_url(organization, path: str = "/") -> str:
    """The full address of `path` (an absolute path, e.g. `get_absolute_url()`) on the
    organization's site, for emails and anything else read away from the site."""
    if not path.startswith("/"):
        path = "/" + path
    return site_root(organization) + path


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


def render_text(template_name: str, context: dict) -> str:
    """A template rendered as plain text, without HTML escaping: for email subjects and text
    bodies, where `&lt;` would be shown as such. Never for anything a browser reads."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))


def render_email(
    *,
    subject_template: str,
    body_template: str,
    context: dict,
    language: str,
    html_template: str | None = None,
    subject_prefix: str = "",
) -> tuple[str, str, str]:
    """Render `(subject, text body, HTML body or "")` in `language`.

    The subject and the text body are plain text (`render_text`): a title holding `<` or `&`
    reads as written; only the HTML body is escaped."""
    with translation.override(language):
        subject = render_text(subject_template, context)
        # A subject is one line, whatever line breaks the template left.
        subject = " ".join(subject.splitlines()).strip()
        if subject_prefix:
            subject = f"[{subject_prefix}] {subject}"
        body = render_text(body_template, context).strip()
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


class DemoFileBackend(BaseEmailBackend):
    """Writes each email as a text file a person can read: its headers, then its text body
    decoded (no quoted-printable line breaks cutting links in two). For the demo and for
    development (`EMAIL_URL=files://`, into `var/mail/`); nothing is sent.
    """

    _sequence = itertools.count(1)

    def __init__(self, *, file_path: str | os.PathLike | None = None, **kwargs):
        super().__init__(**kwargs)
        if file_path is None:
            raise InvalidMailer("OPTIONS must define 'file_path'.", alias=self.alias)
        self.file_path = Path(file_path).resolve()
        try:
            self.file_path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InvalidMailer(
                f"Could not create 'file_path': {self.file_path} ({error})", alias=self.alias
            ) from error

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            self._write(message)
            sent += 1
        return sent

    def _write(self, message) -> Path:
        headers = [
            ("Date", formatdate(localtime=True)),
            ("From", message.from_email),
            ("To", ", ".join(message.to)),
        ]
        if message.cc:
            headers.append(("Cc", ", ".join(message.cc)))
        if message.reply_to:
            headers.append(("Reply-To", ", ".join(message.reply_to)))
        headers.append(("Subject", message.subject))
        headers += [(name, value) for name, value in (message.extra_headers or {}).items()]
        lines = [f"{name}: {value}" for name, value in headers]
        alternatives = [
            alternative.mimetype for alternative in getattr(message, "alternatives", ())
        ]
        if alternatives:
            lines.append("Also sent as: " + ", ".join(alternatives))
        text = "\n".join(lines) + "\n\n" + str(message.body).rstrip() + "\n"
        # A name that sorts by time and never collides, even between processes.
        stamp = f"{datetime.datetime.now():%Y%m%d-%H%M%S}"
        name = f"{stamp}-{os.getpid()}-{next(self._sequence)}-{secrets.token_hex(2)}.txt"
        path = self.file_path / name
        temporary = path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)  # readers never see half a message
        return path
