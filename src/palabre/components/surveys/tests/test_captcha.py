"""Answers without an account carry the anti-spam check (palabre.captcha); with an account,
no check is asked."""

import pytest
from django.test import Client

from palabre.captcha.testing import solved_from
from palabre.components.surveys.tests.factories import by_bus, mobility_survey
from palabre.forms.models import Response

pytestmark = [pytest.mark.django_db, pytest.mark.captcha]


def _url(survey):
    return survey.get_absolute_url()


def test_a_visitor_answers_with_a_solved_check(component):
    survey = mobility_survey(component, allow_unregistered=True)
    browser = Client(headers={"accept-language": "en"})
    payload = solved_from(browser.get(_url(survey)).content.decode())

    assert browser.post(_url(survey), by_bus(survey, altcha=payload)).status_code == 302
    assert Response.objects.count() == 1


@pytest.mark.parametrize("kind", ["missing", "forged", "reused"])
def test_a_visitor_without_a_valid_check_saves_nothing(component, kind):
    survey = mobility_survey(component, allow_unregistered=True)
    first = Client(headers={"accept-language": "en"})
    payload = solved_from(first.get(_url(survey)).content.decode())
    if kind == "reused":
        first.post(_url(survey), by_bus(survey, altcha=payload))
    sent = {"missing": "", "forged": payload[:-8] + "AAAAAAA=", "reused": payload}[kind]

    browser = Client(headers={"accept-language": "en"})
    page = browser.post(_url(survey), by_bus(survey, altcha=sent)).content.decode()

    assert "anti-spam" in page
    assert Response.objects.count() == (1 if kind == "reused" else 0)


def test_participants_are_not_asked(signed_in, participant, component):
    survey = mobility_survey(component)
    browser = signed_in(participant)

    assert "captcha_answer" not in browser.get(_url(survey)).content.decode()
    assert browser.post(_url(survey), by_bus(survey)).status_code == 302
