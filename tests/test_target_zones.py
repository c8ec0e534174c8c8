"""Target zones (``[region] target_zones``): a response-time target of their own for parts of a region.

Norway's dimensioning regulation (10 / 20 / 30 min by kind of place), a Finnish risk class per square, a Swedish
handlingsprogram's time per tätort. The figures are checked against the alarm table recomputed by hand (the zone
column and its target), against the headline when the zones change nothing, and the zones file's mistakes each give
one message naming the file, the feature's field and the fix.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from sweep_helpers import write_region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.zones import OUTSIDE_ZONES, read_target_zones

RUN = ["--replications", "3", "--years", "0.2", "--seed", "7"]


def _box(w: float, s: float, e: float, n: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def _feature(name, target, geometry) -> dict:
    return {"type": "Feature", "properties": {"name": name, "target_minutes": target}, "geometry": geometry}


def write_zones(path: Path, features: list[dict], **extra) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}), encoding="utf-8")
    return path


def zoned_region(d: Path, features: list[dict] | None = None, source: str = "") -> Path:
    """Gridby (lon 18.60–18.70, lat 59.70–59.75, target 6 min) with a zones file: by default its west part within
    4 min, the middle within 8 min (overlapping the west: the west's 4 counts there) and the east outside."""
    region = write_region(d)
    zones = features if features is not None else [
        _feature("West", 4, _box(18.595, 59.695, 18.645, 59.755)),
        _feature("Middle", 8, _box(18.625, 59.695, 18.665, 59.755)),
    ]
    write_zones(d / "zones.geojson", zones)
    text = region.read_text(encoding="utf-8").replace(
        "target_minutes = 6\n", 'target_minutes = 6\ntarget_zones = "zones.geojson"\n'
        + (f'target_zones_source = "{source}"\n' if source else ""))
    region.write_text(text, encoding="utf-8")
    return region


def run_json(region: Path, tmp_path: Path, *extra: str) -> tuple[dict, list[dict]]:
    out, alarms = tmp_path / "out.json", tmp_path / "alarms.csv"
    assert main(["run", "--region", str(region), *RUN, "--json", str(out), "--alarms", str(alarms), *extra]) == 0
    with alarms.open(encoding="utf-8") as f:
        return json.loads(out.read_text(encoding="utf-8")), list(csv.DictReader(f))


def test_zone_figures_are_the_alarm_tables_recomputed(tmp_path, capsys) -> None:
    res, rows = run_json(zoned_region(tmp_path, source="Test zones"), tmp_path)
    capsys.readouterr()
    sc = res["scenarios"]["low"]
    assert list(sc["per_zone"]) == ["West", "Middle", OUTSIDE_ZONES]
    assert [z["target_minutes"] for z in sc["per_zone"].values()] == [4, 8, 6]
    low = [r for r in rows if r["scenario"] == "low"]
    # The overlap of West (4 min) and Middle (8 min) is West's: the strictest target counts.
    assert {r["zone"]: float(r["zone_target_min"]) for r in low} == {"West": 4.0, "Middle": 8.0, OUTSIDE_ZONES: 6.0}
    for r in low:
        lon = float(r["lon"])
        assert r["zone"] == ("West" if lon <= 18.645 else "Middle" if lon <= 18.665 else OUTSIDE_ZONES)

    def share(rep_rows: list[dict]) -> float:
        return sum(1 for r in rep_rows if r["first_arrival_min"] and float(r["first_arrival_min"])
                   <= float(r["zone_target_min"])) / len(rep_rows)

    by_rep = [[r for r in low if r["replication"] == str(k)] for k in range(3)]
    assert sc["zone_targets"]["share_within_zone_target"] == pytest.approx(np.mean([share(x) for x in by_rep]), 1e-12)
    west = [[r for r in x if r["zone"] == "West"] for x in by_rep]
    assert sc["per_zone"]["West"]["share_within_target"] == pytest.approx(np.mean([share(x) for x in west]), 1e-12)
    assert sc["per_zone"]["West"]["alarms"] == sum(map(len, west))
    assert sc["zone_targets"]["source"] == "Test zones"
    lo, hi = sc["zone_targets"]["share_within_zone_target_ci95"]
    assert lo <= sc["zone_targets"]["share_within_zone_target"] <= hi


def test_zones_with_the_regions_target_change_nothing(tmp_path, capsys) -> None:
    """Two zones that split the region, each with the region's own 6 min: every alarm's share is the headline's."""
    region = zoned_region(tmp_path, [_feature("West", 6, _box(18.595, 59.695, 18.65, 59.755)),
                                     _feature("East", 6, _box(18.65, 59.695, 18.705, 59.755))])
    res, _ = run_json(region, tmp_path)
    capsys.readouterr()
    for sc in res["scenarios"].values():
        assert sc["zone_targets"]["share_within_zone_target"] == sc["share_within_target"]
        assert sc["per_zone"][OUTSIDE_ZONES]["alarms"] == 0
        assert sum(z["alarms"] for z in sc["per_zone"].values()) == sc["alarms"]


def test_a_region_without_zones_has_no_zone_figures(tmp_path, capsys) -> None:
    res, rows = run_json(write_region(tmp_path), tmp_path)
    capsys.readouterr()
    assert not any("zone" in k for sc in res["scenarios"].values() for k in sc)
    assert "zone" not in rows[0]


def test_run_compare_and_report_show_the_zone_table(tmp_path, capsys) -> None:
    region = zoned_region(tmp_path, source="Forskrift (test)")
    assert main(["run", "--region", str(region), *RUN]) == 0
    out = capsys.readouterr().out
    assert "Per target zone" in out and "West (4 min)" in out and "Outside the zones (6 min)" in out
    assert "All alarms, each within its zone's target" in out and "Zone targets: Forskrift (test)." in out
    assert main(["run", "--region", str(region), *RUN, "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert "Per målzon" in out and "Utanför zonerna (6 min)" in out
    assert main(["compare", "low", "high", "--region", str(region), *RUN]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("All alarms, each within its zone's target"))
    assert " pp [" in row  # a paired difference with its interval
    html = tmp_path / "report.html"
    assert main(["report", "--region", str(region), *RUN, "--out", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    assert "Per target zone" in text and "West (4 min)" in text and "Forskrift (test)" in text


def test_overlap_takes_the_strictest_and_ties_the_first(tmp_path) -> None:
    path = write_zones(tmp_path / "z.geojson", [
        _feature("A", 20, _box(0, 0, 2, 2)), _feature("B", 10, _box(1, 1, 3, 3)), _feature("C", 10, _box(1, 1, 3, 3))])
    zones = read_target_zones(path)
    lon, lat = np.array([0.5, 1.5, 2.5, 5.0, 2.0, math.nan]), np.array([0.5, 1.5, 2.5, 5.0, 0.0, math.nan])
    assert zones.zone_of(lon, lat).tolist() == [0, 1, 1, 3, 0, 3]  # (2, 0) lies on A's border: inside
    assert zones.target_of(np.array([0, 1, 3]), 30.0).tolist() == [20.0, 10.0, 30.0]


def test_features_that_share_a_name_are_one_zone(tmp_path) -> None:
    """A GIS layer of squares by risk class (Finland's 1 km squares, Norway's tettsteder by class): features with
    the same name and target are the parts of one zone, its outline their union (was refused as a duplicate name)."""
    squares = [_feature("I", 6, _box(0, 0, 1, 1)), _feature("II", 10, _box(1, 0, 2, 1)),
               _feature("I", 6, _box(2, 0, 3, 1)), _feature("I", 6, _box(1, 1, 2, 2))]
    zones = read_target_zones(write_zones(tmp_path / "z.geojson", squares))
    assert (zones.names, zones.targets) == (("I", "II"), (6.0, 10.0))  # in the order the names first appear
    assert zones.geometries[0].area == pytest.approx(3.0) and zones.geometries[1].area == pytest.approx(1.0)
    lon, lat = np.array([0.5, 1.5, 2.5, 1.5, 5.0]), np.array([0.5, 0.5, 0.5, 1.5, 5.0])
    assert zones.zone_of(lon, lat).tolist() == [0, 1, 0, 0, 2]


def test_a_zone_in_parts_gives_the_figures_of_the_zone_whole(tmp_path) -> None:
    """Gridby's West zone written as two features (its north and south halves) runs exactly as the one polygon."""
    whole, _ = run_json(zoned_region(tmp_path / "whole"), tmp_path / "whole")
    halves = [_feature("West", 4, _box(18.595, 59.695, 18.645, 59.725)),
              _feature("Middle", 8, _box(18.625, 59.695, 18.665, 59.755)),
              _feature("West", 4, _box(18.595, 59.725, 18.645, 59.755))]
    parts, _ = run_json(zoned_region(tmp_path / "parts", halves), tmp_path / "parts")
    for name in ("low", "high"):
        a, b = whole["scenarios"][name], parts["scenarios"][name]
        assert list(a["per_zone"]) == list(b["per_zone"]) and a["per_zone"] == b["per_zone"]
        assert {**a["zone_targets"], "file": ""} == {**b["zone_targets"], "file": ""}  # but the folder's name


def test_a_self_crossing_zone_is_repaired(tmp_path) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}
    zones = read_target_zones(write_zones(tmp_path / "z.geojson", [_feature("Bow", 10, bowtie)]))
    assert zones.zone_of(np.array([0.2, 1.9, 1.0]), np.array([1.0, 1.0, 0.2])).tolist() == [0, 0, 1]


BAD_ZONES = {
    "not json": ("{", None, "not valid JSON"),
    "a feature": (json.dumps(_feature("A", 10, _box(0, 0, 1, 1))), None, "FeatureCollection"),
    "no features": ([], "features", "no zones"),
    "no name": ([_feature("", 10, _box(18.6, 59.7, 18.7, 59.8))], "features[0].properties.name", "no name"),
    "twice, two targets": ([_feature("A", 10, _box(18.6, 59.7, 18.7, 59.8)), _feature("A", 8, _box(18, 59, 18.1, 59.1))],
                           "features[1].properties.target_minutes", "part of zone 'A' (features[0]) with another "
                           "target: 8 min against 10"),
    "outside": ([_feature("Outside the zones", 10, _box(18.6, 59.7, 18.7, 59.8))], "features[0].properties.name",
                "outside every zone"),
    "target text": ([_feature("A", "ten", _box(18.6, 59.7, 18.7, 59.8))], "target_minutes", "not minutes"),
    "target zero": ([_feature("A", 0, _box(18.6, 59.7, 18.7, 59.8))], "target_minutes", "not minutes"),
    "target true": ([_feature("A", True, _box(18.6, 59.7, 18.7, 59.8))], "target_minutes", "not minutes"),
    "target missing": ([_feature("A", None, _box(18.6, 59.7, 18.7, 59.8))], "target_minutes", "not minutes"),
    "seconds": ([_feature("A", 600, _box(18.6, 59.7, 18.7, 59.8))], "target_minutes", "600 s = 10 min"),
    "a point": ([_feature("A", 10, {"type": "Point", "coordinates": [18.6, 59.7]})], "features[0].geometry",
                "a Point, not a polygon"),
    "no geometry": ([_feature("A", 10, None)], "features[0].geometry", "no geometry"),
    "metres": ([_feature("A", 10, _box(690000, 6620000, 700000, 6630000))], "features[0].geometry", "not degrees"),
    "swapped": ([_feature("A", 10, _box(59.69, 18.59, 59.76, 18.71))], "features", "holds a road node"),
}


@pytest.mark.parametrize("case", list(BAD_ZONES))
def test_a_bad_zones_file_gives_one_message(case, tmp_path, capsys) -> None:
    body, field, words = BAD_ZONES[case]
    region = zoned_region(tmp_path)
    zones = tmp_path / "zones.geojson"
    if isinstance(body, str):
        zones.write_text(body, encoding="utf-8")
    else:
        write_zones(zones, body)
    before = zones.read_bytes()
    assert main(["run", "--region", str(region), *RUN]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "zones.geojson" in err and words in err and "Fix:" in err
    if field:
        assert field in err
    assert zones.read_bytes() == before


def test_a_projected_zones_file_is_refused_with_the_export_to_make(tmp_path) -> None:
    path = write_zones(tmp_path / "z.geojson", [_feature("A", 10, _box(18.6, 59.7, 18.7, 59.8))],
                       crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}})
    with pytest.raises(InputError) as err:
        read_target_zones(path)
    assert err.value.field == "crs" and "EPSG:4326" in str(err.value)


def test_a_missing_zones_file_names_the_key(tmp_path, capsys) -> None:
    region = zoned_region(tmp_path)
    (tmp_path / "zones.geojson").unlink()
    assert main(["run", "--region", str(region), *RUN]) == 2
    err = capsys.readouterr().err
    assert "target_zones" in err and "zones.geojson" in err


def test_island_alarms_take_their_islands_zone(region_file, tmp_path, capsys) -> None:
    """An archipelago alarm lies where its island is: a zone drawn round one island holds that island's alarms."""
    from raddsim.region.region import load_region

    region = load_region(region_file())
    island = max((i for s in region.scenarios.values() for i in s.demand.islands),
                 key=lambda i: i.permanent + i.holiday_homes)
    d = 0.01
    write_zones(tmp_path / "zones.geojson", [
        _feature("Island", 45, _box(island.lon - d, island.lat - d, island.lon + d, island.lat + d)),
        _feature("Town", 10, _box(18.65, 59.72, 18.75, 59.79))])
    path = region_file(lambda s: s.replace("target_minutes = 10\n", 'target_minutes = 10\ntarget_zones = "'
                                           + (tmp_path / "zones.geojson").as_posix() + '"\n', 1))
    out, alarms = tmp_path / "out.json", tmp_path / "a.csv"
    assert main(["run", "--region", str(path), "--scenario", "minimum", "--replications", "2", "--years", "1",
                 "--json", str(out), "--alarms", str(alarms)]) == 0
    capsys.readouterr()
    with alarms.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    on_island = [r for r in rows if r["place"] == island.name]
    assert on_island and {r["zone"] for r in on_island} == {"Island"}
    assert {r["area"] for r in rows if r["zone"] == "Island"} == {"archipelago"}


def test_a_sweeps_rows_carry_the_zone_share_as_run_has_it(tmp_path) -> None:
    """Replication r of a sweep point is replication r of ``raddsim run``: its zone share too, to the bit."""
    pytest.importorskip("pyarrow")
    from raddsim.experiment.model import build_model
    from raddsim.experiment.runs import run_experiment
    from raddsim.region.region import load_region
    from raddsim.sweep import load_spec, run_sweep
    from raddsim.sweep.folder import read_metadata
    from raddsim.sweep.results import read_parts
    from raddsim.sweep.summary import figure_columns

    path = zoned_region(tmp_path)
    region = load_region(path)
    res = run_experiment(build_model(region), [region.scenarios["low"]], years=0.2, replications=3, seed=9)
    (tmp_path / "spec.toml").write_text('region = "region.toml"\nbase = "low"\nyears = 0.2\nreplications = 3\n'
                                        'seed = 9\n[axes]\n"demand.multiplier" = [1.0, 1.1]\n', encoding="utf-8")
    run_sweep(load_spec(tmp_path / "spec.toml"), tmp_path / "out", processes=0, progress=False)
    df = read_parts(tmp_path / "out").to_pandas()
    rows = df[df["demand.multiplier"] == 1.0].sort_values("replication")
    zone_share = res["scenarios"]["low"]["zone_targets"]["share_within_zone_target"]
    assert float(np.mean(rows["zone_share_within_target"].to_numpy())) == zone_share
    assert "zone_share_within_target" in read_metadata(tmp_path / "out")["columns"]["figures"]
    assert "zone_share_within_target" in figure_columns(df)


def test_page_one_of_the_report_gives_the_share_within_the_zones_targets(tmp_path, capsys) -> None:
    """The council reads page one: the zones' share is there, with its interval, in both languages."""
    region = zoned_region(tmp_path, source="Forskrift (test)")
    html = tmp_path / "r.html"
    assert main(["report", "--region", str(region), *RUN, "--out", str(html)]) == 0
    res, _ = run_json(region, tmp_path)  # the same seed and replications: the report's figures
    capsys.readouterr()
    share = res["scenarios"]["low"]["zone_targets"]["share_within_zone_target"]
    text = html.read_text(encoding="utf-8")
    page_one = text[:text.index("</ul>", text.index("class=\"question\""))]
    assert "Against each zone&#x27;s own target" in page_one
    assert f"low {100 * share:.1f}\u00a0%" in page_one or f"low {100 * share:.1f} %" in page_one
    assert "Forskrift (test)" in page_one


def test_a_zone_beyond_the_roads_is_warned_when_the_region_is_read(tmp_path, caplog) -> None:
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = zoned_region(tmp_path, [_feature("West", 4, _box(18.595, 59.695, 18.645, 59.755)),
                                     _feature("Far", 4, _box(19.5, 60.5, 19.6, 60.6))])
    with caplog.at_level("WARNING", logger="raddsim"):
        build_model(load_region(region))
    warned = [r.getMessage() for r in caplog.records if "hold no road node" in r.getMessage()]
    assert len(warned) == 1 and "(Far)" in warned[0] and "zones.geojson" in warned[0]


def test_a_zones_share_is_printed_to_a_tenth_of_a_per_cent(tmp_path, capsys) -> None:
    res, _ = run_json(zoned_region(tmp_path), tmp_path)
    out = capsys.readouterr().out
    z = res["scenarios"]["low"]["per_zone"]["West"]
    row = next(line for line in out.splitlines() if line.startswith("West (4 min)"))
    assert f"· {100 * z['share_within_target']:.1f}% (n=" in row


def test_target_reads_every_alarm_against_its_zone_and_ranks_the_levers_by_it(tmp_path, capsys) -> None:
    """``raddsim target`` of a zoned region: the zones' share as ``run`` has it, the missed places each alarm within
    its own zone's target (recomputed from the alarm table), and the levers ranked by the zones' share."""
    region = zoned_region(tmp_path)
    res, rows = run_json(region, tmp_path)
    out = tmp_path / "target.json"
    assert main(["target", "low", "--region", str(region), *RUN, "--lever-replications", "3",
                 "--json", str(out)]) == 0
    text = capsys.readouterr().out
    tg = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["low"]
    zone_share = res["scenarios"]["low"]["zone_targets"]["share_within_zone_target"]
    assert tg["share_within_zone_target"] == pytest.approx(zone_share, abs=1e-12)
    low = [r for r in rows if r["scenario"] == "low"]
    area_ids = {a["id"]: name for name, a in res["scenarios"]["low"]["per_station"].items()}
    for place in tg["by_place"]:
        reps = [[r for r in low if area_ids[r["area"]] == place["place"] and r["replication"] == str(k)]
                for k in range(3)]
        shares = [sum(1 for r in x if r["first_arrival_min"] and float(r["first_arrival_min"])
                      <= float(r["zone_target_min"])) / len(x) for x in reps if x]
        assert place["share_within_target"] == pytest.approx(np.mean(shares), abs=1e-12)
    changes = [lv["share_within_zone_target_change"]["difference"] for lv in tg["levers"]]
    assert changes == sorted(changes, reverse=True) and len(changes) > 1
    assert "All alarms, each within its zone's target" in text and "within its zone's target" in text
