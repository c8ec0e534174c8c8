"""Target zones on the static maps (``[region] target_zones``): each square against its own zone's target.

``raddsim map`` draws, per scenario, the first crew's expected minutes (every crew free) less the target of the zone
the square's centre lies in, writes the zone columns of the GIS grid, the residents' share within their zone's target
in coverage.json and the map's table; the report has the map too. A region without zones writes none of it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from pyproj import Transformer
from test_target_zones import zoned_region

from raddsim.cli import main
from raddsim.coverage.grid import make_grid
from raddsim.coverage.static import static_coverage
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region
from raddsim.region.zones import OUTSIDE_ZONES
from raddsim.views.numbers import pct
from raddsim.views.zonemap import margin_classes


def test_a_squares_zone_is_the_zone_of_its_centre_and_its_share_the_residents(tmp_path) -> None:
    region = load_region(zoned_region(tmp_path))
    model = build_model(region)
    grid = make_grid(model.network, 250.0)
    cov = static_coverage(model, region.scenarios["low"], grid)
    lon, lat = Transformer.from_crs(grid.crs, "EPSG:4326", always_xy=True).transform(grid.x, grid.y)
    # zoned_region: West lon ≤ 18.645 (4 min), Middle ≤ 18.665 (8 min; West's where both), the rest outside (6 min).
    clear = np.abs(lon - 18.645) > 0.002
    clear &= np.abs(lon - 18.665) > 0.002
    clear &= (lat > 59.697) & (lat < 59.753) & (lon > 18.597)  # the boxes' south, north and west edges
    expected = np.where(lon <= 18.645, 0, np.where(lon <= 18.665, 1, 2))
    assert clear.sum() > 20
    assert (cov.zone[clear] == expected[clear]).all()
    assert cov.zone_names == ("West", "Middle", OUTSIDE_ZONES)
    assert cov.zone_target[clear].tolist() == np.array([4.0, 8.0, 6.0])[expected[clear]].tolist()
    w = cov.population
    share = w[cov.minutes <= cov.zone_target].sum() / w.sum()
    summary = cov.summary()["zones"]
    assert summary["share_within_zone_target"] == pytest.approx(share, abs=1e-12)
    west = cov.zone == 0
    assert summary["per_zone"]["West"]["share_within_target"] == pytest.approx(
        w[west & (cov.minutes <= 4.0)].sum() / w[west].sum(), abs=1e-12)
    assert 0 < share < 1  # the case tells something: some squares miss their target, some meet it


def test_margin_classes_count_a_square_at_its_target_as_within() -> None:
    minutes = np.array([0.0, 4.9, 5.0, 10.0, 10.1, 12.0, 30.0, np.inf])
    target = np.full(len(minutes), 10.0)
    # (lo, hi] classes of minutes − target: ≤ −5, (−5, −2], (−2, 0], (0, 2], (2, 5], (5, 10], > 10
    assert margin_classes(minutes, target).tolist() == [0, 0, 0, 2, 3, 3, 6, -2]


def test_the_map_command_draws_the_zone_map_and_writes_its_figures(tmp_path, capsys) -> None:
    region = zoned_region(tmp_path / "with")
    out = tmp_path / "maps"
    assert main(["map", "--region", str(region), "--out", str(out), "--format", "png,svg,geojson"]) == 0
    text = capsys.readouterr().out
    for scenario in ("low", "high"):
        assert (out / f"zones_{scenario}.png").stat().st_size > 10_000
        assert (out / f"zones_{scenario}.svg").is_file()
    assert not list(out.glob("difference_zones*"))
    cov = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    zones = cov["scenarios"]["low"]["zones"]
    assert list(zones["per_zone"]) == ["West", "Middle", OUTSIDE_ZONES]
    grid = json.loads((out / "grid_low.geojson").read_text(encoding="utf-8"))["features"]
    props = [f["properties"] for f in grid]
    assert {p["zone"] for p in props} == {"West", "Middle", OUTSIDE_ZONES}
    for p in props:
        if p["minutes"] is not None and abs(p["minutes"] - p["zone_target"]) > 0.005:  # minutes are rounded to 0.01
            assert p["within_zone_target"] == int(p["minutes"] <= p["zone_target"])
    assert "within zone targets" in text
    share = pct(zones["share_within_zone_target"], 1, "en")
    assert share in text.split("within zone targets")[1]


def test_a_region_without_zones_draws_no_zone_map(tmp_path, capsys) -> None:
    from sweep_helpers import write_region

    out = tmp_path / "maps"
    assert main(["map", "--region", str(write_region(tmp_path / "plain")), "--out", str(out),
                 "--format", "png,geojson"]) == 0
    capsys.readouterr()
    assert not list(out.glob("zones_*"))
    assert "zones" not in json.loads((out / "coverage.json").read_text(encoding="utf-8"))["scenarios"]["low"]
    props = json.loads((out / "grid_low.geojson").read_text(encoding="utf-8"))["features"][0]["properties"]
    assert "zone" not in props


def test_the_report_has_the_zone_map(tmp_path, capsys) -> None:
    html = tmp_path / "r.html"
    assert main(["report", "--region", str(zoned_region(tmp_path)), "--replications", "2", "--years", "0.1",
                 "--out", str(html), "--lang", "sv"]) == 0
    capsys.readouterr()
    text = html.read_text(encoding="utf-8")
    assert "Förväntad tid mot varje zons mål — low" in text and "inom zonernas mål" in text
    # The simulated chance per square against each alarm's own zone, as `map --simulate` draws it (was: only there).
    assert "Simulerad sannolikhet att första styrka är på plats inom varje zons eget mål — low" in text
