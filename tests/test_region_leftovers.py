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


