"""Addresses in emails come from one place; demo emails are readable files."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings

from palabre.config.settings import _mailer
from palabre.core.mail import DemoFileBackend, organization_url, site_root
from palabre.core.models import Organization


@pytest.mark.parametrize(
    ("scheme", "port", "root"),
    [
        ("https", None, "https://ville.example"),
        ("https", 443, "https://ville.example"),
        ("http", 80, "http://ville.example"),
        ("http", 8080, "http://ville.example:8080"),
        ("https", 8443, "https://ville.example:8443"),
    ],
)
def test_the_site_root_takes_scheme_and_port_from_the_deployment(settings, scheme, port, root):
    settings.PALABRE_URL_SCHEME = scheme
    settings.PALABRE_URL_PORT = port
    organization = Organization(host="ville.example")
    assert site_root(organization) == root
    assert organization_url(organization, "/processes/bp/") == root + "/processes/bp/"
    assert organization_url(organization, "notifications/") == root + "/notifications/"
    assert organization_url(organization) == root + "/"


def test_files_url_chooses_the_readable_backend(tmp_path):
    assert _mailer(f"files://{tmp_path}/box") == {
        "BACKEND": "palabre.core.mail.DemoFileBackend",
        "OPTIONS": {"file_path": f"{tmp_path}/box"},
    }
    assert _mailer("files://")["OPTIONS"]["file_path"].endswith("/mail")


def test_each_email_is_a_readable_file_with_its_links_whole(tmp_path):
    link = "http://127.0.0.1:8000/processes/budget-participatif/f/12/budgets/3/?from=email" + (
        "&x=" + "a" * 80
    )
    mailers = {
        "default": {
            "BACKEND": "palabre.core.mail.DemoFileBackend",
            "OPTIONS": {"file_path": str(tmp_path / "mail")},
        }
    }
    with override_settings(MAILERS=mailers):
        message = EmailMultiAlternatives(
            "[Ville de Démo] Votre vote est enregistré",
            f"Bonjour Alice,\n\nVotre vote : {link}\n\nÀ bientôt — l’équipe",
            "Palabre <no-reply@palabre.test>",
            ["alice@palabre.test"],
            headers={"List-Unsubscribe": "<http://127.0.0.1:8000/account/notifications/>"},
        )
        message.attach_alternative("<p>Votre vote</p>", "text/html")
        message.send()
        mail.EmailMessage("Second", "Deux", "a@palabre.test", ["bob@palabre.test"]).send()
    files = sorted((tmp_path / "mail").glob("*.txt"))
    assert len(files) == 2
    texts = {path.read_text(encoding="utf-8") for path in files}
    first = next(text for text in texts if "Alice" in text)
    assert "Subject: [Ville de Démo] Votre vote est enregistré\n" in first
    assert "To: alice@palabre.test\n" in first
    assert "From: Palabre <no-reply@palabre.test>\n" in first
    assert "Also sent as: text/html\n" in first
    # Decoded: accents as they are, the long link on one line.
    assert f"Votre vote : {link}\n" in first
    assert "=\n" not in first and "=C3" not in first
    assert not list((tmp_path / "mail").glob("*.tmp"))


def test_the_backend_needs_a_folder():
    with pytest.raises(Exception, match="file_path"):
        DemoFileBackend(alias="default")
