"""Island residents in the target-zone shares, and islands outside a ``--boundary`` off the map
(raddsim.coverage.static).

The zone shares (``coverage.json``'s ``zones``, ``raddsim target``'s ``population_within_zone_target``, the zone map's
legend) were over the grid's squares alone while the plain shares held the island residents at their boat minutes;
and an island far outside a ``--boundary`` polygon was still in every share. The figures are checked against their
recomputation here from the squares' and islands' residents and minutes, and the islands' zones and places from
their longitude and latitude.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from test_island_shares import _boat_minutes
from test_target_zones import _box, _feature, write_zones, zoned_region

from raddsim.coverage.grid import load_boundary, make_grid
from raddsim.coverage.static import static_coverage
from raddsim.experiment.model import build_model
from raddsim.experiment.target import residents_within_zone_targets
from raddsim.region.region import load_region
from raddsim.region.zones import OUTSIDE_ZONES

#: Zones over the default region, (name, target, (west, south, east, north)): the town within 10 min, the outer
#: archipelago east of 19.0° within 40 (its boats take 30–61 min: some islands within, some over), and Arholma
#: alone (no square: its target is known from the island only) within 55; the rest is outside (the region's 10).
ZONES = (("Town", 10, (18.65, 59.72, 18.75, 59.79)), ("Outer", 40, (19.0, 59.5, 19.5, 59.84)),
         ("Arholma", 55, (19.105, 59.842, 19.125, 59.862)))


def _zone_of(lon: float, lat: float, target: float) -> tuple[str, float]:
    """The zone a point lies in by the boxes (the strictest of those holding it, as the zones file is read)."""
    holding = [(t, k, name) for k, (name, t, (w, s, e, n)) in enumerate(ZONES) if w <= lon <= e and s <= lat <= n]
    if not holding:
        return OUTSIDE_ZONES, target
    t, _, name = min(holding)
    return name, float(t)


@pytest.fixture()
def zoned_archipelago(region_file, tmp_path):
    """The default region (its [archipelago] islands) with :data:`ZONES`, its model, scenario and static coverage."""
    path = write_zones(tmp_path / "zones.geojson", [_feature(name, t, _box(*box)) for name, t, box in ZONES])
    region = load_region(region_file(lambda s: s.replace(
        "target_minutes = 10\n", f'target_minutes = 10\ntarget_zones = "{path.as_posix()}"\n', 1)))
    model = build_model(region)
    setup = region.scenarios["minimum"]
    return model, setup, static_coverage(model, setup, make_grid(model.network, 1000))


def test_the_zone_shares_hold_the_island_residents_against_their_islands_zone(zoned_archipelago) -> None:
    model, setup, cov = zoned_archipelago
    region_target = model.region.target_minutes
    boat = _boat_minutes(model, setup)
    people = np.array([i.permanent for i in setup.sea.islands], float)
    where = [_zone_of(i.lon, i.lat, region_target) for i in setup.sea.islands]
    isl_zone = np.array([name for name, _ in where])
    isl_target = np.array([t for _, t in where])
    names = cov.zone_names
    assert names == ("Town", "Outer", "Arholma", OUTSIDE_ZONES)
    assert set(isl_zone) == {"Outer", "Arholma", OUTSIDE_ZONES}  # the case tells something: islands in three groups
    ok = boat <= isl_target
    assert ok.any() and (~ok & (people > 0)).any()  # some islands within their zone's target, some over

    w, sq_ok = cov.population, cov.minutes <= cov.zone_target
    share = (w[sq_ok].sum() + people[ok].sum()) / (w.sum() + people.sum())
    zones = cov.summary()["zones"]
    assert zones["share_within_zone_target"] == pytest.approx(share, abs=1e-12)
    assert cov.share_within_zone_targets() == pytest.approx(share, abs=1e-12)
    assert residents_within_zone_targets(cov)["share"] == zones["share_within_zone_target"]  # raddsim target's
    for k, name in enumerate(names):
        sq, isl = cov.zone == k, isl_zone == name
        entry = zones["per_zone"][name]
        assert entry["population"] == pytest.approx(w[sq].sum() + people[isl].sum(), abs=1e-9)
        expected = (w[sq & sq_ok].sum() + people[isl & ok].sum()) / (w[sq].sum() + people[isl].sum())
        assert entry["share_within_target"] == pytest.approx(expected, abs=1e-12), name
    arholma = zones["per_zone"]["Arholma"]  # a zone round an island alone: the island's residents and target
    assert arholma["target_minutes"] == 55.0
    assert arholma["population"] == pytest.approx(people[isl_zone == "Arholma"].sum() + w[cov.zone == 2].sum())
    assert arholma["population"] >= 70 and arholma["share_within_target"] > 0  # Arholma's 50 min boat, within 55


def test_the_zone_map_draws_the_islands_against_their_zones_target(zoned_archipelago) -> None:
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex

    from raddsim.views.mapcontext import map_context
    from raddsim.views.zonemap import ZONE_MARGIN_COLOURS, margin_classes, zone_map

    model, setup, cov = zoned_archipelago
    fig = zone_map(cov, map_context(model, setup))
    marks = [c for ax in fig.axes for c in ax.collections if isinstance(c, PathCollection)
             and len(c.get_offsets()) == len(cov.islands)
             and np.allclose(c.get_offsets(), [[i.x, i.y] for i in cov.islands])]
    assert len(marks) == 1
    target = np.array([_zone_of(i.lon, i.lat, model.region.target_minutes)[1] for i in setup.sea.islands])
    want = [ZONE_MARGIN_COLOURS[k] for k in margin_classes(_boat_minutes(model, setup), target)]
    assert [to_hex(c) for c in marks[0].get_facecolors()] == want


def test_a_region_without_islands_keeps_its_zone_shares_to_the_bit(tmp_path) -> None:
    """main's formula, over the squares alone, to the bit: a region without an archipelago changes nothing."""
    region = load_region(zoned_region(tmp_path))
    model = build_model(region)
    cov = static_coverage(model, region.scenarios["low"], make_grid(model.network, 250.0))
    assert cov.islands == ()
    w = cov.population
    zones = cov.zone_summary()
    assert zones["share_within_zone_target"] == float(w[cov.minutes <= cov.zone_target].sum()) / float(w.sum())
    assert cov.share_within_zone_targets() == zones["share_within_zone_target"]
    for k, name in enumerate(cov.zone_names):
        pick = w * (cov.zone == k)
        old = float(pick[cov.minutes <= cov.zone_target].sum()) / float(pick.sum())
        assert zones["per_zone"][name]["share_within_target"] == old
        assert zones["per_zone"][name]["population"] == float(w[cov.zone == k].sum())


#: A boundary over the mainland with a notch (lon/lat): south of 59.75° it reaches 19.2° E, north of it only 19.0° E,
#: so Arholma, Tjockö, Lidö and the groups off Rådmansö and Vätö lie inside its bounding box but outside the polygon.
NOTCHED = [(17.7, 59.4), (19.2, 59.4), (19.2, 59.75), (19.0, 59.75), (19.0, 60.3), (17.7, 60.3), (17.7, 59.4)]


def test_islands_outside_a_boundary_polygon_are_off_the_map(default_model, default_region, tmp_path) -> None:
    path = tmp_path / "notched.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                    "geometry": {"type": "Polygon", "coordinates": [NOTCHED]}}]}), encoding="utf-8")
    net = default_model.network
    grid = make_grid(net, 1000, load_boundary(path, net.metric_crs, net))
    setup = default_region.scenarios["minimum"]
    cov = static_coverage(default_model, setup, grid)
    islands = setup.sea.islands
    people = np.array([i.permanent for i in islands], float)
    inside = np.array([shapely.Polygon(NOTCHED).contains(shapely.Point(i.lon, i.lat)) for i in islands])
    assert (people[~inside] > 0).sum() >= 4 and (people[inside] > 0).sum() >= 4  # the case tells something
    # Not the grid's box: islands in its extent but outside the polygon go off the map all the same.
    x0, x1, y0, y1 = grid.extent
    in_box = np.array([x0 <= i.x <= x1 and y0 <= i.y <= y1 for i in cov.islands])
    assert (in_box & ~inside & (people > 0)).sum() >= 4

    s = cov.summary()
    parts = s["residents"]
    total = setup.demand.population
    assert parts["total"] == pytest.approx(total)
    assert parts["by_boat"] == s["population_by_boat"] == pytest.approx(people[inside].sum())  # every boat goes
    assert parts["off_map"] == s["population_off_grid"] == pytest.approx(total - cov.population.sum()
                                                                         - people[inside].sum())
    assert parts["off_map"] >= people[~inside].sum()
    assert parts["by_road"] + parts["by_boat"] + parts["unreachable"] + parts["off_map"] == pytest.approx(total)
    boat = _boat_minutes(default_model, setup)
    for t in (10, 30, 45, 55):  # the islands outside in no share: the squares and the islands inside alone
        w = cov.population
        expected = (w[cov.minutes <= t].sum() + people[inside & (boat <= t)].sum()) / (w.sum() + people[inside].sum())
        assert cov.share_within(t) == pytest.approx(expected, abs=1e-12)
    assert cov.population_within(30)["by_boat_population"] == pytest.approx(people[inside].sum())
    listed = s["islands_by_boat"]["minutes"]  # every island still listed, with its residents; those outside say so
    assert list(listed) == [i.name for i in islands]
    assert [bool(v.get("off_map")) for v in listed.values()] == (~inside).tolist()
    assert [v["population"] for v in listed.values()] == pytest.approx(people.tolist())
    sea = list(cov.area_names).index("Archipelago")
    assert s["per_area"]["Archipelago"]["population"] == pytest.approx(people[inside].sum())
    assert cov.area_share(55, sea) == pytest.approx(people[inside & (boat <= 55)].sum() / people[inside].sum())


def test_the_map_command_leaves_the_islands_outside_its_boundary_off_the_map(default_region, tmp_path,
                                                                           capsys) -> None:
    from raddsim.cli import main

    path = tmp_path / "notched.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                    "geometry": {"type": "Polygon", "coordinates": [NOTCHED]}}]}), encoding="utf-8")
    out = tmp_path / "maps"
    assert main(["map", "minimum", "--boundary", str(path), "--cell", "1000", "--format", "geojson",
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    islands = default_region.scenarios["minimum"].sea.islands
    inside = np.array([shapely.Polygon(NOTCHED).contains(shapely.Point(i.lon, i.lat)) for i in islands])
    people = np.array([i.permanent for i in islands], float)
    static = json.loads((out / "coverage.json").read_text(encoding="utf-8"))["scenarios"]["minimum"]
    assert static["residents"]["by_boat"] == pytest.approx(people[inside].sum())
    total = default_region.scenarios["minimum"].demand.population
    assert static["residents"]["off_map"] == pytest.approx(total - static["population_on_grid"] - people[inside].sum())
    assert f"The shares include {people[inside].sum():.0f} island residents" in text
    layer = json.loads((out / "islands_minimum.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["on_map"] for f in layer["features"]] == inside.astype(int).tolist()
    assert [f["properties"]["population"] for f in layer["features"]] == people.tolist()  # still listed
    assert "on_map = 1 when the island lies inside the --boundary polygon" in layer["description"]


@pytest.mark.parametrize(("name", "off"), [("norrtalje_kommun_scb_2024.geojson", 14),
                                           ("norrtalje_kommun_lantmateriet_incl_sea.geojson", 0)])
def test_the_shipped_outlines_leave_the_islands_off_the_map_as_the_readme_says(default_model, default_region, name,
                                                                              off) -> None:
    """README: the land polygon (the mainland with Väddö, and Blidö) leaves 14 of the 16 islands off the map, the
    polygon with the sea territory none."""
    from raddsim.region.region import default_region_path

    net = default_model.network
    path = default_region_path().parent.parent / "geodata" / name
    cov = static_coverage(default_model, default_region.scenarios["minimum"],
                          make_grid(net, 1000, load_boundary(path, net.metric_crs, net)))
    assert len(cov.islands) == 16 and int((~cov.island_on_map).sum()) == off
    people = np.array([i.permanent for i in default_region.scenarios["minimum"].sea.islands], float)
    assert cov.by_boat() == pytest.approx(people[cov.island_on_map].sum())
