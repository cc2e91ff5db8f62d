"""Geocoding through a fake Nominatim served on 127.0.0.1: nothing reaches the network."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import ValidationError

from palabre.components.proposals import services
from palabre.components.proposals.geocoding import NominatimGeocoder
from palabre.components.proposals.tests.factories import (
    ProposalsComponentFactory,
    proposals_settings,
)

PLACES = {"1 place Bellecour, Lyon": ("45.7578", "4.8320")}


class FakeNominatim(BaseHTTPRequestHandler):
    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        if query.get("q") == ["panne"]:
            self.send_response(500)
            self.end_headers()
            return
        place = PLACES.get(query.get("q", [""])[0])
        body = json.dumps([{"lat": place[0], "lon": place[1]}] if place else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PALABRE_GEOCODER_URL = f"http://127.0.0.1:{server.server_port}"
    yield settings.PALABRE_GEOCODER_URL
    server.shutdown()
    server.server_close()


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
            author=author, component=component, title="Une fontaine", address=address
        )
    assert message in error.value.message_dict["address"][0]


def test_without_a_geocoder_the_address_is_kept_without_coordinates(settings, component, author):
    settings.PALABRE_GEOCODER_URL = None
    proposal = services.proposal_create_draft(
        author=author, component=component, title="Une fontaine", address="1 rue Haute"
    )
    assert proposal.address == "1 rue Haute" and proposal.latitude is None
