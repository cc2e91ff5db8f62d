import pytest
from django.db import DatabaseError


def test_unknown_host_gets_a_clear_404_page(client, organization):
    response = client.get("/", HTTP_HOST="nowhere.example")
    assert response.status_code == 404
    assert "nowhere.example" in response.content.decode()


def test_healthz_answers_without_an_organization(client, db):
    response = client.get("/healthz", HTTP_HOST="monitor.internal")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_reports_an_unreachable_database(client, db, monkeypatch):
    from palabre.core import views

    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("en-GB,en;q=0.9", "en"), ("fr-FR", "fr"), ("de-DE", "fr"), (None, "fr")],
)
def test_language_follows_the_browser_within_the_organization_languages(
    organization, accept, expected
):
    from django.test import Client

    client = Client()
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = client.get("/healthz", **headers)
    assert response.status_code == 200
    response = client.get("/", **headers)
    assert expected == response.wsgi_request.LANGUAGE_CODE


def test_language_not_offered_by_the_organization_falls_back_to_its_default(client, organization):
    organization.available_locales = ["fr"]
    organization.save()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.wsgi_request.LANGUAGE_CODE == "fr"
