"""What a person's archive holds of debates: those they opened and those they endorsed,
in this organization only."""

import pytest

from palabre.components.debates import services
from palabre.components.debates.tests.factories import DebateFactory
from palabre.core.tests.factories import ComponentFactory, OrganizationFactory, SpaceFactory
from palabre.privacy.registry import sections

pytestmark = pytest.mark.django_db


def test_the_archive_lists_the_debates_opened_and_endorsed(component, participant, organization):
    opened = services.debate_open(
        author=participant,
        component=component,
        title={"fr": "Un parc ?"},
        description={"fr": "<p>Oui</p>"},
    )
    services.debate_close(user=participant, debate=opened, conclusion={"fr": "<p>Fait</p>"})
    endorsed = DebateFactory(component=component, title={"fr": "Des bancs"})
    services.debate_endorse(user=participant, debate=endorsed)
    elsewhere = SpaceFactory(organization=OrganizationFactory(host="elsewhere.example.org"))
    DebateFactory(
        component=ComponentFactory(space=elsewhere, manifest_name="debates"),
        official=False,
        author=participant,
    )

    rows = list(sections.get("debates").rows(participant, organization))
    assert [row["title"] for row in rows] == ["Un parc ?"]
    assert rows[0]["conclusion"] == "<p>Fait</p>" and rows[0]["reference"] == opened.reference
    given = list(sections.get("debate_endorsements").rows(participant, organization))
    assert [row["debate"] for row in given] == ["Des bancs"]
