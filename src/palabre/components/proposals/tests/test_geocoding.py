"""Geocoding through a fake Nominatim served on 127.0.0.1: nothing reaches the network."""

import pytest
from django.core.exceptions import ValidationError

from palabre.components.proposals import services
from palabre.components.proposals.geocoding import NominatimGeocoder
from palabre.components.proposals.tests.factories import (
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.components.proposals.tests.fake_geocoder import fake_geocoder

TITLE = "Une fontaine sur la place du marché"
BODY = "Pour boire pendant les fortes chaleurs."


@pytest.fixture
def nominatim(settings):
    with fake_geocoder() as url:
        settings.PALABRE_GEOCODER_URL = url
        yield url


@pytest.fixture
def component(organization):
    return ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(geocoding_enabled=True)
    )


def test_geocoder_reads_nominatim(nominatim):
    geocoder = NominatimGeocoder(nominatim)
    assert geocoder.geocode("1 place Bellecour, Lyon") == (45.7578, 4.832)
    assert geocoder.geocode("nulle part") is None


def test_an_address_gets_coordinates(nominatim, component, author):
    proposal = services.proposal_create_draft(
        author=author,
        component=component,
        title="Une fontaine sur la place",
        body=BODY,
        address="1 place Bellecour, Lyon",
    )
    assert (proposal.latitude, proposal.longitude) == (45.7578, 4.832)


@pytest.mark.parametrize(
    "address, message", [("nulle part", "could not be found"), ("panne", "right now")]
)
def test_an_address_that_does_not_geocode_gets_a_clear_message(
    nominatim, component, author, address, message
):
    with pytest.raises(ValidationError) as error:
        services.proposal_create_draft(
            author=author, component=component, title=TITLE, body=BODY, address=address
        )
    assert message in error.value.message_dict["address"][0]


def test_without_a_geocoder_the_address_is_kept_without_coordinates(settings, component, author):
    settings.PALABRE_GEOCODER_URL = None
    proposal = services.proposal_create_draft(
        author=author, component=component, title=TITLE, body=BODY, address="1 rue Haute"
    )
    assert proposal.address == "1 rue Haute" and proposal.latitude is None
