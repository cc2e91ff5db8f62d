"""Factories for tests across the project."""

import factory
from django.utils import timezone

from palabre.core.models import Component, Organization, Space, SpaceMember, SpaceRole, Step, User

DEMO_PASSWORD = "correct-horse-battery"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("host",)

    host = "testserver"
    name = "Ville de Test"
    reference_prefix = "TEST"
    default_locale = "fr"
    available_locales = ["fr", "en"]
    description = {"fr": "<p>Bienvenue</p>", "en": "<p>Welcome</p>"}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    nickname = factory.Sequence(lambda n: f"person{n}")
    name = factory.Sequence(lambda n: f"Person {n}")
    organization = factory.SubFactory(OrganizationFactory)
    accepted_terms_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or DEMO_PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    organization = factory.SubFactory(OrganizationFactory)
    kind = "process"
    slug = factory.Sequence(lambda n: f"space-{n}")
    title = factory.Sequence(lambda n: {"fr": f"Processus {n}", "en": f"Process {n}"})
    published_at = factory.LazyFunction(timezone.now)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: {"fr": f"Étape {n}", "en": f"Step {n}"})
    position = factory.Sequence(lambda n: n)


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    space = factory.SubFactory(SpaceFactory)
    manifest_name = "pages"
    name = {"fr": "Page", "en": "Page"}
    published_at = factory.LazyFunction(timezone.now)
    settings = factory.LazyFunction(dict)


class SpaceRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceRole

    space = factory.SubFactory(SpaceFactory)
    user = factory.SubFactory(UserFactory)
    role = SpaceRole.Role.ADMIN


class SpaceMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceMember

    space = factory.SubFactory(SpaceFactory)
    user = factory.SubFactory(UserFactory)


def with_two_factor(person):
    """Give a person an authenticator, as the backoffice requires of everyone entering it."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return person


def png_upload(name="picture.png", size=(8, 8)):
    """A real, small PNG file as a form upload."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
