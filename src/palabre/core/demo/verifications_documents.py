"""The demo's identity documents, postal letters and conflicts, in both organizations.

Anyone signed in can ask for a letter or send a document at once (both methods are offered).
Waiting for the administrator (Camille): documents to review (one sent online, a specimen
picture; one announced at the counter), letters to print and post, and a conflict (Inès
presents the document already accepted for Gaël). Finished: a document accepted, one rejected
with its reason, a letter whose code was typed. Alice's posted letter waits for its code,
DEMA-RCHE (README: "Demo logins").
"""

import io

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.demo import content
from palabre.core.models import Organization, User

ALICE_LETTER_CODE = "DEMA-RCHE"
RESIDENTS = {
    "dominique@palabre.test": "Dominique Petit",
    "eden@palabre.test": "Eden Roux",
    "farah@palabre.test": "Farah Benali",
    "gael@palabre.test": "Gaël Lambert",
    "hugo@palabre.test": "Hugo Marchand",
    "ines@palabre.test": "Inès Faure",
}


def _resident(email: str, organization: Organization) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=content.PASSWORD,
            nickname=email.split("@")[0],
            name=RESIDENTS[email],
            locale="fr",
            organization=organization,
            accepted_terms_at=timezone.now(),
        )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _specimen(name: str) -> SimpleUploadedFile:
    """A picture of a made-up identity card, marked SPECIMEN."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 400), "#dfe8f3")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 620, 380), outline="#1d3557", width=4)
    draw.text((40, 40), "CARTE NATIONALE D'IDENTITE - SPECIMEN", fill="#1d3557")
    draw.text((40, 120), f"NOM / PRENOMS : {name.upper()}", fill="#000000")
    draw.text((40, 160), "NE(E) LE : 14/02/1988", fill="#000000")
    draw.text((40, 200), "N° : DEMO123456", fill="#000000")
    draw.text((200, 320), "SPECIMEN - DEMO", fill="#b00020")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile("carte.jpg", buffer.getvalue(), content_type="image/jpeg")


def _identity(name: str, number: str, postal_code: str) -> dict:
    first_name, last_name = name.split(" ", 1)
    return {
        "document_type": "id_card",
        "document_number": number,
        "last_name": last_name,
        "first_name": first_name,
        "birth_date": "1988-02-14",
        "postal_code": postal_code,
    }


def _address(name: str, street: str, postal_code: str, city: str) -> dict:
    return {"name": name, "line1": street, "line2": "", "postal_code": postal_code, "city": city}


def _city(admin: User, city: Organization) -> None:
    from palabre.verifications import crypto
    from palabre.verifications.methods.id_document import services as documents
    from palabre.verifications.methods.postal_letter import codes
    from palabre.verifications.methods.postal_letter import services as letters
    from palabre.verifications.models_documents import PostalLetter

    people = {email: _resident(email, city) for email in RESIDENTS}
    alice = User.objects.get(email="alice@palabre.test")

    def document(email, **kwargs):
        return documents.id_document_submit(user=people[email], organization=city, **kwargs)

    # Waiting for staff.
    document(
        "dominique@palabre.test",
        mode="online",
        identity=_identity("Dominique Petit", "DEMO123456", "49100"),
        upload=_specimen("Dominique Petit"),
    )
    document("eden@palabre.test", mode="counter")
    # Finished: one accepted, one rejected with its reason.
    accepted = document("gael@palabre.test", mode="counter")
    documents.id_document_accept(
        actor=admin, document=accepted, identity=_identity("Gaël Lambert", "GL0048213", "49000")
    )
    rejected = document(
        "hugo@palabre.test",
        mode="online",
        identity=_identity("Hugo Marchand", "HM7730019", "49100"),
        upload=_specimen("Hugo Marchand"),
    )
    documents.id_document_reject(
        actor=admin,
        document=rejected,
        reason="La photo est floue : envoyez une photo nette, ou venez au guichet.",
    )
    # A conflict: Inès presents the document already accepted for Gaël.
    conflict = document("ines@palabre.test", mode="counter")
    documents.id_document_accept(
        actor=admin, document=conflict, identity=_identity("Inès Faure", "GL0048213", "49000")
    )
    # Alice's letter is posted: its code, DEMA-RCHE, waits to be typed.
    letter = letters.postal_letter_request(
        user=alice,
        organization=city,
        address=_address("Alice Moreau", "3 place du Ralliement", "49000", "Angers"),
    )
    PostalLetter.objects.filter(pk=letter.pk).update(
        code_hash=codes.code_hash(ALICE_LETTER_CODE),
        code=crypto.encrypt({"code": ALICE_LETTER_CODE}),
    )
    letters.postal_letters_mark_sent(actor=admin, organization=city, until=letter.pk)
    letters.postal_letter_request(
        user=people["farah@palabre.test"],
        organization=city,
        address=_address("Farah Benali", "8 rue Lenepveu", "49100", "Angers"),
    )
    # Farah's letter was asked for after: still to send. Dominique already typed a code.
    code = "KEYF-RAME"
    finished = letters.postal_letter_request(
        user=people["dominique@palabre.test"],
        organization=city,
        address=_address("Dominique Petit", "21 boulevard Foch", "49100", "Angers"),
    )
    PostalLetter.objects.filter(pk=finished.pk).update(code_hash=codes.code_hash(code), code="")
    PostalLetter.objects.filter(pk=finished.pk).update(sent_at=timezone.now(), sent_by=admin)
    letters.postal_letter_confirm(
        user=people["dominique@palabre.test"], organization=city, code=code
    )


def _metropolis(admin: User, metropolis: Organization) -> None:
    from palabre.verifications.methods.id_document import services as documents
    from palabre.verifications.methods.postal_letter import services as letters

    alice = User.objects.get(email="alice@palabre.test")
    bob = User.objects.get(email="bob@palabre.test")
    letters.postal_letter_request(
        user=alice,
        organization=metropolis,
        address=_address("Alice Moreau", "3 place du Ralliement", "49000", "Angers"),
    )
    documents.id_document_submit(user=bob, organization=metropolis, mode="counter")
    accepted = documents.id_document_submit(
        user=User.objects.get(email="gael@palabre.test"), organization=metropolis, mode="counter"
    )
    documents.id_document_accept(
        actor=admin, document=accepted, identity=_identity("Gaël Lambert", "GL0048213", "49000")
    )


def add_documents(*, admin: User, city: Organization, metropolis: Organization, result) -> None:
    """Offer both methods in both organizations, with requests waiting and finished ones."""
    if not apps.is_installed("palabre.verifications"):
        return
    from palabre.verifications.models import OrganizationVerificationMethod
    from palabre.verifications.models_documents import IdentityDocument

    for organization in (city, metropolis):
        for method in ("id_document", "postal_letter"):
            OrganizationVerificationMethod.objects.update_or_create(
                organization=organization, method=method, defaults={"enabled": True}
            )
    if not IdentityDocument.objects.filter(organization=city).exists():
        _city(admin, city)
        result.created.append(
            _("identity documents, postal letters and a conflict in %(name)s")
            % {"name": "Ville de Démo"}
        )
    if not IdentityDocument.objects.filter(organization=metropolis).exists():
        _metropolis(admin, metropolis)
        result.created.append(
            _("identity documents and postal letters in %(name)s") % {"name": "Métropole de Démo"}
        )
