"""Unit slips within the hard caps (probe_bad2 items 1, 3 and 11): seconds written as minutes, a lost 0 of a speed,
travel times in minutes in a nodes/arcs network, percentages for shares, a pasted minus sign.

Each was accepted without a word (or refused with a message that did not name the slip): a full-time crew's turnout
of 90 (meant 90 s) made the municipality 4 min worse, ``travel_time_s`` in minutes drove light vehicles at
4,200 km/h, and "expected a number, got '−18.3511'" looked like a valid number.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import write_grid_osm
from sweep_helpers import REGION, write_region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.region import load_region

SLIP_WORDS = ("seconds?", "walking pace", "imply speeds above", "percentage")


def _said(caplog, *words: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if all(w in r.getMessage() for w in words)]


def _gridby(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    path = write_region(tmp_path)
    text = REGION
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path


def _load_warnings(caplog, path: Path) -> list[str]:
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_region(path)
    return [r.getMessage() for r in caplog.records]


# ------------------------------------------------------------------ item 1: turnout, on-scene, reported, access
FULL_TIME = "turnout_minutes = 1.5"
PART_TIME = "turnout_minutes = 5\n"


@pytest.mark.parametrize("edit, said", [
    ((FULL_TIME, "turnout_minutes = 90"),
     "crews.west_ft.turnout_minutes: 90 min for a full-time crew (on station, it leaves in 1–2 min) — seconds? "
     "Fix: write 1.5 for 90 s."),
    ((PART_TIME, "turnout_minutes = 45\n"),
     "crews.east_pt.turnout_minutes: 45 min from the alarm to leaving the station is longer than any crew's "
     "turnout (a part-time crew's is 5–8 min) — seconds? Fix: write 0.75 for 45 s."),
    # a range's end is a value too: calibrate and compare --uncertain draw from it
    ((FULL_TIME, 'turnout_minutes = { value = 1.5, range = [1, 60], source = "X" }'),
     "crews.west_ft.turnout_minutes.range: 60 min for a full-time crew"),
])
def test_a_turnout_in_seconds_is_warned_with_the_fix(tmp_path, caplog, edit, said) -> None:
    path = _gridby(tmp_path, edit)
    warned = [w for w in _load_warnings(caplog, path) if "seconds?" in w]
    assert len(warned) == 1 and warned[0].startswith(f"{path}: {said}"), warned  # once, though parsed per scenario


def test_a_turnout_in_seconds_a_scenario_sets_is_warned_once_naming_the_scenario(tmp_path, caplog) -> None:
    path = _gridby(tmp_path, ("[demand]", '[scenarios.slow]\nbase = "low"\ncrews.west_ft.turnout_minutes = 90\n'
                                          '[scenarios.slower]\nbase = "slow"\n\n[demand]'))
    warned = [w for w in _load_warnings(caplog, path) if "seconds?" in w]
    assert warned == [f"{path}: scenarios.slow.crews.west_ft.turnout_minutes: 90 min for a full-time crew (on "
                      "station, it leaves in 1–2 min) — seconds? (in scenario 'slow') Fix: write 1.5 for 90 s."], warned


def test_a_turnout_in_seconds_an_override_sets_is_warned_naming_the_override(tmp_path, caplog) -> None:
    # Region.derive (sweep points, posterior sets, levers): was warned as the region file's field, which says 8;
    # its refusals named the override already. Once per field, as a file's value read by every scenario.
    path = _gridby(tmp_path)
    region = load_region(path)
    key = "crews.east_pt2.turnout_minutes"
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        for k, minutes in enumerate((45, 40)):
            region.derive(f"slow{k}", "low", {key: minutes})
    warned = _said(caplog, "seconds?")
    assert warned == [f"overrides['{key}']: 45 min from the alarm to leaving the station is longer than any crew's "
                      "turnout (a part-time crew's is 5–8 min) — seconds? Fix: write 0.75 for 45 s."], warned
    assert not _said(caplog, str(path))


@pytest.mark.parametrize("edit", [(FULL_TIME, "turnout_minutes = 15"), (PART_TIME, "turnout_minutes = 30\n"),
                                  (PART_TIME, 'turnout_minutes = { value = 5, range = [4, 8], source = "X" }\n')])
def test_a_plausible_turnout_is_not_warned(tmp_path, caplog, edit) -> None:
    # 15 min: the shipped Coast Guard boat (full-time); 30 min: a slow call-in crew's longest
    assert not [w for w in _load_warnings(caplog, _gridby(tmp_path, edit)) if "seconds?" in w]


def test_region_new_warns_of_a_turnout_in_seconds_once_by_the_tables_row(tmp_path, caplog) -> None:
    net = write_grid_osm(tmp_path / "grid.osm", rows=6, cols=6)
    crews = tmp_path / "crews.csv"
    crews.write_text("name,lat,lon,kind,firefighters,turnout_minutes\nWest,59.71,18.62,heltid,4,90\n"
                     "East,59.74,18.70,deltid,3,5\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert main(["region", "new", str(tmp_path / "region"), "--network", str(net), "--stations", str(crews),
                     "--alarms-per-year", "800", "--population", "6400"]) == 0
    warned = _said(caplog, "seconds?")  # "line 2", as the table's errors say (was "row 2")
    assert warned == [f"{crews}: turnout_minutes: line 2 (West): 90 min for a full-time crew (on station, it leaves in "
                      "1–2 min) — seconds? Fix: write 1.5 for 90 s."], warned


def test_an_on_scene_time_in_seconds_is_warned(tmp_path, caplog) -> None:
    path = _gridby(tmp_path, ("population = 5000\n", "population = 5000\n[demand.on_scene]\nmedian_minutes = 7200\n"))
    warned = [w for w in _load_warnings(caplog, path) if "seconds?" in w]
    assert warned == [f"{path}: demand.on_scene.median_minutes: 7200 min on scene is over a day — seconds? Fix: "
                      "write 120 for 7200 s."], warned


def test_an_incident_types_on_scene_median_in_seconds_is_warned(tmp_path, caplog) -> None:
    from raddsim.demand.types import load_catalog
    from raddsim.region.region import default_region_path

    src = (default_region_path().parent / "incidents.toml").read_text(encoding="utf-8")
    old = "on_scene = { median_minutes = 120, sigma = 0.8"
    assert old in src
    types = tmp_path / "incidents.toml"
    types.write_text(src.replace(old, "on_scene = { median_minutes = 7200, sigma = 0.8", 1), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_catalog(types)
    warned = _said(caplog, "seconds?")
    assert warned == [f"{types}: types.building_fire.on_scene.median_minutes: 7200 min on scene is over a day — "
                      "seconds? Fix: write 120 for 7200 s."], warned


def test_a_target_in_seconds_is_warned_in_one_wording_for_the_region_and_an_incident_type(tmp_path, caplog) -> None:
    # The region's and a type's target each had their own words ("target_minutes = 600 is 10.0 hours; is it in
    # seconds (600 s = 10 min)? Fix: write the target in minutes."), and a type's was not said once.
    from raddsim.demand.types import load_catalog
    from raddsim.region.region import default_region_path
    from raddsim.region.stations import ROLES

    path = _gridby(tmp_path, ("target_minutes = 6\n", "target_minutes = 600\n"))
    src = (default_region_path().parent / "incidents.toml").read_text(encoding="utf-8")
    types = tmp_path / "incidents.toml"
    types.write_text(src.replace("[types.automatic_alarm]\n", "[types.automatic_alarm]\ntarget_minutes = 480\n", 1),
                     encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_region(path)
        load_catalog(types)
        load_catalog(types, roles=ROLES | {"pump_operator"})  # read again (another region's roles): said once
    assert _said(caplog, "seconds?") == [
        f"{path}: region.target_minutes: 600 min is 10.0 hours, longer than any response target — seconds? Fix: "
        "write 10 for 600 s.",
        f"{types}: types.automatic_alarm.target_minutes: 480 min is 8.0 hours, longer than any response target — "
        "seconds? Fix: write 8 for 480 s."]


HANDOVER = "handover_shape = 2.5, handover_scale_minutes = 10"


@pytest.mark.parametrize("shape, scale, said", [
    (200, 60, None),  # JEMSS's near-constant handover of an hour: was refused as "12000 min on average"
    (2.5, 2058, "types.alarm.transport.handover_scale_minutes: a hospital handover of 1826 min on average is over a "
                "day — seconds? Fix: write 34.3 for 2058 s."),  # 34.3 min in seconds: was accepted unsaid
])
def test_a_hospital_handover_is_judged_by_its_weibull_mean(tmp_path, caplog, shape, scale, said) -> None:
    from corpus_helpers import TYPES

    from raddsim.demand.types import load_catalog

    types = tmp_path / "types.toml"
    assert HANDOVER in TYPES
    types.write_text(TYPES.replace(HANDOVER, f"handover_shape = {shape}, handover_scale_minutes = {scale}"),
                     encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_catalog(types)
    assert _said(caplog, "seconds?") == ([f"{types}: {said}"] if said else [])


def test_a_hospital_handover_whose_weibull_mean_is_over_a_week_is_refused(tmp_path) -> None:
    # shape 0.05: a mean of 30 × Γ(21) ≈ 10^20 min, which the gamma's shape × scale (1.5 min) let pass.
    from corpus_helpers import TYPES

    from raddsim.demand.types import load_catalog

    types = tmp_path / "types.toml"
    types.write_text(TYPES.replace(HANDOVER, "handover_shape = 0.05, handover_scale_minutes = 30"), encoding="utf-8")
    with pytest.raises(InputError, match=r"types.alarm.transport.handover_scale_minutes: a handover of Weibull "
                                         r"shape 0.05 and scale 30 min lasts 7.299e\+19 min on average: over a week"):
        load_catalog(types)


def test_a_reported_indicator_in_seconds_is_warned_against_the_target(tmp_path, caplog) -> None:
    path = _gridby(tmp_path, ("target_minutes = 6\n",
                              'target_minutes = 6\nreported_minutes = { "2022" = 379, "2023" = 7.2 }\n'))
    warned = [w for w in _load_warnings(caplog, path) if "seconds?" in w]
    assert warned == [f"{path}: region.reported_minutes.2022: 379 min is 63 × the 6-min target — seconds? Fix: "
                      "write 6.317 for 379 s."], warned


@pytest.mark.parametrize("key", ["urban_speed_kmh", "rural_speed_kmh", "replay_speed_kmh"])
@pytest.mark.parametrize("written, field, slow", [("4", "", "4"), ("{ value = 40, range = [3, 60] }", ".range", "3")])
def test_a_last_stretch_at_walking_pace_is_refused(tmp_path, key, written, field, slow) -> None:
    path = _gridby(tmp_path, ("population = 5000\n", f"population = 5000\n[demand.access]\n{key} = {written}\n"))
    with pytest.raises(InputError) as exc:
        load_region(path)
    assert exc.value.field == f"demand.access.{key}{field}", exc.value
    assert str(exc.value).endswith(f"{slow} km/h is walking pace, not a vehicle on its last stretch (a missing 0?). "
                                   f"Fix: give the speed in km/h, at least 10 (e.g. {int(slow) * 10}; 30–50 is "
                                   "typical)."), exc.value


def test_the_shipped_region_gives_no_slip_warning(caplog) -> None:
    from raddsim.region.region import default_region_path

    warned = [w for w in _load_warnings(caplog, default_region_path()) if any(s in w for s in SLIP_WORDS)]
    assert not warned, warned


# ------------------------------------------------------------------ item 3: given times that imply absurd speeds
NODES = "id,lon,lat\n" + "".join(f"{i},{18.60 + 0.01 * i:.2f},59.70\n" for i in range(1, 6))  # ~560 m apart


def _arcs(tmp_path: Path, times: list[float], column: str = "travel_time_s") -> Path:
    folder = tmp_path / "net"
    folder.mkdir(exist_ok=True)
    (folder / "nodes.csv").write_text(NODES, encoding="utf-8")
    rows = "".join(f"{i},{i + 1},560,{t}\n" for i, t in enumerate(times, start=1))
    (folder / "arcs.csv").write_text(f"# a comment\nfrom,to,length_m,{column}\n{rows}", encoding="utf-8")
    return folder


@pytest.mark.parametrize("column", ["travel_time_s", "emergency_time_s"])
def test_arc_times_in_minutes_are_refused(tmp_path, column) -> None:
    from raddsim.network.csvgraph import load_csv_network

    folder = _arcs(tmp_path, [0.48, 0.5, 0.45, 40.0], column)  # three in minutes (29 s), one in seconds
    with pytest.raises(InputError) as exc:
        load_csv_network(folder)
    assert str(exc.value) == (f"{folder / 'arcs.csv'}: {column}: 3 of 4 arcs imply speeds above 200 km/h (e.g. "
                              "line 3: 560 m in 0.48 s = 4,200 km/h): times in minutes? Fix: give seconds."), exc.value


def test_a_single_fast_arc_is_warned(tmp_path, caplog) -> None:
    from raddsim.network.csvgraph import load_csv_network

    folder = _arcs(tmp_path, [40.0, 0.5, 45.0, 40.0])
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_csv_network(folder)
    assert _said(caplog, "1 of 4 arcs imply speeds above 200 km/h (e.g. line 4: 560 m in 0.5 s",
                 "Fix: give seconds."), caplog.text


def test_an_arc_whose_length_is_the_slip_is_not_blamed_on_its_time(tmp_path, caplog) -> None:
    from raddsim.network.csvgraph import load_csv_network

    folder = _arcs(tmp_path, [40.0, 40.0, 40.0, 40.0])
    arcs = folder / "arcs.csv"
    arcs.write_text(arcs.read_text().replace("1,2,560,", "1,2,1e300,"), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_csv_network(folder)  # the length is warned (over 20 times the straight line), the time is not
    assert _said(caplog, "over 20 times the straight line") and not _said(caplog, "imply speeds"), caplog.text


def test_plausible_and_rounded_arc_times_pass(tmp_path, caplog) -> None:
    from raddsim.network.csvgraph import load_csv_network

    folder = _arcs(tmp_path, [40.0, 10.2, 25, 30])  # 10.2 s: 198 km/h, a motorway at its fastest
    (folder / "arcs.csv").write_text((folder / "arcs.csv").read_text() + "5,4,20,0\n", encoding="utf-8")  # 0: rounded
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_csv_network(folder)
    assert not _said(caplog, "imply speeds"), caplog.text


def test_graphml_given_times_in_minutes_are_refused() -> None:
    import networkx as nx

    from raddsim.network.data import GIVEN_TIME_ATTR, RoadData

    G = nx.MultiDiGraph(crs="EPSG:4326")
    for i in range(1, 4):
        G.add_node(i, x=18.60 + 0.01 * i, y=59.70)
    G.add_edge(1, 2, length=560.0, highway="primary", **{GIVEN_TIME_ATTR: 0.48})
    G.add_edge(2, 3, length=560.0, highway="primary", **{GIVEN_TIME_ATTR: 0.5})
    with pytest.raises(InputError) as exc:
        RoadData.from_graph(G, meta={"file": "x.graphml"})
    assert "2 of 2 arcs imply speeds above 200 km/h (e.g. edge 1→2: 560 m in 0.48 s" in str(exc.value), exc.value


# ------------------------------------------------------------------ item 11: percentages and a pasted minus sign
def test_a_probability_written_as_a_percentage_names_the_share(region_file) -> None:
    path = region_file(lambda s: s.replace("response_probability = 1.0", "response_probability = 100", 1))
    with pytest.raises(InputError) as exc:
        load_region(path)
    assert "must be at most 1, got 100 (a percentage? write 1.0). Fix: use a value of at most 1." in str(exc.value)


def test_a_pools_probability_and_a_share_as_percentages_are_named(tmp_path) -> None:
    from raddsim.region.config import Table

    t = Table({"response_probability": 35, "share": 30.0, "p": {"value": 0.5, "range": [30, 80]}}, "f.toml", "x")
    for key, hint in (("response_probability", "(a percentage? write 0.35)"), ("share", "(a percentage? write 0.3)"),
                      ("p", "(percentages? write [0.3, 0.8])")):
        with pytest.raises(InputError) as exc:
            t.number(key, min=0, max=1)
        assert hint in str(exc.value), exc.value
    with pytest.raises(InputError) as exc:  # not a share: no hint
        Table({"k": 35}, "f.toml").number("k", min=0, max=10)
    assert "percentage" not in str(exc.value)


def test_a_csv_share_as_a_percentage_is_named(tmp_path) -> None:
    from raddsim.core.text import csv_number

    with pytest.raises(InputError) as exc:
        csv_number("a.csv", 2, {"share": "35"}, "share", 0, 1)
    assert "35.0 is outside [0, 1] (a percentage? write 0.35)" in str(exc.value), exc.value


def test_a_unicode_minus_sign_is_named_in_csv_and_toml(tmp_path) -> None:
    from raddsim.core.text import csv_number
    from raddsim.region.config import Table, read_toml

    with pytest.raises(InputError) as exc:
        csv_number("a.csv", 3, {"lon": "\u221218.3511"}, "lon", -180, 180)
    assert "got '\u221218.3511' (a U+2212 minus sign: write - from the keyboard, -18.3511)" in str(exc.value)
    with pytest.raises(InputError) as exc:
        Table({"lon": "\u221218.3511"}, "f.toml").number("lon")
    assert "(a U+2212 minus sign: write - from the keyboard, -18.3511)" in str(exc.value), exc.value
    bad = tmp_path / "x.toml"
    bad.write_text("lon = \u221218.3511\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_toml(bad)
    assert "a minus sign pasted from Word or a web page (U+2212" in str(exc.value), exc.value


def test_a_unicode_minus_sign_is_named_in_a_nodes_csv(tmp_path) -> None:
    from raddsim.network.csvgraph import load_csv_network

    folder = _arcs(tmp_path, [40.0, 40.0, 40.0, 40.0])
    (folder / "nodes.csv").write_text(NODES.replace("1,18.61", "1,\u221218.61"), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_csv_network(folder)
    assert "(a U+2212 minus sign: write - from the keyboard, -18.61)" in str(exc.value), exc.value
