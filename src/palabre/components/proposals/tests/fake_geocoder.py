"""A Nominatim look-alike served on 127.0.0.1, so that geocoding tests reach no network."""

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

PLACES = {"1 place Bellecour, Lyon": ("45.7578", "4.8320")}


class FakeNominatim(BaseHTTPRequestHandler):
    """Knows the addresses of PLACES; "panne" makes it fail as a broken service would."""

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


@contextlib.contextmanager
def fake_geocoder() -> Iterator[str]:
    """Serve FakeNominatim on a free port of 127.0.0.1 and give its base URL."""
    server = HTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
