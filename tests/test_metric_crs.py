"""Metric work in the network's own projected CRS: SWEREF 99 TM in Sweden, the UTM zone elsewhere.

SWEREF 99 TM far from Sweden stretches distances (1 km east–west in Edmonton measured 1.13 km), so
off-road legs, snapping limits, grids and GIS layers of other regions were wrong by that much.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import write_grid_osm
from pyproj import CRS, Geod

from raddsim.coverage.grid import make_grid
from raddsim.network import load_network, snap_points
from raddsim.network.positions import SWEREF_AREA, crs_label, metric_crs

GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize("lon, lat, crs", [(18.70, 59.75, "EPSG:3006"), (13.36, 55.34, "EPSG:3006"),
                                           (-113.49, 53.54, "EPSG:32612"), (24.94, 60.17, "EPSG:32635"),
                                           (151.2, -33.9, "EPSG:32756"), (-74.0, 40.7, "EPSG:32618")])
def test_the_metric_crs_is_sweref_in_sweden_and_the_utm_zone_elsewhere(lon, lat, crs) -> None:
    assert metric_crs(np.array([lon, lon + 0.1]), np.array([lat, lat + 0.1])) == crs
    assert CRS(crs).is_projected and CRS(crs).axis_info[0].unit_name == "metre"


def test_sweref_area_is_the_registrys_and_labels_name_the_crs() -> None:
    assert SWEREF_AREA == pytest.approx(CRS("EPSG:3006").area_of_use.bounds, abs=0.005)
    assert crs_label("EPSG:3006") == "EPSG:3006 (SWEREF 99 TM)"
    assert crs_label("EPSG:32612") == f"EPSG:32612 ({CRS('EPSG:32612').name})"
    assert crs_label("EPSG:32756") == f"EPSG:32756 ({CRS('EPSG:32756').name})"


@pytest.mark.parametrize("lon0, lat0", [(-113.55, 53.50), (18.60, 59.70), (151.10, -33.95)])
def test_distances_and_cells_are_true_metres_in_any_region(tmp_path, lon0, lat0) -> None:
    net = load_network(write_grid_osm(tmp_path / "g.osm", rows=4, cols=4, lat0=lat0, lon0=lon0))
    east = int(np.argmax(net.lon + 1e-9 * net.lat))
    # A point 400 m due east of the easternmost node (geodesic): its straight-line snap distance is 400 m.
    lon, lat, _ = GEOD.fwd(net.lon[east], net.lat[east], 90.0, 400.0)
    snap = snap_points(net, lon, lat, max_snap_m=5000)
    assert snap.node[0] == east and snap.snap_m[0] == pytest.approx(400.0, rel=0.002)
    # A 250 m grid cell is 250 m × 250 m on the ground (a UTM zone's scale error is below 0.1 %).
    grid = make_grid(net, 250.0, None)
    assert grid.crs == net.metric_crs
    from pyproj import Transformer

    back = Transformer.from_crs(grid.crs, "EPSG:4326", always_xy=True)
    x, y = grid.x[0], grid.y[0]
    corners = [back.transform(x + dx, y + dy) for dx, dy in ((-125, -125), (125, -125), (125, 125), (-125, 125))]
    area, _ = GEOD.polygon_area_perimeter([c[0] for c in corners], [c[1] for c in corners])
    assert abs(area) == pytest.approx(250.0 * 250.0, rel=0.002)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_reports_methods_table_names_the_maps_crs(default_region, lang) -> None:
    from raddsim.views.report_text import assumptions

    setup = default_region.scenarios["minimum"]

    def maps_row(crs: str | None) -> str:
        extra = () if crs is None else (crs,)
        rows = assumptions(default_region, setup, 250, 2000, 10, lang, *extra)
        return next(what for item, what, _ in rows if item in ("Coverage maps", "Täckningskartor"))

    assert maps_row(None) == maps_row("EPSG:3006")
    assert "SWEREF 99 TM" in maps_row("EPSG:3006")
    utm = maps_row("EPSG:32612")
    assert "EPSG:32612 (WGS 84 / UTM zone 12N)" in utm and "SWEREF" not in utm
