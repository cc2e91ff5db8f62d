import factory

from palabre.core.tests.factories import SpaceFactory
from palabre.spaces.assemblies.models import AssemblyMember


class AssemblyFactory(SpaceFactory):
    kind = "assembly"
    slug = factory.Sequence(lambda n: f"assembly-{n}")
    title = factory.Sequence(lambda n: {"fr": f"Conseil {n}", "en": f"Council {n}"})


class AssemblyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssemblyMember

    assembly = factory.SubFactory(AssemblyFactory)
    full_name = factory.Sequence(lambda n: f"Membre {n}")
    role = {"fr": "Membre", "en": "Member"}
