import json
import re
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from palabre.core.models import ActionLog
from palabre.core.tests.factories import UserFactory
from palabre.verifications import crypto, sms
from palabre.verifications.methods import code as code_method
from palabre.verifications.models import (
    OrganizationVerificationMethod,
    Verification,
    VerificationCode,
    VerificationConflict,
)
from palabre.verifications.selectors import verification_metadata


@pytest.fixture
def offered(organization):
    return OrganizationVerificationMethod.objects.create(organization=organization, method="code")


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.PALABRE_SMS_DIR = str(tmp_path / "sms")
    return tmp_path / "sms"


def last_sms(sms_dir) -> tuple[str, str]:
    files = sorted(sms_dir.iterdir())
    text = files[-1].read_text()
    return re.search(r"^To: (.*)$", text, re.M).group(1), re.search(r"\b(\d{6})\b", text).group(1)


def send(participant, organization, destination="06 12 34 56 78", channel="sms", **kwargs):
    return code_method.code_send(
        user=participant,
        organization=organization,
        channel=channel,
        destination=destination,
        **kwargs,
    )


def confirm(participant, organization, code):
    return code_method.code_confirm(user=participant, organization=organization, code=code)


def test_a_code_by_sms_verifies_the_phone_number(
    organization, participant, offered, sms_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(participant, organization)
    to, code = last_sms(sms_dir)
    assert to == "+33612345678"
    assert Verification.objects.get(user=participant).status == "pending"
    verification = confirm(participant, organization, f"{code[:3]} {code[3:]}")
    assert verification.status == "granted"
    assert verification_metadata(verification) == {"channel": "sms", "destination": "+33612345678"}
    assert verification.unique_id == crypto.keyed_hash("sms:+33612345678", normalized=False)


def test_a_code_by_email(organization, participant, offered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(participant, organization, "Anne@Example.org", channel="email")
    message = mail.outbox[-1]
    assert message.to == ["anne@example.org"]
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    assert code in message.subject
    assert confirm(participant, organization, code).status == "granted"


def test_codes_are_stored_hashed(
    organization, participant, offered, sms_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(participant, organization)
    _to, code = last_sms(sms_dir)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code_hash, destination, destination_hash FROM verifications_verificationcode"
        )
        row = cursor.fetchone()
    assert code not in repr(row) and "612345678" not in repr(row)


def test_a_code_is_used_once(
    organization, participant, offered, sms_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(participant, organization)
    _to, code = last_sms(sms_dir)
    confirm(participant, organization, code)
    with pytest.raises(ValidationError):
        confirm(participant, organization, code)


def test_a_wrong_code_counts_and_five_end_the_code(
    organization, participant, offered, sms_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(participant, organization)
    _to, code = last_sms(sms_dir)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationError) as refusal:
            confirm(participant, organization, wrong)
        assert (f"{left} more" if left > 1 else "once more") in refusal.value.messages[0]
    with pytest.raises(ValidationError) as refusal:
        confirm(participant, organization, wrong)
    assert "Too many wrong codes" in refusal.value.messages[0]
    # The right code no longer works either.
    with pytest.raises(ValidationError) as refusal:
        confirm(participant, organization, code)
    assert "Too many wrong codes" in refusal.value.messages[0]
    assert VerificationCode.objects.get().attempts == 5
    assert ActionLog.objects.filter(action="verification_attempt_failed").count() == 6
    assert Verification.objects.get(user=participant).status == "pending"


def test_a_code_expires_after_ten_minutes(
    organization, participant, offered, sms_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(participant, organization)
    _to, code = last_sms(sms_dir)
    VerificationCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as refusal:
        confirm(participant, organization, code)
    assert "expired" in refusal.value.messages[0]
    row = VerificationCode.objects.get()
    assert row.expires_at - row.created_at <= timedelta(minutes=10)


def test_a_new_code_ends_the_previous_one(
    organization, participant, offered, sms_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(participant, organization)
    _to, first = last_sms(sms_dir)
    with django_capture_on_commit_callbacks(execute=True):
        send(participant, organization)
    _to, second = last_sms(sms_dir)
    if first != second:
        with pytest.raises(ValidationError):
            confirm(participant, organization, first)
    assert confirm(participant, organization, second).status == "granted"


def test_sends_are_limited_per_number(organization, participant, offered, sms_dir):
    others = [UserFactory(organization=organization) for _ in range(3)]
    for person in others:
        send(person, organization)
    with pytest.raises(ValidationError) as refusal:
        send(participant, organization)
    assert refusal.value.code == "rate_limited"
    # Another number is still served.
    send(participant, organization, "07 00 00 00 01")
    assert ActionLog.objects.filter(action="verification_rate_limited").count() == 1


def test_sends_are_limited_per_person(organization, participant, offered, sms_dir):
    for index in range(code_method.SENDS_PER_PERSON):
        send(participant, organization, f"07 00 00 00 1{index}")
    with pytest.raises(ValidationError) as refusal:
        send(participant, organization, "07 00 00 00 99")
    assert refusal.value.code == "rate_limited"


@pytest.mark.parametrize("destination", ["12", "06 12", "abc", "+0612345678"])
def test_a_wrong_phone_number_is_refused(organization, participant, offered, destination):
    with pytest.raises(ValidationError) as refusal:
        send(participant, organization, destination)
    assert "destination" in refusal.value.message_dict
    assert not VerificationCode.objects.exists()


def test_the_same_number_on_two_accounts_is_a_conflict(
    organization, participant, offered, sms_dir, django_capture_on_commit_callbacks
):
    other = UserFactory(organization=organization)
    for person in (participant, other):
        with django_capture_on_commit_callbacks(execute=True):
            send(person, organization)
        _to, code = last_sms(sms_dir)
        result = confirm(person, organization, code)
    assert result.status == "pending"
    assert VerificationConflict.objects.get().existing_user == participant


# The HTTP gateway, against a real local server --------------------------------------------
class Gateway(BaseHTTPRequestHandler):
    received: list = []
    status = 200
    location = ""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Gateway.received.append(
            {"auth": self.headers.get("Authorization"), "json": json.loads(body)}
        )
        self.send_response(Gateway.status)
        if Gateway.location:
            self.send_header("Location", Gateway.location)
        self.end_headers()
        self.wfile.write(b"{}")

    def do_GET(self):
        Gateway.received.append({"auth": self.headers.get("Authorization"), "json": None})
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    Gateway.received = []
    Gateway.status = 200
    Gateway.location = ""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def test_an_organization_s_http_gateway_receives_the_code(
    organization, org_admin, participant, offered, gateway, django_capture_on_commit_callbacks
):
    code_method.code_settings_save(
        actor=org_admin,
        organization=organization,
        channels=["sms"],
        sms_gateway="http",
        sms_url=gateway,
        sms_sender="VilleTest",
        sms_token="s3cret-token",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT secrets FROM verifications_organizationverificationmethod")
        assert "s3cret" not in cursor.fetchone()[0]
    with django_capture_on_commit_callbacks(execute=True):
        send(participant, organization)
    (received,) = Gateway.received
    assert received["auth"] == "Bearer s3cret-token"
    assert received["json"]["to"] == "+33612345678"
    assert received["json"]["sender"] == "VilleTest"
    code = re.search(r"\b(\d{6})\b", received["json"]["text"]).group(1)
    assert confirm(participant, organization, code).status == "granted"


def test_a_gateway_refusal_raises(gateway):
    Gateway.status = 500
    with pytest.raises(sms.SmsError):
        sms.HttpSmsBackend(url=gateway, token="t").send(to="+33612345678", text="x")


def test_a_token_left_empty_keeps_the_saved_one(organization, org_admin, offered, gateway):
    for token in ("first-token", ""):
        code_method.code_settings_save(
            actor=org_admin,
            organization=organization,
            channels=["sms"],
            sms_gateway="http",
            sms_url=gateway,
            sms_token=token,
        )
    backend = sms.sms_backend_for(organization)
    assert backend.token == "first-token"


def test_settings_are_checked_and_for_administrators(
    organization, org_admin, participant, settings
):
    with pytest.raises(PermissionDenied):
        code_method.code_settings_save(
            actor=participant, organization=organization, channels=["sms"], sms_gateway="console"
        )
    with pytest.raises(ValidationError) as refusal:
        code_method.code_settings_save(
            actor=org_admin,
            organization=organization,
            channels=[],
            sms_gateway="http",
            sms_url="ftp://x",
        )
    assert set(refusal.value.message_dict) == {"channels", "sms_url"}
    # In production (not a test, a demo or DEBUG, as `make test` runs in demo mode):
    settings.TESTING, settings.DEMO, settings.DEBUG = False, False, False
    assert not sms.gateway_url_allowed("http://gateway.example.org/")
    assert sms.gateway_url_allowed("https://gateway.example.org/")


# Pages ------------------------------------------------------------------------------------
def test_the_pages_send_confirm_and_go_back(
    signed_in,
    organization,
    participant,
    offered,
    sms_dir,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    browser = signed_in(participant)
    with django_assert_max_num_queries(12):
        assert browser.get("/account/verifications/code/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            "/account/verifications/code/",
            {"channel": "sms", "destination": "06 12 34 56 78", "next": "/processes/x/"},
        )
    assert response.status_code == 302
    assert response["Location"] == "/account/verifications/code/confirm/?next=%2Fprocesses%2Fx%2F"
    _to, code = last_sms(sms_dir)
    with django_assert_max_num_queries(12):
        page = browser.get(response["Location"])
    assert 'value="/processes/x/"' in page.text
    wrong = browser.post(
        "/account/verifications/code/confirm/", {"code": "000000" if code != "000000" else "111111"}
    )
    assert "not the code we sent" in wrong.text
    done = browser.post(
        "/account/verifications/code/confirm/", {"code": code, "next": "/processes/x/"}
    )
    assert done["Location"] == "/processes/x/"


def test_the_settings_page(signed_in, organization, org_admin, participant):
    browser = signed_in(org_admin)
    assert browser.get("/admin/verifications/code/").status_code == 200
    response = browser.post(
        "/admin/verifications/code/", {"channels": ["email"], "sms_gateway": "console"}
    )
    assert response.status_code == 302
    assert code_method.channels_offered(organization) == ["email"]
    assert signed_in(participant).get("/admin/verifications/code/").status_code == 403


def test_a_gateway_redirection_is_not_followed(gateway):
    Gateway.status = 302
    Gateway.location = gateway + "-elsewhere"
    with pytest.raises(sms.SmsError):
        sms.HttpSmsBackend(url=gateway, token="t").send(to="+33612345678", text="x")
    # Asked once: the token never went to the other address.
    assert len(Gateway.received) == 1
