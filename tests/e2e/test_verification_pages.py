"""The verification pages of the census and code methods, and the backoffice's section, in a
real browser: axe-core finds no violation on any of them, with their errors shown too."""

import re

from playwright.sync_api import expect

from palabre.core.demo.content import PASSWORD
from palabre.core.models import User
from palabre.verifications.models import OrganizationVerificationMethod


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_a_participant_asks_for_a_code_and_types_a_wrong_one(
    english_page, demo, settings, tmp_path, assert_accessible
):
    settings.PALABRE_SMS_DIR = str(tmp_path / "sms")
    OrganizationVerificationMethod.objects.update_or_create(
        organization=demo, method="code", defaults={"enabled": True}
    )
    page = english_page
    page.set_default_timeout(30_000)
    bob = User.objects.get(email="bob@palabre.test")
    User.objects.filter(pk=bob.pk).update(locale="en")
    sign_in(page, bob.email)
    page.goto("/account/verifications/")
    expect(page.get_by_role("heading", level=1, name="Verifications")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Get verified: Code by text message or email").click()
    page.get_by_label("By text message").check()
    page.get_by_label("Phone number or email address").fill("12")
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_text("Type a phone number")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Phone number or email address").fill("06 12 34 56 78")
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("button", name="Confirm the code")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", next((tmp_path / "sms").iterdir()).read_text()).group(1)
    page.get_by_label("Code received").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Confirm the code").click()
    expect(page.get_by_text("This is not the code we sent.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code received").fill(code)
    page.get_by_role("button", name="Confirm the code").click()
    expect(page.get_by_text("You are verified.")).to_be_visible()


def test_the_administrator_reads_the_section_and_a_census_with_wrong_lines(
    admin_page, demo, tmp_path, assert_accessible
):
    page = admin_page
    page.set_default_timeout(30_000)
    page.goto("/admin/verifications/")
    expect(page.get_by_role("heading", level=1, name="Verifications")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Census", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Census")).to_be_visible()
    wrong = tmp_path / "census.csv"
    wrong.write_text("nom;prénom;date de naissance;code postal\nMartin;;31/02/1980;69003\n")
    page.get_by_label("Census file (CSV)").set_input_files(str(wrong))
    page.get_by_role("button", name="Upload and replace the census").click()
    expect(page.get_by_text("Line 2:")).to_be_visible()
    assert_accessible(page)
    page.goto("/admin/verifications/code/")
    expect(page.get_by_label("Gateway token")).to_be_visible()
    assert_accessible(page)
