"""Bad input, third round: what a fresh-eyes audit found after the first two rounds and the hand probe.

Each test failed before its fix. The findings: a command of the plain install that ended in an
ImportError traceback, times and speeds so far out of range that the tables printed numbers with
300 digits (or numpy's overflow warnings), a road network with a node beyond the poles, and a sweep
axis whose impossible value was blamed on the region file that was fine.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.region import load_region

ROOT = Path(__file__).resolve().parents[1]


def _exit_and_error(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as ex:  # argparse's usage errors
        code = int(ex.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return code, err


# ------------------------------------------------------------------ 1. optimise on the plain install
def test_optimise_without_the_sweep_extra_names_the_extra(tmp_path, monkeypatch, capsys) -> None:
    # Was: `pip install . && raddsim optimise …` (the README's Optimise section) ended in
    # "ModuleNotFoundError: No module named 'tqdm'" from raddsim/cli/optimise.py.
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if not installed: import fails, find_spec says None
    code, err = _exit_and_error(["optimise", str(ROOT / "stations" / "options_norrtalje.toml"), "--out",
                                 str(tmp_path / "opt")], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "raddsim optimise" in err and "'tqdm'" in err and '.[sweep]' in err, err
    assert not (tmp_path / "opt").exists()


# ------------------------------------------------------------------ 2. times and speeds far out of range
@pytest.fixture()
def shipped_copy(tmp_path) -> Path:
    """A copy of the shipped region (stations/, networks/, geodata/) that a test may damage."""
    for folder in ("stations", "networks", "geodata"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    return tmp_path / "stations" / "norrtalje.toml"


def _damage(path: Path, pattern: str, replacement: str) -> None:
    text, n = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert n == 1, pattern
    path.write_text(text, encoding="utf-8")


INCIDENTS_MEDIAN = r"^on_scene = \{ median_minutes = 120, sigma = 0.8, (.*)$"
# (file, line pattern, damaged line, field named, words of the message). Each was accepted before: the on-scene
# time and the speeds printed tables of 300-digit numbers (numpy: "overflow encountered in square"); a blue-light
# scale of 11 made the heavy engine's factors negative (network info: "×-1.2 track"), and it drove on (a scale
# stretches only gains above 1 now; 1e300 made them infinite).
OUT_OF_RANGE = {
    "on-scene 1e300 min": ("incidents.toml", INCIDENTS_MEDIAN, r"on_scene = { median_minutes = 1e300, sigma = 0.8, \1",
                           "types.building_fire.on_scene.median_minutes", "at most 10080"),
    "on-scene scale": ("norrtalje.toml", r"^on_scene_scale = .*$", "on_scene_scale = 1e300",
                       "demand.on_scene_scale", "at most 10"),
    "walking 1e-300 km/h": ("norrtalje.toml", r"^walk_kmh = .*$", "walk_kmh = 1e-300", "archipelago.walk_kmh",
                            "at least 1"),
    "boat 1e-300 knots": ("norrtalje.toml", r"^speed_knots = \{ value = 25, range = \[15, 35\].*$",
                          "speed_knots = 1e-300", "archipelago.boats.rescue_boat.speed_knots", "at least 1"),
    "rural leg 1e-300 km/h": ("norrtalje.toml", r"^rural_speed_kmh = .*$", "rural_speed_kmh = 1e-300",
                              "demand.access.rural_speed_kmh", "at least 1"),
    "top speed 1e-300": ("norrtalje.toml", r"^top_speed_kmh = .*$", "top_speed_kmh = 1e-300",
                         "network.vehicles.heavy.top_speed_kmh", "at least 1"),
    "factor 1e-300": ("norrtalje.toml", r"^factors.track = .*$", "factors.track = 1e-300",
                      "network.vehicles.heavy.factors.track", "at least 0.1"),
    # (a scale no longer stretches a factor below 1, so it cannot make one negative; it can make one huge)
    "scale makes a factor huge": ("norrtalje.toml", r"^scale = \{ value = 1.0, range = \[0.5, 1.8\].*$",
                                  "scale = 1e300", "network.blue_light.scale", "at most 16"),
    "absence of 1e300 days": ("norrtalje.toml", r"^absence_days = .*$", "absence_days = 1e300",
                              "availability.part-time.absence_days", "at most 366"),
    "call-in 1e300 min": ("norrtalje.toml", r"^call_in_minutes = .*$", "call_in_minutes = 1e300",
                          "availability.part-time.call_in_minutes", "at most 120"),
    # Was blamed on demand.population ("every road of the network lies inside one [place's disc]").
    "tätort density 1e-300": ("norrtalje.toml", r"^urban_density_per_km2 = .*$", "urban_density_per_km2 = 1e-300",
                              "demand.access.urban_density_per_km2", "at least 100"),
}


@pytest.mark.parametrize("case", OUT_OF_RANGE)
def test_times_and_speeds_far_out_of_range_are_refused(shipped_copy, case) -> None:
    name, pattern, line, field, words = OUT_OF_RANGE[case]
    damaged = shipped_copy.parent / name
    _damage(damaged, pattern, line)
    with pytest.raises(InputError) as err:
        load_region(shipped_copy)
    assert err.value.file == str(damaged) and err.value.field == field, str(err.value)
    assert words in str(err.value) and "\n" not in str(err.value), str(err.value)


def test_the_shipped_ranges_stay_within_the_bounds(shipped_copy) -> None:
    # The ranges compare --uncertain and calibrate draw from: their ends are valid values too.
    _damage(shipped_copy, r"^scale = \{ value = 1.0, range = \[0.5, 1.8\].*$", "scale = 1.8")
    _damage(shipped_copy, r"^on_scene_scale = .*$", "on_scene_scale = 1.6")
    _damage(shipped_copy, r"^urban_density_per_km2 = .*$", "urban_density_per_km2 = 800")
    assert set(load_region(shipped_copy).scenarios) >= {"minimum", "ambition"}


# ------------------------------------------------------------------ 3. a road network with a node beyond the poles
ONE_ROAD = ('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="{lat}" lon="18"/><node id="2" lat="59.01" '
            'lon="18"/><way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way></osm>')


def test_an_osm_node_beyond_the_poles_is_refused(tmp_path, capsys) -> None:
    # Was: network info printed "extent: lat 59.01–99.0" and "road: 4,446.7 km" for two nodes 1 km apart.
    bad = tmp_path / "roads.osm"
    bad.write_text(ONE_ROAD.format(lat=99), encoding="utf-8")
    code, err = _exit_and_error(["network", "info", str(bad)], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert str(bad) in err and "node 1" in err and "lat 99" in err and "lat -90 to 90" in err, err
    good = tmp_path / "good.osm"
    good.write_text(ONE_ROAD.format(lat=59), encoding="utf-8")
    assert main(["network", "info", str(good)]) == 0


def test_a_graphml_node_beyond_the_poles_is_refused(tmp_path, capsys) -> None:
    src = tmp_path / "good.osm"
    src.write_text(ONE_ROAD.format(lat=59), encoding="utf-8")
    good = tmp_path / "g.graphml"
    assert main(["network", "convert", str(src), str(good)]) == 0
    text = good.read_text(encoding="utf-8")
    key = re.search(r'<key id="(\w+)" for="node" attr.name="y"', text).group(1)
    bad = tmp_path / "bad.graphml"
    bad.write_text(re.sub(rf'<data key="{key}">59(\.0)?</data>', f'<data key="{key}">-95</data>', text, count=1),
                   encoding="utf-8")
    assert bad.read_text(encoding="utf-8") != text
    capsys.readouterr()
    code, err = _exit_and_error(["network", "info", str(bad)], capsys)
    assert code == 2 and "lat -95" in err and str(bad) in err, err


# ------------------------------------------------------------------ 4. a sweep axis that moves a station off the roads
def test_a_sweep_axis_moving_a_station_off_the_roads_is_blamed_on_the_spec(tmp_path, capsys) -> None:
    # Was blamed on the region file ("norrtalje.toml: stations.rimbo.lat/lon"), which was fine, and left a "running"
    # results folder: the corrected spec was then refused there ("holds a sweep made from a different spec").
    pytest.importorskip("pyarrow")
    from sweep_helpers import write_region

    region = write_region(tmp_path / "region")
    spec = tmp_path / "spec.toml"
    spec.write_text(f'region = "{region.as_posix()}"\nbase = "low"\nreplications = 1\nyears = 0.05\n'
                    '[axes]\n"stations.west.lon" = [18.62, 25.0]\n', encoding="utf-8")
    out = tmp_path / "out"
    code, err = _exit_and_error(["sweep", str(spec), "--out", str(out), "--processes", "0", "--quiet"], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert f"{spec}: axes.\"stations.west.lon\": stations.west.lon = 25.0" in err and "nearest road" in err, err
    assert not out.exists()
    spec.write_text(spec.read_text(encoding="utf-8").replace("25.0", "18.64"), encoding="utf-8")
    assert main(["sweep", str(spec), "--out", str(out), "--processes", "0", "--quiet"]) == 0


# ------------------------------------------------------------------ 5. JEMSS models
@pytest.mark.parametrize("file, old, new, field", [
    ("ambulances.csv", "\n2,2,1\n", "\n2,2.5,1\n", "ambulances.base"),   # was ambulance 2 at station 2, silently
    ("ambulances.csv", "\n3,2,1\n", "\n2.9,2,1\n", "ambulances.index"),  # was a second ambulance 2
    ("stations.csv", "\n2,7.035", "\n1.5,7.035", "stations.id"),
    ("travel.csv", "\n1,960\n", "\n1.5,960\n", "travelModes.mode"),
])
def test_a_jemss_index_that_is_not_a_whole_number_is_refused(tmp_path, capsys, file, old, new, field) -> None:
    from test_jemss_import import write_lakeside

    src = write_lakeside(tmp_path / "lakeside")
    path = src / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    code, err = _exit_and_error(["region", "import-jemss", str(src), str(out)], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert str(path) in err and f"{field}:" in err and "whole number" in err, err
    assert not out.exists()


def test_an_overflowing_jemss_distribution_is_one_line_without_scipy_warnings(recwarn) -> None:
    # Was a scipy RuntimeWarning ("overflow encountered in multiply") printed above the error line.
    from raddsim.region.jemss_dist import parse_distribution

    with pytest.raises(InputError, match="Exponential"):
        parse_distribution("Exponential(1e300)", "gen_config.xml", "callDistributions.onSceneDuration")
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)], [str(w.message) for w in recwarn]


# ------------------------------------------------------------------ 6. a target of 1e300 minutes
def test_a_target_beyond_a_day_is_refused(shipped_copy, capsys) -> None:
    # Was run's headline "alarms within 1e+300 min: 100.0%", from the command line or the region file.
    code, err = _exit_and_error(["run", "--target", "1e300", "--replications", "2"], capsys)
    assert code == 2 and "--target" in err and "at most 1440" in err, err
    _damage(shipped_copy, r"^target_minutes = 10$", "target_minutes = 1e300")
    with pytest.raises(InputError) as exc:
        load_region(shipped_copy)
    assert exc.value.field == "region.target_minutes" and "at most 1440" in str(exc.value), str(exc.value)


# ------------------------------------------------------------------ 7. one of raddsim's files where another belongs
# (option, file, what it is, what the fix names). Were "unknown key 'capabilities'. Did you mean 'policies'?",
# "unknown key 'region'. Fix: use one of: scenarios." or "malformed TOML (Invalid statement …)".
WRONG_FILES = [
    ("--stations", "stations/incidents.toml", "an incident types file", "[demand] types"),
    ("--stations", "stations/norrtalje_posterior.toml", "a posterior file", "posterior ="),
    ("--stations", "stations/options_norrtalje.toml", "an options file for raddsim optimise", "raddsim optimise"),
    ("--stations", "benchmarks/specs/demand_x_staffing.toml", "a sweep specification", "raddsim sweep"),
    ("--stations", "stations/norrtalje_calibrated.toml", "a scenarios file", "--scenarios-file"),
    ("--stations", "networks/norrtalje_approx.osm", "a road network, not a TOML file", "region file"),
    ("--stations", "geodata/norrtalje_kommun_scb_2024.geojson", "a GeoJSON outline, not a TOML file", "region file"),
    # The README's edited region file given where a scenarios file goes.
    ("--scenarios-file", "stations/norrtalje.toml", "a region file", "--stations"),
    ("--scenarios-file", "stations/incidents.toml", "an incident types file", "[demand] types"),
]


@pytest.mark.parametrize("option, file, what, fix", WRONG_FILES, ids=[f"{o} {f}" for o, f, _, _ in WRONG_FILES])
def test_a_file_of_another_kind_is_named_as_such(capsys, option, file, what, fix) -> None:
    code, err = _exit_and_error(["run", option, str(ROOT / file), "--replications", "2"], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert f"{ROOT / file}: this is {what}" in err and fix in err.partition("Fix:")[2], err


def test_files_of_the_right_kind_still_load() -> None:
    region = load_region(ROOT / "stations" / "norrtalje.toml",
                         extra_scenarios=[ROOT / "stations" / "norrtalje_calibrated.toml"])
    assert "current-calibrated" in region.scenarios


# ------------------------------------------------------------------ 8. options of --uncertain without it
@pytest.mark.parametrize("extra, named", [
    (["--posterior", str(ROOT / "stations" / "norrtalje_posterior.toml")], "--posterior applies only with --uncertain"),
    (["--processes", "2", "--out", "uo"], "--out, --processes apply only with --uncertain"),
    (["--set-replications", "4"], "--set-replications applies"),
])
def test_an_option_of_the_uncertainty_analysis_without_it_is_refused(capsys, extra, named) -> None:
    # Was ignored silently: `compare minimum ambition --posterior FILE` printed the plain comparison (exit 0), as if
    # the calibrated parameter sets had been used.
    code, err = _exit_and_error(["compare", "minimum", "ambition", "--replications", "2", *extra], capsys)
    assert code == 2 and err.count("\n") == 1 and named in err and "--uncertain 30" in err, err


# ------------------------------------------------------------------ 9. other options that were ignored silently
def test_years_with_a_replay_is_refused(tmp_path, capsys) -> None:
    # Was: `run --incidents alarms.csv --years 5` replayed the file's two days (header: "× 0.0054757 year(s)").
    alarms = tmp_path / "alarms.csv"
    alarms.write_text("time,lon,lat,type\n2023-07-14T13:05:00,18.71,59.75,building_fire\n", encoding="utf-8")
    code, err = _exit_and_error(["run", "minimum", "--incidents", str(alarms), "--years", "5"], capsys)
    assert code == 2 and "--years 5 does not apply to a replay" in err, err
    assert main(["run", "minimum", "--incidents", str(alarms), "--replications", "2"]) == 0


def test_lever_replications_with_no_levers_is_refused(capsys) -> None:
    code, err = _exit_and_error(["target", "minimum", "--no-levers", "--lever-replications", "4"], capsys)
    assert code == 2 and "--lever-replications" in err and "--no-levers" in err, err


# ------------------------------------------------------------------ 10. a sweep over a region folder
def test_a_sweep_spec_may_name_a_region_folder(tmp_path, capsys) -> None:
    # `raddsim run --region FOLDER` runs a folder holding region.toml (import-jemss writes one); a sweep spec's
    # region = "FOLDER" was refused: "the region file '…' does not exist".
    pytest.importorskip("pyarrow")
    from sweep_helpers import write_region

    write_region(tmp_path / "region")  # region/region.toml and region/grid.osm
    (tmp_path / "region" / "x").mkdir()
    spec = tmp_path / "spec.toml"
    spec.write_text('region = "region"\nbase = "low"\nreplications = 1\nyears = 0.05\n'
                    '[axes]\n"demand.multiplier" = [1.0, 1.2]\n', encoding="utf-8")
    assert main(["sweep", str(spec), "--out", str(tmp_path / "out"), "--processes", "0", "--quiet"]) == 0, \
        capsys.readouterr().err
    spec.write_text(spec.read_text(encoding="utf-8").replace('"region"', '"region/x"'), encoding="utf-8")
    code, err = _exit_and_error(["sweep", str(spec), "--out", str(tmp_path / "out2"), "--processes", "0"], capsys)
    assert code == 2 and "is a folder without region.toml" in err, err


# ------------------------------------------------------------------ 11. a launch point off the roads: its file
def test_a_launch_point_off_the_roads_is_blamed_on_the_launches_file(shipped_copy) -> None:
    # Was "norrtalje.toml: archipelago.launches: launch point 'Norrtälje hamn (inner harbour)' (norrtalje) is 6207.0 km
    # from the nearest road": the region file was fine; the row with lat and lon swapped is in the launches file.
    from raddsim.experiment.model import build_model

    launches = shipped_copy.parent / "norrtalje_boat_launches.csv"
    _damage(launches, r"^(norrtalje,rescue_boat,Norrtälje hamn \(inner harbour\)),59.7590,18.7120,",
            r"\1,18.7120,59.7590,")
    region = load_region(shipped_copy)
    with pytest.raises(InputError) as err:
        build_model(region).prepare(region.scenarios["minimum"])
    assert err.value.file == str(launches) and err.value.field == "lat/lon", str(err.value)
    assert "Norrtälje hamn" in str(err.value) and "18.71200N 59.75900E" in str(err.value), str(err.value)


# ------------------------------------------------------------------ 12. trailing commas from a spreadsheet
def test_trailing_commas_are_not_called_a_decimal_comma(tmp_path) -> None:
    # Was "(an unquoted comma in a text?)", or for an islands row "…,70,250,…,yes,,," "(a decimal comma in 70,250?
    # write 70.250)": the row's only fault is three empty fields at its end.
    from raddsim.demand.location_files import load_places

    path = tmp_path / "places.csv"
    path.write_text("name,population,lat,lon\nRimbo,5223,59.74,18.36,,,\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_places(path)
    text = str(err.value)
    assert "decimal comma" not in text and "trailing comma" in text and "remove the 3 trailing" in text, text
    path.write_text("name,population,lat,lon\nRimbo,5223,59,74,18.36\n", encoding="utf-8")  # a real decimal comma
    with pytest.raises(InputError, match="decimal comma"):
        load_places(path)


def test_a_sweep_axis_error_does_not_name_the_internal_trial_scenario(tmp_path) -> None:
    # Was "... at most 120). (in scenario 'low@check') Fix: ...": a name the user never wrote.
    from sweep_helpers import write_region

    from raddsim.sweep import load_spec, validate_spec

    region = write_region(tmp_path / "region")
    spec = tmp_path / "spec.toml"
    spec.write_text(f'region = "{region.as_posix()}"\nbase = "low"\n[axes]\n"crews.*.turnout_minutes" = [1e9]\n',
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        validate_spec(load_spec(spec), load_region(region))
    assert "@check" not in str(err.value) and "at most 120" in str(err.value), str(err.value)


# ------------------------------------------------------------------ 13. an id that dotted keys would split
@pytest.mark.parametrize("old, new, field", [(r"^\[crews.rimbo\]", '[crews."rimbo.2"]', "crews.rimbo.2"),
                                             (r"^\[stations.rimbo\]", '[stations."rim*bo"]', "stations.rim*bo")])
def test_an_id_with_a_dot_or_star_is_refused(shipped_copy, old, new, field) -> None:
    # [crews."bli.do"] loaded and ran; compare --uncertain then failed after the whole comparison with
    # "scenarios.minimum@0.crews.bli.do: ... unknown key 'do'", and a sweep axis "crews.bli.do.turnout_minutes" could
    # not name it.
    _damage(shipped_copy, old, new)
    with pytest.raises(InputError) as err:
        load_region(shipped_copy)
    assert err.value.field == field and "dotted keys" in str(err.value), str(err.value)


# ------------------------------------------------------------------ 14. a range that draws an impossible value
def test_a_range_drawing_an_impossible_value_is_refused_before_the_comparison(shipped_copy, capsys) -> None:
    # Was found after the whole plain comparison had run and printed, named by an internal scenario:
    # "scenarios.minimum@0.demand.on_scene_scale: parameter set 0 does not make a valid scenario ...".
    pytest.importorskip("pyarrow")
    _damage(shipped_copy, r"^on_scene_scale = .*$", "on_scene_scale = { value = 1.0, range = [0.6, 20] }")
    code = main(["compare", "minimum", "ambition", "--uncertain", "3", "--set-replications", "2", "--processes", "0",
                 "--stations", str(shipped_copy)])
    out, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1, err
    # Since corpus19 refused when the region is read (Table.number checks a range against the value's bounds).
    assert f"{shipped_copy}: demand.on_scene_scale.range: the range [0.6, 20] reaches beyond" in err, err
    assert "at most 10" in err, err
    assert "@" not in err and "Paired differences" not in out, (err, out)
