"""A city's residents along the roads are not given a countryside's last stretch unsaid (newcomer pass).

Without a places file every resident lives along the roads and each alarm's last stretch off the road is
exponential with mean ``[demand.access] rural_mean_m`` (1 km by default). On central Helsinki's streets made into a
region by ``region new`` that was a third of the mean response. Now ``region new`` writes the stretch, chosen by the
network's road density, and a region of a dense network left at a countryside's stretch is warned. Offline.
"""

from __future__ import annotations

import logging

import pytest
from conftest import write_grid_osm
from sweep_helpers import REGION, write_region

from raddsim.demand import points as points_module
from raddsim.region.starter_text import CITY_RURAL_MEAN_M, StarterOptions, region_text
from raddsim.region.starter_table import read_crew_table


def _dense_region(d, extra: str = ""):
    """Gridby on a 9 × 9 grid of streets 220 m × 110 m apart (about 13 km of road per km², a city's)."""
    path = write_region(d)
    write_grid_osm(d / "grid.osm", rows=9, cols=9, step=0.002)
    text = REGION.replace("lat = 59.71\nlon = 18.62", "lat = 59.702\nlon = 18.602")
    text = text.replace("lat = 59.74\nlon = 18.70", "lat = 59.71\nlon = 18.61")
    path.write_text(text + extra, encoding="utf-8")
    return path


def _warnings(path, caplog) -> list[str]:
    from raddsim import build_model, load_region

    points_module._WARNED.clear()
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        build_model(load_region(path))
    return [r.getMessage() for r in caplog.records if "rural_mean_m" in r.getMessage()]


def test_the_dense_network_is_a_citys(tmp_path) -> None:
    from raddsim import build_model, load_region

    net = build_model(load_region(_dense_region(tmp_path))).network
    assert 8 < points_module.road_km_per_km2(net) < 20
    coarse = build_model(load_region(write_region(tmp_path / "coarse"))).network
    assert points_module.road_km_per_km2(coarse) < points_module.CITY_ROAD_KM_PER_KM2


def test_a_city_left_at_the_countryside_stretch_is_warned(tmp_path, caplog) -> None:
    found = _warnings(_dense_region(tmp_path), caplog)
    assert len(found) == 1 and "km of road per km²" in found[0] and "Fix:" in found[0], found
    assert "1,000 m" in found[0]


def test_no_warning_with_a_city_stretch_or_on_a_countryside_network(tmp_path, caplog) -> None:
    assert _warnings(_dense_region(tmp_path / "a", "\n[demand.access]\nrural_mean_m = 50\n"), caplog) == []
    assert _warnings(write_region(tmp_path / "b"), caplog) == []


@pytest.mark.parametrize("density, leg", [(13.3, CITY_RURAL_MEAN_M), (0.15, 1000.0)])
def test_region_new_writes_the_stretch_by_the_road_density(tmp_path, density, leg) -> None:
    import tomllib

    table = tmp_path / "crews.csv"
    table.write_text("name,lat,lon,kind\nA,59.7,18.6,full-time\n", encoding="utf-8")
    crews = read_crew_table(table)
    text = region_text(crews, StarterOptions(name="x", alarms_per_year=100.0, population=1000),
                       {"network": "roads.npz", "source": "s"}, "note", density)
    assert tomllib.loads(text)["demand"]["access"]["rural_mean_m"] == leg
    line = next(x for x in text.splitlines() if x.startswith("rural_mean_m"))
    assert "ASSUMPTION" in line and f"{density:.1f}" in line
