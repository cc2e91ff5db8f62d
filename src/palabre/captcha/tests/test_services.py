import base64
import json
import re
import time

import pytest
from django.core.exceptions import ValidationError

from palabre.captcha import services


def _payload(**changes) -> str:
    challenge = services.new_challenge()
    decoded = json.loads(base64.b64decode(services.solve(challenge["challenge"])))
    decoded.update(changes)
    return base64.b64encode(json.dumps(decoded).encode()).decode()


def _answered(challenge: dict, answer: int | None = None) -> dict:
    right = challenge["first"] + challenge["second"]
    return {
        "captcha_token": challenge["token"],
        "captcha_answer": str(right if answer is None else answer),
    }


pytestmark = pytest.mark.captcha


def test_a_solved_challenge_is_accepted_once():
    payload = services.solve(services.new_challenge()["challenge"])

    services.verify({"altcha": payload})
    with pytest.raises(ValidationError, match="used already"):
        services.verify({"altcha": payload})


def test_a_forged_solution_is_refused():
    with pytest.raises(ValidationError, match="did not succeed"):
        services.verify({"altcha": _payload(number=-1)})
    with pytest.raises(ValidationError, match="did not succeed"):
        services.verify({"altcha": _payload(signature="0" * 64)})
    with pytest.raises(ValidationError, match="did not succeed"):
        services.verify({"altcha": "not base64 at all!"})
    with pytest.raises(ValidationError, match="did not succeed"):
        services.verify({"altcha": base64.b64encode(b"[1, 2]").decode()})


def test_a_challenge_signed_with_another_key_is_refused(settings):
    settings.PALABRE_CAPTCHA_KEY = "someone-else"
    payload = services.solve(services.new_challenge()["challenge"])
    settings.PALABRE_CAPTCHA_KEY = "ours"

    with pytest.raises(ValidationError, match="did not succeed"):
        services.verify({"altcha": payload})


def test_an_expired_challenge_is_refused(monkeypatch):
    payload = services.solve(services.new_challenge()["challenge"])
    later = time.time() + services.CHALLENGE_MINUTES * 60 + 1
    monkeypatch.setattr("altcha.v1.time.time", lambda: later)

    with pytest.raises(ValidationError, match="expired"):
        services.verify({"altcha": payload})


def test_a_challenge_without_expiry_is_refused(settings):
    import altcha

    challenge = altcha.create_challenge_v1(max_number=100, hmac_key=services._key())
    payload = services.solve(json.dumps(challenge.to_dict()))

    with pytest.raises(ValidationError, match="did not succeed"):
        services.verify({"altcha": payload})


def test_nothing_sent_is_refused():
    with pytest.raises(ValidationError, match="missing"):
        services.verify({})


def test_the_question_answered_right_is_accepted_once():
    challenge = services.new_challenge()

    services.verify(_answered(challenge))
    with pytest.raises(ValidationError, match="used already"):
        services.verify(_answered(challenge))


def test_a_wrong_answer_or_a_forged_token_is_refused():
    challenge = services.new_challenge()
    right = challenge["first"] + challenge["second"]

    with pytest.raises(ValidationError, match="not right"):
        services.verify(_answered(challenge, right + 1))
    with pytest.raises(ValidationError, match="expired"):
        services.verify({"captcha_token": "forged", "captcha_answer": str(right)})


def test_an_expired_question_is_refused(monkeypatch):
    challenge = services.new_challenge()
    later = time.time() + services.CHALLENGE_MINUTES * 60 + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    with pytest.raises(ValidationError, match="expired"):
        services.verify(_answered(challenge))


@pytest.mark.django_db
def test_the_widget_has_a_label_a_live_status_and_its_script_from_the_site():
    from django.template import Context, Template

    html = Template("{% load captcha %}{% captcha_block 'here' %}").render(Context({}))

    assert "<legend>Anti-spam check</legend>" in html
    assert re.search(r'<label for="id_here_answer">How much is \d plus \d\?', html)
    assert 'id="id_here_answer"' in html
    assert 'role="status"' in html
    assert "/static/captcha/captcha.js" in html
    assert "<script>" not in html and "style=" not in html


def test_off_when_not_required(settings):
    settings.PALABRE_CAPTCHA_REQUIRED = False

    services.verify({})
