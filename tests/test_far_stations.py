"""A station moved to the roads from farther than a yard and a driveway is named in a warning (newcomer pass).

Up to 1 km from the nearest road node a station was moved there without a word: one typed with a wrong digit, or
placed in a harbour, ran as if it stood on the quay. Gridby (tests/sweep_helpers.py), offline.
"""

from __future__ import annotations

import logging

import pytest
from sweep_helpers import REGION, write_region

from raddsim.experiment import model as model_module

M_PER_DEG_LAT = 111_195.0


def _region_with_west_at(d, lat: float, lon: float):
    path = write_region(d)
    text = REGION.replace("lat = 59.71\nlon = 18.62", f"lat = {lat:.6f}\nlon = {lon:.6f}")
    assert text != REGION
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def south_edge(tmp_path_factory):
    """(latitude, longitude) of the grid's southernmost road node."""
    from raddsim import build_model, load_region

    net = build_model(load_region(write_region(tmp_path_factory.mktemp("g")))).network
    k = int(net.lat.argmin())
    return float(net.lat[k]), float(net.lon[k])


@pytest.mark.parametrize("metres, warned", [(500.0, True), (120.0, False)])
def test_a_station_far_from_the_roads_is_named(tmp_path, caplog, south_edge, metres, warned) -> None:
    from raddsim import build_model, load_region

    lat, lon = south_edge
    path = _region_with_west_at(tmp_path, lat - metres / M_PER_DEG_LAT, lon)
    model_module._FAR_STATIONS_WARNED.clear()
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        model = build_model(load_region(path))
    far = [r.getMessage() for r in caplog.records if "from the nearest road node" in r.getMessage()]
    snap = dict(zip(model.areas.ids, model.areas.snap_m))["west"]
    assert snap == pytest.approx(metres, rel=0.05)
    if warned:
        assert len(far) == 1 and "'West' (stations.west)" in far[0] and f"{snap:.0f} m" in far[0], far
        assert str(path) in far[0] and "Fix:" in far[0]
    else:
        assert far == []


def test_the_embedded_default_warns_of_no_station() -> None:
    from raddsim import build_model, load_region

    model = build_model(load_region(None))
    assert max(model.areas.snap_m) < model_module.WARN_STATION_SNAP_M
