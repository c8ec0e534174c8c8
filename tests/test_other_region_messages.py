"""Messages for a region other than Norrtälje (notes/probe_regions.md, findings 3–10 and 13).

Each test failed before its fix. A foreign user was told to paste Norrtälje's reported outcomes (10.52, 11.19) into
their region; the default 10-minute target was written without an ASSUMPTION mark; a thousands separator was called
a decimal comma and the suggested fix read as 12 residents; a station between two junctions was "far from the
nearest road"; a p90 indicator was called a "yearly mean"; ``target`` dropped its levers section silently; a boundary
past 180° was "metres of SWEREF 99 TM"; and west longitudes without their minus sign, ';' CSV files from non-Swedish
Excel, mph in implicit speeds and non-Latin names got no useful hint. All on small synthetic grids, offline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_grid_osm
from test_bad_inputs3 import _exit_and_error

from raddsim.cli import main

# A 5 × 5 grid of 25 mph streets at Fort Worth, Texas (about 1 km apart) and one full-time station on it.
LAT0, LON0 = 32.70, -97.40
CREWS = "name,lat,lon,kind\nStation 1,32.72,-97.38,full-time\n"


def _inputs(tmp_path: Path, crews: str = CREWS, **grid) -> tuple[Path, Path]:
    network = write_grid_osm(tmp_path / "grid.osm", **{"lat0": LAT0, "lon0": LON0, "maxspeed": "25 mph", **grid})
    table = tmp_path / "crews.csv"
    table.write_text(crews, encoding="utf-8")
    return network, table


def _new_args(tmp_path: Path, *extra: str, crews: str = CREWS, **grid) -> list[str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    network, table = _inputs(tmp_path, crews, **grid)
    return ["region", "new", str(tmp_path / "region"), "--network", str(network), "--stations", str(table),
            "--alarms-per-year", "300", "--population", "5000", "--timezone", "America/Chicago", *extra]


def _region(tmp_path: Path, *extra: str, capsys=None) -> Path:
    """A starter region of the grid; ``capsys`` given: its console output is read and dropped."""
    assert main(_new_args(tmp_path, *extra)) == 0
    if capsys is not None:
        capsys.readouterr()
    return tmp_path / "region" / "region.toml"


def _refused(argv: list[str], capsys, *words: str) -> str:
    code, err = _exit_and_error(argv, capsys)
    assert code == 2 and "Fix:" in err, err
    assert all(w in err for w in words), err
    return err


# ------------------------------------------------------------------ 5. Norrtälje's reported outcomes in a fix
def _with_calibration(region: Path, table: str) -> None:
    text = region.read_text(encoding="utf-8")
    ranged = 'rural_mean_m = { value = 1000, range = [300, 3000], source = "guess" } '
    text = text.replace("rural_mean_m = 1000 ", ranged)
    region.write_text(text + f"\n[calibration]\nscenario = \"current\"\n{table}", encoding="utf-8")


def test_calibrating_without_reported_minutes_gives_their_form_not_norrtaljes_numbers(tmp_path, capsys) -> None:
    # Was: "Fix: add reported_minutes = { "2022" = 10.52, "2023" = 11.19 }" (Norrtälje's own outcomes).
    region = _region(tmp_path, capsys=capsys)
    _with_calibration(region, 'abc = ["demand.access.rural_mean_m"]\n[[calibration.parameters]]\n'
                              'key = "demand.access.rural_mean_m"\nrange = [300, 3000]\n')
    for method in ("abc", "bisect"):
        err = _refused(["calibrate", "--stations", str(region), "--method", method], capsys,
                       str(region), "region.reported_minutes",
                       'reported_minutes = { "<year>" = <the reported value in minutes>, ... }')
        assert "10.52" not in err and "11.19" not in err, err


def test_a_reported_year_not_a_year_gives_the_form_not_norrtaljes_numbers(tmp_path, capsys) -> None:
    region = _region(tmp_path, capsys=capsys)
    region.write_text(region.read_text(encoding="utf-8").replace(
        "[demand]\n", '[region.reported_minutes]\n"y2023" = 9.5\n\n[demand]\n'), encoding="utf-8")
    err = _refused(["run", "--region", str(region.parent)], capsys, "region.reported_minutes.y2023",
                   "'y2023' is not a year", '"<year>" = <the reported value in minutes>')
    assert "10.52" not in err, err


def test_bisect_without_parameters_gives_the_tables_form(tmp_path, capsys) -> None:
    # Was: "calibration.parameters: required field is missing. Fix: add 'parameters = ...'."
    region = _region(tmp_path, capsys=capsys)
    _with_calibration(region, "")
    err = _refused(["calibrate", "--stations", str(region), "--method", "bisect"], capsys, str(region),
                   "calibration.parameters", "[[calibration.parameters]] with key = ", "range = [<low>, <high>]")
    assert "add 'parameters = ...'" not in err, err


# ------------------------------------------------------------------ 6. the default target, unmarked
def test_the_default_target_is_marked_and_counted_as_an_assumption(tmp_path, capsys) -> None:
    # Was: "target_minutes = 10.0   # alarm to the first crew on scene", as if chosen; not among the counted lines.
    assert main(_new_args(tmp_path / "default")) == 0
    default_out = capsys.readouterr().out
    assert main(_new_args(tmp_path / "eight", "--target", "8")) == 0
    eight_out = capsys.readouterr().out
    text = (tmp_path / "default" / "region" / "region.toml").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("target_minutes"))
    assert line.startswith("target_minutes = 10.0   # ASSUMPTION (raddsim's default") and "--target" in line, line
    eight = (tmp_path / "eight" / "region" / "region.toml").read_text(encoding="utf-8")
    assert "target_minutes = 8.0   # alarm to the first crew on scene\n" in eight, eight
    # one more line to replace without --target than with it
    assert "replace the 4 value line(s)" in default_out and "replace the 3 value line(s)" in eight_out, default_out


# ------------------------------------------------------------------ 3. a thousands separator in a count
@pytest.mark.parametrize("cell", ['"12,000"', "12.000", '"12 000"'])
def test_a_population_with_a_thousands_separator_is_refused_with_the_plain_number(tmp_path, capsys, cell) -> None:
    # Was: '12,000' "(a decimal comma? write 12.000)", and 12.000 then loaded silently as 12 residents.
    places = tmp_path / "places.csv"
    places.write_text(f"name,population,lat,lon\nCentro,{cell},32.71,-97.39\n", encoding="utf-8")
    err = _refused(_new_args(tmp_path, "--places", str(places)), capsys, str(places), "population",
                   "line 2, column 'population': expected a whole number",
                   "(a thousands separator? write 12000)", "Fix: write the count without separators: 12000.")
    assert "decimal comma" not in err, err
    places.write_text("name,population,lat,lon\nCentro,12.5,32.71,-97.39\n", encoding="utf-8")
    _refused(_new_args(tmp_path, "--places", str(places)), capsys, "expected a whole number, got '12.5'")


def test_an_islands_resident_count_with_a_thousands_separator_is_refused(tmp_path) -> None:
    from raddsim.core.errors import InputError
    from raddsim.sea.layer import load_islands

    islands = tmp_path / "islands.csv"
    islands.write_text("name,lat,lon,landing_lat,landing_lon,shore_km,walk_km,permanent,holiday_homes,basis,"
                       "approximate\nKey,24.55,-81.78,24.55,-81.78,0.1,0.5,1.200,30,guess,yes\n", encoding="utf-8")
    with pytest.raises(InputError) as err:  # was: 1.2 residents, refused as "are counts: write whole numbers"
        load_islands(islands)
    assert err.value.field == "permanent" and "write 1200" in str(err.value), err.value


@pytest.mark.parametrize(("option", "value", "fix"), [
    ("--alarms-per-year", "1,500", "write --alarms-per-year 1500 (no thousands separator), or --alarms-per-year 1.5 "
                                   "if the comma is a decimal comma."),
    ("--population", "5,000", "write --population 5000 (no thousands separator)."),
    ("--population", "5.000", "write --population 5000 (no thousands separator)."),
])
def test_a_command_line_number_with_a_separator_gets_the_plain_number(tmp_path, capsys, option, value, fix) -> None:
    # Was: "invalid float value: '1,500'. Fix: give --alarms-per-year a value as `… --help` describes it".
    argv = _new_args(tmp_path)
    argv[argv.index(option) + 1] = value
    _refused(argv, capsys, f"invalid {'float' if option == '--alarms-per-year' else 'int'} value: '{value}'",
             f"Fix: {fix}")


# ------------------------------------------------------------------ 4. the distance is to a junction
def test_a_station_between_far_apart_junctions_is_refused_naming_the_node(tmp_path, capsys) -> None:
    # Was: "is 1.3 km from the nearest road of the network": the station lies on a road, 1.3 km from its junctions.
    crews = "name,lat,lon,kind\nRoadside,32.712,-97.40,full-time\n"  # half-way along a 2.7 km edge
    err = _refused(_new_args(tmp_path, crews=crews, step=0.024), capsys, "crews.csv", "lat/lon", "line 2 (Roadside)",
                   "is 1.3 km from the nearest road node (junction) of the network",
                   "keeps nodes only at junctions and road ends")
    assert "Fix: correct the station's coordinates" in err, err


def test_many_stations_far_from_a_node_are_named_in_one_warning(tmp_path, capsys, caplog) -> None:
    # Was: one warning per station (46 of them on a sparse 300 × 300 km network), on every command.
    import logging

    from raddsim.experiment import model as model_module

    crews = "name,lat,lon,kind\n" + "".join(f"Mid {k},{32.705 + 0.01 * k:.3f},-97.40,full-time\n" for k in range(4))
    model_module._FAR_STATIONS_WARNED.clear()
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert main(_new_args(tmp_path, crews=crews)) == 0
    far = [r.getMessage() for r in caplog.records if "from the nearest road node" in r.getMessage()]
    assert len(far) == 1, far
    assert "4 stations are more than 250 m from the nearest road node (junction)" in far[0], far
    assert all(f"'Mid {k}' 554 m" in far[0] for k in range(4)) and "Fix:" in far[0], far


# ------------------------------------------------------------------ 10. a lost minus sign
@pytest.mark.parametrize(("lat", "lon", "words"), [
    ("32.71", "97.39", "(a west longitude without its minus sign? 32.71000N 97.39000W lies"),
    ("-32.71", "-97.39", "(a north latitude written with a minus sign? 32.71000N 97.39000W lies"),
])
def test_a_station_with_a_lost_minus_sign_says_so(tmp_path, capsys, lat, lon, words) -> None:
    # Was: "is 12743.1 km from the nearest road of the network" and no hint (only a swap was tested).
    crews = f"name,lat,lon,kind\nStation 1,{lat},{lon},full-time\n"
    _refused(_new_args(tmp_path, crews=crews), capsys, "crews.csv", "line 2 (Station 1)", words)


def test_a_candidate_site_with_a_lost_minus_sign_gets_the_fix(tmp_path) -> None:
    from raddsim.network import load_network
    from raddsim.network.snap import swapped_fix

    net = load_network(_inputs(tmp_path)[0])
    fix = swapped_fix(net, 32.71, 97.39, 1000.0, "correct the row.")
    assert fix.startswith("a west longitude without its minus sign? At 32.71000N 97.39000W the point lies"), fix
    assert fix.endswith(": write lon = -97.39."), fix
    assert swapped_fix(net, 32.71, -97.39 + 30, 1000.0, "correct the row.") == "correct the row."


# ------------------------------------------------------------------ 10. other scripts, ';' files, mph as text
@pytest.mark.parametrize("name", ["Πυροσβεστικός Σταθμός", "消防署"])
def test_a_name_in_another_script_says_ids_are_ascii(tmp_path, capsys, name) -> None:
    # Was: "has no letter or digit to make an id of" (they are letters) and "give a name with letters".
    crews = f"name,lat,lon,kind\n{name},32.72,-97.38,full-time\n"
    _refused(_new_args(tmp_path, crews=crews), capsys, "crews.csv", f"{name!r} has no ASCII letter or digit",
             "Fix: give an id column of ASCII ids")
    crews = f"id,name,lat,lon,kind\nstation_1,{name},32.72,-97.38,full-time\n"
    assert main(_new_args(tmp_path / "with_id", crews=crews)) == 0  # the fix works


def test_a_semicolon_csv_is_not_called_swedish(tmp_path, capsys) -> None:
    # Was: "the separator is ';' (Swedish Excel)" to a Chilean user; German, French, Spanish Excel do the same.
    err = _refused(_new_args(tmp_path, crews="name;lat;lon;kind\nBomba;32,72;-97,38;part-time\n"), capsys,
                   "crews.csv", "the separator is ';' (a European-locale Excel)")
    assert "Swedish" not in err, err


@pytest.mark.parametrize(("value", "fix"), [('"25 mph"', '"US:urban" = 40 (25 mph = 40.2 km/h).'),
                                            ('"40 km/h"', '"US:urban" = 40.')])
def test_an_implicit_speed_written_with_its_unit_gets_the_km_h_number(tmp_path, capsys, value, fix) -> None:
    # Was: "expected a number, got '25 mph'. Fix: write a plain number." (not saying it is km/h).
    region = _region(tmp_path, capsys=capsys)
    region.write_text(region.read_text(encoding="utf-8") + f'\n[network.speeds.implicit]\n"US:urban" = {value}\n',
                      encoding="utf-8")
    _refused(["run", "--region", str(region.parent), "--replications", "1", "--years", "0.01"], capsys, str(region),
             "network.speeds.implicit.US:urban", "expected a number of km/h",
             f"Fix: write a plain number of km/h: {fix}")


# ------------------------------------------------------------------ 9. a p90 indicator is no "yearly mean"
def test_the_default_indicator_name_follows_its_statistic(tmp_path, capsys) -> None:
    # Was: "The board's yearly indicator — Alarm to first unit on scene, yearly mean (90th percentile of …)".
    from raddsim.region.region import load_region

    region = _region(tmp_path, capsys=capsys)
    region.write_text(region.read_text(encoding="utf-8") + '\n[indicator]\nstatistic = "p90"\n', encoding="utf-8")
    assert load_region(region).indicator.name == "Alarm to first unit on scene, yearly 90th percentile"
    for lang, words in (("en", "Alarm to first unit on scene, yearly 90th percentile (90th percentile"),
                        ("sv", "Tid från larm till första styrka på plats, 90:e percentilen per år")):
        assert main(["run", "--region", str(region.parent), "--replications", "2", "--years", "1", "--lang", lang]) == 0
        out = capsys.readouterr().out
        assert words in out and "yearly mean" not in out and "årsmedelvärde" not in out, out


def test_a_percentile_indicator_that_meets_the_target_is_not_met_on_average() -> None:
    from types import SimpleNamespace

    from raddsim.views.board_text import lever_sentences

    res = {"target_minutes": 10.0, "scenarios": {"current": {"indicator": {"mean": 9.0, "statistic": "p90"},
                                                            "first_arrival_minutes": {"mean": 6.0}}}}
    base = SimpleNamespace(name="current")
    en = " ".join(lever_sentences(res, {"levers": []}, base, "en"))  # type: ignore[arg-type]
    assert "current already meets the target with the 90th percentile of the year's alarms." in en, en
    assert "on average" not in en, en
    sv = " ".join(lever_sentences(res, {"levers": []}, base, "sv"))  # type: ignore[arg-type]
    assert "i genomsnitt" not in sv and "90:e percentilen av årets larm" in sv, sv
    res["scenarios"]["current"]["indicator"]["statistic"] = "mean"  # the mean's sentence is unchanged
    assert "current already meets the target on average." in " ".join(lever_sentences(res, {"levers": []}, base, "en"))


# ------------------------------------------------------------------ 8. target with no lever to try
def test_target_says_why_it_has_no_lever_to_try(tmp_path, capsys) -> None:
    # Was: the "What closes the gap most" section left out without a word (all full-time, one staffing level).
    region = _region(tmp_path, capsys=capsys)
    assert main(["target", "--region", str(region.parent), "--replications", "2", "--years", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "What closes the gap most: no change to try, as there is no part-time crew" in out, out
    assert "`raddsim optimise` with an options file" in out, out


# ---------------------------------------------------------------- #7: a boundary across the antimeridian

def _boundary(tmp_path: Path, coords: list) -> Path:
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                    "geometry": {"type": "Polygon", "coordinates": [coords]}}]}), encoding="utf-8")
    return path


def test_a_boundary_past_180_degrees_reads_as_the_same_polygon(tmp_path) -> None:
    """A GIS's shifted export (180.03 for −179.97) was refused as "metres of a national grid (SWEREF 99 TM?)",
    spanning "180 to 180"; it is the polygon written with −179.97."""
    from raddsim.coverage.grid import load_boundary

    shifted = [[179.92, -16.845], [180.03, -16.845], [180.03, -16.81], [179.92, -16.81], [179.92, -16.845]]
    split = [[x - 360 if x > 180 else x, y] for x, y in shifted]
    a = load_boundary(_boundary(tmp_path, shifted), crs="EPSG:32760")
    b = load_boundary(_boundary(tmp_path, split), crs="EPSG:32760")
    assert a.area == pytest.approx(b.area, rel=1e-9) and a.area == pytest.approx(11.7e3 * 3.9e3, rel=0.05)


def test_metres_in_a_wgs84_file_name_the_grid_of_the_place_not_only_swedens(tmp_path) -> None:
    from raddsim.core.errors import InputError
    from raddsim.coverage.grid import load_boundary

    metres = [[300000.0, 6400000.0], [310000.0, 6400000.0], [310000.0, 6410000.0], [300000.0, 6400000.0]]
    with pytest.raises(InputError) as err:
        load_boundary(_boundary(tmp_path, metres), crs="EPSG:32633")
    assert "a UTM zone elsewhere" in str(err.value) and "300,000.00 to 310,000.00" in str(err.value)
