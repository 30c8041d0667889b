"""TWD97 TM2 metres (zone 121, EPSG:3826) to WGS84 degrees: how departments' lists place sites.

pyproj does the projection (no formulas by hand); a point outside the projection's area of use
(Taiwan Island and its waters, 120°E–122°E, as the EPSG registry bounds it: not Penghu) is
refused, since it is a typing slip or another zone's coordinates. The register keeps degrees
with six decimals, as a site does (about 0.1 m).
"""

import math
from decimal import Decimal
from functools import cache

from django.utils.translation import gettext as _
from pyproj import CRS, Transformer

TM2, WGS84 = 3826, 4326
PLACES = Decimal("0.000001")


class OutsideTaiwan(ValueError):
    """The point lies outside the area TWD97 TM2 zone 121 covers; the message is for the user."""


@cache
def _transformer() -> Transformer:
    return Transformer.from_crs(TM2, WGS84, always_xy=True)  # (x, y) in, (longitude, latitude) out


@cache
def area():
    """Return the projection's area of use: west, south, east and north bounds in degrees."""
    return CRS.from_epsg(TM2).area_of_use


def to_wgs84(x: Decimal, y: Decimal) -> tuple[Decimal, Decimal]:
    """Return (latitude, longitude) of the point at easting `x`, northing `y` (metres)."""
    longitude, latitude = _transformer().transform(float(x), float(y))
    bounds = area()
    inside = (
        math.isfinite(longitude)
        and math.isfinite(latitude)
        and bounds.west <= longitude <= bounds.east
        and bounds.south <= latitude <= bounds.north
    )
    if not inside:
        raise OutsideTaiwan(
            _(
                "%(x)s, %(y)s (TWD97 TM2 metres) lies outside Taiwan: check the numbers, and that "
                "X is the easting (about 150,000 to 350,000) and Y the northing (about 2,400,000 "
                "to 2,800,000)."
            )
            % {"x": x, "y": y}
        )
    return Decimal(latitude).quantize(PLACES), Decimal(longitude).quantize(PLACES)
