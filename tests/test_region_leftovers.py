"""The probe of other regions' last LOW items (/work/notes/probe_regions.md #11–#13): time zones near Sweden's
borders, EMS and Swedish words in the report, and what `region new` writes about ferries, sources and a city's
places."""

from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from conftest import helsinki_pbf, write_grid_osm
from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.region import load_region

# ------------------------------------------------------------------ helpers


def _crews(tmp_path: Path, lat: float, lon: float, turnout: float | None = None) -> Path:
    """A crews table of one full-time crew (its turnout left to region new's default unless given)."""
    path = tmp_path / "crews.csv"
    path.write_text(f"name,lat,lon,kind,turnout_minutes\nStation 1,{lat},{lon},full-time,"
                    f"{'' if turnout is None else turnout}\n", encoding="utf-8")
    return path


def _new(tmp_path: Path, network: Path, crews: Path, *extra: str, population: int = 3000) -> Path:
    assert main(["region", "new", str(tmp_path / "new"), "--network", str(network), "--stations", str(crews),
                 "--alarms-per-year", "200", "--population", str(population), *extra]) == 0
    return tmp_path / "new" / "region.toml"


def _timezone_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "region.timezone" in r.getMessage()]


# ------------------------------------------------------------------ #11 time zones near Sweden's borders


def test_a_region_at_kolari_is_told_to_set_its_time_zone_and_replay_refuses_without_it(tmp_path, caplog,
                                                                                         capsys) -> None:
    """Kolari (Finland) lies inside Sweden's loose outline along the Torne: `region new` wrote no zone and said
    nothing, and replayed alarms were read as Stockholm time, an hour off."""
    roads = write_grid_osm(tmp_path / "kolari.osm", lat0=67.31, lon0=23.74, step=0.005)
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        path = _new(tmp_path, roads, _crews(tmp_path, 67.32, 23.76))
    said = _timezone_warnings(caplog)
    assert len(said) == 1 and str(path) in said[0] and "Finnish border" in said[0], said
    assert '"Europe/Helsinki" on the Finnish side' in said[0] and "Fix:" in said[0], said
    assert "timezone" not in tomllib.loads(path.read_text(encoding="utf-8"))["region"]
    alarms = tmp_path / "alarms.csv"
    alarms.write_text("time,lon,lat,type\n2023-03-01T12:00:00,23.76,67.32,alarm\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["run", "--region", str(path.parent), "--incidents", str(alarms), "--replications", "1"]) == 2
    err = capsys.readouterr().err
    assert "region.timezone" in err and "Finnish border" in err and str(path) in err, err
    with pytest.raises(InputError, match="Finnish border"):
        load_region(path).replay_timezone()


def test_a_region_across_the_norwegian_border_gets_swedens_zone_marked_assumption(tmp_path, caplog,
                                                                                    capsys) -> None:
    """Riksgränsen–Bjørnfjell: Norway keeps Sweden's clock, so the zone is known, and written like every other
    default the planner did not give; the summary counts it among the ASSUMPTION lines."""
    roads = write_grid_osm(tmp_path / "riks.osm", lat0=68.40, lon0=18.05, cols=6, step=0.01)
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        path = _new(tmp_path, roads, _crews(tmp_path, 68.42, 18.13, turnout=1))
    assert _timezone_warnings(caplog) == []
    line = next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("timezone"))
    assert line.startswith('timezone = "Europe/Stockholm"') and "ASSUMPTION" in line and "Norwegian" in line, line
    assert load_region(path).replay_timezone() == "Europe/Stockholm"
    # target, staffing, the last stretch and the zone
    assert "replace the 4 value line(s) marked ASSUMPTION" in capsys.readouterr().out


@pytest.mark.parametrize("west, east, south, north, zone, written", [
    (23.90, 24.16, 65.78, 65.88, None, False),          # Haparanda (Sweden), at the Torne
    (24.10, 24.30, 65.82, 65.90, None, False),          # Tornio (Finland)
    (22.45, 22.52, 68.43, 68.46, None, False),          # Karesuvanto (Finland), inside Sweden's outline
    (18.30, 19.30, 59.60, 60.20, "Europe/Stockholm", False),   # Norrtälje: Sweden's default, no line
    (22.00, 22.30, 65.55, 65.65, "Europe/Stockholm", False),   # Luleå, 90 km from Finland
    (24.80, 25.10, 60.15, 60.25, None, False),          # Helsinki: no outline of Finland to tell it by
    (17.35, 17.50, 68.40, 68.46, None, False),          # Narvik: farther into Norway than the margin
])
def test_the_zone_is_told_only_where_swedens_outline_settles_it(west, east, south, north, zone, written) -> None:
    from raddsim.region.local_time import guess_timezone

    lon, lat = np.meshgrid(np.linspace(west, east, 15), np.linspace(south, north, 15))
    guess = guess_timezone(lon.ravel(), lat.ravel())
    assert (guess.zone, guess.written) == (zone, written), guess


def test_the_docs_say_where_tornio_and_haparanda_are_measured() -> None:
    """docs/formats.md said Tornio counts as Sweden; a network at Tornio, or at Haparanda reaching past 24.17 E
    (SWEREF 99 TM's area of use), is measured in UTM zone 35."""
    from raddsim.network.positions import metric_crs

    def crs(west: float, east: float) -> str:
        lon, lat = np.meshgrid(np.linspace(west, east, 10), np.linspace(65.80, 65.88, 10))
        return metric_crs(lon.ravel(), lat.ravel())

    assert crs(24.10, 24.30) == crs(23.90, 24.20) == "EPSG:32635" and crs(23.90, 24.16) == "EPSG:3006"
    doc = (Path(__file__).resolve().parents[1] / "docs" / "formats.md").read_text(encoding="utf-8")
    assert "Tornio and\nKolari, across the Torne, still count as Sweden" not in doc
    assert "a network at Tornio, or at\nHaparanda (Sweden) reaching past 24.17 E, gets UTM zone 35" in doc


# ------------------------------------------------------------------ #12 EMS and Swedish words


def test_an_ems_reports_assumptions_table_says_ambulance(tmp_path) -> None:
    """The Edmonton report said "first crew on scene", "Crews, staffing", "a crew driving home" in its assumptions
    table while the rest of it said "ambulance"."""
    from raddsim.views.report_text import assumptions
    from raddsim.views.service_words import use_region

    roads = write_grid_osm(tmp_path / "roads.osm", lat0=53.50, lon0=-113.50)
    path = _new(tmp_path, roads, _crews(tmp_path, 53.52, -113.48), "--service", "ems", "--timezone",
                "America/Edmonton")
    region = load_region(path)
    use_region(region)
    setup = region.scenarios["current"]
    for lang, word, crew in (("en", "ambulance", r"\b[Cc]rews?\b"), ("sv", "ambulans", r"\b[Ss]tyrk(a|or|orna)\b")):
        rows = assumptions(region, setup, 250, 2000, 30, lang, crs="EPSG:32612")
        text = " ".join(f"{item} {what}" for item, what, _ in rows)
        assert word in text and not re.search(crew, text), text
    assert rows[0][1].startswith("första ambulans på plats")


def test_swedish_output_translates_the_readers_network_description(tmp_path, capsys) -> None:
    """`run --lang sv` printed "Vägnät: road network from nodes/arcs CSV"."""
    from raddsim.views.plain_text import network_label

    assert network_label({"label": "road network from nodes/arcs CSV"}, "sv") == "vägnät från nodes/arcs-CSV"
    assert network_label({"label": "JEMSS road network (nodes/arcs CSV)"}, "sv") == "JEMSS-vägnät (nodes/arcs-CSV)"
    assert network_label({"label": "OpenStreetMap"}, "sv") == "OpenStreetMap"  # a source's own name stays
    roads = tmp_path / "roads"
    roads.mkdir()
    (roads / "nodes.csv").write_text("id,lon,lat\n1,18.60,59.70\n2,18.61,59.70\n3,18.61,59.71\n", encoding="utf-8")
    (roads / "arcs.csv").write_text("from,to,length_m,highway,maxspeed,two_way\n1,2,560,residential,50,1\n"
                                    "2,3,1110,residential,50,1\n", encoding="utf-8")
    path = _new(tmp_path, roads, _crews(tmp_path, 59.70, 18.60, turnout=1))
    capsys.readouterr()
    assert main(["run", "--region", str(path.parent), "--lang", "sv", "--replications", "2", "--years", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "Vägnät: vägnät från nodes/arcs-CSV" in out and "road network from" not in out, out


def test_the_generated_scenario_description_is_swedish_in_swedish_output(tmp_path) -> None:
    """The description `region new` writes stayed English in `--lang sv` reports; a planner's own stays as written."""
    path = _new(tmp_path, write_grid_osm(tmp_path / "roads.osm"), _crews(tmp_path, 59.71, 18.62))
    setup = load_region(path).scenarios["current"]
    assert setup.describe("en") == "every crew at its 'current' staffing in the table the region was made from"
    assert setup.describe("sv") == "varje styrka med bemanningsnivån 'current' ur tabellen som regionen skapades från"
    text = path.read_text(encoding="utf-8").replace("in the table the region was made from",
                                                    "in the table the board adopted")
    path.write_text(text, encoding="utf-8")
    assert load_region(path).scenarios["current"].describe("sv") == (
        "every crew at its 'current' staffing in the table the board adopted")


def test_the_catalogues_starter_description_is_the_one_written() -> None:
    from raddsim.region.starter_text import STARTER_DESCRIPTION
    from raddsim.views.i18n import catalogue

    assert catalogue()["starter_description"]["en"] == STARTER_DESCRIPTION


# ------------------------------------------------------------------ #13 what region new writes; optimise's bar


def _ferry_osm(path: Path, duration: bool) -> Path:
    """write_grid_osm's grid and a second one east of it, joined only by a car ferry (with or without a duration)."""
    write_grid_osm(path)
    text = path.read_text(encoding="utf-8")
    island = write_grid_osm(path.with_name("island.osm"), lon0=18.80).read_text(encoding="utf-8")
    nodes = re.sub(r'id="(\d+)"', lambda m: f'id="{int(m.group(1)) + 1000}"', island)
    nodes = re.sub(r'ref="(\d+)"', lambda m: f'ref="{int(m.group(1)) + 1000}"', nodes)
    body = "\n".join(x for x in nodes.splitlines() if x.startswith(("<node", "<way")))
    tag = '<tag k="duration" v="00:06"/>' if duration else ""
    ferry = (f'<way id="5000"><nd ref="15"/><nd ref="1011"/><tag k="route" v="ferry"/>{tag}'
             '<tag k="motor_vehicle" v="yes"/><tag k="name" v="Saarilautta"/></way>')
    path.write_text(text.replace("</osm>", f"{body}\n{ferry}\n</osm>"), encoding="utf-8")
    return path


@pytest.mark.parametrize("duration", [False, True])
def test_a_networks_ferries_get_their_defaults_written_marked_assumption(tmp_path, duration) -> None:
    """`region new` wrote nothing about a car ferry: its crossing waited half of raddsim's 15-min headway, unsaid."""
    path = _new(tmp_path, _ferry_osm(tmp_path / "roads.osm", duration), _crews(tmp_path, 59.71, 18.62))
    text = path.read_text(encoding="utf-8")
    ferries = tomllib.loads(text)["network"]["ferries"]
    assert ferries == ({"headway_minutes": 15} if duration else {"headway_minutes": 15, "speed_kmh": 15})
    lines = [x for x in text.splitlines() if x.startswith(("headway_minutes", "speed_kmh"))]
    assert lines and all("ASSUMPTION" in x for x in lines) and "Saarilautta" in text
    assert load_region(path).scenarios["current"].network.ferries.headway_minutes == 15


def test_the_maps_footer_names_the_crews_source_once(tmp_path) -> None:
    """The footer read "stations and crews: crews: us_crews.csv; roads: us.osm" after "road network us.osm"."""
    from raddsim.experiment.model import build_model
    from raddsim.views.mapcontext import map_context, source_note

    path = _new(tmp_path, write_grid_osm(tmp_path / "us.osm"), _crews(tmp_path, 59.71, 18.62))
    region = load_region(path)
    assert region.source == "crews.csv"
    note = source_note(map_context(build_model(region), region.scenarios["current"]), "en")
    assert "stations and crews: crews.csv;" in note and "roads:" not in note and note.count("us.osm") == 1, note


def test_the_optimise_progress_bar_never_shows_more_runs_than_it_makes(tmp_path, capsys) -> None:
    """The bar went "0/40 … 38/38": its total was the cap of replications, then what ran."""
    from optimise_helpers import write_toy

    _, options = write_toy(tmp_path / "toy")
    assert main(["optimise", str(options), "--budget", "6", "--out", str(tmp_path / "out"), "--years", "0.05",
                 "--initial-replications", "4", "--batch", "2", "--max-replications", "10", "--top", "3",
                 "--no-map", "--processes", "0"]) == 0
    shown = [(int(a), int(b)) for a, b in re.findall(r"simulate:[^\r\n]*?\| (\d+)/(\d+) \[", capsys.readouterr().err)]
    assert shown and all(done <= total for done, total in shown), shown
    ran = shown[-1][0]
    assert shown[-1] == (ran, ran) and max(total for _, total in shown) == ran, shown


def test_a_citys_places_get_the_density_they_need_written(tmp_path, caplog) -> None:
    """Central Helsinki: `region new` warned that 1,500/km² was far too low ("at least 8,625 here") and still wrote
    it, commented; it writes the least density that fits the places, marked ASSUMPTION, and nothing is warned."""
    crews = tmp_path / "crews.csv"
    crews.write_text("name,lat,lon,kind\nKeskuspelastusasema,60.1720,24.9440,full-time\n"
                     "Eira,60.1660,24.9400,part-time\n", encoding="utf-8")
    places = tmp_path / "places.csv"
    places.write_text("name,population,lat,lon\nKluuvi,5000,60.1720,24.9470\nPunavuori,9000,60.1630,24.9380\n",
                      encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        path = _new(tmp_path, Path(helsinki_pbf()), crews, "--places", str(places), "--timezone", "Europe/Helsinki",
                    population=14000)
    assert "urban_density_per_km2" not in caplog.text, caplog.text
    line = next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("urban_density_per_km2"))
    assert line.startswith("urban_density_per_km2 = 8625") and "ASSUMPTION" in line and "14,000" in line, line
    assert load_region(path).scenarios["current"].demand.access.urban_density_per_km2 == 8625
