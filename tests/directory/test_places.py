"""directory/places.py: a "lat,lng" point's nearest ZIP, looked for among the nearby cells."""

import math
import random

import pytest

from directory import places


def nearest_by_scan(latitude, longitude):
    """What _nearest_zip was: the first centroid at the least distance, of all of them."""
    scale = math.cos(math.radians(latitude)) ** 2
    return min(
        places._centroids(),
        key=lambda c: (c[0] - latitude) ** 2 + scale * (c[1] - longitude) ** 2,
    )[2]


def some_points():
    rnd = random.Random(14)
    centroids = places._centroids()
    yield from [(90, 0), (-90, 0), (0, 0), (40, -180), (40, 180), (71.3, -156.8), (13.4, 144.7)]
    yield from ((rnd.uniform(-90, 90), rnd.uniform(-180, 180)) for _ in range(20))
    yield from ((rnd.uniform(18, 65), rnd.uniform(-160, -65)) for _ in range(60))
    yield from ((lat, lng) for lat, lng, _code in rnd.sample(centroids, 20))  # on a centroid
    for number in rnd.sample(range(len(centroids) - 1), 20):  # halfway between two
        (lat, lng, _), (lat2, lng2, _) = centroids[number], centroids[number + 1]
        yield (lat + lat2) / 2, (lng + lng2) / 2
        yield lat, (lng + lng2) / 2


@pytest.mark.parametrize(("latitude", "longitude"), list(some_points()))
def test_nearest_zip_is_the_one_a_scan_of_all_finds(latitude, longitude):
    found = places._nearest_zip.__wrapped__(latitude, longitude)
    assert found.postal_code == nearest_by_scan(latitude, longitude)


def test_a_point_in_newark_is_in_essex_county():
    point = places.resolve("40.7357,-74.1724")
    assert (point.state, point.county_fips) == ("NJ", "34013")
