"""Bad inputs found by probing the command line as a hostile user would (issue: a corpus of bad inputs).

Each test is a case that was accepted silently, blamed on the wrong file, or found only after the work was
done, before its fix: now one InputError naming the file, the field and the fix, before any simulation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_grid_osm
from sweep_helpers import write_region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.region import load_region


def _exit_and_error(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return code, err


def test_calibrate_write_to_a_folder_is_refused_before_any_work(tmp_path, capsys) -> None:
    # Was found only when the posterior was written, after the whole calibration (and --out was then lost).
    code, err = _exit_and_error(["calibrate", "--stations", str(tmp_path / "missing.toml"), "--out",
                                 str(tmp_path / "c.toml"), "--write", str(tmp_path)], capsys)
    assert code == 2 and f"{tmp_path}: is a directory" in err, err


def test_calibrate_write_and_out_the_same_file_is_refused(tmp_path, capsys) -> None:
    same = tmp_path / "c.toml"
    code, err = _exit_and_error(["calibrate", "--stations", str(tmp_path / "missing.toml"), "--out", str(same),
                                 "--write", str(same)], capsys)
    assert code == 2 and "--write names the same file as --out" in err, err
    assert not same.exists()


@pytest.mark.parametrize("override, added, hint", [
    ('crews.west_fx.level = "high"', "crews.west_fx", "Did you mean 'west_ft'?"),
    ("stations.wset.lat = 59.7", "stations.wset", "Did you mean 'west'?"),
])
def test_a_scenario_that_misspells_a_crew_or_station_is_blamed_for_it(tmp_path, override, added, hint) -> None:
    # Was: "<region file>: crews.west_fx.station: required field is missing. Fix: add 'station = ...'" — the
    # wrong file, and a fix that does not fix a typo.
    region = write_region(tmp_path)
    extra = tmp_path / "extra.toml"
    extra.write_text(f'[scenarios.x]\nbase = "low"\n{override}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(region, extra_scenarios=[extra])
    e = err.value
    assert e.file == str(extra) and e.field.startswith(f"scenarios.x.{added}."), str(e)
    assert f"'{added}' is not in the region file" in e.message and hint in e.message, str(e)
    # the near miss comes first: a typo, not a field to add (newcomer pass: "station: required field is missing")
    assert e.message.startswith(f"'{added}' is not in the region file. {hint}"), str(e)


def test_a_scenario_may_still_add_a_complete_crew(tmp_path) -> None:
    region = write_region(tmp_path)
    extra = tmp_path / "extra.toml"
    extra.write_text('[scenarios.x]\nbase = "low"\n[scenarios.x.crews.west_new]\nname = "West 2"\nstation = "west"\n'
                     'kind = "full-time"\nturnout_minutes = 1.5\nstaffing.low = { firefighters = 2 }\n', encoding="utf-8")
    assert "west_new" in {c.id for c in load_region(region, extra_scenarios=[extra]).scenarios["x"].crews}


def _far_row(path: Path, out: Path) -> Path:
    """``path`` (a CSV with # comments) with its first data row moved to Paris (lat 48.85, lon 2.35)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    data = [k for k, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")]
    header = lines[data[0]].split(",")
    lat, lon = header.index("lat"), header.index("lon")
    cells = lines[data[1]].split(",")
    cells[lat], cells[lon] = "48.85", "2.35"
    lines[data[1]] = ",".join(cells)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("key, what", [("places", "place 'Norrtälje'"), ("alarm_objects", "alarm object")])
def test_a_place_or_alarm_object_far_from_every_road_is_refused(region_file, tmp_path, key, what) -> None:
    # Was accepted: the tätort's residents (or the object's alarms) moved silently to the network's edge.
    from raddsim.experiment.model import build_model

    src = Path(load_region().file).parent / {"places": "norrtalje_tatorter.csv",
                                              "alarm_objects": "norrtalje_alarm_objects.csv"}[key]
    bad = _far_row(src, tmp_path / f"far_{src.name}")
    region = load_region(region_file(lambda s: s.replace(f'{key} = "{src.as_posix()}"', f'{key} = "{bad.as_posix()}"')))
    model = build_model(region)
    with pytest.raises(InputError) as err:
        model.demand(region.scenarios["minimum"].demand)
    e = err.value
    assert e.file == str(bad) and e.field == "lat/lon" and what in e.message, str(e)
    assert "km from the nearest road" in e.message, str(e)


def test_a_boundary_with_none_of_the_regions_roads_is_refused(default_model) -> None:
    # Was accepted: every cell off the network, maps and resident figures empty ('–') without a word.
    import shapely

    from raddsim.coverage.grid import make_grid

    paris = shapely.box(-300_000, 5_400_000, -200_000, 5_500_000)  # EPSG:3006 metres, far from Norrtälje
    with pytest.raises(InputError, match="the boundary holds none of the region's roads") as err:
        make_grid(default_model.network, 250.0, paris)
    assert err.value.field == "boundary"  # make_grid's argument (the CLI says --boundary: test_errors15)
    home = shapely.box(680_000, 6_620_000, 700_000, 6_640_000)  # around Norrtälje town: accepted
    assert len(make_grid(default_model.network, 250.0, home)) > 0


@pytest.mark.parametrize("name", ["roads.csv", "roads.geojson"])
def test_network_convert_to_a_name_with_an_unknown_suffix_is_refused(tmp_path, capsys, name) -> None:
    # Was: a folder named roads.csv holding nodes.csv and arcs.csv.
    src = write_grid_osm(tmp_path / "grid.osm")
    code, err = _exit_and_error(["network", "convert", str(src), str(tmp_path / name)], capsys)
    assert code == 2 and f"cannot write a network as '{Path(name).suffix}'" in err, err
    assert not (tmp_path / name).exists()
    assert main(["network", "convert", str(src), str(tmp_path / "roads")]) == 0  # a folder: still written
    assert (tmp_path / "roads" / "nodes.csv").is_file()


def test_an_empty_default_scenarios_list_is_refused(region_file) -> None:
    # Was: `raddsim run` ran every scenario of the file (17 on the default).
    path = region_file(lambda s: s.replace('default_scenarios = ["minimum", "ambition"]', "default_scenarios = []"))
    with pytest.raises(InputError) as err:
        load_region(path)
    assert err.value.field == "region.default_scenarios" and "empty" in err.value.message, str(err.value)


@pytest.mark.parametrize("address", ["not a url", "tcp://host", "tls://h:99999", "localhost:8786x"])
def test_a_scheduler_address_without_host_and_port_is_a_usage_error(address, capsys) -> None:
    # Was: a traceback from deep inside distributed ("ValueError: missing port number in address").
    with pytest.raises(SystemExit) as ex:
        main(["sweep", "spec.toml", "--out", "o", "--scheduler", address])
    err = capsys.readouterr().err
    assert ex.value.code == 2 and "is not a scheduler address" in err and "Traceback" not in err, err


def test_a_good_scheduler_address_is_kept() -> None:
    from raddsim.cli.args import scheduler_address

    for address in ("tls://scheduler.example.org:8786", "tcp://[::1]:8786", "127.0.0.1:8786", "ucx://host:1"):
        assert scheduler_address(address) == address


@pytest.mark.parametrize("command", [["optimise", "options.toml"], ["compare", "low", "high", "--uncertain", "2"]])
def test_an_out_folder_that_is_a_file_is_refused_before_any_work(tmp_path, capsys, command) -> None:
    # Was: optimise ended in a FileExistsError traceback; compare found it after the paired comparison.
    keep = tmp_path / "results.txt"
    keep.write_text("keep me", encoding="utf-8")
    code, err = _exit_and_error([*command, "--out", str(keep)], capsys)
    assert code == 2 and f"{keep}: exists and is not a directory" in err, err
    assert keep.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("override, field", [
    ('network.ferries.out_of_service = ["Atlantis"]', "scenarios.x.network.ferries.out_of_service"),
    ('policies = { move_up = "teleport" }', "scenarios.x.policies.move_up"),
])
def test_an_error_found_when_a_scenario_is_prepared_names_its_scenarios_file(tmp_path, override, field) -> None:
    # Was blamed on the region file, which holds no such value.
    from raddsim.experiment.model import build_model

    region_path = write_region(tmp_path)
    extra = tmp_path / "extra.toml"
    extra.write_text(f'[scenarios.x]\nbase = "low"\n{override}\n', encoding="utf-8")
    region = load_region(region_path, extra_scenarios=[extra])
    with pytest.raises(InputError) as err:
        build_model(region).prepare(region.scenarios["x"])
    assert err.value.file == str(extra) and err.value.field == field, str(err.value)


@pytest.mark.parametrize("names", [["minimum", "minimum"], ["minimum", "ambition", "minimum"]])
def test_compare_refuses_a_scenario_named_twice(capsys, names) -> None:
    # Was accepted: a difference of a scenario from itself, and a JSON holding one of the two under one key.
    code, err = _exit_and_error(["compare", *names, "--years", "0.01", "--replications", "2"], capsys)
    assert code == 2 and "scenario 'minimum' is named more than once" in err, err


def test_an_island_landing_far_from_every_launch_point_is_refused(region_file, tmp_path) -> None:
    # Was accepted: a 1,200 km "crossing" at boat speed, i.e. an island nobody reaches for a day.
    from raddsim.sea.tables import MAX_CROSSING_KM, island_geometry

    src = Path(load_region().file).parent / "norrtalje_islands.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    data = [k for k, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")]
    header = lines[data[0]].split(",")
    cells = lines[data[1]].split(",")
    cells[header.index("landing_lat")] = cells[header.index("lat")] = "48.85"  # the island and its landing moved
    lines[data[1]] = ",".join(cells)
    bad = tmp_path / "far_islands.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    region = load_region(region_file(lambda s: s.replace(f'islands = "{src.as_posix()}"', f'islands = "{bad.as_posix()}"')))
    with pytest.raises(InputError) as err:
        island_geometry(region.scenarios["minimum"].sea)
    assert err.value.field == "landing_lat/landing_lon" and err.value.file == str(bad), str(err.value)  # the CSV's row
    assert f"island '{cells[0]}' lands" in err.value.message, str(err.value)
    km, _ = island_geometry(load_region().scenarios["minimum"].sea)  # the shipped islands: all within reach
    assert km.min(axis=0).max() < MAX_CROSSING_KM


def test_summarize_errors_name_the_option_once() -> None:
    # Was "--x: --x: unknown axis …", "--where: --where 'garbage' is not …".
    import pandas as pd

    from raddsim.sweep.plot import choose_axes, parse_where

    summary = pd.DataFrame({"demand.multiplier": [1.0, 1.2], "scenario": ["minimum", "minimum"]})
    # From Python the field is the argument (x, where: errors16); the command line names its option (--x).
    for call, option in ((lambda: choose_axes(summary, ["demand.multiplier"], "nosuch", None), "x"),
                         (lambda: parse_where(["garbage"], summary, ["demand.multiplier", "scenario"]), "where"),
                         (lambda: parse_where(["nosuch=1"], summary, ["demand.multiplier", "scenario"]), "where"),
                         (lambda: parse_where(["demand.multiplier=3"], summary, ["demand.multiplier"]), "where")):
        with pytest.raises(InputError) as err:
            call()
        assert err.value.field == option and "--" not in str(err.value), str(err.value)
        assert not err.value.message.startswith(option), str(err.value)


@pytest.mark.parametrize("name", ['a"b', "a\\b", "two\nlines", "", " "])
def test_calibrate_name_that_cannot_be_a_toml_key_is_a_usage_error(tmp_path, capsys, name) -> None:
    # Was written unescaped: `[scenarios."a"b"]`, a scenario file raddsim itself could not read back.
    with pytest.raises(SystemExit) as ex:
        main(["calibrate", "--out", str(tmp_path / "c.toml"), "--name", name])
    err = capsys.readouterr().err  # an empty name is refused as every empty argument is (args20)
    assert ex.value.code == 2 and ("cannot be a scenario name" in err or not name.strip() and "--name: is empty" in err)
    assert not (tmp_path / "c.toml").exists()


def test_calibrate_name_of_an_existing_scenario_is_refused_before_any_work(tmp_path, capsys) -> None:
    # Was written, and then refused when used: "scenario 'minimum' is already defined in the region file".
    code, err = _exit_and_error(["calibrate", "--out", str(tmp_path / "c.toml"), "--name", "minimum"], capsys)
    assert code == 2 and "--name: the region already has a scenario 'minimum'" in err, err


def test_a_scenario_that_moves_a_station_off_the_network_is_blamed_for_it(tmp_path) -> None:
    # The error's field is 'stations.west.lat/lon' (one error about two keys): was blamed on the region file.
    from raddsim.experiment.model import build_model

    region_path = write_region(tmp_path)
    extra = tmp_path / "extra.toml"
    extra.write_text('[scenarios.x]\nbase = "low"\nstations.west.lon = 19.5\n', encoding="utf-8")
    region = load_region(region_path, extra_scenarios=[extra])
    with pytest.raises(InputError) as err:
        build_model(region).prepare(region.scenarios["x"])
    assert err.value.file == str(extra) and err.value.field == "scenarios.x.stations.west.lat/lon", str(err.value)


def test_a_file_that_is_not_a_posterior_says_so(capsys) -> None:
    # Was "posterior: required field is missing. Fix: add 'posterior = ...'" for the region file given by mistake.
    region = load_region().file
    code, err = _exit_and_error(["compare", "minimum", "ambition", "--uncertain", "2", "--posterior", str(region),
                                 "--years", "0.01", "--replications", "2", "--set-replications", "1",
                                 "--processes", "0"], capsys)
    assert code == 2 and "not a posterior file (it has no [posterior] table)" in err, err


@pytest.mark.parametrize("name, value", [("RADDSIM_PROCESSES", "abc"), ("RADDSIM_PROCESSES", "0"),
                                         ("RADDSIM_PROCESSES", "-2"), ("SOURCE_DATE_EPOCH", "yesterday"),
                                         ("SOURCE_DATE_EPOCH", "1.5e9")])
def test_a_malformed_environment_variable_is_named(monkeypatch, capsys, name, value) -> None:
    # RADDSIM_PROCESSES=abc was silently ignored; SOURCE_DATE_EPOCH=x made numpy's f2py (imported by scipy) raise a
    # bare ValueError in `raddsim map`.
    monkeypatch.setenv(name, value)
    assert main(["run", "--years", "0.01", "--replications", "2"]) == 2
    err = capsys.readouterr().err
    assert f"{name}: '{value}' is not a whole number" in err and f"unset {name}" in err and err.count("\n") == 1


def test_well_formed_environment_variables_pass(monkeypatch) -> None:
    from raddsim.cli.args import check_environment

    check_environment({"RADDSIM_PROCESSES": "2", "SOURCE_DATE_EPOCH": "1764460800"})
    check_environment({"RADDSIM_PROCESSES": " ", "SOURCE_DATE_EPOCH": ""})  # empty: unset


COMPLIANCE_5 = '"5" = ["norrtalje", "rimbo", "hallstavik", "almsta", "blido"]'


@pytest.mark.parametrize("old, new, field, said", [
    (COMPLIANCE_5, COMPLIANCE_5.replace('"blido"', '"blidö"'), 'policies.compliance."5"',
     "unknown station 'blidö'. Did you mean 'blido'?"),
    ('crews = ["norrtalje_heltid"]', 'crews = ["norrtalje_heltd"]', "policies.mexclp.crews",
     "unknown crew 'norrtalje_heltd'. Did you mean 'norrtalje_heltid'?"),
    ('"6" =', '"six" =', 'policies.compliance."six"', "'six' is not a number of free crews"),
    ('"3" = ["norrtalje", "rimbo", "blido"]', '"3" = ["norrtalje", "rimbo", "blido", "almsta"]',
     'policies.compliance."3"', "lists 4 stations for 3 free crews"),
    ("busy_fraction = 0.05", "busy_fraction = 1.5", "policies.mexclp.busy_fraction", "must be less than 1"),
])
def test_a_move_up_table_of_the_region_is_checked_when_the_region_loads(region_file, old, new, field, said) -> None:
    # Was found only when a scenario using the policy ran, blamed on that scenario, with the station list three
    # times, no "did you mean" and an unrelated fix; with the default scenarios it was not checked at all.
    path = region_file(lambda s: s.replace(old, new))
    with pytest.raises(InputError) as err:
        load_region(path)
    e = err.value
    assert e.file == str(path) and e.field == field and said in e.message, str(e)
    if "unknown station" in said:
        assert e.fix.count("norrtalje") == 1 and "blido" in e.fix, e.fix


def test_a_move_up_table_a_scenario_sets_is_blamed_on_that_scenario(tmp_path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text('[scenarios.x]\nbase = "minimum"\n[scenarios.x.policies.compliance]\n"2" = ["rimbo", "ribo"]\n',
                     encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(extra_scenarios=[extra])
    e = err.value
    assert e.file == str(extra) and e.field == 'scenarios.x.policies.compliance."2"', str(e)
    assert "Did you mean 'rimbo'?" in e.message, str(e)


def test_map_refuses_scenarios_whose_files_would_collide(tmp_path, capsys) -> None:
    # Was: exit 0, "Wrote 10 files" of which 8 existed: one scenario's maps overwrote the other's.
    extra = tmp_path / "sc.toml"
    extra.write_text('[scenarios."a b"]\nbase = "minimum"\n[scenarios."a_b"]\nbase = "ambition"\n'
                     '[scenarios.Min]\nbase = "minimum"\n[scenarios.min]\nbase = "minimum"\n', encoding="utf-8")
    out = tmp_path / "maps"
    for names, said in ([["a b", "a_b"], "scenarios 'a b' and 'a_b' would both be written as coverage_a_b.*"],
                        [["Min", "min"], "scenarios 'Min' and 'min' would both be written as coverage_Min.* and "
                                         "coverage_min.* (the same file where case is ignored)"]):
        code, err = _exit_and_error(["map", *names, "--scenarios-file", str(extra), "--out", str(out)], capsys)
        assert code == 2 and said in err, err
    assert not out.exists()  # refused before any work


def test_map_file_names_of_distinct_scenarios_pass() -> None:
    from raddsim.cli.map import check_file_names

    check_file_names(["minimum", "ambition", "a-b", "a_b"])
    with pytest.raises(InputError, match="layer grid_a_b"):  # GIS layer names fold '-' to '_'
        check_file_names(["a-b", "a_b"], gis=True)


@pytest.mark.parametrize("body, said", [
    ('[axes]\n"demand.multiplier" = [1.0]\n"demand" = [{ multiplier = 2.0 }]\n',
     'axes."demand.multiplier" and axes."demand" both set demand.multiplier'),
    ('[axes]\n"demand" = [{ multiplier = 2.0 }]\n[overrides]\n"demand.multiplier" = 1.2\n',
     'axes."demand" and overrides."demand.multiplier" both set demand.multiplier'),
    ('[axes]\n"crews.*.turnout_minutes" = [4, 6]\n"crews.east_pt.turnout_minutes" = [5]\n',
     'axes."crews.*.turnout_minutes" and axes."crews.east_pt.turnout_minutes" both set '
     "crews.east_pt.turnout_minutes"),
])
def test_sweep_axes_that_set_the_same_parameter_are_refused(tmp_path, body, said) -> None:
    # Was: exit 0, every row labelled demand.multiplier = 1.0 while the 2.0 level was simulated.
    from raddsim.sweep.spec import load_spec

    spec = tmp_path / "s34.toml"
    spec.write_text('base = "low"\nreplications = 2\n' + body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_spec(spec)
    assert err.value.file == str(spec) and said in err.value.message, str(err.value)
    assert "Fix: keep one of them." in str(err.value)


def test_sweep_axes_on_different_parameters_of_one_table_pass(tmp_path) -> None:
    from raddsim.sweep.spec import load_spec

    spec = tmp_path / "s.toml"
    spec.write_text('base = "low"\nreplications = 2\n[axes]\n"demand.multiplier" = [1.0, 2.0]\n'
                    '"crews.*.turnout_minutes" = [4]\n"crews.east_pt.availability.response_probability" = [0.9]\n'
                    '[overrides]\n"demand.season" = "summer"\n', encoding="utf-8")
    assert len(load_spec(spec, validate=False).axes) == 3  # the structure: 'low' is a scenario of no region named


def _shipped(name: str) -> Path:
    return Path(load_region().file).parent / name


def _edited(src: Path, old: str, new: str, out: Path, encoding: str = "utf-8") -> Path:
    text = src.read_text(encoding="utf-8")
    assert old in text
    out.write_text(text.replace(old, new, 1), encoding=encoding)
    return out


@pytest.mark.parametrize("old, new, message", [
    # Was accepted: the 3511 dropped, Rimbo's 5,223 residents moved 20 km west to lon 18.0.
    ("Rimbo,5223,59.7459,18.3511", "Rimbo,5223,59.7459,18,3511",
     "line 5 has 5 fields, the header has 4 (a decimal comma in 18,3511? write 18.3511)"),
    ("Rimbo,5223,59.7459,18.3511", "Rimbo,5223,59.7459,18.3511,extra",
     "line 5 has 5 fields, the header has 4 (an unquoted comma in a text?)"),
    # Was "row 3 (line 5), column 'lon': expected a number, got None".
    ("Rimbo,5223,59.7459,18.3511", "Rimbo,5223,59.7459", "line 5 has 3 fields, the header has 4"),
])
def test_a_csv_row_wider_or_narrower_than_its_header_is_refused(tmp_path, old, new, message) -> None:
    from raddsim.demand.location_files import load_places

    bad = _edited(_shipped("norrtalje_tatorter.csv"), old, new, tmp_path / "places.csv")
    with pytest.raises(InputError) as err:
        load_places(bad)
    assert err.value.file == str(bad) and message in err.value.message, str(err.value)


def test_a_decimal_comma_in_an_incident_log_is_refused(tmp_path) -> None:
    # Was accepted: observed 12 instead of 12.5, the trailing 5 dropped.
    from raddsim.demand.replay import load_incident_csv

    log = tmp_path / "inc.csv"
    log.write_text("time,lon,lat,type,observed_minutes\n2023-07-01T10:00,18.7,59.7,traffic_accident,9\n"
                   "2023-07-01T11:00,18.7,59.7,traffic_accident,12,5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3 has 6 fields, the header has 5 \(a decimal comma in 12,5\? "
                                         r"write 12\.5\)"):
        load_incident_csv(log, ["traffic_accident"])


def test_a_node_row_wider_than_the_header_is_refused(tmp_path) -> None:
    # pandas took the first column of such a file as its index: every node shifted one column silently.
    from raddsim.network.csvgraph import load_csv_network

    (tmp_path / "nodes.csv").write_text("id,lon,lat\n1,18,6,59.7\n2,18.61,59.7\n", encoding="utf-8")
    (tmp_path / "arcs.csv").write_text("from,to,length_m\n1,2,560\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2 has 4 fields, the header has 3 \(a decimal comma in 18,6\?"):
        load_csv_network(tmp_path)


def test_an_optimise_site_row_with_an_extra_field_is_refused(tmp_path) -> None:
    # Was accepted, the sixth field (a negative cost) ignored.
    from raddsim.optimise.sites import read_sites
    from raddsim.region.config import Table

    sites = tmp_path / "sites.csv"
    sites.write_text("id,name,lat,lon,reason\nx2,X2,59.7040,18.8561,r,-4\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2 has 6 fields, the header has 5"):
        read_sites(sites, Table({}, tmp_path / "o.toml", "sites.x"), 0.0)


def test_optimise_sites_with_a_header_only_say_so(tmp_path) -> None:
    # Was "candidate sites need the columns id, name, lat, lon, reason (missing: id, name, lat, lon, reason)".
    from raddsim.optimise.sites import read_sites
    from raddsim.region.config import Table

    sites = tmp_path / "sites.csv"
    sites.write_text("id,name,lat,lon,reason\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no candidate sites \(the file has a header only\)") as err:
        read_sites(sites, Table({}, tmp_path / "o.toml", "sites.x"), 0.0)
    assert "add one row per site" in err.value.fix


@pytest.mark.parametrize("header, message", [
    # Was "missing column(s) name, population, lat, lon" for both.
    ("name;population;lat;lon", "the separator is ';' (a European-locale Excel)"),
    ("Name,Population,Lat,Lon", "column names are lower-case, without spaces: found Name, Population, Lat, Lon"),
])
def test_a_csv_header_from_a_spreadsheet_is_named(tmp_path, header, message) -> None:
    from raddsim.demand.location_files import load_places

    bad = tmp_path / "places.csv"
    bad.write_text(f"{header}\nRimbo;5223;59,7459;18,3511\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_places(bad)
    assert message in err.value.message, str(err.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_is_named_utf16_not_binary(tmp_path, encoding) -> None:
    # Was "is a binary file, not text (NUL byte at offset 3)".
    from raddsim.demand.location_files import load_places

    bad = tmp_path / "places.csv"
    bad.write_bytes(("\ufeff" if encoding.endswith("be") else "").encode(encoding)
                    + "name,population,lat,lon\nRimbo,5223,59.7459,18.3511\n".encode(encoding))
    with pytest.raises(InputError, match="is UTF-16 text") as err:
        load_places(bad)
    assert "save it as UTF-8" in err.value.fix


def test_boat_launch_min_above_max_says_swap(tmp_path) -> None:
    # Was "3 is outside [6, 1]. Fix: give a value in [6, 1]."
    from raddsim.sea.layer import load_launches

    (tmp_path / "l.csv").write_text("station,boat,name,lat,lon,launch_minutes,launch_min,launch_max,detour,source,"
                                    "approximate\nblido,rib,Blidö,59.6,18.9,3,6,1,,,yes\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: launch_min 6 is above launch_max 1") as err:
        load_launches(tmp_path / "l.csv", {"blido"}, {"rib"})
    assert err.value.fix == "swap them."


def test_an_on_scene_sigma_has_an_upper_bound(tmp_path) -> None:
    # Was accepted: a mean first arrival of 242,259,591,579,879,800,832 minutes.
    from raddsim.demand.types import load_catalog

    src = _shipped("incidents.toml")
    text = src.read_text(encoding="utf-8")
    old = next(ln for ln in text.splitlines() if "sigma = 0.9" in ln)
    bad = _edited(src, old, old.replace("sigma = 0.9", "sigma = 25"), tmp_path / "incidents.toml")
    with pytest.raises(InputError) as err:
        load_catalog(bad)
    e = err.value
    assert e.field.endswith("on_scene.sigma") and "must be at most 2, got 25" in e.message, str(e)


@pytest.mark.parametrize("command", [["compare", "minimum", "ambition", "--uncertain", "2"],
                                     ["calibrate", "--out", "c.toml"]])
def test_a_negative_lhs_seed_is_a_usage_error(capsys, command) -> None:
    # Was "ValueError: expected non-negative integer" from numpy's SeedSequence, after the model was built.
    with pytest.raises(SystemExit) as ex:
        main([*command, "--lhs-seed", "-4"])
    err = capsys.readouterr().err
    assert ex.value.code == 2 and "argument --lhs-seed: must be at least 0, got -4" in err, err


def test_a_source_date_epoch_after_year_9999_is_refused_up_front(monkeypatch, capsys) -> None:
    # Was found by the render pool after the grid was computed: "ValueError: year 3170843 is out of range".
    from raddsim.cli.args import MAX_EPOCH, check_environment

    check_environment({"SOURCE_DATE_EPOCH": str(MAX_EPOCH)})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    code, err = _exit_and_error(["run", "--years", "0.01", "--replications", "2"], capsys)
    assert code == 2 and "SOURCE_DATE_EPOCH: 99999999999999 is after year 9999" in err, err


@pytest.mark.parametrize("command, option", [
    (["report", "minimum", "--no-what-if", "--sim-cell", "1", "--out", "{tmp}/r.html"], "--sim-cell"),
    (["map", "minimum", "--simulate", "--sim-cell", "1", "--out", "{tmp}/new/dir"], "--sim-cell"),
    (["map", "minimum", "--cell", "1", "--out", "{tmp}/new/dir"], "--cell"),
])
def test_a_cell_size_out_of_range_names_its_option_and_creates_no_folder(tmp_path, capsys, command, option) -> None:
    # Was "--cell: cell size 1 m is out of range" for --sim-cell, and an empty --out folder left behind.
    code, err = _exit_and_error([c.format(tmp=tmp_path) for c in command], capsys)
    assert code == 2 and f"{option}: cell size 1 m is out of range" in err, err
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("loader, option", [("boundary", "boundary"), ("polygon", "polygon_file")])
def test_a_boundary_or_polygon_without_geometry_says_so(tmp_path, loader, option) -> None:
    # Was "AttributeError: 'DataFrame' object has no attribute 'geometry'" ('crs' for network fetch).
    from raddsim.coverage.grid import load_boundary
    from raddsim.network.fetch import read_polygon

    read = load_boundary if loader == "boundary" else read_polygon
    csv_file = _shipped("norrtalje_tatorter.csv")
    with pytest.raises(InputError, match=r"the file has no geometry \(a CSV table\?\)") as err:
        read(csv_file)
    assert err.value.field == option and "GeoJSON or GeoPackage" in err.value.fix
    with pytest.raises(InputError, match="is a directory"):  # was "boundary file not found"
        read(tmp_path)


def test_a_graphml_node_without_y_is_named(tmp_path, capsys) -> None:
    # Was "KeyError: 'y'".
    import re

    src = write_grid_osm(tmp_path / "grid.osm")
    good = tmp_path / "g.graphml"
    assert main(["network", "convert", str(src), str(good)]) == 0
    text = good.read_text(encoding="utf-8")
    key = re.search(r'<key id="(\w+)" for="node" attr.name="y"', text).group(1)
    node = re.search(r'<node id="([^"]+)">', text).group(1)
    bad = tmp_path / "bad.graphml"
    bad.write_text(re.sub(rf'(<node id="{node}">.*?)<data key="{key}">[^<]*</data>', r"\1", text, count=1,
                          flags=re.S), encoding="utf-8")
    capsys.readouterr()
    code, err = _exit_and_error(["network", "info", str(bad)], capsys)
    assert code == 2 and f"node {node} has no y (latitude) attribute" in err, err
    assert "x (lon) and y (lat) in WGS84" in err


def test_paths_of_the_wrong_kind_are_named(tmp_path, capsys) -> None:
    # Were "incident file not found" (a folder) and "no such sweep directory" (the spec file).
    code, err = _exit_and_error(["run", "--years", "0.01", "--replications", "2", "--incidents", str(tmp_path)],
                                capsys)
    assert code == 2 and f"{tmp_path}: is a directory" in err, err
    spec = tmp_path / "s.toml"
    spec.write_text("[axes]\n", encoding="utf-8")
    code, err = _exit_and_error(["sweep", "summarize", str(spec)], capsys)
    assert code == 2 and "is a file, not a sweep's results directory" in err and "--out DIR" in err, err


def test_a_boundary_far_from_the_roads_creates_no_map_folder(tmp_path, capsys) -> None:
    # Was refused (good) after --out had been created: an empty folder left behind.
    far = tmp_path / "far.geojson"
    far.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": '
                   '{"type": "Polygon", "coordinates": [[[10, 50], [10.1, 50], [10.1, 50.1], [10, 50.1], [10, 50]]]}}]}',
                   encoding="utf-8")
    code, err = _exit_and_error(["map", "minimum", "--boundary", str(far), "--out", str(tmp_path / "new" / "dir")],
                                capsys)
    assert code == 2 and "none of the region's roads" in err, err
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("argv, words", [
    (["target", "minimum", "--offroad-kmh", "1e-9"], "argument --offroad-kmh: must be at least 1"),
    (["map", "minimum", "--offroad-kmh", "1e9"], "argument --offroad-kmh: must be at most 130"),
    (["optimise", "x.toml", "--budget", "1", "--indifference", "-1"], "argument --indifference: must be at least 0"),
])
def test_implausible_option_values_are_usage_errors(capsys, argv, words) -> None:
    # Were accepted: 0 % (or 100 %) of residents reached, or "tied" called on a negative margin.
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2 and words in capsys.readouterr().err


def test_reported_minutes_are_keyed_by_year(region_file) -> None:
    from raddsim.region.region import load_region

    bad = region_file(lambda s: s.replace('reported_minutes = { "2022" = 10.52', 'reported_minutes = { "twentytwo" = 10.52'))
    with pytest.raises(InputError, match="'twentytwo' is not a year") as exc:
        load_region(bad)
    assert exc.value.field == "region.reported_minutes.twentytwo"
