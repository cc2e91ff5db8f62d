"""Fixtures of the attachments tests: files in a temporary media folder, and a proposal of
a component that takes attachments, as the resource files are attached to."""

import pytest

from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def component(organization):
    return ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(attachments_enabled=True)
    )


@pytest.fixture
def proposal(component):
    return ProposalFactory(component=component)
