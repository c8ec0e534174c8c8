"""Bad input, eighth round (audit16): --target, spreadsheet rows, boundary and outline files, maxspeed, TOML pastes.

Each case: one clear InputError naming the file, the field and the fix (exit status 2 through the CLI), or one
warning naming what the planner wrote, where before there was a traceback, a silently wrong result (roads driven
at 5000 km/h, metres drawn as degrees), or a message that blamed a file raddsim had written itself.
Runs on Gridby (tests/sweep_helpers.py) and tiny hand-written networks, offline, in a few seconds.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import write_grid_osm
from sweep_helpers import REGION, write_region
from test_bad_inputs3 import _exit_and_error
from test_bad_inputs6 import _one_line

from raddsim.cli import main
from raddsim.core.errors import InputError

SQUARE = [[18.60, 59.69], [18.75, 59.69], [18.75, 59.77], [18.60, 59.77], [18.60, 59.69]]


def _polygons(*rings: list, crs: str | None = None) -> str:
    """A GeoJSON FeatureCollection of one polygon per ring (``crs``: a named CRS member)."""
    data: dict = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [r]}} for r in rings]}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(data)  # a NaN coordinate is written NaN, as some exporters do


def _warnings(caplog, words: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and words in r.getMessage()]


# ------------------------------------------------------------------ --target: the option, not the file, is named
def test_run_target_in_seconds_is_warned_about_as_the_option(tmp_path, caplog) -> None:
    # Before: "<region.toml>: region.target_minutes = 600 is 10.0 hours" though the file says 6.
    region = write_region(tmp_path)
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert main(["run", "--region", str(region), "--years", "0.01", "--replications", "1", "--target", "600",
                     "low"]) == 0
    said = _warnings(caplog, "10.0 hours")
    assert len(said) == 1 and said[0].startswith("--target: 600 min ") and "give --target 10 for 600 s" in said[0], said
    assert str(region) not in said[0]


@pytest.mark.parametrize("source", ["5", '["handlingsprogram", "2024"]'])
def test_a_bad_target_source_is_refused_also_under_run_target(tmp_path, capsys, source) -> None:
    # Before: --target dropped the file's target_source unread; the next run without --target failed on it.
    region = write_region(tmp_path)
    region.write_text(REGION.replace("target_minutes = 6", f"target_minutes = 6\ntarget_source = {source}"),
                      encoding="utf-8")
    code, err = _exit_and_error(["run", "--region", str(region), "--years", "0.01", "--replications", "1",
                                 "--target", "8", "low"], capsys)
    assert code == 2 and f"{region}: region.target_source: expected a non-empty text" in err, err


# ------------------------------------------------------------------ raddsim region new
GRID_CREWS = "name,lat,lon,kind,firefighters\nWest,59.71,18.62,full-time,4\nEast,59.74,18.70,part-time,3\n"


def _new(tmp_path: Path, table: str, *extra: str) -> list[str]:
    net = write_grid_osm(tmp_path / "grid.osm", rows=6, cols=6)
    crews = tmp_path / "crews.csv"
    crews.write_text(table, encoding="utf-8")
    return ["region", "new", str(tmp_path / "region"), "--network", str(net), "--stations", str(crews),
            "--alarms-per-year", "800", "--population", "6400", *extra]


def test_region_new_refuses_a_target_no_region_file_may_hold_naming_the_option(tmp_path, capsys) -> None:
    # Before: 1e4 passed the option's check and the loader blamed region.toml ("Nothing was written").
    code, err = _exit_and_error(_new(tmp_path, GRID_CREWS, "--target", "5000"), capsys)
    assert code == 2 and "--target: --target 5000 is not a plausible number of minutes" in err, err
    assert "region.toml" not in err and not (tmp_path / "region").exists()


def test_region_new_warns_of_a_target_in_seconds_naming_the_option(tmp_path, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert main(_new(tmp_path, GRID_CREWS, "--target", "600")) == 0
    said = _warnings(caplog, "10.0 hours")
    assert len(said) == 1 and said[0].startswith("--target: 600 min "), said  # before: blamed region.toml's value


def test_rows_of_empty_cells_from_a_spreadsheet_are_skipped_like_blank_lines(tmp_path, capsys) -> None:
    # Excel writes ",,,," for rows once touched; before: "row 4, column 'name': empty".
    table = GRID_CREWS.replace("\n", "\r\n") + ",,,,\r\n , , , ,\r\n"
    assert main(_new(tmp_path, table)) == 0, capsys.readouterr().err
    text = (tmp_path / "region" / "region.toml").read_text(encoding="utf-8")
    assert text.count("[crews.") == 2


# ------------------------------------------------------------------ --boundary files
@pytest.mark.parametrize("ring, words", [
    ([[18.60, 59.69], [float("nan"), 59.69], [18.75, 59.77], [18.60, 59.69]], "not numbers (NaN"),  # was a traceback
    (SQUARE[:-1], "ring is not closed"),  # was "could not read it (GEOSException …)", fix: "give … as GeoJSON"
])
def test_a_boundary_with_a_nan_or_an_open_ring_is_refused_saying_why(tmp_path, ring, words) -> None:
    from raddsim.coverage.grid import load_boundary

    path = tmp_path / "kommun.geojson"
    path.write_text(_polygons(ring), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_boundary(path)
    text = _one_line(err.value)
    assert text.startswith(f"{path}: geometry: ") and words in text, text


# ------------------------------------------------------------------ a region's land and territory outlines
@pytest.mark.parametrize("text, words", [
    (_polygons([[18.6, 59.69], [18.6, 59.69]]), "could not read it"),  # a ring of two points: was a ValueError
    (_polygons([[18.6, 59.69], [float("nan"), 59.69], [18.75, 59.77], [18.6, 59.69]]), "not numbers"),  # GEOS
    (json.dumps({"type": "FeatureCollection", "crs": "EPSG:4326", "features": []}), "no polygon"),  # AttributeError
    (json.dumps({"type": "FeatureCollection", "features": ["land"]}), "no polygon"),  # AttributeError
    # SWEREF 99 TM metres in a file without a CRS: before, drawn silently as degrees
    (_polygons([[700000, 6620000], [710000, 6620000], [710000, 6630000], [700000, 6620000]]), "SWEREF"),
], ids=["two-points", "nan", "crs-text", "feature-text", "sweref-metres"])
def test_a_malformed_land_outline_is_one_error_naming_the_file(tmp_path, text, words) -> None:
    from raddsim.coverage.outline import region_outline

    land = tmp_path / "land.geojson"
    land.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        region_outline(SimpleNamespace(land_path=land, territory_path=None, outline_source=""))
    said = _one_line(err.value)
    assert said.startswith(f"{land}: ") and words in said, said
    land.write_text(_polygons(SQUARE), encoding="utf-8")  # a valid one beside it still loads
    outline = region_outline(SimpleNamespace(land_path=land, territory_path=None, outline_source="x"))
    assert outline is not None and 7e7 < outline.land.area < 1.2e8  # 0.15° × 0.08° at 59.7N ≈ 8.4 × 8.9 km


# ------------------------------------------------------------------ maxspeed beyond any legal limit
def _csv_network(folder: Path, maxspeed: str) -> Path:
    folder.mkdir()
    (folder / "nodes.csv").write_text("id,lon,lat\n1,18.60,59.70\n2,18.61,59.70\n", encoding="utf-8")
    (folder / "arcs.csv").write_text(f"from,to,length_m,highway,maxspeed,two_way\n1,2,600,tertiary,{maxspeed},1\n",
                                     encoding="utf-8")
    return folder


def test_a_csv_maxspeed_beyond_any_legal_limit_is_refused(tmp_path) -> None:
    # Before: light vehicles drove the road at 5000 km/h.
    from raddsim.network import load_road_data

    folder = _csv_network(tmp_path / "roads", "5000")
    with pytest.raises(InputError) as err:
        load_road_data(folder)
    text = _one_line(err.value)
    assert text.startswith(f"{folder / 'arcs.csv'}: maxspeed: line 2: maxspeed = '5000' is 5000 km/h"), text
    assert load_road_data(_csv_network(tmp_path / "ok", "200")).edge_tagged_kmh.max() == 200  # the bound itself


def test_an_osm_maxspeed_beyond_any_legal_limit_is_dropped_and_said(tmp_path, caplog) -> None:
    from raddsim.network import load_road_data

    osm = write_grid_osm(tmp_path / "fast.osm", rows=3, cols=3, maxspeed="500")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        data = load_road_data(osm)
    said = _warnings(caplog, "maxspeed above 200 km/h")
    assert len(said) == 1 and "(the highest: 500)" in said[0] and "Fix:" in said[0], said
    assert not np.isfinite(data.edge_tagged_kmh).any()  # the road classes' speeds instead


# ------------------------------------------------------------------ region TOML: what a word processor pastes
@pytest.mark.parametrize("old, new, words", [
    ('name = "Gridby"', "name = \u201dGridby\u201d", "typographic quotes"),
    ('name = "Gridby"', 'name\u00a0= "Gridby"', "non-breaking space"),
    ("target_minutes = 6", "target_minutes = 6,5", "decimal comma"),
])
def test_a_toml_syntax_error_from_a_paste_says_what_was_pasted(tmp_path, old, new, words) -> None:
    from raddsim.region.region import load_region

    region = write_region(tmp_path)
    region.write_text(REGION.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(region)
    text = _one_line(err.value)
    # before: "Fix: correct the TOML syntax at the position given."
    assert text.startswith(f"{region}: malformed TOML") and words in text.split("Fix:")[1], text


def test_an_empty_region_file_asks_for_a_region_table(tmp_path) -> None:
    from raddsim.region.region import load_region

    region = write_region(tmp_path)
    region.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(region)
    assert _one_line(err.value) == f"{region}: region: required table is missing. Fix: add a [region] table."


# ------------------------------------------------------------------ [availability] calendar: numbers as written
@pytest.mark.parametrize("line, field, shown", [
    ("summer_months = [7, 1e300]", "summer_months", "1e+300 is not a month"),
    ("day_hours = [7, 1e300]", "day_hours", "got [7, 1e+300]"),
])
def test_a_huge_calendar_number_is_shown_as_written_not_in_301_digits(tmp_path, line, field, shown) -> None:
    from raddsim.region.region import load_region

    region = write_region(tmp_path)
    region.write_text(REGION + f"\n[availability]\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(region)
    text = _one_line(err.value)
    assert text.startswith(f"{region}: availability.{field}: ") and shown in text and len(text) < 300, text


# ------------------------------------------------------------------ sweep: an axis over a list-valued parameter
def test_a_sweep_axis_of_plain_months_says_each_point_is_a_list(tmp_path) -> None:
    # Before: "Fix: write e.g. summer_months = [6, 7, 8]", though [6, 7] was written: an axis of two points.
    from sweep_helpers import write_spec

    from raddsim.region.region import load_region
    from raddsim.sweep.spec import load_spec, validate_spec

    region = write_region(tmp_path)
    spec = load_spec(write_spec(tmp_path, 'base = "low"\n[axes]\n"availability.summer_months" = [6, 7]\n',
                                region=region), validate=False)
    with pytest.raises(InputError) as err:
        validate_spec(spec, load_region(region))
    text = _one_line(err.value)
    assert text.startswith(f'{spec.file}: axes."availability.summer_months": ') and "list of lists" in text, text


# ------------------------------------------------------------------ network info on an OSM file without data
def test_an_osm_file_without_nodes_or_ways_is_not_told_about_a_server(tmp_path, capsys) -> None:
    # Before: "could not read OSM data (InsufficientResponseError: No data elements in server response …)".
    osm = tmp_path / "tom.osm"
    osm.write_text('<?xml version="1.0"?>\n<osm version="0.6"></osm>\n', encoding="utf-8")
    code, err = _exit_and_error(["network", "info", str(osm)], capsys)
    assert code == 2 and f"{osm}: the file holds no OSM nodes and ways" in err and "server" not in err, err
    assert len(err.strip().splitlines()) == 1, err


def test_region_new_reads_its_outline_files_before_copying_them(tmp_path, capsys) -> None:
    # Before: copied unread; the region ran, and only `raddsim map` found the land file it could not draw.
    land = tmp_path / "land.geojson"
    land.write_text(_polygons([[700000, 6620000], [710000, 6620000], [710000, 6630000], [700000, 6620000]]),
                    encoding="utf-8")  # SWEREF 99 TM metres without a CRS
    code, err = _exit_and_error(_new(tmp_path, GRID_CREWS, "--land", str(land)), capsys)
    assert code == 2 and f"{land}: --land: the coordinates are read as WGS84 degrees" in err, err
    assert not (tmp_path / "region").exists()
    land.write_text(_polygons(SQUARE), encoding="utf-8")
    assert main(_new(tmp_path, GRID_CREWS, "--land", str(land))) == 0


def test_map_out_named_like_a_file_is_refused_before_the_work(tmp_path, capsys) -> None:
    # Before: `--out karta.png` made a folder named karta.png holding coverage_low.png.
    region = write_region(tmp_path)
    out = tmp_path / "karta.png"
    code, err = _exit_and_error(["map", "low", "--region", str(region), "--out", str(out)], capsys)
    assert code == 2 and f"{out}: --out: --out is the folder the maps are written into" in err, err
    assert not out.exists()


# ------------------------------------------------------------------ [network.speeds.implicit] of an mph country
def test_a_british_implicit_limit_in_mph_is_warned_about_once(tmp_path, caplog) -> None:
    # Before: GB:nsl_single = 60 was driven at 60 km/h, silently (the national limit is 60 mph = 97 km/h).
    from raddsim.region.region import load_region

    region = write_region(tmp_path)
    scenario = '[scenarios.fast]\nbase = "low"\nnetwork.speeds.implicit."GB:nsl_single" = 97\n'
    for kmh, warned in ((60, 1), (97, 0)):
        region.write_text(REGION + f'\n[network.speeds.implicit]\n"GB:nsl_single" = {kmh}\n' + scenario,
                          encoding="utf-8")
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="raddsim"):
            load_region(region)
        said = _warnings(caplog, "mph")
        assert len(said) == warned and all("60 mph (97 km/h)" in w and "Fix:" in w for w in said), said


# ------------------------------------------------------------------ the calendar written for one crew or kind
@pytest.mark.parametrize("old, new, field", [
    ("turnout_minutes = 5\n", "turnout_minutes = 5\navailability = { summer_months = [7] }\n",
     "crews.east_pt.availability.summer_months"),
    ("[demand]", "[availability.part-time]\nday_hours = [6, 19]\n\n[demand]", "availability.part-time.day_hours"),
])
def test_the_calendar_written_for_one_crew_says_where_it_belongs(tmp_path, old, new, field) -> None:
    # Before: "unknown key 'summer_months'. Fix: use one of: absence, …" (25 keys, none of them the right place).
    from raddsim.region.region import load_region

    region = write_region(tmp_path)
    region.write_text(REGION.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(region)
    text = _one_line(err.value)
    assert text.startswith(f"{region}: {field}: ") and "Fix: move it to the region file's [availability]" in text, text


# ------------------------------------------------------------------ nodes/arcs CSV from a spreadsheet
def test_a_nodes_arcs_csv_from_swedish_excel_is_told_by_its_separator(tmp_path) -> None:
    # Before: "line 2 has 3 fields, the header has 1 (an unquoted comma in a text?)".
    from raddsim.network import load_road_data

    folder = _csv_network(tmp_path / "roads", "50")
    (folder / "nodes.csv").write_text("id;lon;lat\n1;18,60;59,70\n2;18,61;59,70\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_road_data(folder)
    text = _one_line(err.value)
    assert text.startswith(f"{folder / 'nodes.csv'}: the separator is ';' (a European-locale Excel)"), text


def test_rows_of_empty_cells_in_a_nodes_arcs_csv_are_skipped_and_lines_still_count(tmp_path) -> None:
    # Before: "line 3: from is not a number: ''"; a later row's line number must still be the file's.
    from raddsim.network import load_road_data

    folder = _csv_network(tmp_path / "roads", "50")
    arcs = folder / "arcs.csv"
    arcs.write_text(arcs.read_text(encoding="utf-8").replace("\n", "\r\n") + ",,,,,\r\n", encoding="utf-8")
    assert load_road_data(folder).n_edges == 2
    arcs.write_text("from,to,length_m,highway,maxspeed,two_way\n,,,,,\n1,2,600,tertiary,fast,1\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_road_data(folder)
    assert "line 3: maxspeed = 'fast' is not a speed" in _one_line(err.value), err.value


# ------------------------------------------------------------------ replayed alarms: Swedish clock notation
def test_a_replayed_alarm_at_10_30_written_with_a_period_is_refused(tmp_path) -> None:
    # Before: "2023-07-01 10.30" was read as 10:00:00.30, half an hour early, silently.
    from raddsim.demand import load_incident_csv
    from raddsim.region.region import load_region

    region = load_region(write_region(tmp_path))
    kind = list(region.scenarios["low"].demand.catalog.ids)[0]
    log = tmp_path / "larm.csv"
    log.write_text(f"time,lon,lat,type\n2023-07-01 09:10,18.62,59.72,{kind}\n2023-07-01 10.30,18.62,59.72,{kind}\n",
                   encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_incident_csv(log, [kind])
    text = _one_line(err.value)
    assert text.startswith(f"{log}: time: line 3, column 'time': ") and "e.g. 2023-07-01 10:30." in text, text


def test_region_new_blames_the_places_file_given_not_its_removed_copy(tmp_path, capsys) -> None:
    # Before: "<OUT>/places.csv: population: row 2 …", a copy the refusal had removed again.
    places = tmp_path / "orter.csv"
    places.write_text("name,population,lat,lon\nWest,3000,59.71,18.62\nParis,2000,48.85,2.35\n", encoding="utf-8")
    code, err = _exit_and_error(_new(tmp_path, GRID_CREWS, "--places", str(places)), capsys)
    assert code == 2 and err.startswith(f"raddsim: error: {places}: lat/lon: place 'Paris'"), err
    assert "Nothing was written." in err and not (tmp_path / "region").exists()


@pytest.mark.parametrize("option, value, says", [
    ("--timezone", "Europe/Stokholm", "--timezone: unknown time zone 'Europe/Stokholm'"),
    ("--population", "100", "--population: 100 is less than the places file's total"),
])
def test_region_new_blames_the_option_not_the_file_it_would_have_written(tmp_path, capsys, option, value,
                                                                         says) -> None:
    # Before: "<OUT>/region.toml: region.timezone: …", a file the planner never saw (it was not written).
    places = tmp_path / "orter.csv"
    places.write_text("name,population,lat,lon\nWest,3000,59.71,18.62\n", encoding="utf-8")
    argv = _new(tmp_path, GRID_CREWS, "--places", str(places))
    argv += [option, value] if option not in argv else []
    argv[argv.index(option) + 1] = value
    code, err = _exit_and_error(argv, capsys)
    assert code == 2 and err.startswith(f"raddsim: error: {says}") and "region.toml" not in err, err
