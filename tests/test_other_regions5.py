"""raddsim taken through other regions a fifth time: what a planner outside Norrtälje (Helsinki's 8-minute
target, Santiago, Fiji across 180°) still read wrongly after the fourth walk, each held by a test.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pytest
from test_other_regions3 import write_mmc_region

from raddsim.cli import main

#: Santiago de Chile: south of the equator and west of Greenwich.
SANTIAGO = {"lon": -70.66, "lat": -33.45}


def with_target(region: Path, minutes: float) -> Path:
    """``region`` (from :func:`write_mmc_region`) with its target set to ``minutes``."""
    toml = region / "region.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("target_minutes = 10", f"target_minutes = {minutes}"),
                    encoding="utf-8")
    return region


@pytest.mark.parametrize("lang, says", [("en", "within the target of 8 min"), ("sv", "inom målet 8 min")])
def test_the_coverage_maps_classes_have_the_regions_target_as_an_edge(tmp_path, lang, says) -> None:
    """Helsinki's target is 8 minutes; the map's classes were 0–5, 5–10, … minutes, so no colour edge was at 8 and
    the board could not read 'within target' off the map."""
    from matplotlib.legend import Legend

    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.views.maps import coverage_map, map_context

    region = load_region(with_target(write_mmc_region(tmp_path / "hel", crews=1, alarms_per_year=300,
                                                      mean_minutes=30, lon=24.94, lat=60.17), 8))
    model = build_model(region)
    setup = region.scenarios["mmc"]
    cov = static_coverage(model, setup, make_grid(model.network, 250))
    fig = coverage_map(cov, map_context(model, setup), lang)
    legend = fig.axes[1].findobj(Legend)[0]
    labels = [x.get_text() for x in legend.get_texts()]
    assert labels[1].endswith("–8 min") and labels[2].startswith("8–")  # green → yellow at the target
    assert says in legend.get_title().get_text()


def _report(region: Path, out: Path, lang: str) -> str:
    """The text of ``raddsim report`` of ``region`` (one replication, no what-if)."""
    assert main(["report", "--region", str(region), "--replications", "1", "--no-what-if", "--lang", lang,
                 "--out", str(out)]) == 0
    return html.unescape(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang, flat, profile", [
    ("en", "Poisson at a constant rate", "hour/weekday/month profile"),
    ("sv", "Poisson med konstant intensitet", "profil över dygn, vecka och år")])
def test_a_region_without_a_time_profile_is_not_said_to_have_one(tmp_path, lang, flat, profile) -> None:
    """Santiago's region has no [demand.time]: its alarms come at a constant rate, yet the report's 'Alarm volume'
    row said 'Poisson with hour/weekday/month profile'."""
    region = write_mmc_region(tmp_path / "scl", crews=1, alarms_per_year=300, mean_minutes=30, **SANTIAGO)
    text = _report(region, tmp_path / "r.html", lang)
    assert flat in text and profile not in text
    toml = region / "region.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "[demand.time]\nmonth = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n",
                    encoding="utf-8")
    text = _report(region, tmp_path / "r2.html", lang)
    assert flat not in text and profile.replace("hour/weekday/", "").replace("dygn, vecka och ", "") in text


def _target_row(text: str, label: str) -> str:
    """The report's assumption row that starts with ``label`` (its cells as text)."""
    import re

    rows = re.findall(r"<tr>(.*?)</tr>", text, flags=re.S)
    row = next(r for r in rows if re.sub(r"<[^>]+>", "", r).strip().startswith(label))
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


@pytest.mark.parametrize("lang, label, says", [("en", "Target", "region.toml: the region file's value"),
                                               ("sv", "Mål", "region.toml: regionfilens värde")])
def test_the_targets_source_is_the_target_source_not_the_regions_data_credits(tmp_path, lang, label, says) -> None:
    """The report's 'Target' row cited `region.source` — for a starter region 'crews: crews.csv; roads: …' — as the
    source of the target; it cites the file's `target_source`, or says the target is the region file's value."""
    region = write_mmc_region(tmp_path / "scl", crews=1, alarms_per_year=300, mean_minutes=30, **SANTIAGO)
    toml = region / "region.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('name = "Queue"\n',
                                                             'name = "Queue"\nsource = "crews: crews.csv"\n'),
                    encoding="utf-8")
    row = _target_row(_report(region, tmp_path / "r.html", lang), label)
    assert says in row and "crews.csv" not in row
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "target_minutes = 10\n", 'target_minutes = 10\ntarget_source = "Plan de emergencia comunal 2024"\n'),
        encoding="utf-8")
    row = _target_row(_report(region, tmp_path / "r2.html", lang), label)
    assert "Plan de emergencia comunal 2024" in row and "crews.csv" not in row


def test_a_target_given_on_the_command_line_is_not_cited_to_the_files_target_source(tmp_path) -> None:
    """`run --target 8` replaces the file's target; the file's target_source is not the source of that one."""
    from raddsim.region.region import load_region

    region = write_mmc_region(tmp_path / "scl", crews=1, alarms_per_year=300, mean_minutes=30, **SANTIAGO)
    toml = region / "region.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "target_minutes = 10\n", 'target_minutes = 10\ntarget_source = "Plan comunal"\n'), encoding="utf-8")
    assert load_region(region).target_source == "Plan comunal"
    assert load_region(region, target_minutes=8).target_source == ""


def _new_region(tmp_path: Path, lon: float, lat: float, *extra: str) -> Path:
    """``raddsim region new`` of one crew at (lon, lat) on write_mmc_region's two-node roads there."""
    src = write_mmc_region(tmp_path / "src", crews=1, alarms_per_year=300, mean_minutes=30, lon=lon, lat=lat)
    (tmp_path / "crews.csv").write_text(f"name,lat,lon,kind,turnout_minutes\nCrew 1,{lat},{lon},full-time,1\n",
                                        encoding="utf-8")
    region = tmp_path / "new"
    assert main(["region", "new", str(region), "--network", str(src / "roads"), "--stations",
                 str(tmp_path / "crews.csv"), "--alarms-per-year", "300", "--population", "1000", *extra]) == 0
    return region / "region.toml"


@pytest.mark.parametrize("where, extra, warned", [
    (SANTIAGO, (), True), (SANTIAGO, ("--timezone", "America/Santiago"), False),
    ({"lon": 18.70, "lat": 59.76}, (), False)])  # Norrtälje: Europe/Stockholm is right
def test_region_new_outside_sweden_warns_that_replay_needs_a_time_zone(tmp_path, caplog, where, extra,
                                                                        warned) -> None:
    """`region new` in Santiago wrote '# timezone = "Europe/Stockholm"   # the default' and said nothing, and the
    first `run --incidents` refused to run for want of a zone."""
    path = _new_region(tmp_path, where["lon"], where["lat"], *extra)
    said = [r.getMessage() for r in caplog.records if "--timezone" in r.getMessage()]
    assert bool(said) == warned
    text = path.read_text(encoding="utf-8")
    assert 'timezone = "Europe/Stockholm"' not in text
    if not extra:
        assert '# timezone = "Area/City"' in text and "run --incidents" in text


def fiji_region(folder: Path, station_lon: float) -> Path:
    """Roads across 180° at 16.8°S (179.99°E to 179.99°W), a cut-off two-node stub at 179.97°E west of them, and
    one station at ``station_lon``."""
    region = write_mmc_region(folder, crews=1, alarms_per_year=300, mean_minutes=30, lon=179.99, lat=-16.8)
    (region / "roads" / "nodes.csv").write_text("id,lon,lat\n1,179.99,-16.8\n2,-179.99,-16.8\n3,179.97,-16.8\n"
                                                "4,179.9705,-16.8\n", encoding="utf-8")
    (region / "roads" / "arcs.csv").write_text("from,to,length_m,highway,maxspeed,two_way\n"
                                               "1,2,2130,residential,50,1\n3,4,53,residential,50,0\n",
                                               encoding="utf-8")
    toml = region / "region.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("lon = 179.99", f"lon = {station_lon}"),
                    encoding="utf-8")
    return region


def test_a_station_beyond_an_extract_across_the_date_line_is_said_to_be(tmp_path) -> None:
    """Fiji's roads span 179.97°E–179.99°W; a station at 179.966°E, 400 m west of them, snapped to a cut-off stub and was
    told only 'not connected to the rest': its longitude lay between the nodes' minimum (−179.99) and maximum
    (179.99), the whole circle the other way round."""
    from raddsim.core.errors import InputError
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    with pytest.raises(InputError) as err:
        build_model(load_region(fiji_region(tmp_path / "fiji", 179.966)))
    assert "outside the road network's extent" in err.value.message and "larger extract" in err.value.fix
    assert "lon 179.9700–-179.9900, across 180°" in err.value.message


def test_network_info_gives_an_extent_across_the_date_line_west_to_east(tmp_path, capsys) -> None:
    """`network info` of Fiji's roads gave the extent from 179.99°W to 179.99°E, the far side of the Earth."""
    roads = fiji_region(tmp_path / "fiji", 179.99) / "roads"
    assert main(["network", "info", str(roads)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "extent:" in x)
    assert "16.800S 179.970E to 16.800S 179.990W" in line


@pytest.mark.parametrize("lon, span", [([10.0, 10.5, 9.8], (9.8, 10.5)), ([179.9, -179.9, 179.5], (179.5, -179.9)),
                                       ([-120.0, 0.0, 120.0], (-120.0, 120.0))])
def test_the_longitude_span_is_the_shortest_arc_holding_every_point(lon, span) -> None:
    from raddsim.network.connectivity import longitude_span, within_longitudes

    assert longitude_span(np.array(lon)) == span
    assert all(within_longitudes(x, *span) for x in lon)
