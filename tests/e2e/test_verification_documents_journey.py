"""Identity documents, postal letters and conflicts in a real browser, on the demo: a
participant sends a document (a wrong file first) and types the code of her letter (a wrong
one first); the administrator reviews a document, prints and posts letters, resolves a
conflict and previews a bulk revocation. axe-core finds no violation on any of these pages,
errors shown included."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from palabre.core.demo.content import PASSWORD
from palabre.core.demo.verifications_documents import ALICE_LETTER_CODE
from palabre.core.models import User
from palabre.verifications.models import Verification


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_a_participant_sends_a_document_and_types_the_code_of_her_letter(
    english_page, demo, tmp_path, assert_accessible
):
    page = english_page
    page.set_default_timeout(30_000)
    User.objects.filter(email="alice@palabre.test").update(locale="en")
    sign_in(page, "alice@palabre.test")
    # Her letter is posted: a wrong code first, then the right one.
    page.goto("/account/verifications/postal-letter/")
    expect(page.get_by_role("heading", name="Type the code of your letter")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code of the letter").fill("AAAA-AAAA")
    page.get_by_role("button", name="Verify my address").click()
    expect(page.get_by_text("This is not the code of your letter. 4 tries left.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code of the letter").fill(ALICE_LETTER_CODE.lower())
    page.get_by_role("button", name="Verify my address").click()
    expect(page.get_by_text("Your address is verified.")).to_be_visible()
    # Her identity document (already waiting): sent again, a wrong file first.
    page.goto("/account/verifications/id-document/")
    expect(page.get_by_role("heading", level=1, name="Identity document")).to_be_visible()
    assert_accessible(page)
    fake = tmp_path / "document.pdf"
    fake.write_bytes(b"MZ\x90\x00 a program")
    page.get_by_label("Type of document").select_option("passport")
    page.get_by_label("Document number").fill("18AB12345")
    page.get_by_label("Last name").fill("Moreau")
    page.get_by_label("First names").fill("Alice")
    page.get_by_label("Birth date").fill("1990-03-12")
    page.get_by_label("Postal code of your home").fill("49000")
    page.get_by_label("Photo or scan of the document").set_input_files(str(fake))
    page.get_by_role("button", name="Send my document").click()
    expect(page.get_by_text("Send a photo (JPEG, PNG or WebP) or a PDF")).to_be_visible()
    assert_accessible(page)
    photo = tmp_path / "passport.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "navy").save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    page.get_by_label("Photo or scan of the document").set_input_files(str(photo))
    page.get_by_role("button", name="Send my document").click()
    expect(page.get_by_text("Your document is sent.")).to_be_visible()


def test_the_administrator_reviews_prints_and_resolves(admin_page, demo, assert_accessible):
    page = admin_page
    page.set_default_timeout(30_000)
    # Identity documents: the list, a review, a rejection without a reason, an acceptance.
    page.goto("/admin/verifications/id-document/")
    expect(
        page.get_by_role("heading", level=1, name="Identity documents to review")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Review Dominique Petit").click()
    expect(
        page.get_by_role("img", name="Identity document sent by Dominique Petit")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and verify").click()
    expect(page.get_by_text("Dominique Petit is verified.")).to_be_visible()
    dominique = User.objects.get(email="dominique@palabre.test")
    assert (
        Verification.objects.get(user=dominique, organization=demo, method="id_document").status
        == "granted"
    )
    # Postal letters: the PDF, then posted.
    page.goto("/admin/verifications/postal-letter/")
    expect(page.get_by_role("heading", level=1, name="Postal letters to send")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the letters (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("button", name=re.compile("as posted")).click()
    expect(page.get_by_text("No letter waits to be sent.")).to_be_visible()
    # The conflict: transferred, with a reason.
    page.goto("/admin/verifications/conflicts/")
    expect(page.get_by_role("heading", level=1, name="Verification conflicts")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Decide Inès Faure").click()
    expect(page.get_by_role("heading", name="Transfer to the new account")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Transfer the verification").click()
    expect(page.get_by_text("say why the verification moves")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reason", exact=True).fill(
        "Gaël's account was opened by mistake with her document."
    )
    page.get_by_role("button", name="Transfer the verification").click()
    expect(page.get_by_text("The verification is transferred to Inès Faure.")).to_be_visible()
    # A bulk revocation: its preview.
    page.goto("/admin/verifications/revocations/")
    assert_accessible(page)
    page.get_by_label("Method").select_option("id_document")
    page.get_by_role("button", name="See how many would be revoked").click()
    expect(page.get_by_role("button", name=re.compile(r"Revoke \d+ verification"))).to_be_visible()
    assert_accessible(page)
