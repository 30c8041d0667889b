"""TWD97 TM2 metres to WGS84 degrees: pyproj's answer, to within 1 m, and nothing outside Taiwan."""

import math
from decimal import Decimal

import pytest
from django.utils import translation
from pyproj import Transformer

from core.twd97 import OutsideTaiwan, to_wgs84

# GRS80, and TM2 zone 121: central meridian 121°E, scale 0.9999, false easting 250,000 m.
A, F, K0 = 6378137.0, 1 / 298.257222101, 0.9999
E2 = F * (2 - F)


def metres_apart(a: tuple, b: tuple) -> float:
    """The distance of two nearby points (latitude, longitude), in metres."""
    north = (float(a[0]) - float(b[0])) * 111_320
    east = (float(a[1]) - float(b[1])) * 111_320 * math.cos(math.radians(float(a[0])))
    return math.hypot(north, east)


def meridian_arc(latitude: float, steps: int = 2000) -> float:
    """The length of the meridian from the equator, integrated (Simpson): a check of the
    projection that owes nothing to pyproj."""
    end, h = math.radians(latitude), math.radians(latitude) / steps

    def radius(t):
        return A * (1 - E2) / (1 - E2 * math.sin(t) ** 2) ** 1.5

    total = radius(0) + radius(end)
    total += sum((4 if i % 2 else 2) * radius(i * h) for i in range(1, steps))
    return total * h / 3


@pytest.mark.parametrize("latitude", [22.0, 23.5, 24.993628, 25.3])
def test_a_point_on_the_central_meridian_is_where_the_meridian_arc_puts_it(latitude):
    northing = Decimal(K0 * meridian_arc(latitude)).quantize(Decimal("0.001"))
    found = to_wgs84(Decimal(250_000), northing)
    assert found[1] == Decimal("121.000000")  # the zone's central meridian
    assert metres_apart(found, (latitude, 121)) < 1


@pytest.mark.parametrize(
    "place",
    [(25.033964, 121.564468), (24.993628, 121.301140), (22.611830, 120.300130),
     (24.136749, 120.686891)],
    ids=["Taipei 101", "Taoyuan city hall", "Kaohsiung 85", "Taichung station"],
)  # fmt: skip
def test_a_place_comes_back_within_a_metre_of_the_librarys_own_answer(place):
    x, y = Transformer.from_crs(4326, 3826, always_xy=True).transform(place[1], place[0])
    found = to_wgs84(Decimal(f"{x:.3f}"), Decimal(f"{y:.3f}"))
    assert metres_apart(found, place) < 1
    back = Transformer.from_crs(3826, 4326, always_xy=True).transform(x, y)
    assert metres_apart(found, (back[1], back[0])) < 0.2  # six decimals: at most 0.11 m off


@pytest.mark.parametrize(
    ("x", "y"),
    [
        (900_000, 2_700_000),
        (250_000, 0),
        (250_000, 3_100_000),
        (2_700_000, 250_000),
        (-9_000_000, 9_000_000),
    ],  # east, south, north (on the central meridian), swapped, absurd
)
def test_a_point_outside_taiwan_is_refused_saying_what_to_check(x, y):
    with translation.override("en"), pytest.raises(OutsideTaiwan) as refused:
        to_wgs84(Decimal(x), Decimal(y))
    assert str(refused.value) == (
        f"{x}, {y} (TWD97 TM2 metres) lies outside Taiwan: check the numbers, and that X is the "
        "easting (about 150,000 to 350,000) and Y the northing (about 2,400,000 to 2,800,000)."
    )
