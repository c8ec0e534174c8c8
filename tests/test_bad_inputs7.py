"""Bad input, seventh round (audit12): options costs ignored, swapped lat/lon, posterior files, and a probe table.

Each case: one clear InputError naming the file, the field and the fix (or one warning, where the file may be
valid), where before there was a traceback, a silently wrong result, or a refusal without the hint that fixes it.
Runs on Gridby (tests/sweep_helpers.py) and Toyby (tests/optimise_helpers.py), offline, in a few seconds.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from optimise_helpers import OPTIONS, write_toy
from test_bad_inputs6 import _one_line

from raddsim.core.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ optimise: a cost for the level of today
@pytest.mark.parametrize("levels, field", [
    ("[levels.north_pt]\nambition = 2\nminimum = 3", "levels.north_pt.minimum"),  # a cost never counted
    ("[levels.north_pt]\nminimum = 0", "levels.north_pt.minimum"),  # the crew silently got no option at all
])
def test_a_cost_for_the_crews_level_of_today_is_warned_about(tmp_path, caplog, levels, field) -> None:
    from raddsim.optimise.options import load_options

    _, opts = write_toy(tmp_path, OPTIONS.replace("[levels.north_pt]\nambition = 2", levels))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        space = load_options(opts)
    said = [r.getMessage() for r in caplog.records if "as today" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith(f"{opts}: {field}: ignored") and "Fix:" in said[0], said
    assert "level:north_pt:minimum" not in space.options
    # A zero cost for today's level beside another level is harmless: not warned about.
    caplog.clear()
    _, opts = write_toy(tmp_path / "zero", OPTIONS.replace("[levels.north_pt]\nambition = 2",
                                                           "[levels.north_pt]\nambition = 2\nminimum = 0"))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        space = load_options(opts)
    assert not [r for r in caplog.records if "as today" in r.getMessage()]
    assert "level:north_pt:ambition" in space.options


# ------------------------------------------------------------------ latitude and longitude swapped
def test_a_candidate_site_with_lat_and_lon_swapped_says_so_in_the_fix(tmp_path) -> None:
    from optimise_helpers import SITES

    from raddsim.experiment.model import build_model
    from raddsim.optimise.options import load_options
    from raddsim.optimise.sites import check_sites

    texts = []
    for name, position in (("swapped", "18.66,59.74"), ("paris", "48.85,2.35")):  # Midway as lon,lat; Paris
        _, opts = write_toy(tmp_path / name, sites=SITES.replace("59.74,18.68", position))
        space = load_options(opts)
        with pytest.raises(InputError) as err:
            check_sites(space, build_model(space.region).network)
        texts.append(_one_line(err.value))
        # Blamed on the site's row of the sites file (what the planner corrects), not on the options file's key.
        assert texts[-1].startswith(f"{opts.parent / 'sites.csv'}: line 2: lat/lon: candidate site 'mid'"), texts[-1]
    assert "Fix: latitude and longitude look swapped" in texts[0] and "59.74000N 18.66000E" in texts[0], texts[0]
    assert "swapped" not in texts[1] and "move the site" in texts[1], texts[1]  # merely far away


def test_a_replayed_alarm_with_lat_and_lon_swapped_says_so_in_the_fix(tmp_path) -> None:
    from sweep_helpers import write_region

    from raddsim.demand import load_incident_csv
    from raddsim.demand.replay import replay_incidents
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = load_region(write_region(tmp_path))
    setup = region.scenarios["low"]
    net = build_model(region).network
    kind = list(setup.demand.catalog.ids)[0]
    for (lon, lat), swapped in ((("59.72", "18.62"), True), (("2.35", "48.85"), False)):  # swapped; Paris
        log = tmp_path / "larm.csv"
        log.write_text(f"time,lon,lat,type\n2023-07-01T10:00,18.62,59.72,{kind}\n2023-07-01T11:00,{lon},{lat},{kind}\n",
                       encoding="utf-8")
        alarms = load_incident_csv(log, list(setup.demand.catalog.ids), region.timezone)
        with pytest.raises(InputError) as err:
            replay_incidents(alarms, setup.demand, net, seed=1, replication=0)
        text = _one_line(err.value)
        assert text.startswith(f"{log}: lon/lat: 1 alarm(s)"), text
        assert ("Fix: latitude and longitude look swapped" in text) == swapped, text


# ------------------------------------------------------------------ posterior files (--posterior, posterior = "...")
POSTERIOR = """[posterior]
scenario = "low"
keys = ["network.blue_light.scale", "availability.part-time.absence"]
integer = [false, false]
weights = [1.0, 3.0]
sets = [[0.5, 0.05], [1.8, 0.1]]
"""


@pytest.mark.parametrize("edit, field, words", [
    (lambda s: s.replace('"availability.part-time.absence"]', '"network.blue_light.scale"]'), "posterior.keys",
     "listed twice"),  # was accepted: the second column silently won
    (lambda s: s.replace('keys = ["network.blue_light.scale", "availability.part-time.absence"]', "keys = []"),
     "posterior.keys", "no key"),  # was blamed on integer
    (lambda s: s.replace('"availability.part-time.absence"]', '"crews."]'), "posterior.keys", "not a dotted"),
    (lambda s: s.replace("integer = [false, false]", "integer = 0"), "posterior.integer", "true/false"),  # traceback
    (lambda s: s.replace("3.0]", "inf]"), "posterior.weights", "finite"),  # was accepted: every draw the same set
    (lambda s: s + "simulated_minutes = [[-1.0], [2.0]]\n", "posterior.simulated_minutes", "≥ 0"),
    (lambda s: "[scenarios.x]\nbase = \"low\"\n" + s, "scenarios", "unknown key 'scenarios'"),  # was ignored
])
def test_a_bad_posterior_file_is_refused_naming_the_field(tmp_path, edit, field, words) -> None:
    from raddsim.region.posterior import load_posterior

    path = tmp_path / "posterior.toml"
    path.write_text(edit(POSTERIOR), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_posterior(path)
    text = _one_line(err.value)
    assert text.startswith(f"{path}: {field}: ") and words in text, text


@pytest.mark.parametrize("name, data", [
    ("calibration.json", b'{"posterior": {"keys": []}}'),  # calibrate --json's output for --write's
    ("sets.parquet", b"PAR1\x15\x04\x00\x00PAR1"),
])
def test_a_posterior_of_another_format_says_what_a_posterior_file_is(tmp_path, name, data) -> None:
    from raddsim.region.posterior import load_posterior

    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        load_posterior(path)
    text = _one_line(err.value)
    assert text.startswith(f"{path}: ") and "written by `raddsim calibrate --write FILE`" in text, text


@pytest.mark.parametrize("key, value, field, words", [
    ("availability.part-time.absence", "-0.05", "posterior.sets", "must be at least 0"),
    ("availability.part-time.absence", "1.5", "posterior.sets", "must be at most 1"),
    ("crews.east_ptt.turnout_minutes", "5", "posterior.keys", "Did you mean 'east_pt'"),
])
def test_compare_posterior_blames_the_posterior_file_not_the_regions_ranges(tmp_path, capsys, key, value, field,
                                                                            words) -> None:
    # Was: "<region file>: availability.part-time.absence: its range lets parameter set 0 draw -0.05 … Fix: narrow
    # the range" — a file and a range the user never wrote.
    from sweep_helpers import write_region

    from raddsim.cli import main

    region = write_region(tmp_path)
    post = tmp_path / "posterior.toml"
    post.write_text(POSTERIOR.replace("availability.part-time.absence", key).replace("0.05]", f"{value}]"),
                    encoding="utf-8")
    code = main(["compare", "low", "high", "--stations", str(region), "--years", "0.05", "--replications", "2",
                 "--uncertain", "2", "--set-replications", "1", "--posterior", str(post)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert f"{post}: {field}: " in err and words in err, err


def test_a_scenario_posterior_naming_an_unknown_crew_is_refused_when_the_region_is_read(tmp_path) -> None:
    from sweep_helpers import write_region

    from raddsim.region.region import load_region

    region = write_region(tmp_path)
    post = tmp_path / "posterior.toml"
    post.write_text(POSTERIOR.replace("availability.part-time.absence", "crews.nosuch.turnout_minutes"),
                    encoding="utf-8")
    extra = tmp_path / "more.toml"
    extra.write_text(f'[scenarios.over]\nbase = "low"\nposterior = "{post.as_posix()}"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:  # was found only when the model was prepared, as "required field"
        load_region(region, extra_scenarios=[extra])
    text = _one_line(err.value)
    assert text.startswith(f"{post}: posterior.keys: 'crews.nosuch.turnout_minutes' names crew 'nosuch'"), text


# ------------------------------------------------------------------ probe table: holes found by the corpus probe
def _cli_error(args: list[str], capsys) -> str:
    from raddsim.cli import main

    code = main(args)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize("reported, words", [
    ('{ "2022" = 0 }', "must be greater than 0"),  # was accepted: bisect fitted towards 0 minutes
    ('{ "2022" = 630000 }', "must be at most 1440"),  # seconds for minutes, was accepted
])
def test_a_reported_indicator_of_no_time_or_beyond_a_day_is_refused(tmp_path, reported, words) -> None:
    from sweep_helpers import REGION, write_region

    from raddsim.region.region import load_region

    region = write_region(tmp_path)
    region.write_text(REGION.replace("target_minutes = 6\n", f"target_minutes = 6\nreported_minutes = {reported}\n"),
                      encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(region)
    text = _one_line(err.value)
    assert text.startswith(f"{region}: region.reported_minutes.2022: ") and words in text, text


def test_calibrate_bisect_with_one_replication_is_refused_before_the_fit(tmp_path, capsys) -> None:
    # Was a TypeError traceback after the whole bisection: its result prints a 95 % CI.
    err = _cli_error(["calibrate", "--method", "bisect", "--replications", "1", "--stations",
                      str(tmp_path / "missing.toml"), "--out", str(tmp_path / "c.toml")], capsys)
    assert "--replications: --replications 1: " in err and "at least 2 replications" in err, err


def test_calibrate_abc_with_an_empty_list_of_parameters_is_refused(tmp_path, capsys) -> None:
    # Was "ValueError: cannot reshape array of size 1 into shape (2,1)" after the sets were drawn.
    from sweep_helpers import REGION, write_region

    region = write_region(tmp_path)
    region.write_text(REGION + '\n[calibration]\nscenario = "low"\nabc = []\n', encoding="utf-8")
    err = _cli_error(["calibrate", "--stations", str(region), "--out", str(tmp_path / "c.toml"), "--sets", "2",
                      "--processes", "0"], capsys)
    assert f"{region}: calibration.abc: the list of parameters to calibrate jointly is empty" in err, err


def test_an_empty_sweep_spec_is_refused(tmp_path) -> None:
    # Was accepted: the default region's first scenario ran 10 replications, as if that had been asked for.
    from raddsim.sweep import load_spec

    spec = tmp_path / "spec.toml"
    spec.write_text("# to do\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_spec(spec)
    assert _one_line(err.value).startswith(f"{spec}: the sweep specification is empty."), err.value


def test_a_replay_with_a_year_of_silence_is_warned_about(tmp_path, caplog) -> None:
    # Was silent: 1923 for 2023 replayed a century, and every yearly figure counted the empty years.
    from raddsim.demand import load_incident_csv

    log = tmp_path / "larm.csv"
    log.write_text("time,lon,lat,type\n2023-07-01T10:00,18.62,59.72,fire\n1923-07-02T10:00,18.62,59.72,fire\n"
                   "2023-07-03T10:00,18.62,59.72,fire\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        alarms = load_incident_csv(log, ["fire"])
    said = [r.getMessage() for r in caplog.records if "no alarm for" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith(f"{log}: time: no alarm for 36524 days between line 3") \
        and "Fix:" in said[0], said
    assert len(alarms) == 3
    caplog.clear()  # a year's log, first to last day: not warned about
    log.write_text("time,lon,lat,type\n2023-01-01T10:00,18.62,59.72,fire\n2023-12-31T10:00,18.62,59.72,fire\n",
                   encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_incident_csv(log, ["fire"])
    assert not [r for r in caplog.records if "no alarm for" in r.getMessage()]


@pytest.mark.parametrize("length", ["0", "1.1"])  # a zero; km for metres
def test_an_arc_shorter_than_the_straight_line_is_warned_about(tmp_path, caplog, length) -> None:
    # Was silent: crews crossed a kilometre in no time.
    from raddsim.network.csvgraph import load_csv_network

    (tmp_path / "nodes.csv").write_text("id,lon,lat\n1,18.60,59.70\n2,18.62,59.70\n3,18.62,59.71\n", encoding="utf-8")
    arcs = tmp_path / "arcs.csv"
    for given, warned in ((length, True), ("1112", False)):  # 1,122 m apart: 1,112 m is rounding, not a slip
        caplog.clear()
        arcs.write_text(f"from,to,length_m\n1,2,{given}\n2,3,1120\n", encoding="utf-8")
        with caplog.at_level(logging.WARNING, logger="raddsim"):
            load_csv_network(tmp_path)
        said = [r.getMessage() for r in caplog.records if "shorter than the straight line" in r.getMessage()]
        assert len(said) == int(warned), said
        if warned:
            assert said[0].startswith(f"{arcs}: length_m: 1 of 2 arc(s)") and "line 2:" in said[0], said


def test_a_holiday_area_with_lat_and_lon_swapped_says_so_in_the_fix(region_file, tmp_path) -> None:
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    src = Path(load_region().file).parent / "norrtalje_holiday_areas.csv"
    bad = tmp_path / "areas.csv"
    bad.write_text(src.read_text(encoding="utf-8").replace("Grisslehamn,60.03,18.82", "Grisslehamn,18.82,60.03"),
                   encoding="utf-8")
    region = load_region(region_file(lambda s: s.replace(f'areas = "{src.as_posix()}"', f'areas = "{bad.as_posix()}"')))
    with pytest.raises(InputError) as err:  # was: "correct the centre … or enlarge its radius_km"
        build_model(region).demand(region.scenarios["minimum"].demand)
    text = _one_line(err.value)
    assert text.startswith(f"{bad}: lat/lon: line ") and "Fix: latitude and longitude look swapped" in text, text
    assert "60.03000N 18.82000E" in text, text


@pytest.mark.parametrize("file, old, new, field, words", [
    # Was accepted: both ambulances became crew a2, one of them lost without a word.
    ("ambulances.csv", "2,2,1\n3,2,1", "2,2,1\n2,2,1", "ambulances.index", "ambulance index 2 appears twice"),
    # Was normalised silently (JEMSS itself refuses it): priority shares 0.6/1.2 → 0.33/0.67.
    ("gen_config.xml", "[0.6, 0.4]", "[0.6, 1.2]", "callDistributions.priority", "sum to 1 (they sum to 1.8)"),
])
def test_a_jemss_model_with_a_slip_is_refused_naming_its_file(tmp_path, capsys, file, old, new, field, words) -> None:
    from test_jemss_import import write_lakeside

    src = write_lakeside(tmp_path / "lakeside")
    edit = src / file
    text = edit.read_text(encoding="utf-8")
    assert old in text
    edit.write_text(text.replace(old, new), encoding="utf-8")
    err = _cli_error(["region", "import-jemss", str(src), str(tmp_path / "out")], capsys)
    assert f"{edit}: {field}: " in err and words in err, err
    assert not (tmp_path / "out" / "region.toml").exists()


@pytest.mark.parametrize("lat, lon, fix", [("18.62", "59.72", "latitude and longitude look swapped"),
                                           ("48.85", "2.35", "correct its lat/lon")])
def test_a_hospital_off_the_network_is_refused(tmp_path, lat, lon, fix) -> None:
    # Was snapped silently to the network's nearest node: every transport there driven from the edge, 0 km.
    from sweep_helpers import REGION, write_region

    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = write_region(tmp_path)
    region.write_text(REGION + f'\n[hospitals.h1]\nname = "Lasarettet"\nlat = {lat}\nlon = {lon}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_model(load_region(region))
    text = _one_line(err.value)
    assert "hospitals: hospital 'Lasarettet' at " in text and "km from the nearest road" in text, text
    assert f"Fix: {fix}" in text, text
    assert err.value.file == str(region), text  # the region file that lists the hospital


@pytest.mark.parametrize("old, new, said", [
    ('name = "North deltid"', 'name = "East deltid"', "crews.east_pt and crews.north_pt are both named 'East deltid'"),
    ('name = "North"', 'name = "east"', "stations.east and stations.north are both named 'east'"),
])
def test_two_crews_or_stations_of_one_name_are_warned_about(tmp_path, caplog, old, new, said) -> None:
    # Was silent: every table, map and report showed two rows that could not be told apart.
    from raddsim.region.region import load_region

    region, _ = write_toy(tmp_path)
    text = region.read_text(encoding="utf-8")
    assert old in text
    region.write_text(text.replace(old, new, 1), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_region(region)
    warned = [r.getMessage() for r in caplog.records if "both named" in r.getMessage()]
    assert len(warned) == 1 and warned[0].startswith(f"{region}: {said}") and "Fix:" in warned[0], warned


def test_two_candidate_sites_at_one_position_are_warned_about(tmp_path, caplog) -> None:
    # Was silent: a copied row whose lat/lon was not changed made two options of one place.
    from optimise_helpers import SITES

    from raddsim.optimise.options import load_options

    _, opts = write_toy(tmp_path, sites=SITES.replace("59.71,18.76", "59.74,18.68"))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_options(opts)
    said = [r.getMessage() for r in caplog.records if "the two options are one place" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith(f"{tmp_path / 'sites.csv'}: line 3: lat/lon: site 'south' is at "
                                                 "the position of site 'mid' (line 2,"), said


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_time_profile_factor_that_is_not_finite_is_refused(tmp_path, value) -> None:
    # Was accepted (nan compares false with 0; inf is ≥ 0): the alarm rate of that hour became nan or inf.
    from raddsim.region.region import load_region

    region, _ = write_toy(tmp_path)
    hours = ", ".join([value] + ["1.0"] * 23)
    region.write_text(region.read_text(encoding="utf-8") + f"\n[demand.time]\nhour = [{hours}]\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(region)
    text = _one_line(err.value)
    assert text.startswith(f"{region}: demand.time.hour: expected a list of 24 finite non-negative numbers"), text


def test_a_planned_road_written_lon_lat_says_so_in_the_fix(tmp_path, capsys) -> None:
    # Was "end the road within 500 m of an existing road": true, but not why it was 5,600 km away.
    region, _ = write_toy(tmp_path)
    more = tmp_path / "more.toml"
    more.write_text('[scenarios.x]\nbase = "minimum"\n[scenarios.x.network.roads.add."New"]\nhighway = "primary"\n'
                    'maxspeed_kmh = 80\npoints = [[18.62, 59.72], [18.64, 59.74]]\nsource = "x"\n', encoding="utf-8")
    err = _cli_error(["run", "x", "--stations", str(region), "--scenarios-file", str(more), "--years", "0.01",
                      "--replications", "1"], capsys)
    assert f"{more}: scenarios.x.network.roads.add.New.points: road 'New': its first point is" in err, err
    assert "Fix: latitude and longitude look swapped: read the other way round (59.72000N 18.62000E)" in err, err


def test_compare_with_another_regions_posterior_is_refused(tmp_path, capsys) -> None:
    # Was accepted: Norrtälje's calibration of 'current' applied to Gridby's low and high without a word.
    from sweep_helpers import write_region

    region = write_region(tmp_path)
    post = tmp_path / "posterior.toml"
    post.write_text(POSTERIOR.replace('scenario = "low"', 'scenario = "current"'), encoding="utf-8")
    err = _cli_error(["compare", "low", "high", "--stations", str(region), "--years", "0.05", "--replications", "2",
                      "--uncertain", "2", "--set-replications", "1", "--posterior", str(post)], capsys)
    assert f"{post}: posterior.scenario: the sets were calibrated for scenario 'current', which region 'Gridby' " \
           "does not have" in err, err


def test_a_scenarios_posterior_that_is_not_one_names_the_file_it_read(tmp_path) -> None:
    # Was "<scenarios file>: scenarios.x.posterior: not a posterior file": which file, the scenario's or its?
    from sweep_helpers import write_region

    from raddsim.region.region import load_region

    region = write_region(tmp_path)
    extra = tmp_path / "more.toml"
    extra.write_text(f'[scenarios.x]\nbase = "low"\nposterior = "{region.as_posix()}"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(region, extra_scenarios=[extra])
    text = _one_line(err.value)
    assert text.startswith(f"{extra}: scenarios.x.posterior: 'region.toml' is not a posterior file"), text
