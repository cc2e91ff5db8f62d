"""Turning an address into coordinates, through a service the operator chooses.

`PALABRE_GEOCODER_URL` names a Nominatim-compatible service (`<url>/search?q=…&format=json`).
Without it geocoding is unavailable: addresses are kept, without a place on the map.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings


class GeocodingError(Exception):
    """The service could not be reached or answered something unreadable."""


class Geocoder(Protocol):
    def geocode(self, address: str) -> tuple[float, float] | None:
        """(latitude, longitude) of the address, or None when it is not found."""


class NominatimGeocoder:
    def __init__(self, base_url: str, *, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def geocode(self, address: str) -> tuple[float, float] | None:
        query = urllib.parse.urlencode({"q": address, "format": "json", "limit": 1})
        request = urllib.request.Request(
            f"{self.base_url}/search?{query}", headers={"User-Agent": "Palabre"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                results = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise GeocodingError(str(error)) from error
        if not isinstance(results, list) or not results:
            return None
        try:
            return float(results[0]["lat"]), float(results[0]["lon"])
        except (KeyError, TypeError, ValueError) as error:
            raise GeocodingError("unexpected answer") from error


def geocoder() -> Geocoder | None:
    """The configured geocoder, or None when the operator configured none."""
    base_url = getattr(settings, "PALABRE_GEOCODER_URL", None)
    if not base_url:
        return None
    return NominatimGeocoder(base_url)
